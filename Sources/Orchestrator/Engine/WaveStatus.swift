/// Where one wave of an execution is. Stored UPPERCASE, shown lowercase (`apiValue`).
///
/// What a wave's status says once its execution has ended:
/// * `PENDING`: the wave was never started because an earlier wave failed (or timed out, or
///   could not be started). Failure never rewrites the waves after the failed one.
/// * `CANCELLED`: the wave was never started because the execution was cancelled: every `PENDING`
///   wave becomes `CANCELLED` at the cancel, and so does a wave whose start was requested but never
///   made (no DRS job appeared within the start lease).
/// * `COMPLETED` / `FAILED`: the wave's DRS job ran, and this is its outcome — also when the
///   execution was cancelled while the job was in flight (its recovery instances exist).
package enum WaveStatus: String, Codable, Sendable, CaseIterable {
    /// Not started.
    case pending = "PENDING"
    /// The start is recorded (`startRequestedAt`) but no DRS job is known yet: `StartRecovery` is
    /// being called, or the process calling it died (see the engine's reconciliation).
    case starting = "STARTING"
    /// The DRS job (`jobID`) is known and running.
    case launching = "LAUNCHING"
    /// The job completed with every server launched.
    case completed = "COMPLETED"
    /// A server failed or was terminated, the job completed without launching every server, the
    /// wave timed out, or DRS refused to start it.
    case failed = "FAILED"
    /// Never started because the execution was cancelled.
    case cancelled = "CANCELLED"

    /// Whether a DRS job is (or may be) running for the wave: `STARTING` or `LAUNCHING`.
    package var isInFlight: Bool { self == .starting || self == .launching }

    /// Whether the wave has reached its final status.
    package var isFinished: Bool { self == .completed || self == .failed || self == .cancelled }

    /// The lowercase spelling execution representations carry.
    package var apiValue: String { rawValue.lowercased() }
}
