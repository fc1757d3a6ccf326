import DRSModel

/// How the executor's `StartRecovery` call for a wave ended, as `ExecutionEngine.recordStart`
/// takes it. `ExecutionRunner.outcome(of:attempt:)` classifies a failed call.
package enum StartRecoveryOutcome: Sendable, Equatable {
    /// DRS created the job.
    case started(Job)
    /// DRS answered with an error that means no job was created and asking again will not help
    /// (validation, access denied, uninitialized region, servers busy in another job on a first
    /// request): the wave and the execution fail with `reason`.
    case refused(reason: String)
    /// DRS surely created no job but may accept the same request later: it was throttled (after
    /// the client's retries), a quota was reached (20 concurrent jobs, 500 servers in jobs), or no
    /// connection could be made. The wave stays STARTING and the start is requested again after
    /// the engine's `startRetryDelay`, until the wave timeout; such requests do not count against
    /// `maxStartAttempts`.
    case deferred(reason: String)
    /// No job is known and DRS may have created one: the call timed out, lost its connection after
    /// sending, or DRS answered 5xx. The wave stays STARTING: reconciliation (`DescribeJobs`)
    /// adopts the job if one appears, or requests the start again once the lease has run out (at
    /// most `maxStartAttempts` such requests in all). `reason` is kept for the message should the
    /// wave never start.
    case inconclusive(reason: String)
}
