/// The `filters` of `DescribeRecoveryInstances`. Every filter left nil matches all instances.
package struct RecoveryInstanceFilters: Codable, Sendable, Equatable {
    /// Only these recovery instances (at most 200 per call).
    package var recoveryInstanceIDs: [String]?
    /// Only instances launched for these source servers.
    package var sourceServerIDs: [String]?

    /// Filters; none set by default.
    package init(recoveryInstanceIDs: [String]? = nil, sourceServerIDs: [String]? = nil) {
        self.recoveryInstanceIDs = recoveryInstanceIDs
        self.sourceServerIDs = sourceServerIDs
    }

    /// Whether no filter is set (the request then omits `filters`).
    package var isEmpty: Bool {
        recoveryInstanceIDs == nil && sourceServerIDs == nil
    }
}
