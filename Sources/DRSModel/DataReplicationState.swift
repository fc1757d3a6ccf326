/// A source server's replication state (`dataReplicationInfo.dataReplicationState`).
package struct DataReplicationState: DRSEnumeration {
    package let rawValue: String

    package init(rawValue: String) {
        self.rawValue = rawValue
    }

    package static let stopped: Self = "STOPPED"
    package static let initiating: Self = "INITIATING"
    package static let initialSync: Self = "INITIAL_SYNC"
    package static let backlog: Self = "BACKLOG"
    package static let creatingSnapshot: Self = "CREATING_SNAPSHOT"
    /// Replicating normally: the server can be recovered from a recent point in time.
    package static let continuous: Self = "CONTINUOUS"
    package static let paused: Self = "PAUSED"
    package static let rescan: Self = "RESCAN"
    package static let stalled: Self = "STALLED"
    package static let disconnected: Self = "DISCONNECTED"
}
