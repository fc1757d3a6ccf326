/// The body of `TerminateRecoveryInstances`.
package struct TerminateRecoveryInstancesRequest: Codable, Sendable, Equatable {
    /// At most 200.
    package var recoveryInstanceIDs: [String]

    /// A request terminating `recoveryInstanceIDs`.
    package init(recoveryInstanceIDs: [String]) {
        self.recoveryInstanceIDs = recoveryInstanceIDs
    }
}
