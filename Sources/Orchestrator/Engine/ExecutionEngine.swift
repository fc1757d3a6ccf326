import DRSModel

/// The execution engine's decisions, as pure functions of the stored execution, what DRS reported
/// and the clock (DESIGN.md "Execution engine"; spec §3). It performs no I/O and keeps no state:
/// an executor reads the active executions, makes one `DescribeJobs` per tick for their in-flight
/// jobs (`inFlightJobIDs(_:)`) plus one per region that needs reconciliation
/// (`needsReconciliation(_:)`), calls `step(_:jobs:candidates:now:)` for each execution, writes
/// each new state conditionally on its `version`, and performs the decision's effect only if its
/// write won.
///
/// **At most one `StartRecovery` per wave.** A start is first recorded as an intent (the wave
/// becomes STARTING with `startRequestedAt`), and the call is made only by the executor whose
/// write of that intent won, and only while `mayStill(start:now:)` holds (half the start lease).
/// A STARTING wave without a job is reconciled on later ticks: a LAUNCH job in `candidates` created
/// since the wave's first request (less `clockSkew`) for exactly the wave's servers is adopted;
/// once the whole lease has passed with no such job, the caller is presumed to have died before
/// calling DRS (or its call to have created nothing) and the start is requested again (at most
/// `maxStartAttempts` requests whose outcome was not known), or, for a cancelled execution, given up.
/// The lease is minutes long, not seconds: a job DRS shows late (after a slow or lost answer) is
/// adopted long before the start could be requested again; after a crash only latency is lost.
///
/// A start DRS surely refused for now (throttled, a quota reached, no connection made: no job can
/// exist) is *deferred*: requested again `startRetryDelay` later, without waiting for the lease and
/// without counting against `maxStartAttempts`, until the wave timeout.
///
/// Each request is one *attempt*, identified by the wave's `startAttempts` and `startRequestedAt`
/// (`WaveStart.attempt`, `WaveStart.requestedAt`): an outcome recorded late applies only to the
/// attempt it belongs to (`recordStart(_:for:outcome:now:)`).
///
/// `now` is milliseconds since the epoch and must be read **before** the `DescribeJobs` calls whose
/// answers are passed in: a job created by a caller that was still allowed to call DRS is then
/// visible in `candidates` by the time the lease has run out.
package struct ExecutionEngine: Sendable {
    /// The engine's timings. All durations are milliseconds.
    package struct Configuration: Sendable, Equatable {
        /// A wave that has not completed this long after its first start request fails.
        package var waveTimeout: Int64
        /// How long a recorded start may go without a DRS job before it is requested again. Its
        /// caller must have called DRS within the first half (`mayStill(start:now:)`) and given up
        /// on the call by three quarters (`startDeadline(for:)`).
        package var startLease: Int64
        /// How much earlier than the wave's first start request a job's creation time (DRS's clock)
        /// may be and still count as that wave's job.
        package var clockSkew: Int64
        /// How many start requests with an unknown outcome (no answer, or no job seen) a wave gets
        /// before it fails as unstartable. Deferred requests (surely refused for now) do not count.
        package var maxStartAttempts: Int
        /// How long after a deferred start (throttled, quota reached, no connection) it is
        /// requested again.
        package var startRetryDelay: Int64

        /// The defaults: 1800 s wave timeout, 300 s start lease, 5 s clock skew, 3 start requests,
        /// 30 s before a deferred start is requested again.
        package init(
            waveTimeout: Int64 = 1_800_000,
            startLease: Int64 = 300_000,
            clockSkew: Int64 = 5_000,
            maxStartAttempts: Int = 3,
            startRetryDelay: Int64 = 30_000
        ) {
            self.waveTimeout = waveTimeout
            self.startLease = startLease
            self.clockSkew = clockSkew
            self.maxStartAttempts = maxStartAttempts
            self.startRetryDelay = startRetryDelay
        }
    }

    package var configuration: Configuration

    /// An engine with `configuration` (the defaults unless given).
    package init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The next state of `execution` and the DRS call to make after writing it.
    ///
    /// - Parameters:
    ///   - jobs: the jobs `DescribeJobs` returned this tick, by job id; should cover
    ///     `inFlightJobIDs(execution)`. A job missing from it is treated as "no news" (only the wave
    ///     timeout can then end the wave).
    ///   - candidates: every job created in the region since the query's `since`, when
    ///     `needsReconciliation(execution)` asked for them; nil when they were not looked up (or the
    ///     look-up failed): the engine then never requests a start again, since it cannot rule out
    ///     that the first request created a job.
    ///   - now: milliseconds since the epoch, read before the `DescribeJobs` calls.
    /// The new state carries the events of the change (`ExecutionEvents.transitions`): each wave's
    /// start and end, and the execution's pause, completion, failure or cancellation.
    /// - Returns: `.unchanged` for terminal and PAUSED executions and whenever nothing changed.
    package func step(_ execution: Execution, jobs: [String: Job], candidates: [Job]? = nil, now: Int64)
        -> EngineDecision
    {
        var next = execution
        let effect: EngineEffect?
        switch execution.status {
        case .completed, .failed, .cancelled, .paused:
            return .unchanged
        case .pending:
            effect = begin(&next, now: now)
        case .running, .pausePending, .cancelling:
            effect = advance(&next, jobs: jobs, candidates: candidates, now: now)
        }
        if effect == nil && next == execution { return .unchanged }
        return .update(execution.recording(next, at: now), effect: effect)
    }

    // MARK: - Transitions (each mutates the execution and returns the effect to perform, if any)

    /// PENDING: pause before wave 1 or start it.
    private func begin(_ execution: inout Execution, now: Int64) -> EngineEffect? {
        guard let first = execution.waves.indices.first else {
            finish(&execution, failure: "Execution has no waves", now: now)
            return nil
        }
        if execution.waves[first].pauseBeforeWave {
            enterPause(&execution, before: first)
            return nil
        }
        execution.status = .running
        return requestStart(&execution, waveIndex: first, now: now)
    }

    /// RUNNING, PAUSE_PENDING or CANCELLING: follow the wave in flight, or start the next one.
    private func advance(
        _ execution: inout Execution, jobs: [String: Job], candidates: [Job]?, now: Int64
    ) -> EngineEffect? {
        guard let index = execution.inFlightWaveIndex else {
            return continueIdle(&execution, now: now)
        }
        let job: Job?
        if let jobID = execution.waves[index].jobID {
            job = jobs[jobID]
        } else if let adopted = adoptableJob(for: execution.waves[index], of: execution, among: candidates ?? []) {
            execution.waves[index].jobID = adopted.jobID
            execution.waves[index].status = .launching
            job = jobs[adopted.jobID] ?? adopted
        } else {
            return awaitStart(&execution, waveIndex: index, candidatesKnown: candidates != nil, now: now)
        }
        guard let job else {
            // No news of the job this tick: only the clock can end the wave.
            let wave = execution.waves[index]
            if timedOut(wave, now: now) {
                fail(&execution, waveIndex: index, message: timeoutMessage(wave), now: now)
            }
            return nil
        }
        return follow(&execution, waveIndex: index, job: job, now: now)
    }

    /// A wave's job reported: update its servers, then judge it.
    private func follow(_ execution: inout Execution, waveIndex: Int, job: Job, now: Int64) -> EngineEffect? {
        var wave = execution.waves[waveIndex]
        wave.status = .launching
        let verdict = track(&wave, job: job)
        execution.waves[waveIndex] = wave
        switch verdict {
        case .failed(let details):
            fail(&execution, waveIndex: waveIndex, message: "\(wave.label) failed: \(details)", now: now)
            return nil
        case .completed:
            execution.waves[waveIndex].status = .completed
            execution.waves[waveIndex].endTime = now
            return afterWave(&execution, now: now)
        case .running:
            if timedOut(wave, now: now) {
                fail(&execution, waveIndex: waveIndex, message: timeoutMessage(wave), now: now)
            }
            return nil
        }
    }

    /// A wave just completed: the wave boundary.
    private func afterWave(_ execution: inout Execution, now: Int64) -> EngineEffect? {
        if execution.status == .cancelling {
            cancelNow(&execution, now: now)
            return nil
        }
        guard let next = execution.nextPendingWaveIndex else {
            execution.status = .completed
            execution.endTime = now
            return nil
        }
        if execution.status == .pausePending || execution.waves[next].pauseBeforeWave {
            enterPause(&execution, before: next)
            return nil
        }
        return requestStart(&execution, waveIndex: next, now: now)
    }

    /// No wave in flight while RUNNING (just resumed), PAUSE_PENDING or CANCELLING.
    ///
    /// A RUNNING execution has nothing in flight only between a resume and the next tick, so the
    /// pause the resume ended has been honoured: the next wave starts without looking at its
    /// `pauseBeforeWave` again (that flag is honoured at wave boundaries and before wave 1).
    private func continueIdle(_ execution: inout Execution, now: Int64) -> EngineEffect? {
        if execution.status == .cancelling {
            cancelNow(&execution, now: now)
            return nil
        }
        guard let next = execution.nextPendingWaveIndex else {
            if execution.waves.allSatisfy({ $0.status == .completed }) {
                execution.status = .completed
                execution.endTime = now
            } else {
                finish(
                    &execution, failure: execution.errorMessage ?? "Execution has no wave left to start", now: now)
            }
            return nil
        }
        if execution.status == .pausePending {
            enterPause(&execution, before: next)
            return nil
        }
        return requestStart(&execution, waveIndex: next, now: now)
    }

    /// A STARTING wave without a job and no adoptable candidate: wait, retry, give up or fail.
    private func awaitStart(
        _ execution: inout Execution, waveIndex: Int, candidatesKnown: Bool, now: Int64
    ) -> EngineEffect? {
        let wave = execution.waves[waveIndex]
        if timedOut(wave, now: now) {
            fail(&execution, waveIndex: waveIndex, message: timeoutMessage(wave), now: now)
            return nil
        }
        if let retryAt = wave.startRetryAt {
            // The last request surely created no job (and the ones before it were settled before it
            // was made): no lease to wait for, only the retry delay.
            guard now >= retryAt || execution.status == .cancelling else { return nil }
        } else {
            let requestedAt = wave.startRequestedAt ?? wave.startTime ?? execution.startTime
            // Within the lease its caller may still be calling DRS; without candidates we cannot tell.
            guard candidatesKnown, now - requestedAt > configuration.startLease else { return nil }
        }
        if execution.status == .cancelling {
            execution.waves[waveIndex].status = .cancelled
            execution.waves[waveIndex].endTime = now
            cancelNow(&execution, now: now)
            return nil
        }
        guard wave.startAttempts - wave.startDeferrals < configuration.maxStartAttempts else {
            var message = "\(wave.label) could not be started: no DRS job after \(wave.startAttempts) requests"
            if let startError = wave.startError { message += " (last error: \(startError))" }
            fail(&execution, waveIndex: waveIndex, message: message, now: now)
            return nil
        }
        return requestStart(&execution, waveIndex: waveIndex, now: now)
    }

    // MARK: - Building blocks

    /// Records the intent to start a wave (STARTING) and returns the call that carries it out. A
    /// wave without servers fails instead: DRS cannot start an empty job.
    private func requestStart(_ execution: inout Execution, waveIndex: Int, now: Int64) -> EngineEffect? {
        var wave = execution.waves[waveIndex]
        if wave.startTime == nil { wave.startTime = now }
        guard !wave.serverIDs.isEmpty else {
            execution.waves[waveIndex] = wave
            fail(&execution, waveIndex: waveIndex, message: "\(wave.label) has no servers to recover", now: now)
            return nil
        }
        wave.status = .starting
        wave.jobID = nil
        wave.startRequestedAt = now
        wave.startRetryAt = nil
        wave.startAttempts += 1
        execution.waves[waveIndex] = wave
        return .startRecovery(
            WaveStart(
                executionID: execution.executionID,
                waveIndex: waveIndex,
                waveNumber: wave.waveNumber,
                region: wave.region,
                serverIDs: wave.serverIDs,
                isDrill: execution.executionType.isDrill,
                requestedAt: now,
                attempt: wave.startAttempts
            ))
    }

    /// PAUSED before the wave at `index`.
    private func enterPause(_ execution: inout Execution, before index: Int) {
        execution.status = .paused
        execution.pausedBeforeWave = index + 1
    }

    /// The wave at `index` FAILED, and with it the execution (CANCELLED if it was cancelling).
    private func fail(_ execution: inout Execution, waveIndex: Int, message: String, now: Int64) {
        execution.waves[waveIndex].status = .failed
        execution.waves[waveIndex].endTime = now
        finish(&execution, failure: message, now: now)
    }

    /// Ends the execution for `failure`: FAILED, or CANCELLED when a cancel was waiting for the
    /// wave in flight (the message then says what became of that wave). Waves not started stay
    /// PENDING (or CANCELLED, set by the cancel).
    func finish(_ execution: inout Execution, failure: String, now: Int64) {
        execution.status = execution.status == .cancelling ? .cancelled : .failed
        execution.errorMessage = failure
        execution.endTime = now
        execution.pausedBeforeWave = nil
    }

    /// CANCELLED now: the waves not started become CANCELLED.
    func cancelNow(_ execution: inout Execution, now: Int64) {
        for index in execution.waves.indices where execution.waves[index].status == .pending {
            execution.waves[index].status = .cancelled
        }
        execution.status = .cancelled
        execution.endTime = now
        execution.pausedBeforeWave = nil
    }

    private func timedOut(_ wave: ExecutionWave, now: Int64) -> Bool {
        guard let start = wave.startTime ?? wave.startRequestedAt else { return false }
        return now - start > configuration.waveTimeout
    }

    private func timeoutMessage(_ wave: ExecutionWave) -> String {
        var message = "\(wave.label) timed out after \(Self.duration(configuration.waveTimeout))"
        guard let jobID = wave.jobID else { return message + " (no DRS job was recorded)" }
        let waiting = wave.servers.filter { $0.launchStatus != LaunchStatus.launched.rawValue }
            .map { "\($0.sourceServerID) \($0.launchStatus)" }
        message += " (DRS job \(jobID)"
        if !waiting.isEmpty { message += ": " + waiting.joined(separator: ", ") }
        return message + ")"
    }

    /// `1800 s`, or `1500 ms` for durations that are not whole seconds.
    static func duration(_ milliseconds: Int64) -> String {
        milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
