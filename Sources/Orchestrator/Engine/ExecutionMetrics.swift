import EmbeddedMetricFormat

/// The CloudWatch metrics of a finished execution, as one Embedded Metric Format log line
/// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
/// printed to stdout, CloudWatch Logs extracts the metrics from it.
package enum ExecutionMetrics {
    /// The metrics' namespace.
    package static let namespace = EmbeddedMetrics.namespace
    /// The one dimension: `DRILL` or `RECOVERY`.
    package static let dimension = "ExecutionType"

    /// The EMF document for a terminal `execution`, one line of compact JSON; nil while it is
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
        var line = EmbeddedMetrics(timestampMilliseconds: end)
        var definitions = [
            EmbeddedMetrics.Metric(counter, unit: "Count"), .init("ExecutionDurationSeconds", unit: "Seconds"),
        ]
        line.append(dimension, .string(execution.executionType.rawValue))
        line.append(counter, .int(1))
        line.append("ExecutionDurationSeconds", seconds(end - execution.startTime))
        line.append("executionId", .string(execution.executionID))
        line.append("planId", .string(execution.planID))
        line.append("status", .string(execution.status.rawValue))
        let waveDurations: [EmbeddedMetrics.Value] = execution.waves.compactMap { wave in
            guard wave.status == .completed, let start = wave.startTime, let end = wave.endTime else { return nil }
            return seconds(end - start)
        }
        if !waveDurations.isEmpty {
            definitions.append(.init("WaveDurationSeconds", unit: "Seconds"))
            line.append("WaveDurationSeconds", .values(Array(waveDurations.prefix(100))))
        }
        line.declare(.init(definitions, dimensions: [[dimension]], namespace: namespace))
        return line.text
    }

    /// The EMF document of a start: `ExecutionsStarted` = 1 (Count), dimension `ExecutionType`,
    /// timestamped with the execution's start.
    package static func startedLine(for execution: Execution) -> String {
        var line = EmbeddedMetrics(timestampMilliseconds: execution.startTime)
        line.append(dimension, .string(execution.executionType.rawValue))
        line.append("ExecutionsStarted", .int(1))
        line.append("executionId", .string(execution.executionID))
        line.append("planId", .string(execution.planID))
        line.declare(
            .init([.init("ExecutionsStarted", unit: "Count")], dimensions: [[dimension]], namespace: namespace))
        return line.text
    }

    /// Milliseconds as seconds: whole seconds as integers, the rest with their fraction. Negative
    /// spans (clocks of different ticks disagreeing) count as 0.
    private static func seconds(_ span: Int64) -> EmbeddedMetrics.Value {
        let milliseconds = max(span, 0)
        return milliseconds % 1000 == 0 ? .int(Int(milliseconds / 1000)) : .double(Double(milliseconds) / 1000)
    }
}
