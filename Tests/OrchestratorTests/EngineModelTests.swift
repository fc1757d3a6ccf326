import DRS
import DynamoDB
import FoundationEssentials
import JSONCore
import Orchestrator
import Testing

extension EngineTests {
    /// The execution model: statuses, derived fields, storage shape, invariants of the step, metrics.
    @Suite("model, storage and metrics")
    struct Model {
        let engine = EngineFixture.engine
        let t0 = EngineFixture.t0

        struct StatusCase: Sendable {
            let status: ExecutionStatus
            let active: Bool
            let apiValue: String
        }

        static let statuses: [StatusCase] = [
            StatusCase(status: .pending, active: true, apiValue: "pending"),
            StatusCase(status: .running, active: true, apiValue: "running"),
            StatusCase(status: .pausePending, active: true, apiValue: "pause_pending"),
            StatusCase(status: .paused, active: true, apiValue: "paused"),
            StatusCase(status: .cancelling, active: true, apiValue: "cancelling"),
            StatusCase(status: .completed, active: false, apiValue: "completed"),
            StatusCase(status: .failed, active: false, apiValue: "failed"),
            StatusCase(status: .cancelled, active: false, apiValue: "cancelled"),
        ]

        @Test("execution statuses know whether they are active, terminal and cancellable", arguments: statuses)
        func statusProperties(_ testCase: StatusCase) {
            let status = testCase.status
            #expect(status.isActive == testCase.active)
            #expect(status.isTerminal == !testCase.active)
            #expect(status.isCancellable == testCase.active)
            #expect(status.apiValue == testCase.apiValue)
            #expect(ExecutionStatus(caseInsensitive: testCase.apiValue) == status)
            #expect(ExecutionStatus.activeStatuses.contains(status) == testCase.active)
        }

        @Test("execution types parse in any case and say whether they drill")
        func executionTypes() {
            #expect(ExecutionType(caseInsensitive: "drill") == .drill)
            #expect(ExecutionType(caseInsensitive: "Recovery") == .recovery)
            #expect(ExecutionType(caseInsensitive: "test") == nil)
            #expect(ExecutionType.drill.isDrill && !ExecutionType.recovery.isDrill)
        }

        @Test("currentWave is the wave running or the last one finished, 1-based")
        func currentWave() throws {
            var execution = EngineFixture.execution()
            #expect(execution.currentWave == 1)
            #expect(execution.totalWaves == 3)
            (execution, _) = EngineFixture.tick(execution, now: t0)
            #expect(execution.currentWave == 1)
            let done = EngineFixture.job("job-1", for: execution.waves[0], status: .completed, launchStatus: .launched)
            (execution, _) = EngineFixture.tick(execution, jobs: ["job-1": done], now: t0 + 1)
            #expect(execution.currentWave == 2)
            #expect(EngineFixture.execution(waves: 0).currentWave == 0)
        }

        static let terminal: [ExecutionStatus] = [.completed, .failed, .cancelled]

        @Test("terminal executions never change, whatever DRS reports", arguments: terminal)
        func terminalNeverChanges(status: ExecutionStatus) {
            var execution = EngineFixture.execution()
            (execution, _) = EngineFixture.tick(execution, now: t0)
            execution.status = status
            let done = EngineFixture.job("job-1", for: execution.waves[0], status: .completed, launchStatus: .launched)
            let stranger = EngineFixture.job("job-x", for: execution.waves[0], launchStatus: .failed, created: t0 + 1)
            for now in [t0, t0 + EngineFixture.lease * 2, t0 + EngineFixture.timeout * 2] {
                #expect(engine.step(execution, jobs: ["job-1": done], candidates: [stranger], now: now) == .unchanged)
            }
            #expect(engine.inFlightJobIDs(execution).isEmpty)
            #expect(engine.needsReconciliation(execution) == nil)
        }

        @Test("stepping the written state again with the same inputs starts nothing more")
        func idempotentStart() {
            let execution = EngineFixture.execution()
            let first = engine.step(execution, jobs: [:], candidates: [], now: t0)
            #expect(EngineFixture.start(first) != nil)
            // Concurrent ticks on the same stored state decide the same (only one write can win).
            #expect(engine.step(execution, jobs: [:], candidates: [], now: t0) == first)
            let written = EngineFixture.applied(first, to: execution)
            for _ in 0..<3 {
                #expect(engine.step(written, jobs: [:], candidates: [], now: t0) == .unchanged)
            }
        }

        @Test("an execution is stored under camelCase names with millisecond timestamps and read back")
        func itemRoundTrip() throws {
            var execution = EngineFixture.execution()
            execution.invocationSource = "CLI"
            execution.invocationDetails = ["user": "ops", "attempt": 2, "tags": ["a", "b"], "dryRun": false]
            execution.clientToken = "token-1"
            (execution, _) = EngineFixture.tick(execution, now: t0)

            let item = try DynamoDBItemEncoder().encode(execution)
            #expect(item["executionId"] == .string("exec-1"))
            #expect(item["planId"] == .string("plan-1"))
            #expect(item["status"] == .string("RUNNING"))
            #expect(item["executionType"] == .string("DRILL"))
            #expect(item["startTimeMs"] == .number(String(t0)))
            #expect(item["startTime"] == nil)
            #expect(item["version"] == .number(String(execution.version)))
            guard case .list(let waves) = item["waves"], case .map(let wave) = waves.first else {
                Issue.record("waves is not a list of maps")
                return
            }
            #expect(wave["jobId"] == .string("job-1"))
            #expect(wave["status"] == .string("LAUNCHING"))
            #expect(wave["protectionGroupId"] == .string("pg-1"))
            #expect(wave["serverIds"] == .list([.string("s-1a"), .string("s-1b")]))
            #expect(wave["startRequestedAtMs"] == .number(String(t0)))

            let decoded = try DynamoDBItemDecoder().decode(Execution.self, from: item)
            #expect(decoded == execution)
            let json = try JSONDecoder().decode(Execution.self, from: JSONEncoder().encode(execution))
            #expect(json == execution)
        }

        @Test("a finished execution yields one EMF line with its counter and wave durations")
        func metricsCompleted() throws {
            var execution = EngineFixture.execution(waves: 2, type: .recovery)
            execution.status = .completed
            execution.endTime = t0 + 600_500
            execution.waves[0].status = .completed
            execution.waves[0].startTime = t0
            execution.waves[0].endTime = t0 + 120_000
            execution.waves[1].status = .completed
            execution.waves[1].startTime = t0 + 120_000
            execution.waves[1].endTime = t0 + 600_500
            let line = try #require(ExecutionMetrics.embeddedMetricLine(for: execution))
            #expect(!line.contains("\n"))
            let document = try JSONValue(parsing: line)
            #expect(document["ExecutionsCompleted"] == .int(1))
            #expect(document["ExecutionType"] == .string("RECOVERY"))
            #expect(document["ExecutionDurationSeconds"] == .double(600.5))
            #expect(document["WaveDurationSeconds"] == .array([.int(120), .double(480.5)]))
            #expect(document["executionId"] == .string("exec-1"))
            let aws = try #require(document["_aws"])
            #expect(aws["Timestamp"] == .int(Int(t0 + 600_500)))
            let directive = try #require(aws["CloudWatchMetrics"]?.arrayValue?.first)
            #expect(directive["Namespace"] == .string("DRS-Orchestration"))
            #expect(directive["Dimensions"] == [["ExecutionType"]])
            #expect(
                directive["Metrics"]
                    == [
                        ["Name": "ExecutionsCompleted", "Unit": "Count"],
                        ["Name": "ExecutionDurationSeconds", "Unit": "Seconds"],
                        ["Name": "WaveDurationSeconds", "Unit": "Seconds"],
                    ])
        }

        @Test(
            "failed and cancelled executions count as such; active ones yield no line",
            arguments: [
                (ExecutionStatus.failed, "ExecutionsFailed" as String?), (.cancelled, "ExecutionsCancelled"),
                (.running, nil), (.paused, nil),
            ])
        func metricsOtherOutcomes(status: ExecutionStatus, counter: String?) throws {
            var execution = EngineFixture.execution()
            execution.status = status
            execution.endTime = status.isTerminal ? t0 + 5_000 : nil
            let line = ExecutionMetrics.embeddedMetricLine(for: execution)
            guard let counter else {
                #expect(line == nil)
                return
            }
            let document = try JSONValue(parsing: try #require(line))
            #expect(document[counter] == .int(1))
            #expect(document["WaveDurationSeconds"] == nil)
            #expect(document["_aws"]?["CloudWatchMetrics"]?.arrayValue?.first?["Metrics"]?.arrayValue?.count == 2)
        }
    }
}
