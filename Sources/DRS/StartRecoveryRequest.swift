/// The body of `StartRecovery`: the servers to launch, drill or recovery, and the job's tags.
package struct StartRecoveryRequest: Codable, Sendable, Equatable {
    /// At most 200 (DRS's quota is 100 servers per job).
    package var sourceServers: [Server]
    /// A drill launches test instances; a recovery launches for real.
    package var isDrill: Bool?
    /// Tags of the job. Nil (omitted) by default: the earlier implementation found that sending tags
    /// made DRS skip the CONVERSION phase of the launch, and removed them.
    package var tags: [String: String]?

    /// A request for one job.
    package init(sourceServers: [Server], isDrill: Bool? = nil, tags: [String: String]? = nil) {
        self.sourceServers = sourceServers
        self.isDrill = isDrill
        self.tags = tags
    }

    /// One server to launch.
    package struct Server: Codable, Sendable, Equatable {
        package var sourceServerID: String
        /// The point-in-time snapshot (`pit-…`) to launch from; nil for the latest.
        package var recoverySnapshotID: String?

        /// A server to launch from its latest snapshot, or from `recoverySnapshotID`.
        package init(sourceServerID: String, recoverySnapshotID: String? = nil) {
            self.sourceServerID = sourceServerID
            self.recoverySnapshotID = recoverySnapshotID
        }
    }
}
