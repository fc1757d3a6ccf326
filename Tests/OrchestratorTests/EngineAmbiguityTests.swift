import DRS
import FoundationEssentials
import Orchestrator
import Testing

extension EngineTests {
    /// A start whose outcome is not known is settled by reading DRS, never by asking again early;
    /// a start DRS surely refused for now is retried until the wave timeout; a late outcome
    /// applies only to the attempt it answers.
    @Suite("ambiguous and deferred starts")
    struct Ambiguity {
        let engine = EngineFixture.engine
        let t0 = EngineFixture.t0
        let lease = EngineFixture.lease

        /// The state written with the intent to start wave 1 at `t0`, and the start it asked for.
        func starting() throws -> (Execution, WaveStart) {
            let execution = EngineFixture.execution()
            let decision = engine.step(execution, jobs: [:], now: t0)
            return (EngineFixture.applied(decision, to: execution), try #require(EngineFixture.start(decision)))
        }

        /// `execution` after the lease ran out with no job: the start requested again.
        func renewed(_ execution: Execution, at now: Int64) throws -> (Execution, WaveStart) {
            let decision = engine.step(execution, jobs: [:], candidates: [], now: now)
            return (EngineFixture.applied(decision, to: execution), try #require(EngineFixture.start(decision)))
        }

        @Test("the start lease is minutes long, so a job DRS shows minutes after a lost answer is adopted")
        func lateJobIsAdopted() throws {
            #expect(lease >= 120_000)
            let (execution, start) = try starting()
            let inconclusive = engine.recordStart(
                execution, for: start, outcome: .inconclusive(reason: "timed out"), now: t0 + 20_000)
            // DRS does not list the job yet: nothing is requested again.
            #expect(engine.step(inconclusive, jobs: [:], candidates: [], now: t0 + 100_000) == .unchanged)
            let job = EngineFixture.job("job-late", for: execution.waves[0], launchStatus: .pending, created: t0 + 1)
            let decision = engine.step(inconclusive, jobs: [:], candidates: [job], now: t0 + 110_000)
            #expect(EngineFixture.start(decision) == nil)
            #expect(decision.execution?.waves[0].jobID == "job-late")
            #expect(decision.execution?.waves[0].status == .launching)
        }

        @Test("a late refusal of a replaced attempt does not fail the attempt that replaced it")
        func staleRefusalIgnored() throws {
            let (execution, first) = try starting()
            let (second, renewal) = try renewed(execution, at: t0 + lease + 1)
            #expect(renewal.attempt == 2)
            #expect(
                engine.recordStart(second, for: first, outcome: .refused(reason: "late"), now: t0 + lease + 2) == second
            )
            #expect(
                engine.recordStart(second, for: first, outcome: .inconclusive(reason: "late"), now: t0 + lease + 2)
                    == second)
            #expect(
                engine.recordStart(second, for: first, outcome: .deferred(reason: "late"), now: t0 + lease + 2)
                    == second)
            // Its own refusal still counts.
            let refused = engine.recordStart(
                second, for: renewal, outcome: .refused(reason: "ValidationException: bad"), now: t0 + lease + 3)
            #expect(refused.status == .failed)
            #expect(refused.errorMessage == "Wave 1 (Database) could not be started: ValidationException: bad")
        }

        @Test("a job reported late by a replaced attempt is still the wave's job")
        func staleJobAdopted() throws {
            let (execution, first) = try starting()
            let (second, _) = try renewed(execution, at: t0 + lease + 1)
            let job = EngineFixture.job("job-1", for: execution.waves[0], launchStatus: .pending, created: t0 + 1)
            let next = engine.recordStart(second, for: first, outcome: .started(job), now: t0 + lease + 2)
            #expect(next.waves[0].jobID == "job-1")
            #expect(next.waves[0].status == .launching)
        }

        @Test("a deferred start is requested again after the retry delay, not after the lease")
        func deferredRetriesAfterDelay() throws {
            let (execution, start) = try starting()
            let delay = engine.configuration.startRetryDelay
            let deferred = engine.recordStart(
                execution, for: start, outcome: .deferred(reason: "ThrottlingException: Rate exceeded"), now: t0 + 1)
            #expect(deferred.waves[0].status == .starting)
            #expect(deferred.waves[0].startDeferrals == 1)
            #expect(deferred.waves[0].startRetryAt == t0 + 1 + delay)
            #expect(deferred.waves[0].startError == "ThrottlingException: Rate exceeded")
            // Recording the same outcome twice (a re-applied write) counts it once.
            #expect(
                engine.recordStart(deferred, for: start, outcome: .deferred(reason: "again"), now: t0 + 2) == deferred)
            // No candidates needed (no job can exist), but not before the delay.
            #expect(engine.step(deferred, jobs: [:], now: t0 + delay) == .unchanged)
            let decision = engine.step(deferred, jobs: [:], now: t0 + 1 + delay)
            let again = try #require(EngineFixture.start(decision))
            #expect(again.attempt == 2)
            #expect(decision.execution?.waves[0].startRetryAt == nil)
        }

        @Test("deferred starts do not count against the request limit and go on until the wave timeout")
        func deferredUntilTimeout() throws {
            var (execution, start) = try starting()
            var now = t0
            var requests = 1
            while execution.status.isActive {
                execution = engine.recordStart(
                    execution, for: start, outcome: .deferred(reason: "ServiceQuotaExceededException: 20 jobs"),
                    now: now)
                now += engine.configuration.startRetryDelay + 1
                let decision = engine.step(execution, jobs: [:], now: now)
                execution = EngineFixture.applied(decision, to: execution)
                if let next = EngineFixture.start(decision) {
                    start = next
                    requests += 1
                }
            }
            #expect(requests > engine.configuration.maxStartAttempts)
            #expect(execution.status == .failed)
            #expect(now - t0 > EngineFixture.timeout)
            #expect(execution.errorMessage?.hasPrefix("Wave 1 (Database) timed out after 1800 s") == true)
        }

        @Test("a deferred wave 2 of a running execution starts once DRS accepts it, the execution never failing")
        func deferredLaterWave() throws {
            var (execution, start) = try starting()
            let job1 = EngineFixture.job("job-1", for: execution.waves[0], launchStatus: .pending, created: t0)
            execution = engine.recordStart(execution, for: start, outcome: .started(job1), now: t0)
            let done = EngineFixture.job("job-1", for: execution.waves[0], status: .completed, launchStatus: .launched)
            var decision = engine.step(execution, jobs: ["job-1": done], now: t0 + 60_000)
            execution = EngineFixture.applied(decision, to: execution)
            start = try #require(EngineFixture.start(decision))
            #expect(start.waveIndex == 1)
            execution = engine.recordStart(
                execution, for: start, outcome: .deferred(reason: "ThrottlingException"), now: t0 + 60_001)
            #expect(execution.status == .running)
            decision = engine.step(execution, jobs: [:], now: t0 + 60_001 + engine.configuration.startRetryDelay)
            execution = EngineFixture.applied(decision, to: execution)
            let retry = try #require(EngineFixture.start(decision))
            let job2 = EngineFixture.job("job-2", for: execution.waves[1], launchStatus: .pending, created: t0)
            execution = engine.recordStart(execution, for: retry, outcome: .started(job2), now: t0 + 95_000)
            #expect(execution.status == .running)
            #expect(execution.waves[1].status == .launching)
            #expect(execution.waves[1].jobID == "job-2")
        }

        @Test("a cancel while a start is deferred cancels at once: no job can exist")
        func deferredThenCancelled() throws {
            let (execution, start) = try starting()
            let deferred = engine.recordStart(
                execution, for: start, outcome: .deferred(reason: "ThrottlingException"), now: t0 + 1)
            let cancelling = try engine.cancel(deferred, now: t0 + 2)
            let decision = engine.step(cancelling, jobs: [:], now: t0 + 3)
            #expect(EngineFixture.start(decision) == nil)
            #expect(decision.execution?.status == .cancelled)
        }

        @Test("an inconclusive start is never requested again before the lease has run out, whatever the ticks")
        func inconclusiveWaitsForLease() throws {
            let (execution, start) = try starting()
            let inconclusive = engine.recordStart(
                execution, for: start, outcome: .inconclusive(reason: "InternalServerException"), now: t0 + 1)
            for elapsed in stride(from: Int64(1_000), through: lease, by: 30_000) {
                #expect(
                    EngineFixture.start(engine.step(inconclusive, jobs: [:], candidates: [], now: t0 + elapsed)) == nil)
            }
            // Without a successful DescribeJobs the engine cannot rule out the job: still no request.
            #expect(
                EngineFixture.start(engine.step(inconclusive, jobs: [:], candidates: nil, now: t0 + lease * 2)) == nil)
        }

        @Test("a wave stored before deferrals existed decodes with none")
        func decodesOldWave() throws {
            let json = #"""
                {"waveNumber":1,"name":"DB","protectionGroupId":"pg-1","region":"us-east-1","serverIds":["s-1"],
                 "pauseBeforeWave":false,"status":"STARTING","startRequestedAtMs":5,"startAttempts":1,"servers":[]}
                """#
            let wave = try JSONDecoder().decode(ExecutionWave.self, from: Data(json.utf8))
            #expect(wave.startDeferrals == 0)
            #expect(wave.startRetryAt == nil)
            #expect(wave.startAttempts == 1)
        }
    }
}
