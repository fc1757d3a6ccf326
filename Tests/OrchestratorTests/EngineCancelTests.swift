import DRS
import Orchestrator
import Testing

extension EngineTests {
    /// Cancel in every state (spec §3): no wave starts after a cancel; a job in flight is waited for.
    @Suite("cancel")
    struct Cancel {
        let engine = EngineFixture.engine
        let t0 = EngineFixture.t0

        /// An execution with wave 1 completed and wave 2 LAUNCHING (job `job-2`).
        func secondWaveLaunching() -> Execution {
            var execution = EngineFixture.execution()
            (execution, _) = EngineFixture.tick(execution, now: t0)
            let done = EngineFixture.job("job-1", for: execution.waves[0], status: .completed, launchStatus: .launched)
            (execution, _) = EngineFixture.tick(execution, jobs: ["job-1": done], now: t0 + 60_000)
            return execution
        }

        @Test("cancelling a PENDING execution cancels it and every wave at once")
        func cancelPending() throws {
            let cancelled = try engine.cancel(EngineFixture.execution(), now: t0 + 5)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.endTime == t0 + 5)
            #expect(cancelled.waves.allSatisfy { $0.status == .cancelled && $0.startTime == nil })
            #expect(engine.step(cancelled, jobs: [:], now: t0 + 6) == .unchanged)
        }

        @Test("cancelling a PAUSED execution cancels it and the waves not started")
        func cancelPaused() throws {
            var execution = secondWaveLaunching()
            execution.waves[2].pauseBeforeWave = true
            let done = EngineFixture.job("job-2", for: execution.waves[1], status: .completed, launchStatus: .launched)
            let paused = EngineFixture.applied(
                engine.step(execution, jobs: ["job-2": done], now: t0 + 120_000), to: execution)
            #expect(paused.status == .paused)

            let cancelled = try engine.cancel(paused, now: t0 + 130_000)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.endTime == t0 + 130_000)
            #expect(cancelled.pausedBeforeWave == nil)
            #expect(cancelled.waves.map(\.status) == [.completed, .completed, .cancelled])
        }

        @Test("cancelling with a job in flight waits for the job, then cancels without starting more")
        func cancelWithJobInFlight() throws {
            let execution = secondWaveLaunching()
            let cancelling = try engine.cancel(execution, now: t0 + 70_000)
            #expect(cancelling.status == .cancelling)
            #expect(cancelling.endTime == nil)
            #expect(cancelling.waves.map(\.status) == [.completed, .launching, .cancelled])
            #expect(engine.inFlightJobIDs(cancelling) == ["job-2"])

            // The job is still running: progress only.
            let running = EngineFixture.job("job-2", for: cancelling.waves[1], launchStatus: .inProgress)
            let progressed = EngineFixture.applied(
                engine.step(cancelling, jobs: ["job-2": running], now: t0 + 90_000), to: cancelling)
            #expect(progressed.status == .cancelling)

            let done = EngineFixture.job("job-2", for: cancelling.waves[1], status: .completed, launchStatus: .launched)
            let decision = engine.step(progressed, jobs: ["job-2": done], now: t0 + 120_000)
            let cancelled = try #require(decision.execution)
            #expect(decision.effect == nil)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.endTime == t0 + 120_000)
            #expect(cancelled.errorMessage == nil)
            #expect(cancelled.waves.map(\.status) == [.completed, .completed, .cancelled])
            #expect(engine.step(cancelled, jobs: ["job-2": done], now: t0 + 150_000) == .unchanged)
        }

        @Test("a job failing while cancelling records the wave's failure and ends CANCELLED")
        func cancelThenJobFails() throws {
            let cancelling = try engine.cancel(secondWaveLaunching(), now: t0 + 70_000)
            let failed = EngineFixture.job("job-2", servers: [("s-2a", .failed), ("s-2b", .launched)])
            let cancelled = try #require(engine.step(cancelling, jobs: ["job-2": failed], now: t0 + 80_000).execution)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.waves.map(\.status) == [.completed, .failed, .cancelled])
            #expect(cancelled.errorMessage == "Wave 2 (App) failed: s-2a launch FAILED")
        }

        @Test("a wave timing out while cancelling ends the execution CANCELLED")
        func cancelThenTimeout() throws {
            let execution = secondWaveLaunching()
            let cancelling = try engine.cancel(execution, now: t0 + 70_000)
            let late = (execution.waves[1].startTime ?? 0) + EngineFixture.timeout + 1
            let cancelled = try #require(engine.step(cancelling, jobs: [:], now: late).execution)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.waves[1].status == .failed)
        }

        @Test("cancelling a PAUSE_PENDING execution waits for its wave like a running one")
        func cancelPausePending() throws {
            let pending = try engine.pause(secondWaveLaunching(), now: t0 + 65_000)
            let cancelling = try engine.cancel(pending, now: t0 + 70_000)
            #expect(cancelling.status == .cancelling)
            let done = EngineFixture.job("job-2", for: cancelling.waves[1], status: .completed, launchStatus: .launched)
            let cancelled = try #require(engine.step(cancelling, jobs: ["job-2": done], now: t0 + 80_000).execution)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.pausedBeforeWave == nil)
        }

        @Test("cancelling a RUNNING execution between a resume and the next tick cancels at once")
        func cancelRunningIdle() throws {
            let pending = EngineFixture.execution(pauseBefore: [1])
            let paused = EngineFixture.applied(engine.step(pending, jobs: [:], now: t0), to: pending)
            #expect(paused.status == .paused)
            let resumed = try engine.resume(paused, now: t0 + 1)
            let cancelled = try engine.cancel(resumed, now: t0 + 2)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.waves.allSatisfy { $0.status == .cancelled })
            #expect(engine.step(cancelled, jobs: [:], now: t0 + 3) == .unchanged)
        }

        @Test("cancelling a CANCELLING execution changes nothing")
        func cancelTwice() throws {
            let cancelling = try engine.cancel(secondWaveLaunching(), now: t0 + 70_000)
            #expect(try engine.cancel(cancelling, now: t0 + 80_000) == cancelling)
        }

        @Test("terminal executions cannot be cancelled", arguments: [ExecutionStatus.completed, .failed, .cancelled])
        func notCancellable(status: ExecutionStatus) {
            var execution = EngineFixture.execution()
            execution.status = status
            #expect(throws: EngineRejection.notCancellable(currentStatus: status)) {
                try engine.cancel(execution, now: t0)
            }
        }

        @Test("cancelling while a start is recorded but not confirmed adopts the job if it appears")
        func cancelWhileStartingAdopts() throws {
            let execution = EngineFixture.execution()
            let starting = EngineFixture.applied(engine.step(execution, jobs: [:], now: t0), to: execution)
            let cancelling = try engine.cancel(starting, now: t0 + 1_000)
            #expect(cancelling.status == .cancelling)
            #expect(cancelling.waves.map(\.status) == [.starting, .cancelled, .cancelled])

            let job = EngineFixture.job(
                "job-late", for: starting.waves[0], launchStatus: .inProgress, created: t0 + 2_000)
            let decision = engine.step(cancelling, jobs: [:], candidates: [job], now: t0 + 3_000)
            let adopted = try #require(decision.execution)
            #expect(decision.effect == nil)
            #expect(adopted.status == .cancelling)
            #expect(adopted.waves[0].jobID == "job-late")
            #expect(adopted.waves[0].status == .launching)
        }

        @Test("cancelling while a start is recorded gives the start up after the lease, never re-requesting it")
        func cancelWhileStartingGivesUp() throws {
            let execution = EngineFixture.execution()
            let starting = EngineFixture.applied(engine.step(execution, jobs: [:], now: t0), to: execution)
            let cancelling = try engine.cancel(starting, now: t0 + 1_000)
            #expect(engine.step(cancelling, jobs: [:], candidates: [], now: t0 + EngineFixture.lease) == .unchanged)

            let late = t0 + EngineFixture.lease + 1
            let decision = engine.step(cancelling, jobs: [:], candidates: [], now: late)
            let cancelled = try #require(decision.execution)
            #expect(decision.effect == nil)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.endTime == late)
            #expect(cancelled.waves.map(\.status) == [.cancelled, .cancelled, .cancelled])
        }

        @Test("a start DRS refuses while cancelling ends the execution CANCELLED")
        func cancelThenRefused() throws {
            let execution = EngineFixture.execution()
            let starting = EngineFixture.applied(engine.step(execution, jobs: [:], now: t0), to: execution)
            let cancelling = try engine.cancel(starting, now: t0 + 1_000)
            let next = engine.recordStart(
                cancelling, for: EngineFixture.currentStart(of: cancelling, wave: 0), outcome: .refused(reason: "no"),
                now: t0 + 2_000)
            #expect(next.status == .cancelled)
            #expect(next.waves.map(\.status) == [.failed, .cancelled, .cancelled])
        }
    }
}
