import DRS

/// The DRS operations the domain uses, one region per call; `DRSClient` in production, a fake in
/// unit tests. Every list follows its pages to the end.
///
/// Errors are `DRSError` (`.uninitialized` for a region where DRS was never set up) or a transport
/// failure.
package protocol DRSGateway: Sendable {
    /// Every source server in `region`.
    func sourceServers(region: String) throws -> [SourceServer]
    /// The source servers with these ids in `region` (unknown ids are simply absent).
    func sourceServers(ids: [String], region: String) throws -> [SourceServer]
    /// The jobs matching `filters` in `region`; no attempt runs past `deadline` (milliseconds since
    /// the epoch) when one is given.
    func jobs(_ filters: JobFilters, region: String, deadline: Int64?) throws -> [Job]
    /// One LAUNCH job for `serverIDs`: a drill or a recovery; no attempt runs past `deadline`
    /// (milliseconds since the epoch) when one is given.
    func startRecovery(serverIDs: [String], isDrill: Bool, region: String, deadline: Int64?) throws -> Job
    /// The recovery instances launched from these source servers.
    func recoveryInstances(sourceServerIDs: [String], region: String) throws -> [RecoveryInstance]
    /// Terminates recovery instances; returns the TERMINATE job.
    func terminateRecoveryInstances(_ ids: [String], region: String) throws -> Job
}

extension DRSGateway {
    /// The jobs matching `filters` in `region`, with no deadline but the client's own.
    package func jobs(_ filters: JobFilters, region: String) throws -> [Job] {
        try jobs(filters, region: region, deadline: nil)
    }
}

extension DRSClient: DRSGateway {
    package func sourceServers(region: String) throws -> [SourceServer] {
        try allSourceServers(region: region)
    }

    package func sourceServers(ids: [String], region: String) throws -> [SourceServer] {
        guard !ids.isEmpty else { return [] }
        var servers: [SourceServer] = []
        // DescribeSourceServers takes at most 200 ids per filter.
        for start in stride(from: 0, to: ids.count, by: 200) {
            let chunk = Array(ids[start..<min(start + 200, ids.count)])
            servers += try allSourceServers(filters: SourceServerFilters(sourceServerIDs: chunk), region: region)
        }
        return servers
    }

    package func jobs(_ filters: JobFilters, region: String, deadline: Int64?) throws -> [Job] {
        try allJobs(filters: filters, region: region, deadlineMilliseconds: deadline)
    }

    package func startRecovery(serverIDs: [String], isDrill: Bool, region: String, deadline: Int64?) throws -> Job {
        try startRecovery(
            sourceServers: serverIDs.map { StartRecoveryRequest.Server(sourceServerID: $0) }, isDrill: isDrill,
            region: region, deadlineMilliseconds: deadline)
    }

    package func recoveryInstances(sourceServerIDs: [String], region: String) throws -> [RecoveryInstance] {
        guard !sourceServerIDs.isEmpty else { return [] }
        return try allRecoveryInstances(
            filters: RecoveryInstanceFilters(sourceServerIDs: sourceServerIDs), region: region)
    }

    package func terminateRecoveryInstances(_ ids: [String], region: String) throws -> Job {
        try terminateRecoveryInstances(recoveryInstanceIDs: ids, region: region)
    }
}
