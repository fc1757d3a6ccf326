import DRSModel

/// The DRS operations the domain uses, one region per call; `DRSClient` in production (through
/// AWSAdapters), a fake in unit tests. Every list follows its pages to the end.
///
/// Errors are `DRSError` (`.uninitialized` for a region where DRS was never set up) or
/// `DRSUnreachable` (DRS was not asked, or its answer was lost).
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
