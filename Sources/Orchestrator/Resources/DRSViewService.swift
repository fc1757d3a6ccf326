import DRSModel
import JSONCore

/// The DRS views (spec §4): source servers with their group assignment, and the account's
/// capacity against DRS's limits.
package struct DRSViewService: Sendable {
    package let drs: any DRSGateway
    package let groups: ProtectionGroupService

    package init(drs: any DRSGateway, groups: ProtectionGroupService) {
        self.drs = drs
        self.groups = groups
    }

    /// How a server is held by a group.
    package struct Assignment: Sendable, Equatable {
        package var group: ProtectionGroup
        /// `explicit` or `tag-based`.
        package var type: String
    }

    /// Every source server of `region` with its assignment (ignoring group `excluding`, so a
    /// group being edited sees its own servers as selectable).
    package func sourceServers(region: String, excluding: String?, catalog: ServerCatalog) throws -> [(
        SourceServer, Assignment?
    )] {
        let servers = try catalog.servers(in: region)
        let candidates = try groups.all().filter { $0.region == region && $0.id != excluding }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        var explicit: [String: ProtectionGroup] = [:]
        for group in candidates where !group.selectsByTags {
            for id in group.sourceServerIds where explicit[id] == nil { explicit[id] = group }
        }
        let tagGroups = candidates.filter(\.selectsByTags)
        return servers.map { server in
            if let group = explicit[server.sourceServerID] {
                return (server, Assignment(group: group, type: "explicit"))
            }
            if let group = tagGroups.first(where: { ServerCatalog.matches(server, tags: $0.serverSelectionTags) }) {
                return (server, Assignment(group: group, type: "tag-based"))
            }
            return (server, nil)
        }
    }

    /// DRS's fixed limits (no Service Quotas API exposes them).
    package enum Limits {
        package static let maxServersPerJob = 100
        package static let maxConcurrentJobs = 20
        package static let maxServersInAllJobs = 500
        package static let maxReplicatingServers = 300
        package static let maxSourceServers = 4000
        package static let infoThreshold = 250
        package static let warningThreshold = 280
    }

    package static let replicatingStates: Set<DataReplicationState> = [
        .continuous, .initialSync, .rescan, .creatingSnapshot,
    ]

    /// The capacity status of spec §4 for `replicating` servers, and its sentence.
    package static func capacityStatus(replicating: Int) -> (String, String) {
        let count = "\(replicating)/\(Limits.maxReplicatingServers) replicating servers"
        if replicating >= Limits.maxReplicatingServers { return ("CRITICAL", "Account at hard limit: " + count) }
        if replicating >= Limits.warningThreshold { return ("WARNING", "Approaching hard limit: " + count) }
        if replicating >= Limits.infoThreshold { return ("INFO", "Monitor capacity: " + count) }
        return ("OK", "Capacity OK: " + count)
    }

    /// The active (PENDING or STARTED) jobs of `region`: those among the jobs created within
    /// `ExecutionService.activeJobWindow`, not DRS's whole history.
    package func activeJobs(region: String) throws -> [Job] {
        let since = Timestamp.iso8601(groups.environment.now() - ExecutionService.activeJobWindow)
        do {
            return try drs.jobs(JobFilters(fromDate: since), region: region).filter(\.isActive)
        } catch {
            throw DomainError.drs(error, region: region)
        }
    }

    /// The quota view of spec §4: the region's servers, replicating servers and active jobs against
    /// DRS's limits; `NOT_INITIALIZED` with every count 0 when DRS is not set up in the region.
    package func quotas(region: String, catalog: ServerCatalog) throws -> DRSQuotas {
        let servers: [SourceServer]
        do {
            servers = try catalog.servers(in: region)
        } catch {
            guard error.code == .drsNotInitialized else { throw error }
            return DRSQuotas(
                region: region, sourceServers: 0, replicatingServers: 0, status: "NOT_INITIALIZED",
                message: "DRS not initialized in \(region). Initialize DRS in the AWS Console to use this region.",
                activeJobs: 0, serversInActiveJobs: 0)
        }
        let replicating = servers.filter { $0.replicationState.map(Self.replicatingStates.contains) ?? false }.count
        let (status, message) = Self.capacityStatus(replicating: replicating)
        let jobs = try activeJobs(region: region)
        return DRSQuotas(
            region: region, sourceServers: servers.count, replicatingServers: replicating, status: status,
            message: message, activeJobs: jobs.count,
            serversInActiveJobs: jobs.reduce(0) { $0 + $1.participatingServers.count })
    }
}
