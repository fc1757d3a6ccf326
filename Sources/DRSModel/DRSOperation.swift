/// The DRS operations this project calls (and drs-local's simulator serves). DRS speaks REST-JSON:
/// each operation is `POST /<Operation>` with a JSON body.
package enum DRSOperation: String, Sendable, CaseIterable, CustomStringConvertible {
    case describeSourceServers = "DescribeSourceServers"
    case startRecovery = "StartRecovery"
    case describeJobs = "DescribeJobs"
    case describeJobLogItems = "DescribeJobLogItems"
    case describeRecoveryInstances = "DescribeRecoveryInstances"
    case terminateRecoveryInstances = "TerminateRecoveryInstances"

    /// The request path, e.g. `/DescribeSourceServers`.
    package var path: String { "/" + rawValue }

    /// The operation served at `path` (`/StartRecovery`), nil for any other path.
    package init?(path: some StringProtocol) {
        guard path.hasPrefix("/") else { return nil }
        self.init(rawValue: String(path.dropFirst()))
    }

    package var description: String { rawValue }
}
