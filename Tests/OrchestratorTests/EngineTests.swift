import DRS
import Orchestrator
import Testing

/// The execution engine's tests, one nested suite per concern (`--filter EngineTests` runs them all).
@Suite("Execution engine")
enum EngineTests {}

extension EngineTests {
    /// Starting, following and finishing waves (spec §3).
    @Suite("waves")
    struct Waves {
        let engine = EngineFixture.engine
        let t0 = EngineFixture.t0

        @Test("a pending execution starts wave 1 with one StartRecovery", arguments: ExecutionType.allCases)
        func startsFirstWave(type: ExecutionType) throws {
            let execution = EngineFixture.execution(type: type)
            let decision = engine.step(execution, jobs: [:], now: t0 + 10)
            let next = try #require(decision.execution)
            #expect(next.status == .running)
            #expect(next.version == execution.version)
            let wave = next.waves[0]
            #expect(wave.status == .starting)
            #expect(wave.startRequestedAt == t0 + 10)
            #expect(wave.startTime == t0 + 10)
            #expect(wave.startAttempts == 1)
            #expect(wave.jobID == nil)
            #expect(next.waves[1...].allSatisfy { $0.status == .pending && $0.startTime == nil })
            #expect(
                decision.effect
                    == .startRecovery(
                        WaveStart(
                            executionID: "exec-1", waveIndex: 0, waveNumber: 1, region: "us-east-1",
                            serverIDs: ["s-1a", "s-1b"], isDrill: type == .drill, requestedAt: t0 + 10, attempt: 1)))
            #expect(next.currentWave == 1)
        }

        @Test("a pending execution whose first wave pauses before it becomes PAUSED before wave 1")
        func pausesBeforeFirstWave() throws {
            let decision = engine.step(EngineFixture.execution(pauseBefore: [1]), jobs: [:], now: t0)
            let next = try #require(decision.execution)
            #expect(decision.effect == nil)
            #expect(next.status == .paused)
            #expect(next.pausedBeforeWave == 1)
            #expect(next.waves.allSatisfy { $0.status == .pending })
        }

        @Test("an execution without waves fails")
        func noWaves() throws {
            let decision = engine.step(EngineFixture.execution(waves: 0), jobs: [:], now: t0)
            let next = try #require(decision.execution)
            #expect(decision.effect == nil)
            #expect(next.status == .failed)
            #expect(next.errorMessage == "Execution has no waves")
            #expect(next.endTime == t0)
        }

        @Test("a wave without servers fails the execution without calling DRS")
        func emptyWave() throws {
            var execution = EngineFixture.execution(waves: 2)
            execution.waves[0].serverIDs = []
            execution.waves[0].servers = []
            let decision = engine.step(execution, jobs: [:], now: t0)
            let next = try #require(decision.execution)
            #expect(decision.effect == nil)
            #expect(next.status == .failed)
            #expect(next.waves[0].status == .failed)
            #expect(next.waves[1].status == .pending)
            #expect(next.errorMessage == "Wave 1 (Database) has no servers to recover")
        }

        @Test("the job DRS returns makes the wave LAUNCHING")
        func recordsStartedJob() {
            let started = EngineFixture.applied(
                engine.step(EngineFixture.execution(), jobs: [:], now: t0), to: EngineFixture.execution())
            let job = EngineFixture.job("job-1", for: started.waves[0], status: .pending, launchStatus: .pending)
            let next = engine.recordStart(
                started, for: EngineFixture.currentStart(of: started, wave: 0), outcome: .started(job), now: t0 + 1)
            #expect(next.status == .running)
            #expect(next.waves[0].status == .launching)
            #expect(next.waves[0].jobID == "job-1")
            #expect(engine.inFlightJobIDs(next) == ["job-1"])
            #expect(engine.needsReconciliation(next) == nil)
        }

        @Test("each tick copies launch statuses and recovery instances into the servers' progress")
        func tracksProgress() throws {
            let (launching, _) = EngineFixture.tick(EngineFixture.execution(), now: t0)
            let job = EngineFixture.job("job-1", servers: [("s-1a", .launched), ("s-1b", .inProgress)])
            let decision = engine.step(launching, jobs: ["job-1": job], now: t0 + 30 * EngineFixture.second)
            let next = try #require(decision.execution)
            #expect(decision.effect == nil)
            #expect(next.status == .running)
            #expect(next.waves[0].status == .launching)
            #expect(
                next.waves[0].servers == [
                    ServerProgress(
                        sourceServerID: "s-1a", hostname: "host-1a", launchStatus: "LAUNCHED",
                        recoveryInstanceID: "i-s-1a"),
                    ServerProgress(sourceServerID: "s-1b", launchStatus: "IN_PROGRESS"),
                ])
            // The same report again changes nothing.
            #expect(engine.step(next, jobs: ["job-1": job], now: t0 + 60 * EngineFixture.second) == .unchanged)
        }

        @Test("a running job whose servers are all launched does not complete the wave yet")
        func waitsForJobCompletion() throws {
            let (launching, _) = EngineFixture.tick(EngineFixture.execution(), now: t0)
            let job = EngineFixture.job("job-1", for: launching.waves[0], status: .started, launchStatus: .launched)
            let next = try #require(engine.step(launching, jobs: ["job-1": job], now: t0 + 1).execution)
            #expect(next.waves[0].status == .launching)
            #expect(next.waves[0].servers.allSatisfy { $0.launchStatus == "LAUNCHED" })
        }

        @Test("a completed job with every server launched completes the wave and starts the next")
        func completesWaveAndStartsNext() throws {
            let (launching, _) = EngineFixture.tick(EngineFixture.execution(), now: t0)
            let job = EngineFixture.job("job-1", for: launching.waves[0], status: .completed, launchStatus: .launched)
            let now = t0 + 90 * EngineFixture.second
            let decision = engine.step(launching, jobs: ["job-1": job], now: now)
            let next = try #require(decision.execution)
            #expect(next.status == .running)
            #expect(next.waves[0].status == .completed)
            #expect(next.waves[0].endTime == now)
            #expect(next.waves[1].status == .starting)
            #expect(next.waves[1].startRequestedAt == now)
            let start = try #require(EngineFixture.start(decision))
            #expect(start.waveIndex == 1)
            #expect(start.region == "us-west-2")
            #expect(start.serverIDs == ["s-2a", "s-2b"])
            #expect(next.currentWave == 2)
        }

        @Test("a three-wave drill runs to COMPLETED, starting each wave exactly once")
        func threeWaveRun() throws {
            var execution = EngineFixture.execution()
            var now = t0
            var starts: [WaveStart] = []
            var ticks = 0
            while execution.status.isActive && ticks < 50 {
                ticks += 1
                now += 30 * EngineFixture.second
                // DRS: each started job launches its servers on the tick after it was created.
                var jobs: [String: Job] = [:]
                for wave in execution.waves {
                    if let id = wave.jobID {
                        jobs[id] = EngineFixture.job(id, for: wave, status: .completed, launchStatus: .launched)
                    }
                }
                let (next, made) = EngineFixture.tick(execution, jobs: jobs, now: now)
                starts += made
                execution = next
            }
            #expect(execution.status == .completed)
            #expect(execution.endTime == now)
            #expect(execution.errorMessage == nil)
            #expect(starts.map(\.waveNumber) == [1, 2, 3])
            #expect(execution.waves.map(\.status) == [.completed, .completed, .completed])
            #expect(execution.waves.map(\.jobID) == ["job-1", "job-2", "job-3"])
            #expect(execution.currentWave == 3)
            #expect(execution.waves.allSatisfy { wave in wave.servers.allSatisfy { $0.recoveryInstanceID != nil } })
            // Once COMPLETED, nothing changes any more.
            #expect(engine.step(execution, jobs: [:], now: now + 1) == .unchanged)
        }

        @Test("a job that DescribeJobs did not report changes nothing")
        func missingJobReport() {
            let (launching, _) = EngineFixture.tick(EngineFixture.execution(), now: t0)
            #expect(engine.step(launching, jobs: [:], now: t0 + 60 * EngineFixture.second) == .unchanged)
        }

        struct FailureCase: Sendable, CustomTestStringConvertible {
            let testDescription: String
            let status: Job.Status
            let servers: [(String, LaunchStatus?)]
            let message: String
            let serverErrors: [String?]
        }

        static let failures: [FailureCase] = [
            FailureCase(
                testDescription: "a FAILED server while the other is still launching",
                status: .started, servers: [("s-2a", .failed), ("s-2b", .inProgress)],
                message: "Wave 2 (App) failed: s-2a launch FAILED", serverErrors: ["launch FAILED", nil]),
            FailureCase(
                testDescription: "a TERMINATED server",
                status: .started, servers: [("s-2a", .launched), ("s-2b", .terminated)],
                message: "Wave 2 (App) failed: s-2b launch TERMINATED", serverErrors: [nil, "launch TERMINATED"]),
            FailureCase(
                testDescription: "a completed job with a server not launched",
                status: .completed, servers: [("s-2a", .launched), ("s-2b", .inProgress)],
                message: "Wave 2 (App) failed: DRS job job-2 completed with s-2b not launched (IN_PROGRESS)",
                serverErrors: [nil, "not launched (IN_PROGRESS)"]),
            FailureCase(
                testDescription: "a completed job without one of the servers",
                status: .completed, servers: [("s-2a", .launched)],
                message: "Wave 2 (App) failed: DRS job job-2 completed with s-2b not in the job",
                serverErrors: [nil, "not in the job"]),
            FailureCase(
                testDescription: "a completed job without participating servers",
                status: .completed, servers: [],
                message: "Wave 2 (App) failed: DRS job job-2 completed with s-2a not in the job, s-2b not in the job",
                serverErrors: ["not in the job", "not in the job"]),
        ]

        @Test("a failed wave fails the execution and leaves later waves unstarted", arguments: failures)
        func waveFailure(_ failure: FailureCase) throws {
            var execution = EngineFixture.execution()
            var now = t0
            (execution, _) = EngineFixture.tick(execution, now: now)
            now += 60 * EngineFixture.second
            let wave1 = EngineFixture.job("job-1", for: execution.waves[0], status: .completed, launchStatus: .launched)
            (execution, _) = EngineFixture.tick(execution, jobs: ["job-1": wave1], now: now)
            #expect(execution.waves[1].jobID == "job-2")

            now += 60 * EngineFixture.second
            let job = EngineFixture.job("job-2", status: failure.status, servers: failure.servers)
            let decision = engine.step(execution, jobs: ["job-2": job], now: now)
            let next = try #require(decision.execution)
            #expect(decision.effect == nil)
            #expect(next.status == .failed)
            #expect(next.endTime == now)
            #expect(next.errorMessage == failure.message)
            #expect(next.waves.map(\.status) == [.completed, .failed, .pending])
            #expect(next.waves[1].endTime == now)
            #expect(next.waves[1].servers.map(\.error) == failure.serverErrors)
            #expect(next.waves[2].startTime == nil)
            #expect(next.currentWave == 2)
            #expect(engine.inFlightJobIDs(next).isEmpty)
            #expect(engine.step(next, jobs: ["job-2": job], now: now + 1) == .unchanged)
        }

        @Test("a wave still running after the timeout fails the execution")
        func waveTimeout() throws {
            let (launching, _) = EngineFixture.tick(EngineFixture.execution(), now: t0)
            let job = EngineFixture.job("job-1", servers: [("s-1a", .launched), ("s-1b", .inProgress)])
            let atLimit = engine.step(launching, jobs: ["job-1": job], now: t0 + EngineFixture.timeout)
            #expect(atLimit.execution?.status == .running)

            let late = t0 + EngineFixture.timeout + 1
            let next = try #require(engine.step(launching, jobs: ["job-1": job], now: late).execution)
            #expect(next.status == .failed)
            #expect(next.endTime == late)
            #expect(next.waves.map(\.status) == [.failed, .pending, .pending])
            #expect(next.errorMessage == "Wave 1 (Database) timed out after 1800 s (DRS job job-1: s-1b IN_PROGRESS)")
        }

        @Test("the timeout also ends a wave whose job DescribeJobs does not report")
        func timeoutWithoutReport() throws {
            let (launching, _) = EngineFixture.tick(EngineFixture.execution(), now: t0)
            let next = try #require(engine.step(launching, jobs: [:], now: t0 + EngineFixture.timeout + 1).execution)
            #expect(next.status == .failed)
            #expect(
                next.errorMessage
                    == "Wave 1 (Database) timed out after 1800 s (DRS job job-1: s-1a PENDING, s-1b PENDING)")
        }

        @Test("a shorter configured timeout is honoured and named in the message")
        func configuredTimeout() throws {
            let engine = ExecutionEngine(configuration: .init(waveTimeout: 1_500))
            let started = EngineFixture.applied(
                engine.step(EngineFixture.execution(), jobs: [:], now: t0), to: EngineFixture.execution())
            let next = try #require(engine.step(started, jobs: [:], candidates: [], now: t0 + 1_501).execution)
            #expect(next.status == .failed)
            #expect(next.errorMessage == "Wave 1 (Database) timed out after 1500 ms (no DRS job was recorded)")
        }

        @Test("DRS refusing the start fails the wave and the execution")
        func refusedStart() {
            let execution = EngineFixture.execution()
            let started = EngineFixture.applied(engine.step(execution, jobs: [:], now: t0), to: execution)
            let next = engine.recordStart(
                started, for: EngineFixture.currentStart(of: started, wave: 0),
                outcome: .refused(reason: "ConflictException: server in another job"),
                now: t0 + 2)
            #expect(next.status == .failed)
            #expect(next.endTime == t0 + 2)
            #expect(next.waves.map(\.status) == [.failed, .pending, .pending])
            #expect(
                next.errorMessage == "Wave 1 (Database) could not be started: ConflictException: server in another job")
        }

        @Test("an inconclusive start keeps the wave STARTING and remembers why")
        func inconclusiveStart() {
            let execution = EngineFixture.execution()
            let started = EngineFixture.applied(engine.step(execution, jobs: [:], now: t0), to: execution)
            let next = engine.recordStart(
                started, for: EngineFixture.currentStart(of: started, wave: 0),
                outcome: .inconclusive(reason: "timed out"), now: t0 + 2)
            #expect(next.status == .running)
            #expect(next.waves[0].status == .starting)
            #expect(next.waves[0].startError == "timed out")
            #expect(engine.needsReconciliation(next) == ReconciliationQuery(region: "us-east-1", since: t0 - 5_000))
        }
    }
}
