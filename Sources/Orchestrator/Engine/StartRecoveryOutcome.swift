import DRS

/// How the executor's `StartRecovery` call for a wave ended, as `ExecutionEngine.recordStart`
/// takes it.
package enum StartRecoveryOutcome: Sendable, Equatable {
    /// DRS created the job.
    case started(Job)
    /// DRS answered with an error that means no job was created and asking again will not help
    /// (validation, conflict, quota, access denied, uninitialized region): the wave and the
    /// execution fail with `reason`.
    case refused(reason: String)
    /// No job is known: the call timed out or lost its connection (DRS may or may not have
    /// created the job), or DRS was still throttling after retries. The wave stays STARTING:
    /// reconciliation adopts the job if one appears, or requests the start again once the lease
    /// has run out (at most `maxStartAttempts` requests in all). `reason` is kept for the message
    /// should the wave never start.
    case inconclusive(reason: String)
}
