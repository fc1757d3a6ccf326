/// One source server of a wave and how far its launch has got, as the wave's DRS job last reported.
package struct ServerProgress: Codable, Sendable, Equatable {
    package var sourceServerID: String
    /// From the protection group's resolution at start, when known.
    package var hostname: String?
    /// The DRS `launchStatus` as DRS spells it (`PENDING`, `IN_PROGRESS`, `LAUNCHED`, `FAILED`,
    /// `TERMINATED`, or a value newer than this code); `PENDING` until the job reports the server.
    package var launchStatus: String
    /// The recovery instance (`i-…`) once DRS has created it.
    package var recoveryInstanceID: String?
    /// Why the server counts against its wave (`launch FAILED`, `not launched when the job completed`).
    package var error: String?

    enum CodingKeys: String, CodingKey {
        case sourceServerID = "sourceServerId"
        case recoveryInstanceID = "recoveryInstanceId"
        case hostname, launchStatus, error
    }

    /// A server's progress; `PENDING` with nothing launched by default.
    package init(
        sourceServerID: String,
        hostname: String? = nil,
        launchStatus: String = "PENDING",
        recoveryInstanceID: String? = nil,
        error: String? = nil
    ) {
        self.sourceServerID = sourceServerID
        self.hostname = hostname
        self.launchStatus = launchStatus
        self.recoveryInstanceID = recoveryInstanceID
        self.error = error
    }
}
