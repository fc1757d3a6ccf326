import DRS
import Orchestrator
import Testing

extension EngineTests {
    /// At most one `StartRecovery` per wave: recorded intents, leases and adoption of jobs whose
    /// start was not recorded (DESIGN.md "Execution engine").
    @Suite("reconciliation")
    struct Reconciliation {
        let engine = EngineFixture.engine
        let t0 = EngineFixture.t0
        let lease = EngineFixture.lease

        /// The state written with the intent to start wave 1 at `t0`, before any DRS call.
        func starting() -> Execution {
            let execution = EngineFixture.execution()
            return EngineFixture.applied(engine.step(execution, jobs: [:], now: t0), to: execution)
        }

        @Test("a recorded start without a job waits while the lease runs", arguments: [1_000, 30_000, 60_000])
        func waitsWithinLease(elapsed: Int64) {
            #expect(engine.step(starting(), jobs: [:], candidates: [], now: t0 + elapsed) == .unchanged)
        }

        @Test("a recorded start without a job is requested once more after the lease (crash before the DRS call)")
        func reissuesAfterLease() throws {
            let execution = starting()
            let late = t0 + lease + 1
            let decision = engine.step(execution, jobs: [:], candidates: [], now: late)
            let renewed = try #require(decision.execution)
            let start = try #require(EngineFixture.start(decision))
            #expect(start.attempt == 2)
            #expect(start.requestedAt == late)
            #expect(start.waveIndex == 0)
            #expect(renewed.waves[0].status == .starting)
            #expect(renewed.waves[0].startRequestedAt == late)
            #expect(renewed.waves[0].startTime == t0)
            #expect(renewed.waves[0].startAttempts == 2)

            // Once written, the same inputs request nothing more.
            let written = EngineFixture.applied(decision, to: execution)
            #expect(engine.step(written, jobs: [:], candidates: [], now: late) == .unchanged)
            #expect(engine.step(written, jobs: [:], candidates: [], now: late + lease) == .unchanged)
        }

        @Test("without the reconciliation look-up a start is never requested again")
        func neverReissuesBlind() {
            #expect(engine.step(starting(), jobs: [:], candidates: nil, now: t0 + EngineFixture.timeout) == .unchanged)
        }

        @Test("a job created after the intent for exactly the wave's servers is adopted (crash after the DRS call)")
        func adoptsCandidate() throws {
            let execution = starting()
            let job = EngineFixture.job(
                "job-orphan", servers: [("s-1b", .inProgress), ("s-1a", .pending)], created: t0 + 1_500)
            for now in [t0 + 2_000, t0 + lease + 1] {
                let decision = engine.step(execution, jobs: [:], candidates: [job], now: now)
                let adopted = try #require(decision.execution)
                #expect(decision.effect == nil)
                #expect(adopted.status == .running)
                #expect(adopted.waves[0].status == .launching)
                #expect(adopted.waves[0].jobID == "job-orphan")
                #expect(adopted.waves[0].servers.map(\.launchStatus) == ["PENDING", "IN_PROGRESS"])
                #expect(engine.inFlightJobIDs(adopted) == ["job-orphan"])
            }
        }

        @Test("an adopted job that already completed completes the wave and starts the next")
        func adoptsCompletedCandidate() throws {
            let execution = starting()
            let job = EngineFixture.job(
                "job-orphan", for: execution.waves[0], status: .completed, launchStatus: .launched, created: t0 + 100)
            let decision = engine.step(execution, jobs: [:], candidates: [job], now: t0 + lease * 3)
            let next = try #require(decision.execution)
            #expect(next.waves[0].status == .completed)
            #expect(next.waves[0].jobID == "job-orphan")
            #expect(EngineFixture.start(decision)?.waveNumber == 2)
        }

        @Test("a job created up to the clock skew before the intent is still adopted")
        func adoptsWithinSkew() {
            let job = EngineFixture.job(
                "job-early", for: starting().waves[0], launchStatus: .pending, created: t0 - 5_000)
            let decision = engine.step(starting(), jobs: [:], candidates: [job], now: t0 + 1_000)
            #expect(decision.execution?.waves[0].jobID == "job-early")
        }

        struct Stranger: Sendable, CustomTestStringConvertible {
            let testDescription: String
            let job: Job
        }

        static let strangers: [Stranger] = [
            Stranger(
                testDescription: "fewer servers",
                job: EngineFixture.job("j", servers: [("s-1a", .pending)], created: EngineFixture.t0 + 1)),
            Stranger(
                testDescription: "more servers",
                job: EngineFixture.job(
                    "j", servers: [("s-1a", .pending), ("s-1b", .pending), ("s-9", .pending)],
                    created: EngineFixture.t0 + 1)),
            Stranger(
                testDescription: "other servers",
                job: EngineFixture.job(
                    "j", servers: [("s-1a", .pending), ("s-2a", .pending)], created: EngineFixture.t0 + 1)),
            Stranger(
                testDescription: "created before the intent",
                job: EngineFixture.job(
                    "j", servers: [("s-1a", .pending), ("s-1b", .pending)], created: EngineFixture.t0 - 5_001)),
            Stranger(
                testDescription: "a TERMINATE job",
                job: EngineFixture.job(
                    "j", servers: [("s-1a", .pending), ("s-1b", .pending)], created: EngineFixture.t0 + 1,
                    type: .terminate,
                    initiatedBy: .terminateRecoveryInstances)),
            Stranger(
                testDescription: "a recovery for a drill",
                job: EngineFixture.job(
                    "j", servers: [("s-1a", .pending), ("s-1b", .pending)], created: EngineFixture.t0 + 1,
                    initiatedBy: .startRecovery)),
            Stranger(
                testDescription: "no creation time",
                job: Job(
                    jobID: "j", type: .launch, status: .started,
                    participatingServers: [.init(sourceServerID: "s-1a"), .init(sourceServerID: "s-1b")])),
        ]

        @Test("a job that is not the wave's is not adopted, and the start is requested again", arguments: strangers)
        func ignoresStrangers(_ stranger: Stranger) throws {
            let execution = starting()
            #expect(engine.step(execution, jobs: [:], candidates: [stranger.job], now: t0 + 1_000) == .unchanged)
            let decision = engine.step(execution, jobs: [:], candidates: [stranger.job], now: t0 + lease + 1)
            #expect(decision.execution?.waves[0].jobID == nil)
            #expect(EngineFixture.start(decision)?.attempt == 2)
        }

        @Test("a job another wave of the execution already has is not adopted")
        func ignoresJobOfEarlierWave() throws {
            var execution = EngineFixture.execution(waves: 2)
            execution.waves[1].serverIDs = execution.waves[0].serverIDs
            execution.waves[1].region = execution.waves[0].region
            var now = t0
            (execution, _) = EngineFixture.tick(execution, now: now)
            now += 3_000
            let first = EngineFixture.job("job-1", for: execution.waves[0], status: .completed, launchStatus: .launched)
            let decision = engine.step(execution, jobs: ["job-1": first], now: now)
            let next = EngineFixture.applied(decision, to: execution)
            #expect(next.waves[1].status == .starting)
            // job-1 was created within the skew of wave 2's intent, for the same servers.
            let adopted = engine.step(next, jobs: [:], candidates: [first], now: now + 1_000)
            #expect(adopted == .unchanged)
        }

        @Test("of several jobs for the wave, the earliest is adopted")
        func adoptsEarliest() {
            let wave = starting().waves[0]
            let candidates = [
                EngineFixture.job("job-b", for: wave, launchStatus: .pending, created: t0 + 3_000),
                EngineFixture.job("job-a", for: wave, launchStatus: .pending, created: t0 + 2_000),
                EngineFixture.job("job-c", for: wave, launchStatus: .pending, created: t0 + 2_000),
            ]
            let decision = engine.step(starting(), jobs: [:], candidates: candidates, now: t0 + 4_000)
            #expect(decision.execution?.waves[0].jobID == "job-a")
        }

        @Test("a wave that never gets a job fails after the last allowed request")
        func givesUpAfterMaxAttempts() throws {
            var execution = starting()
            execution = engine.recordStart(
                execution, for: EngineFixture.currentStart(of: execution, wave: 0),
                outcome: .inconclusive(reason: "Throttled"), now: t0)
            var now = t0
            var starts = 1
            for _ in 0..<10 where execution.status.isActive {
                now += lease + 1
                let decision = engine.step(execution, jobs: [:], candidates: [], now: now)
                if EngineFixture.start(decision) != nil { starts += 1 }
                execution = EngineFixture.applied(decision, to: execution)
            }
            #expect(starts == 3)
            #expect(execution.status == .failed)
            #expect(execution.waves.map(\.status) == [.failed, .pending, .pending])
            #expect(
                execution.errorMessage
                    == "Wave 1 (Database) could not be started: no DRS job after 3 requests (last error: Throttled)")
        }

        @Test("the reconciliation look-up covers the wave's region from its first request less the skew")
        func reconciliationQuery() throws {
            let execution = starting()
            #expect(
                engine.needsReconciliation(execution) == ReconciliationQuery(region: "us-east-1", since: t0 - 5_000))
            let renewed = EngineFixture.applied(
                engine.step(execution, jobs: [:], candidates: [], now: t0 + lease + 1), to: execution)
            #expect(engine.needsReconciliation(renewed) == ReconciliationQuery(region: "us-east-1", since: t0 - 5_000))
            #expect(engine.inFlightJobIDs(execution).isEmpty)
        }

        @Test("no look-up is needed without a start awaiting its job")
        func noReconciliationNeeded() throws {
            #expect(engine.needsReconciliation(EngineFixture.execution()) == nil)
            let (launching, _) = EngineFixture.tick(EngineFixture.execution(), now: t0)
            #expect(engine.needsReconciliation(launching) == nil)
            var failed = starting()
            failed.status = .failed
            #expect(engine.needsReconciliation(failed) == nil)
            var finished = launching
            finished.status = .completed
            #expect(engine.inFlightJobIDs(finished).isEmpty)
        }

        @Test("the executor may call DRS only during the first half of the lease")
        func mayStillStart() throws {
            let decision = engine.step(EngineFixture.execution(), jobs: [:], now: t0)
            let start = try #require(EngineFixture.start(decision))
            let wave = try #require(decision.execution?.waves[0])
            #expect(engine.mayStill(start: wave, now: t0 + lease / 2))
            #expect(!engine.mayStill(start: wave, now: t0 + lease / 2 + 1))
            #expect(engine.mayStill(start: start, now: t0 + lease / 2))
            #expect(!engine.mayStill(start: start, now: t0 + lease / 2 + 1))
            #expect(engine.startDeadline(for: start) == t0 + lease * 3 / 4)

            var launching = wave
            launching.jobID = "job-1"
            launching.status = .launching
            #expect(!engine.mayStill(start: launching, now: t0))
            #expect(!engine.mayStill(start: EngineFixture.wave(1), now: t0))
        }

        @Test("recording a start that a concurrent tick already adopted changes nothing")
        func recordStartAfterAdoption() throws {
            let execution = starting()
            let job = EngineFixture.job("job-1", for: execution.waves[0], launchStatus: .pending, created: t0 + 1)
            let adopted = EngineFixture.applied(
                engine.step(execution, jobs: [:], candidates: [job], now: t0 + 2), to: execution)
            #expect(
                engine.recordStart(
                    adopted, for: EngineFixture.currentStart(of: adopted, wave: 0), outcome: .started(job), now: t0 + 3)
                    == adopted)
            #expect(
                engine.recordStart(
                    adopted, for: EngineFixture.currentStart(of: adopted, wave: 0), outcome: .refused(reason: "late"),
                    now: t0 + 3) == adopted)
            #expect(
                engine.recordStart(adopted, for: EngineFixture.start(wave: 7), outcome: .started(job), now: t0 + 3)
                    == adopted)
        }

        @Test("recording a start on an execution that has ended changes nothing")
        func recordStartWhenTerminal() {
            var execution = starting()
            execution.status = .failed
            let job = EngineFixture.job("job-1", for: execution.waves[0], launchStatus: .pending)
            #expect(
                engine.recordStart(
                    execution, for: EngineFixture.currentStart(of: execution, wave: 0), outcome: .started(job),
                    now: t0 + 1) == execution)
        }
    }
}
