import DRSModel
import JSONCore
import Orchestrator

/// A DRS source server as the views show it (spec §4): empty strings where DRS says nothing.
package struct SourceServerResponse: Encodable {
    package var sourceServerID: String
    package var hostname: String
    package var sourceInstanceId: String
    package var sourceIp: String
    package var os: String
    package var replicationState: String
    package var lagDuration: String
    package var lastSeen: String
    package var tags: [String: String]

    package init(_ server: SourceServer) {
        sourceServerID = server.sourceServerID
        hostname = server.hostname ?? ""
        sourceInstanceId = server.sourceInstanceID ?? ""
        sourceIp = server.sourceProperties?.primaryIP ?? ""
        os = server.sourceProperties?.os?.fullString ?? ""
        replicationState = server.replicationState?.rawValue ?? "UNKNOWN"
        lagDuration = server.dataReplicationInfo?.lagDuration ?? ""
        lastSeen = server.lifeCycle?.lastSeenByServiceDateTime ?? ""
        tags = server.tags
    }
}

/// Which group holds a server, if any, and so whether a group being edited may select it.
package struct ServerAssignmentResponse: Encodable {
    /// Null when no group holds the server.
    @Nullable package var assignedToProtectionGroup: Group?
    package var selectable: Bool

    package struct Group: Encodable {
        package var protectionGroupId: String
        package var protectionGroupName: String
        /// `explicit` or `tag-based`.
        package var assignmentType: String
    }

    package init(_ assignment: DRSViewService.Assignment?) {
        assignedToProtectionGroup = assignment.map {
            Group(protectionGroupId: $0.group.id, protectionGroupName: $0.group.name, assignmentType: $0.type)
        }
        selectable = assignment == nil
    }
}

/// `GET /drs/source-servers`: a region's servers, each with its assignment, and the counts.
package struct SourceServerListResponse: Encodable {
    package var region: String
    package var initialized = true
    package var servers: [Combined<SourceServerResponse, ServerAssignmentResponse>]
    package var totalCount: Int
    package var availableCount: Int
    package var assignedCount: Int

    package init(region: String, servers: [(SourceServer, DRSViewService.Assignment?)]) {
        self.region = region
        self.servers = servers.map { Combined(SourceServerResponse($0.0), ServerAssignmentResponse($0.1)) }
        let assigned = servers.filter { $0.1 != nil }.count
        totalCount = servers.count
        availableCount = servers.count - assigned
        assignedCount = assigned
    }
}

/// `GET /drs/quotas`: DRS's fixed limits and the region's use of them (spec §4).
package struct QuotasResponse: Encodable {
    package var region: String
    package var limits = Limits()
    package var capacity: Capacity
    package var concurrentJobs: ConcurrentJobs
    package var serversInJobs: ServersInJobs

    package struct Limits: Encodable {
        var maxServersPerJob = DRSViewService.Limits.maxServersPerJob
        var maxConcurrentJobs = DRSViewService.Limits.maxConcurrentJobs
        var maxServersInAllJobs = DRSViewService.Limits.maxServersInAllJobs
        var maxReplicatingServers = DRSViewService.Limits.maxReplicatingServers
        var maxSourceServers = DRSViewService.Limits.maxSourceServers

        enum CodingKeys: String, CodingKey {
            case maxServersPerJob = "MAX_SERVERS_PER_JOB"
            case maxConcurrentJobs = "MAX_CONCURRENT_JOBS"
            case maxServersInAllJobs = "MAX_SERVERS_IN_ALL_JOBS"
            case maxReplicatingServers = "MAX_REPLICATING_SERVERS"
            case maxSourceServers = "MAX_SOURCE_SERVERS"
        }
    }

    package struct Capacity: Encodable {
        package var totalSourceServers: Int
        package var replicatingServers: Int
        package var availableReplicatingSlots: Int
        /// `OK`, `INFO`, `WARNING`, `CRITICAL` or `NOT_INITIALIZED`.
        package var status: String
        package var message: String
    }

    package struct ConcurrentJobs: Encodable {
        package var current: Int
        package var max = DRSViewService.Limits.maxConcurrentJobs
        package var available: Int
    }

    package struct ServersInJobs: Encodable {
        package var current: Int
        package var max = DRSViewService.Limits.maxServersInAllJobs
    }

    package init(_ quotas: DRSQuotas) {
        region = quotas.region
        capacity = Capacity(
            totalSourceServers: quotas.sourceServers, replicatingServers: quotas.replicatingServers,
            availableReplicatingSlots: max(0, DRSViewService.Limits.maxReplicatingServers - quotas.replicatingServers),
            status: quotas.status, message: quotas.message)
        concurrentJobs = ConcurrentJobs(
            current: quotas.activeJobs,
            available: max(0, DRSViewService.Limits.maxConcurrentJobs - quotas.activeJobs))
        serversInJobs = ServersInJobs(current: quotas.serversInActiveJobs)
    }
}
