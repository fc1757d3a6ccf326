import DRSModel

/// The executor's side of a start: whether it may still call DRS, until when, and how the call's
/// outcome is recorded.
extension ExecutionEngine {
    /// Whether the executor that won the write of `wave`'s start request may still call
    /// `StartRecovery`: the wave is STARTING without a job and at most half the start lease has
    /// passed since the request. Past that, reconciliation may soon request the start again, so
    /// calling would risk a second job; the executor then leaves the wave to reconciliation.
    package func mayStill(start wave: ExecutionWave, now: Int64) -> Bool {
        guard wave.status == .starting, wave.jobID == nil, let requestedAt = wave.startRequestedAt else {
            return false
        }
        return now - requestedAt <= configuration.startLease / 2
    }

    /// Whether the executor may still make the call `start` asks for (see `mayStill(start:now:)`
    /// for a wave).
    package func mayStill(start: WaveStart, now: Int64) -> Bool {
        now - start.requestedAt <= configuration.startLease / 2
    }

    /// When the executor must give up waiting for `StartRecovery` (the call's deadline, milliseconds
    /// since the epoch): three quarters of the lease after the request, leaving a quarter for the
    /// job to show in `DescribeJobs` before reconciliation could request the start again.
    package func startDeadline(for start: WaveStart) -> Int64 {
        start.requestedAt + configuration.startLease * 3 / 4
    }

    /// `execution` with the outcome of the `StartRecovery` call made for `start` (one attempt).
    ///
    /// Apply it to the latest stored execution (re-read and re-apply after a lost conditional
    /// write); it is idempotent and safe against concurrent changes: it changes nothing unless the
    /// wave is still STARTING without a job (a concurrent tick may have adopted the job already).
    /// A job (`.started`) is taken whichever attempt created it (it is a job for exactly the wave's
    /// servers); any other outcome applies only while `start` is still the wave's current attempt
    /// (same `startAttempts` and `startRequestedAt`): a late answer to an attempt that
    /// reconciliation has since replaced says nothing about the new one.
    ///
    /// - `.started`: the wave gets the job id (LAUNCHING) and its servers' first statuses; the next
    ///   tick follows the job.
    /// - `.refused`: the wave FAILED and the execution FAILED (CANCELLED if it was cancelling),
    ///   `errorMessage` "Wave n (name) could not be started: reason".
    /// - `.deferred`: the reason is kept on the wave (`startError`), the request counted as
    ///   deferred, and `startRetryAt` set `startRetryDelay` from `now`; it stays STARTING.
    /// - `.inconclusive`: the reason is kept on the wave (`startError`); it stays STARTING.
    ///
    /// - Returns: the new state with the events of the change (a refused start's `WAVE_FAILED` and
    ///   `FAILED`), equal to `execution` when there is nothing to write.
    package func recordStart(
        _ execution: Execution, for start: WaveStart, outcome: StartRecoveryOutcome, now: Int64
    ) -> Execution {
        let waveIndex = start.waveIndex
        guard execution.status.isActive, execution.waves.indices.contains(waveIndex) else { return execution }
        var wave = execution.waves[waveIndex]
        guard wave.status == .starting, wave.jobID == nil else { return execution }
        let isCurrent = wave.startAttempts == start.attempt && wave.startRequestedAt == start.requestedAt
        var next = execution
        switch outcome {
        case .started(let job):
            wave.jobID = job.jobID
            wave.status = .launching
            wave.startError = nil
            wave.startRetryAt = nil
            // Only the progress: judging the wave (and what follows it) is the next step's.
            _ = track(&wave, job: job)
            next.waves[waveIndex] = wave
        case .refused(let reason):
            guard isCurrent else { return execution }
            wave.status = .failed
            wave.endTime = now
            next.waves[waveIndex] = wave
            finish(&next, failure: "\(wave.label) could not be started: \(reason)", now: now)
        case .deferred(let reason):
            guard isCurrent, wave.startRetryAt == nil else { return execution }
            wave.startError = reason
            wave.startDeferrals += 1
            wave.startRetryAt = now + configuration.startRetryDelay
            next.waves[waveIndex] = wave
        case .inconclusive(let reason):
            guard isCurrent else { return execution }
            wave.startError = reason
            next.waves[waveIndex] = wave
        }
        return execution.recording(next, at: now)
    }
}
