import JSONCore

/// The CloudWatch metrics of a finished execution, as one Embedded Metric Format log line
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
/// printed to stdout, CloudWatch Logs extracts the metrics from it.
package enum ExecutionMetrics {
    /// The metrics' namespace.
    package static let namespace = "DRS-Orchestration"
    /// The one dimension: `DRILL` or `RECOVERY`.
    package static let dimension = "ExecutionType"

    /// The EMF document for a terminal `execution`, compact JSON with sorted keys; nil while it is
    /// active.
    ///
    /// Metrics, dimension `ExecutionType`: one of `ExecutionsCompleted` / `ExecutionsFailed` /
    /// `ExecutionsCancelled` = 1 (Count); `ExecutionDurationSeconds` (start to end); and
    /// `WaveDurationSeconds`, one value per completed wave (an EMF value array, at most 100
    /// values), left out when no wave completed. `executionId`, `planId` and `status` ride along
    /// as plain log fields. `_aws.Timestamp` is the execution's end (milliseconds since the epoch).
    package static func embeddedMetricLine(for execution: Execution) -> String? {
        let counter: String
        switch execution.status {
        case .completed: counter = "ExecutionsCompleted"
        case .failed: counter = "ExecutionsFailed"
        case .cancelled: counter = "ExecutionsCancelled"
        case .pending, .running, .pausePending, .paused, .cancelling: return nil
        }
        let end = execution.endTime ?? execution.startTime
        var definitions: [JSONValue] = [
            metric(counter, unit: "Count"), metric("ExecutionDurationSeconds", unit: "Seconds"),
        ]
        var document: [String: JSONValue] = [
            dimension: .string(execution.executionType.rawValue),
            counter: .int(1),
            "ExecutionDurationSeconds": seconds(end - execution.startTime),
            "executionId": .string(execution.executionID),
            "planId": .string(execution.planID),
            "status": .string(execution.status.rawValue),
        ]
        let waveDurations: [JSONValue] = execution.waves.compactMap { wave in
            guard wave.status == .completed, let start = wave.startTime, let end = wave.endTime else { return nil }
            return seconds(end - start)
        }
        if !waveDurations.isEmpty {
            definitions.append(metric("WaveDurationSeconds", unit: "Seconds"))
            document["WaveDurationSeconds"] = .array(Array(waveDurations.prefix(100)))
        }
        document["_aws"] = [
            "Timestamp": .int(Int(end)),
            "CloudWatchMetrics": [
                [
                    "Namespace": .string(namespace),
                    "Dimensions": [[.string(dimension)]],
                    "Metrics": .array(definitions),
                ]
            ],
        ]
        return JSONValue.object(document).jsonText
    }

    /// The EMF document of a start: `ExecutionsStarted` = 1 (Count), dimension `ExecutionType`,
    /// timestamped with the execution's start.
    package static func startedLine(for execution: Execution) -> String {
        let document: JSONValue = [
            .init(stringLiteral: dimension): .string(execution.executionType.rawValue),
            "ExecutionsStarted": 1,
            "executionId": .string(execution.executionID),
            "planId": .string(execution.planID),
            "_aws": [
                "Timestamp": .int(Int(execution.startTime)),
                "CloudWatchMetrics": [
                    [
                        "Namespace": .string(namespace), "Dimensions": [[.string(dimension)]],
                        "Metrics": [metric("ExecutionsStarted", unit: "Count")],
                    ]
                ],
            ],
        ]
        return document.jsonText
    }

    private static func metric(_ name: String, unit: String) -> JSONValue {
        ["Name": .string(name), "Unit": .string(unit)]
    }

    /// Milliseconds as seconds: whole seconds as integers, the rest with their fraction. Negative
    /// spans (clocks of different ticks disagreeing) count as 0.
    private static func seconds(_ span: Int64) -> JSONValue {
        let milliseconds = max(span, 0)
        return milliseconds % 1000 == 0 ? .int(Int(milliseconds / 1000)) : .double(Double(milliseconds) / 1000)
    }
}
