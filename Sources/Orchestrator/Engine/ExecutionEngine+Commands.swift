/// The API's commands on an execution (spec §3): each returns the state to write (conditionally on
/// `version`) or why the command is refused. None calls DRS: a resumed execution's next wave is
/// started by the next tick.
extension ExecutionEngine {
    /// Pauses a RUNNING execution before its next wave.
    ///
    /// With a wave in flight the execution becomes PAUSE_PENDING and pauses (PAUSED) at the next
    /// wave boundary. With none in flight (only between a resume and the tick that starts the next
    /// wave) it becomes PAUSED at once, before that wave.
    ///
    /// - Throws: `.notPausable` unless RUNNING; `.singleWave` for a one-wave execution;
    ///   `.noPendingWaves` once every wave has started.
    package func pause(_ execution: Execution, now: Int64) throws(EngineRejection) -> Execution {
        guard execution.status == .running else { throw .notPausable(currentStatus: execution.status) }
        guard execution.waves.count > 1 else { throw .singleWave }
        guard let next = execution.nextPendingWaveIndex else { throw .noPendingWaves }
        var paused = execution
        if execution.inFlightWaveIndex != nil {
            paused.status = .pausePending
        } else {
            paused.status = .paused
            paused.pausedBeforeWave = next + 1
        }
        return paused
    }

    /// Resumes a PAUSED execution (RUNNING; the next tick starts wave `pausedBeforeWave`, once), or
    /// withdraws the pending pause of a PAUSE_PENDING one (RUNNING, its wave still in flight).
    ///
    /// - Throws: `.notPaused` for any other status.
    package func resume(_ execution: Execution, now: Int64) throws(EngineRejection) -> Execution {
        var resumed = execution
        switch execution.status {
        case .paused:
            resumed.pausedBeforeWave = nil
        case .pausePending:
            break
        case .pending, .running, .cancelling, .completed, .failed, .cancelled:
            throw .notPaused(currentStatus: execution.status)
        }
        resumed.status = .running
        return resumed
    }

    /// Cancels an execution: no wave starts after this.
    ///
    /// Every wave not started becomes CANCELLED. With nothing in flight the execution is CANCELLED
    /// at once (`endTime` = `now`). With a wave in flight (STARTING or LAUNCHING) it becomes
    /// CANCELLING: DRS jobs cannot be stopped, so the tick waits for the job to end, records the
    /// wave's real outcome, and then makes the execution CANCELLED. A CANCELLING execution is
    /// returned unchanged.
    ///
    /// - Throws: `.notCancellable` for COMPLETED, FAILED and CANCELLED executions.
    package func cancel(_ execution: Execution, now: Int64) throws(EngineRejection) -> Execution {
        switch execution.status {
        case .completed, .failed, .cancelled:
            throw .notCancellable(currentStatus: execution.status)
        case .cancelling:
            return execution
        case .pending, .running, .pausePending, .paused:
            var cancelled = execution
            if execution.inFlightWaveIndex != nil {
                for index in cancelled.waves.indices where cancelled.waves[index].status == .pending {
                    cancelled.waves[index].status = .cancelled
                }
                cancelled.status = .cancelling
                cancelled.pausedBeforeWave = nil
            } else {
                cancelNow(&cancelled, now: now)
            }
            return cancelled
        }
    }
}
