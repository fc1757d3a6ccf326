/// The `filters` of `DescribeSourceServers`. Every filter left nil matches all servers.
package struct SourceServerFilters: Codable, Sendable, Equatable {
    /// Only these servers (at most 200 per call).
    package var sourceServerIDs: [String]?
    /// Only the server with this EC2 instance ID, VMware UUID or MAC address.
    package var hardwareID: String?
    /// Only servers extended from these staging accounts.
    package var stagingAccountIDs: [String]?

    enum CodingKeys: String, CodingKey {
        case sourceServerIDs
        case hardwareID = "hardwareId"
        case stagingAccountIDs
    }

    /// Filters; none set by default.
    package init(sourceServerIDs: [String]? = nil, hardwareID: String? = nil, stagingAccountIDs: [String]? = nil) {
        self.sourceServerIDs = sourceServerIDs
        self.hardwareID = hardwareID
        self.stagingAccountIDs = stagingAccountIDs
    }

    /// Whether no filter is set (the request then omits `filters`).
    package var isEmpty: Bool {
        sourceServerIDs == nil && hardwareID == nil && stagingAccountIDs == nil
    }
}
