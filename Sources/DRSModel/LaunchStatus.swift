/// How far one server's launch (or termination) in a job has got (`participatingServers[].launchStatus`,
/// `lifeCycle.lastLaunch.status`).
package struct LaunchStatus: DRSEnumeration {
    package let rawValue: String

    package init(rawValue: String) {
        self.rawValue = rawValue
    }

    package static let pending: Self = "PENDING"
    package static let inProgress: Self = "IN_PROGRESS"
    /// The recovery instance was launched: the server counts as recovered.
    package static let launched: Self = "LAUNCHED"
    package static let failed: Self = "FAILED"
    package static let terminated: Self = "TERMINATED"

    /// Whether the server's part of the job has ended (launched, failed or terminated).
    package var isFinal: Bool {
        self == .launched || self == .failed || self == .terminated
    }
}
