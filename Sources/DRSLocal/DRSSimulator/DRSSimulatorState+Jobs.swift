import DRS
import JSONCore

/// `StartRecovery`, `TerminateRecoveryInstances`, `DescribeJobs` and `DescribeJobLogItems`.
extension DRSSimulatorState {
    func activeJobs(in region: String, at now: Int64) -> [SimulatedJob] {
        jobs.filter { $0.region == region && $0.isActive(at: now) }
    }

    mutating func startRecovery(_ body: [UInt8], region: String, now: Int64) -> DRSSimulatorReply {
        let request: StartRecoveryRequest
        switch decode(StartRecoveryRequest.self, from: body) {
        case .success(let decoded): request = decoded
        case .failure(let reply): return reply
        }
        guard !request.sourceServers.isEmpty else {
            return .validation("sourceServers must not be empty", field: "sourceServers")
        }
        guard request.sourceServers.count <= 200 else {
            return .validation("sourceServers may hold at most 200 servers", field: "sourceServers")
        }
        var requested: [String] = []
        for server in request.sourceServers {
            guard DRSIdentifiers.isSourceServerID(server.sourceServerID) else {
                return .validation(
                    "Invalid sourceServerID '\(server.sourceServerID)': must match s-[0-9a-zA-Z]{17}",
                    field: "sourceServers")
            }
            if !requested.contains(server.sourceServerID) {
                requested.append(server.sourceServerID)
            }
        }
        guard requested.count <= Self.maxServersPerJob else {
            return .quotaExceeded(
                "A job may launch at most \(Self.maxServersPerJob) source servers; \(requested.count) were requested")
        }
        let active = activeJobs(in: region, at: now)
        let busy = Set(active.filter { $0.kind == .launch }.flatMap { $0.participants.map(\.sourceServerID) })
        if let conflicting = requested.first(where: busy.contains) {
            stats.conflicts += 1
            return .conflict(
                "Source server \(conflicting) is already being launched by another job",
                resourceID: conflicting, resourceType: "SOURCE_SERVER")
        }
        guard active.count < Self.maxConcurrentJobs else {
            return .quotaExceeded("At most \(Self.maxConcurrentJobs) jobs may run at once in \(region)")
        }
        let serversInJobs = active.reduce(0) { $0 + $1.participants.count }
        guard serversInJobs + requested.count <= Self.maxServersInActiveJobs else {
            return .quotaExceeded(
                "At most \(Self.maxServersInActiveJobs) source servers may be in running jobs at once in \(region)")
        }

        let known = Set((inventory.regions[region] ?? []).compactMap { $0["sourceServerID"]?.stringValue })
        var participants: [SimulatedJob.Participant] = []
        for id in requested where known.contains(id) {
            participants.append(
                SimulatedJob.Participant(
                    sourceServerID: id,
                    recoveryInstanceID: newInstanceID(),
                    fails: settings.failLaunch.contains(id)
                ))
        }
        let job = SimulatedJob(
            jobID: newJobID(),
            region: region,
            kind: .launch,
            initiatedBy: request.isDrill == true ? .startDrill : .startRecovery,
            isDrill: request.isDrill == true,
            createdAt: now,
            startsAt: now + settings.jobStartDelayMilliseconds,
            endsAt: now + settings.jobStartDelayMilliseconds + settings.jobDurationMilliseconds,
            participants: participants,
            skippedServerIDs: requested.filter { !known.contains($0) },
            tags: request.tags ?? [:]
        )
        jobs.append(job)
        stats.jobsCreated += 1
        var reply = DRSSimulatorReply.json(202, encoding: DRSJobResponse(job: job.job(at: now, accountID: accountID)))
        if settings.startRecoveryAnswerDelayMilliseconds > 0 {
            reply.delayMilliseconds = settings.startRecoveryAnswerDelayMilliseconds
            stats.slowAnswers[DRSOperation.startRecovery.rawValue, default: 0] += 1
        }
        return reply
    }

    mutating func terminateRecoveryInstances(_ body: [UInt8], region: String, now: Int64) -> DRSSimulatorReply {
        let request: TerminateRecoveryInstancesRequest
        switch decode(TerminateRecoveryInstancesRequest.self, from: body) {
        case .success(let decoded): request = decoded
        case .failure(let reply): return reply
        }
        guard !request.recoveryInstanceIDs.isEmpty, request.recoveryInstanceIDs.count <= 200 else {
            return .validation("recoveryInstanceIDs must hold 1 to 200 IDs", field: "recoveryInstanceIDs")
        }
        if let invalid = request.recoveryInstanceIDs.first(where: { !DRSIdentifiers.isInstanceID($0) }) {
            return .validation(
                "Invalid recoveryInstanceID '\(invalid)': must match i-[0-9a-fA-F]{8,}", field: "recoveryInstanceIDs")
        }
        let live = liveInstances(in: region, at: now)
        var participants: [SimulatedJob.Participant] = []
        for id in request.recoveryInstanceIDs where !participants.contains(where: { $0.recoveryInstanceID == id }) {
            guard let instance = live.first(where: { $0.id == id }), !instance.isTerminating else {
                return .conflict(
                    "Recovery instance \(id) does not exist or is already being terminated",
                    resourceID: id, resourceType: "RECOVERY_INSTANCE")
            }
            participants.append(
                SimulatedJob.Participant(
                    sourceServerID: instance.sourceServerID, recoveryInstanceID: id, fails: false))
        }
        guard activeJobs(in: region, at: now).count < Self.maxConcurrentJobs else {
            return .quotaExceeded("At most \(Self.maxConcurrentJobs) jobs may run at once in \(region)")
        }
        let job = SimulatedJob(
            jobID: newJobID(),
            region: region,
            kind: .terminate,
            initiatedBy: .terminateRecoveryInstances,
            isDrill: false,
            createdAt: now,
            startsAt: now + settings.jobStartDelayMilliseconds,
            endsAt: now + settings.jobStartDelayMilliseconds + settings.jobDurationMilliseconds,
            participants: participants,
            skippedServerIDs: [],
            tags: [:]
        )
        jobs.append(job)
        stats.jobsCreated += 1
        return .json(200, encoding: DRSJobResponse(job: job.job(at: now, accountID: accountID)))
    }

    func describeJobs(_ body: [UInt8], region: String, now: Int64) -> DRSSimulatorReply {
        let request: DRSListRequest<JobFilters>
        switch decode(DRSListRequest<JobFilters>.self, from: body) {
        case .success(let decoded): request = decoded
        case .failure(let reply): return reply
        }
        let filters = request.filters ?? JobFilters()
        var from: Int64?
        var to: Int64?
        if let text = filters.fromDate {
            guard let parsed = DRSTimestamp.millisecondsSince1970(text) else {
                return .validation("Invalid fromDate '\(text)'", field: "filters.fromDate")
            }
            from = parsed
        }
        if let text = filters.toDate {
            guard let parsed = DRSTimestamp.millisecondsSince1970(text) else {
                return .validation("Invalid toDate '\(text)'", field: "filters.toDate")
            }
            to = parsed
        }
        let wanted = filters.jobIDs.flatMap { $0.isEmpty ? nil : Set($0) }
        // Newest first, as the DRS console lists them.
        let matching = jobs.reversed().filter { job in
            job.region == region
                && (wanted?.contains(job.jobID) ?? true)
                && (from.map { job.createdAt >= $0 } ?? true)
                && (to.map { job.createdAt <= $0 } ?? true)
        }
        switch page(matching, maxResults: request.maxResults, nextToken: request.nextToken) {
        case .success(let page):
            let items = page.items.map { $0.job(at: now, accountID: accountID) }
            return .json(200, encoding: DRSPage(items: items, nextToken: page.nextToken))
        case .failure(let reply):
            return reply
        }
    }

    func describeJobLogItems(_ body: [UInt8], region: String, now: Int64) -> DRSSimulatorReply {
        let request: JobLogItemsRequest
        switch decode(JobLogItemsRequest.self, from: body) {
        case .success(let decoded): request = decoded
        case .failure(let reply): return reply
        }
        guard DRSIdentifiers.isJobID(request.jobID) else {
            return .validation("Invalid jobID '\(request.jobID)': must match drsjob-[0-9a-zA-Z]{17}", field: "jobID")
        }
        let items = jobs.first { $0.region == region && $0.jobID == request.jobID }?.logItems(at: now) ?? []
        switch page(items, maxResults: request.maxResults, nextToken: request.nextToken) {
        case .success(let page):
            return .json(200, encoding: DRSPage(items: page.items, nextToken: page.nextToken))
        case .failure(let reply):
            return reply
        }
    }
}
