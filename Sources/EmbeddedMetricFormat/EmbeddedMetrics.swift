import JSONCore

/// One CloudWatch Embedded Metric Format document
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
/// written by hand as one compact JSON line: printed to stdout, CloudWatch Logs extracts the
/// metrics and keeps the line searchable with Logs Insights.
///
/// The one EMF writer of the project: the execution metrics and the per-request metrics both
/// build their lines here. It runs on every API request, so it writes straight into one buffer —
/// no encoder pass, no member table — and directives are rendered once (`Directive`).
package struct EmbeddedMetrics: Sendable {
    /// A root member's value: metric values, dimension values and plain log fields.
    package enum Value: Sendable, Equatable {
        case string(String)
        case int(Int)
        case double(Double)
        /// Several values of one metric in one document (EMF allows up to 100).
        case values([Value])
        case null
    }

    /// One metric a directive declares.
    package struct Metric: Sendable, Equatable {
        package var name: String
        /// A CloudWatch unit: `Count`, `Milliseconds`, `Seconds`…
        package var unit: String

        package init(_ name: String, unit: String) {
            self.name = name
            self.unit = unit
        }
    }

    /// Which metrics CloudWatch extracts from a document, aggregated by which sets of dimensions:
    /// one element of `_aws.CloudWatchMetrics`, rendered to JSON when created (keep constant ones
    /// in `static let`s). A metric may appear in several directives, each aggregating it by other
    /// dimensions.
    package struct Directive: Sendable, Equatable {
        fileprivate let json: [UInt8]

        /// - Parameters:
        ///   - metrics: their values are root members of the document.
        ///   - dimensions: sets of member names whose values are the dimensions' values.
        package init(_ metrics: [Metric], dimensions: [[String]], namespace: String = EmbeddedMetrics.namespace) {
            var out = Array(#"{"Namespace":"#.utf8)
            JSONEscaping.appendQuoted(namespace, to: &out)
            out.append(contentsOf: #","Dimensions":["#.utf8)
            for (setIndex, set) in dimensions.enumerated() {
                if setIndex > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                for (nameIndex, name) in set.enumerated() {
                    if nameIndex > 0 { out.append(UInt8(ascii: ",")) }
                    JSONEscaping.appendQuoted(name, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(contentsOf: #"],"Metrics":["#.utf8)
            for (index, metric) in metrics.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"Name":"#.utf8)
                JSONEscaping.appendQuoted(metric.name, to: &out)
                out.append(contentsOf: #","Unit":"#.utf8)
                JSONEscaping.appendQuoted(metric.unit, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: "]}".utf8)
            json = out
        }
    }

    /// The project's namespace for every metric.
    package static let namespace = "DRS-Orchestration"

    /// `{` and the members so far, each followed by a comma.
    private var members: [UInt8]
    /// The directives so far, comma-separated.
    private var directives: [UInt8] = []
    private let timestampMilliseconds: Int64

    /// - Parameter timestampMilliseconds: the metrics' time (`_aws.Timestamp`), milliseconds since
    ///   the epoch.
    package init(timestampMilliseconds: Int64) {
        self.timestampMilliseconds = timestampMilliseconds
        members = [UInt8(ascii: "{")]
        members.reserveCapacity(512)
    }

    /// Appends root member `key`: a metric's value, a dimension's value or a plain log field.
    /// Members are written in the order appended; append each key once (a second one would be a
    /// duplicate JSON member).
    package mutating func append(_ key: String, _ value: Value) {
        JSONEscaping.appendQuoted(key, to: &members)
        members.append(UInt8(ascii: ":"))
        Self.append(value, to: &members)
        members.append(UInt8(ascii: ","))
    }

    /// Declares `directive` for this document.
    package mutating func declare(_ directive: Directive) {
        if !directives.isEmpty { directives.append(UInt8(ascii: ",")) }
        directives.append(contentsOf: directive.json)
    }

    /// The document as one line of JSON text, with a trailing newline when `newline`.
    package func bytes(newline: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(members.count + directives.count + 64)
        out.append(contentsOf: members)
        out.append(contentsOf: #""_aws":{"Timestamp":"#.utf8)
        out.append(contentsOf: String(timestampMilliseconds).utf8)
        out.append(contentsOf: #","CloudWatchMetrics":["#.utf8)
        out.append(contentsOf: directives)
        out.append(contentsOf: "]}}".utf8)
        if newline { out.append(UInt8(ascii: "\n")) }
        return out
    }

    /// The document as one line of JSON text, without the newline.
    package var text: String { String(decoding: bytes(), as: UTF8.self) }

    private static func append(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .string(let text): JSONEscaping.appendQuoted(text, to: &out)
        case .int(let number): out.append(contentsOf: String(number).utf8)
        // JSON has no NaN or infinity; a metric value that is not finite is not a measurement.
        case .double(let number) where !number.isFinite: out.append(contentsOf: "null".utf8)
        case .double(let number): out.append(contentsOf: String(number).utf8)
        case .values(let values):
            out.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .null: out.append(contentsOf: "null".utf8)
        }
    }
}
