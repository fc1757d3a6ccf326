import Foundation
import JSONCore
import Orchestrator
import Testing
import Yams

@testable import DRSLocal

/// The template's alarms watch the metrics as the engine publishes them: a CloudWatch alarm names
/// its namespace and every dimension exactly, so a renamed dimension would silence it.
@Suite("Template alarms and the engine's metrics")
struct TemplateAlarmsTests {
    static let templatePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("template.yaml").path

    static func alarms(metric: String) throws -> [JSONValue] {
        let text = try String(contentsOfFile: templatePath, encoding: .utf8)
        let document = try TemplateNodeConverter.convert(try #require(try Yams.compose(yaml: text)))
        return (document["Resources"]?.objectValue ?? [:]).values.compactMap { resource in
            guard resource["Type"] == "AWS::CloudWatch::Alarm", resource["Properties"]?["MetricName"] == .string(metric)
            else { return nil }
            return resource["Properties"]
        }
    }

    @Test("one ExecutionsFailed alarm per execution type, in the EMF line's namespace and dimension")
    func failedExecutions() throws {
        let alarms = try Self.alarms(metric: "ExecutionsFailed")
        #expect(alarms.count == ExecutionType.allCases.count)
        var types: Set<String> = []
        for alarm in alarms {
            #expect(alarm["Namespace"] == .string(ExecutionMetrics.namespace))
            let dimensions = try #require(alarm["Dimensions"]?.arrayValue)
            #expect(dimensions.map { $0["Name"] } == [.string(ExecutionMetrics.dimension)])
            if let value = dimensions.first?["Value"]?.stringValue { types.insert(value) }
        }
        #expect(types == Set(ExecutionType.allCases.map(\.rawValue)))
    }
}
