/// One CloudWatch Embedded Metric Format document
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
/// written by hand as one compact JSON line: printed to stdout, CloudWatch Logs extracts the
/// metrics and keeps the line searchable with Logs Insights.
///
/// The one EMF writer of the project: the execution metrics and the per-request metrics both
/// build their lines here. No encoder pass: a request's line costs a few appends, not a
/// `JSONEncoder` per invocation.
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

    /// One metric the document declares.
    package struct Metric: Sendable, Equatable {
        package var name: String
        /// A CloudWatch unit: `Count`, `Milliseconds`, `Seconds`…
        package var unit: String

        package init(_ name: String, unit: String) {
            self.name = name
            self.unit = unit
        }
    }

    /// The project's namespace for every metric.
    package static let namespace = "DRS-Orchestration"

    private let namespace: String
    private let timestampMilliseconds: Int64
    private var members: [(key: String, value: Value)] = []
    private var directives: [(dimensions: [[String]], metrics: [Metric])] = []

    /// - Parameter timestampMilliseconds: the metrics' time (`_aws.Timestamp`), milliseconds since
    ///   the epoch.
    package init(timestampMilliseconds: Int64, namespace: String = EmbeddedMetrics.namespace) {
        self.namespace = namespace
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// Sets root member `key`: a metric's value, a dimension's value or a plain log field. Members
    /// are written in the order first set.
    package mutating func set(_ key: String, _ value: Value) {
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append((key, value))
        }
    }

    /// Declares `metrics` (whose values are root members) under each of the `dimensions` sets
    /// (whose values are root members too). A metric may appear in several directives: each
    /// aggregates it by other dimensions.
    package mutating func declare(_ metrics: [Metric], dimensions: [[String]]) {
        directives.append((dimensions, metrics))
    }

    /// The document as one line of JSON text, without the newline.
    package var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + members.count * 24)
        out.append(UInt8(ascii: "{"))
        for (key, value) in members {
            JSONText.appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            Self.append(value, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: #""_aws":{"Timestamp":"#.utf8)
        out.append(contentsOf: String(timestampMilliseconds).utf8)
        out.append(contentsOf: #","CloudWatchMetrics":["#.utf8)
        for (index, directive) in directives.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"Namespace":"#.utf8)
            JSONText.appendString(namespace, to: &out)
            out.append(contentsOf: #","Dimensions":["#.utf8)
            for (setIndex, set) in directive.dimensions.enumerated() {
                if setIndex > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                for (nameIndex, name) in set.enumerated() {
                    if nameIndex > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.appendString(name, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(contentsOf: #"],"Metrics":["#.utf8)
            for (metricIndex, metric) in directive.metrics.enumerated() {
                if metricIndex > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"Name":"#.utf8)
                JSONText.appendString(metric.name, to: &out)
                out.append(contentsOf: #","Unit":"#.utf8)
                JSONText.appendString(metric.unit, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: "]}".utf8)
        }
        out.append(contentsOf: "]}}".utf8)
        return out
    }

    /// The document as one line of JSON text, without the newline.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    private static func append(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .string(let text): JSONText.appendString(text, to: &out)
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
