import EmbeddedMetricFormat
import Foundation
import LambdaRuntime
import Testing

@Suite("Embedded Metric Format lines")
struct EmbeddedMetricsTests {
    func parse(_ line: EmbeddedMetrics) throws -> [String: Any] {
        let text = line.text
        #expect(!text.contains("\n"))
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("declares the metrics under the namespace, dimensions and timestamp CloudWatch reads")
    func document() throws {
        var line = EmbeddedMetrics(timestampMilliseconds: 1_700_000_000_123)
        line.append("Route", .string("GET /health"))
        line.append("Requests", .int(1))
        line.append("Latency", .double(0.25))
        line.declare(
            .init([.init("Requests", unit: "Count"), .init("Latency", unit: "Milliseconds")], dimensions: [["Route"]]))
        let document = try parse(line)
        #expect(document["Route"] as? String == "GET /health")
        #expect(document["Requests"] as? Int == 1)
        #expect(document["Latency"] as? Double == 0.25)
        let aws = try #require(document["_aws"] as? [String: Any])
        #expect(aws["Timestamp"] as? Int == 1_700_000_000_123)
        let directives = try #require(aws["CloudWatchMetrics"] as? [[String: Any]])
        #expect(directives.count == 1)
        #expect(directives[0]["Namespace"] as? String == "DRS-Orchestration")
        #expect(directives[0]["Dimensions"] as? [[String]] == [["Route"]])
        let metrics = try #require(directives[0]["Metrics"] as? [[String: String]])
        #expect(metrics == [["Name": "Requests", "Unit": "Count"], ["Name": "Latency", "Unit": "Milliseconds"]])
    }

    @Test("writes several directives, so one metric aggregates under different dimensions")
    func directives() throws {
        var line = EmbeddedMetrics(timestampMilliseconds: 0)
        line.append("Errors", .int(1))
        line.declare(.init([.init("Errors", unit: "Count")], dimensions: [["Route"]], namespace: "Other"))
        line.declare(
            .init(
                [.init("Errors", unit: "Count")], dimensions: [["ErrorCode"], ["Route", "ErrorCode"]],
                namespace: "Other"))
        let aws = try #require(try parse(line)["_aws"] as? [String: Any])
        let directives = try #require(aws["CloudWatchMetrics"] as? [[String: Any]])
        #expect(
            directives.map { $0["Dimensions"] as? [[String]] } == [
                [["Route"]], [["ErrorCode"], ["Route", "ErrorCode"]],
            ])
        #expect(directives.allSatisfy { $0["Namespace"] as? String == "Other" })
    }

    @Test("writes members in order, escaping strings; nulls, value arrays, non-finite numbers as null")
    func values() throws {
        var line = EmbeddedMetrics(timestampMilliseconds: 5)
        line.append("message", .string("a \"quoted\"\nline\u{1}"))
        line.append("caller", .null)
        line.append("Waves", .values([.int(120), .double(480.5)]))
        line.append("Broken", .double(.nan))
        let document = try parse(line)
        #expect(document["message"] as? String == "a \"quoted\"\nline\u{1}")
        #expect(document["caller"] is NSNull)
        #expect(document["Waves"] as? [Double] == [120, 480.5])
        #expect(document["Broken"] is NSNull)
        #expect(line.text.hasPrefix(#"{"message":"a \"quoted\"\nline\u0001","caller":null,"Waves":[120,480.5],"#))
    }

    @Test("ends the line with a newline only when asked")
    func newline() {
        let line = EmbeddedMetrics(timestampMilliseconds: 5)
        #expect(line.bytes(newline: true) == line.bytes() + [UInt8(ascii: "\n")])
        #expect(line.text == #"{"_aws":{"Timestamp":5,"CloudWatchMetrics":[]}}"#)
    }
}
