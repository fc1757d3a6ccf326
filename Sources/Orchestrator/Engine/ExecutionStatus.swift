/// Where an execution is in its lifecycle (spec §3). Stored UPPERCASE (the raw value); execution
/// representations show `apiValue` (lowercase), error bodies quote the raw value.
package enum ExecutionStatus: String, Codable, Sendable, CaseIterable {
    /// Created by the API; the engine has not ticked it yet.
    case pending = "PENDING"
    /// A wave is in flight, or (just after a resume) about to be started by the next tick.
    case running = "RUNNING"
    /// A manual pause was requested while a wave was in flight; it takes effect at the next wave boundary.
    case pausePending = "PAUSE_PENDING"
    /// Waiting for a resume before wave `pausedBeforeWave`; nothing in flight.
    case paused = "PAUSED"
    /// Cancelled while a DRS job was (or may have been) in flight; becomes CANCELLED once it has ended.
    case cancelling = "CANCELLING"
    /// Every wave completed.
    case completed = "COMPLETED"
    /// A wave failed, timed out or could not be started; `errorMessage` says which and why.
    case failed = "FAILED"
    /// Cancelled; no further wave was started after the cancel.
    case cancelled = "CANCELLED"

    /// The statuses that block plan edits and count for server conflicts.
    package static let activeStatuses: [Self] = [.pending, .running, .pausePending, .paused, .cancelling]
    /// The statuses a cancel is accepted in (CANCELLING idempotently), as error bodies list them.
    package static let cancellableStatuses: [Self] = activeStatuses
    /// The statuses a manual pause is accepted in (with waves left to start), as error bodies list them.
    package static let pausableStatuses: [Self] = [.running]
    /// The statuses a resume is accepted in, as error bodies list them.
    package static let resumableStatuses: [Self] = [.paused, .pausePending]

    /// Whether the execution may still change: blocks plan edits and counts for server conflicts.
    package var isActive: Bool { !isTerminal }

    /// Whether the execution has ended; terminal executions are immutable.
    package var isTerminal: Bool {
        switch self {
        case .completed, .failed, .cancelled: return true
        case .pending, .running, .pausePending, .paused, .cancelling: return false
        }
    }

    /// Whether `cancel` accepts the execution (CANCELLING is accepted and left as it is).
    package var isCancellable: Bool { isActive }

    /// The lowercase spelling execution representations carry (`"pause_pending"`).
    package var apiValue: String { rawValue.lowercased() }

    /// The status spelled in any case (`running`, `Pause_Pending`), e.g. from a `status` query
    /// parameter; nil for anything else.
    package init?(caseInsensitive text: String) {
        self.init(rawValue: text.uppercased())
    }
}
