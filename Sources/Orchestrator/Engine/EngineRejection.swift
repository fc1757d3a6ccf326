/// Why a pause, resume or cancel was refused; the API renders each as its error body
/// (`EXECUTION_NOT_PAUSABLE`, `SINGLE_WAVE_NOT_PAUSABLE`, `NO_PENDING_WAVES`, `EXECUTION_NOT_PAUSED`,
/// `EXECUTION_NOT_CANCELLABLE`).
package enum EngineRejection: Error, Sendable, Equatable {
    /// Pause of an execution that is not RUNNING.
    case notPausable(currentStatus: ExecutionStatus)
    /// Pause of a RUNNING execution that has one wave only.
    case singleWave
    /// Pause of a RUNNING execution whose every wave has started.
    case noPendingWaves
    /// Resume of an execution that is neither PAUSED nor PAUSE_PENDING.
    case notPaused(currentStatus: ExecutionStatus)
    /// Cancel of a COMPLETED, FAILED or CANCELLED execution.
    case notCancellable(currentStatus: ExecutionStatus)
}
