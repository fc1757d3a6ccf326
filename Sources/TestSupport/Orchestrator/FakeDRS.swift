import AWSCore
import DRS
import Orchestrator
import Synchronization

/// A `DRSGateway` in memory: source servers per region, regions left uninitialized, jobs whose
/// progress the test sets, injected failures, and a count of every call.
package final class FakeDRS: DRSGateway {
    package struct State: Sendable {
        package var servers: [String: [SourceServer]] = [:]
        package var uninitializedRegions: Set<String> = []
        package var jobs: [String: (region: String, job: Job)] = [:]
        package var instances: [String: [RecoveryInstance]] = [:]
        /// Errors the next calls of an operation throw, in order (before the call has any effect).
        package var failures: [DRSOperation: [any Error]] = [:]
        /// Errors the next `StartRecovery` calls throw *after* creating their job, in order: an
        /// answer lost on the way back (timeout, reset, 5xx).
        package var lostStartAnswers: [any Error] = []
        /// Whether `StartRecovery` refuses servers that are in an active LAUNCH job with a
        /// `ConflictException`, as DRS does (off by default so that tests can fill DRS's capacity
        /// with jobs for the same servers).
        package var conflictOnBusyServers = false
        /// The deadline each `StartRecovery` call was given, in order.
        package var startDeadlines: [Int64?] = []
        /// Every call, as `Operation region`.
        package var calls: [String] = []
        package var nextJobNumber = 1
        /// Milliseconds since the epoch stamped on new jobs.
        package var now: Int64 = 1_800_000_000_000
        /// Every `DescribeJobs` call's filters, in order.
        package var jobFilterLog: [JobFilters] = []
        /// The ids of every `DescribeSourceServers` call filtered by id, in order.
        package var sourceServerIDFilters: [[String]] = []
    }

    package let state = Mutex(State())

    package init() {}

    /// A server with the given tags and hostname (replication healthy).
    package static func server(
        _ id: String, hostname: String? = nil, tags: [String: String] = [:],
        replication: DataReplicationState = .continuous
    ) -> SourceServer {
        SourceServer(
            sourceServerID: id, tags: tags,
            dataReplicationInfo: .init(dataReplicationState: replication, lagDuration: "PT1S"),
            sourceProperties: .init(
                identificationHints: .init(hostname: hostname ?? "host-\(id)", awsInstanceID: "i-\(id)")))
    }

    package func add(_ servers: [SourceServer], region: String) {
        state.withLock { $0.servers[region, default: []] += servers }
    }

    package func calls(_ operation: DRSOperation) -> Int {
        state.withLock { state in state.calls.filter { $0.hasPrefix(operation.rawValue + " ") }.count }
    }

    private func record(_ operation: DRSOperation, _ region: String) throws {
        try state.withLock { state in
            state.calls.append("\(operation.rawValue) \(region)")
            if var queued = state.failures[operation], !queued.isEmpty {
                let failure = queued.removeFirst()
                state.failures[operation] = queued
                throw failure
            }
            if state.uninitializedRegions.contains(region) {
                throw DRSError(
                    code: .uninitialized, operation: operation, region: region,
                    message: "Account not initialized")
            }
        }
    }

    package func sourceServers(region: String) throws -> [SourceServer] {
        try record(.describeSourceServers, region)
        return state.withLock { $0.servers[region] ?? [] }
    }

    package func sourceServers(ids: [String], region: String) throws -> [SourceServer] {
        try record(.describeSourceServers, region)
        state.withLock { $0.sourceServerIDFilters.append(ids) }
        let wanted = Set(ids)
        return state.withLock { ($0.servers[region] ?? []).filter { wanted.contains($0.sourceServerID) } }
    }

    /// Every `DescribeJobs` call's filters, in order.
    package var jobFilters: [JobFilters] {
        state.withLock { $0.jobFilterLog }
    }

    package func jobs(_ filters: JobFilters, region: String, deadline: Int64?) throws -> [Job] {
        try record(.describeJobs, region)
        let from = filters.fromDate.flatMap(DRSTimestamp.millisecondsSince1970)
        let to = filters.toDate.flatMap(DRSTimestamp.millisecondsSince1970)
        return state.withLock { state in
            state.jobFilterLog.append(filters)
            return state.jobs.values.filter { $0.region == region }.map(\.job)
                .filter { job in filters.jobIDs.map { $0.contains(job.jobID) } ?? true }
                .filter { job in
                    let created = job.creationMilliseconds ?? 0
                    return created >= (from ?? Int64.min) && created <= (to ?? Int64.max)
                }
                .sorted { $0.jobID < $1.jobID }
        }
    }

    package func startRecovery(serverIDs: [String], isDrill: Bool, region: String, deadline: Int64? = nil) throws -> Job
    {
        state.withLock { $0.startDeadlines.append(deadline) }
        try record(.startRecovery, region)
        let (job, lost): (Job, (any Error)?) = try state.withLock { state in
            let busy = Set(
                state.jobs.values.filter { $0.region == region && $0.job.type == .launch && $0.job.isActive }
                    .flatMap { $0.job.participatingServers.map(\.sourceServerID) }
            ).intersection(serverIDs)
            if state.conflictOnBusyServers, !busy.isEmpty {
                let message = "Source servers already in an active job: \(busy.sorted().joined(separator: ", "))"
                throw DRSError(
                    code: .conflict, operation: .startRecovery, region: region, message: message,
                    serviceError: AWSServiceError(rawCode: "ConflictException", message: message, status: 409))
            }
            let id = "drsjob-\(String(state.nextJobNumber + 10_000_000_000_000_000).suffix(17))"
            state.nextJobNumber += 1
            let job = Job(
                jobID: id, type: .launch, initiatedBy: isDrill ? .startDrill : .startRecovery,
                creationDateTime: Timestamp.iso8601(state.now), status: .pending,
                participatingServers: serverIDs.map { .init(sourceServerID: $0, launchStatus: .pending) })
            state.jobs[id] = (region, job)
            let lost = state.lostStartAnswers.isEmpty ? nil : state.lostStartAnswers.removeFirst()
            return (job, lost)
        }
        if let lost { throw lost }
        return job
    }

    package func recoveryInstances(sourceServerIDs: [String], region: String) throws -> [RecoveryInstance] {
        try record(.describeRecoveryInstances, region)
        let wanted = Set(sourceServerIDs)
        return state.withLock { ($0.instances[region] ?? []).filter { wanted.contains($0.sourceServerID ?? "") } }
    }

    package func terminateRecoveryInstances(_ ids: [String], region: String) throws -> Job {
        try record(.terminateRecoveryInstances, region)
        return state.withLock { state in
            let id = "drsjob-t\(String(state.nextJobNumber + 10_000_000_000_000_000).suffix(16))"
            state.nextJobNumber += 1
            state.instances[region]?.removeAll { ids.contains($0.recoveryInstanceID) }
            let job = Job(jobID: id, type: .terminate, status: .started)
            state.jobs[id] = (region, job)
            return job
        }
    }

    /// Moves job `id` on: its status, and every server's launch status (with a recovery instance
    /// for the launched ones).
    package func progress(_ id: String, status: Job.Status, launch: (String) -> LaunchStatus) {
        state.withLock { state in
            guard var entry = state.jobs[id] else { return }
            entry.job.status = status
            for index in entry.job.participatingServers.indices {
                let server = entry.job.participatingServers[index].sourceServerID
                let result = launch(server)
                entry.job.participatingServers[index].launchStatus = result
                if result == .launched {
                    let instance = "i-rec-\(server)"
                    entry.job.participatingServers[index].recoveryInstanceID = instance
                    if !(state.instances[entry.region] ?? []).contains(where: { $0.recoveryInstanceID == instance }) {
                        state.instances[entry.region, default: []].append(
                            RecoveryInstance(
                                recoveryInstanceID: instance, jobID: id, sourceServerID: server, isDrill: true))
                    }
                }
            }
            state.jobs[id] = entry
        }
    }
}
