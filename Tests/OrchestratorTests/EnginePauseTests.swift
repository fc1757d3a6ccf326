import DRS
import Orchestrator
import Testing

extension EngineTests {
    /// Pause before a wave (plan flag and manual pause) and resume (spec §3).
    @Suite("pause and resume")
    struct PauseAndResume {
        let engine = EngineFixture.engine
        let t0 = EngineFixture.t0
        let step = 30 * EngineFixture.second

        /// Ticks with DRS completing every known job at once, until the execution stops changing.
        /// Returns the state and the waves started.
        func runUntilQuiet(_ start: Execution, from now: inout Int64) -> (Execution, [Int]) {
            var execution = start
            var started: [Int] = []
            for _ in 0..<20 {
                now += step
                var jobs: [String: Job] = [:]
                for wave in execution.waves {
                    if let id = wave.jobID {
                        jobs[id] = EngineFixture.job(id, for: wave, status: .completed, launchStatus: .launched)
                    }
                }
                let (next, made) = EngineFixture.tick(execution, jobs: jobs, now: now)
                started += made.map(\.waveNumber)
                if next == execution { break }
                execution = next
            }
            return (execution, started)
        }

        @Test("pauseBeforeWave pauses before that wave, and resume starts it exactly once", arguments: [1, 2, 3])
        func pauseBeforeWave(wave: Int) throws {
            var now = t0
            var (execution, started) = runUntilQuiet(EngineFixture.execution(pauseBefore: [wave]), from: &now)
            #expect(execution.status == .paused)
            #expect(execution.pausedBeforeWave == wave)
            #expect(started == Array(1..<wave))
            #expect(execution.waves[..<(wave - 1)].allSatisfy { $0.status == .completed })
            #expect(execution.waves[(wave - 1)...].allSatisfy { $0.status == .pending })
            #expect(execution.currentWave == max(wave - 1, 1))
            // Paused executions wait: ticks change nothing.
            #expect(
                engine.step(execution, jobs: [:], candidates: [], now: now + EngineFixture.timeout * 2) == .unchanged)

            execution = try engine.resume(execution, now: now)
            #expect(execution.status == .running)
            #expect(execution.pausedBeforeWave == nil)
            let decision = engine.step(execution, jobs: [:], now: now + 1)
            let start = try #require(EngineFixture.start(decision))
            #expect(start.waveNumber == wave)
            let resumed = EngineFixture.applied(decision, to: execution)
            #expect(resumed.waves[wave - 1].status == .starting)
            // The same tick again (or later, within the lease) starts nothing more.
            #expect(engine.step(resumed, jobs: [:], now: now + 1) == .unchanged)
            #expect(engine.step(resumed, jobs: [:], candidates: [], now: now + EngineFixture.lease) == .unchanged)

            // And the rest of the run completes without pausing again.
            var rest: [Int]
            (execution, rest) = runUntilQuiet(
                engine.recordStart(
                    resumed, for: EngineFixture.currentStart(of: resumed, wave: wave - 1),
                    outcome: .started(
                        EngineFixture.job("job-\(wave)", for: resumed.waves[wave - 1], launchStatus: .pending)),
                    now: now + 2),
                from: &now)
            #expect(execution.status == .completed)
            #expect(rest == Array((wave + 1)..<4))
        }

        @Test("a manual pause during a wave takes effect at the next wave boundary", arguments: [1, 2])
        func manualPause(during wave: Int) throws {
            var now = t0
            var execution = EngineFixture.execution()
            (execution, _) = EngineFixture.tick(execution, now: now)
            for number in 1..<wave {
                now += step
                let done = EngineFixture.job(
                    "job-\(number)", for: execution.waves[number - 1], status: .completed, launchStatus: .launched)
                (execution, _) = EngineFixture.tick(execution, jobs: ["job-\(number)": done], now: now)
            }
            #expect(execution.waves[wave - 1].status == .launching)

            execution = try engine.pause(execution, now: now)
            #expect(execution.status == .pausePending)
            #expect(execution.pausedBeforeWave == nil)

            // Still running: nothing changes but progress.
            now += step
            let running = EngineFixture.job("job-\(wave)", for: execution.waves[wave - 1], launchStatus: .inProgress)
            let progressed = EngineFixture.applied(
                engine.step(execution, jobs: ["job-\(wave)": running], now: now), to: execution)
            #expect(progressed.status == .pausePending)

            now += step
            let done = EngineFixture.job(
                "job-\(wave)", for: execution.waves[wave - 1], status: .completed, launchStatus: .launched)
            let decision = engine.step(progressed, jobs: ["job-\(wave)": done], now: now)
            let paused = try #require(decision.execution)
            #expect(decision.effect == nil)
            #expect(paused.status == .paused)
            #expect(paused.pausedBeforeWave == wave + 1)
            #expect(paused.waves[wave - 1].status == .completed)
            #expect(paused.waves[wave].status == .pending)

            let resumed = try engine.resume(paused, now: now)
            let start = try #require(EngineFixture.start(engine.step(resumed, jobs: [:], now: now + 1)))
            #expect(start.waveNumber == wave + 1)
        }

        @Test("a manual pause on the last-but-one wave with pauseBeforeWave on the next pauses once")
        func manualPauseAndFlag() throws {
            var execution = EngineFixture.execution(pauseBefore: [2])
            (execution, _) = EngineFixture.tick(execution, now: t0)
            execution = try engine.pause(execution, now: t0 + 1)
            let done = EngineFixture.job("job-1", for: execution.waves[0], status: .completed, launchStatus: .launched)
            let paused = EngineFixture.applied(
                engine.step(execution, jobs: ["job-1": done], now: t0 + 2), to: execution)
            #expect(paused.status == .paused)
            #expect(paused.pausedBeforeWave == 2)
            let resumed = try engine.resume(paused, now: t0 + 3)
            #expect(EngineFixture.start(engine.step(resumed, jobs: [:], now: t0 + 4))?.waveNumber == 2)
        }

        @Test("resuming a PAUSE_PENDING execution withdraws the pause")
        func resumeWithdrawsPendingPause() throws {
            var execution = EngineFixture.execution()
            (execution, _) = EngineFixture.tick(execution, now: t0)
            let pending = try engine.pause(execution, now: t0 + 1)
            let resumed = try engine.resume(pending, now: t0 + 2)
            #expect(resumed.status == .running)
            #expect(resumed.waves == execution.waves)
            let done = EngineFixture.job("job-1", for: execution.waves[0], status: .completed, launchStatus: .launched)
            let decision = engine.step(resumed, jobs: ["job-1": done], now: t0 + 3)
            #expect(decision.execution?.status == .running)
            #expect(EngineFixture.start(decision)?.waveNumber == 2)
        }

        @Test("a pause between a resume and the next tick pauses at once before the next wave")
        func pauseWhileIdle() throws {
            var now = t0
            let (paused, _) = runUntilQuiet(EngineFixture.execution(pauseBefore: [2]), from: &now)
            let resumed = try engine.resume(paused, now: now)
            let again = try engine.pause(resumed, now: now + 1)
            #expect(again.status == .paused)
            #expect(again.pausedBeforeWave == 2)
            #expect(engine.step(again, jobs: [:], now: now + 2) == .unchanged)
        }

        @Test("a one-wave execution cannot be paused")
        func singleWave() throws {
            let (running, _) = EngineFixture.tick(EngineFixture.execution(waves: 1), now: t0)
            #expect(throws: EngineRejection.singleWave) { try engine.pause(running, now: t0 + 1) }
        }

        @Test("an execution whose last wave has started cannot be paused")
        func noPendingWaves() throws {
            var now = t0
            var execution = EngineFixture.execution(waves: 2)
            (execution, _) = EngineFixture.tick(execution, now: now)
            now += step
            let done = EngineFixture.job("job-1", for: execution.waves[0], status: .completed, launchStatus: .launched)
            (execution, _) = EngineFixture.tick(execution, jobs: ["job-1": done], now: now)
            #expect(execution.waves[1].status == .launching)
            #expect(throws: EngineRejection.noPendingWaves) { try engine.pause(execution, now: now) }
        }

        static let notRunning: [ExecutionStatus] = ExecutionStatus.allCases.filter { $0 != .running }

        @Test("only RUNNING executions can be paused", arguments: notRunning)
        func notPausable(status: ExecutionStatus) {
            var execution = EngineFixture.execution()
            execution.status = status
            #expect(throws: EngineRejection.notPausable(currentStatus: status)) { try engine.pause(execution, now: t0) }
        }

        static let notPaused: [ExecutionStatus] = ExecutionStatus.allCases.filter {
            $0 != .paused && $0 != .pausePending
        }

        @Test("only PAUSED and PAUSE_PENDING executions can be resumed", arguments: notPaused)
        func notResumable(status: ExecutionStatus) {
            var execution = EngineFixture.execution()
            execution.status = status
            #expect(throws: EngineRejection.notPaused(currentStatus: status)) { try engine.resume(execution, now: t0) }
        }
    }
}
