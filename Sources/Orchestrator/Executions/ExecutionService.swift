import DRSModel
import DynamoDBModel
import JSONCore

/// Executions (spec §2.3, §3): the start with every check of the spec in its order, the reads,
/// pause/resume/cancel through the engine, drill clean-up and delete.
package struct ExecutionService: Sendable {
    package let records: ExecutionRecords
    package let plans: RecoveryPlanService
    package let runner: ExecutionRunner
    package var store: any RecordStore { records.store }
    package var engine: ExecutionEngine { runner.engine }
    package var drs: any DRSGateway { runner.drs }
    package var environment: DomainEnvironment { runner.environment }

    package init(plans: RecoveryPlanService, runner: ExecutionRunner) {
        self.records = runner.records
        self.plans = plans
        self.runner = runner
    }

    /// A start request as sent (nil = not sent).
    package struct StartRequest: Sendable, Equatable {
        package var planID: String?
        package var executionType: String?
        package var initiatedBy: String
        package var invocationSource: String?
        package var invocationDetails: JSONValue?
        package var clientToken: String?

        package init(
            planID: String?, executionType: String?, initiatedBy: String, invocationSource: String? = nil,
            invocationDetails: JSONValue? = nil, clientToken: String? = nil
        ) {
            self.planID = planID
            self.executionType = executionType
            self.initiatedBy = initiatedBy
            self.invocationSource = invocationSource
            self.invocationDetails = invocationDetails
            self.clientToken = clientToken
        }
    }

    // MARK: Start

    /// DRS's limits checked at start.
    package static let maxServersPerWave = DRSViewService.Limits.maxServersPerJob
    package static let unhealthyReplication: Set<DataReplicationState> = [.disconnected, .stopped, .stalled]

    /// Starts an execution of a plan.
    /// - Returns: the new execution (PENDING), or the earlier one a retried `clientToken` names.
    /// - Throws: the spec §2.3 errors, in its order.
    package func start(_ request: StartRequest, catalog: ServerCatalog) throws -> Execution {
        guard let planID = request.planID?.trimmingWhitespace(), !planID.isEmpty else {
            throw DomainError(
                .missingField, "recoveryPlanId is required - specify which Recovery Plan to execute",
                context: [.init("field", "recoveryPlanId")])
        }
        guard let typeText = request.executionType else {
            throw DomainError(
                .missingField, "executionType is required - must be DRILL or RECOVERY",
                context: [.init("field", "executionType"), .init("allowedValues", ["DRILL", "RECOVERY"])])
        }
        guard let type = ExecutionType(caseInsensitive: typeText) else {
            throw DomainError(
                .invalidExecutionType, "ExecutionType must be DRILL or RECOVERY, got: \(typeText)",
                context: [
                    .init("field", "executionType"), .init("providedValue", .string(typeText)),
                    .init("allowedValues", ["DRILL", "RECOVERY"]),
                ])
        }
        try Self.checkInvocationDetails(request.invocationDetails)
        if let token = request.clientToken, let earlier = try replay(token: token, planID: planID, type: type) {
            return earlier
        }
        var jobCache: [String: Result<[Job], DomainError>] = [:]
        return try OptimisticWrite.run(sleep: environment.sleep) {
            if let token = request.clientToken, let earlier = try replay(token: token, planID: planID, type: type) {
                return earlier
            }
            let plan = try plans.get(planID)
            guard !plan.waves.isEmpty else {
                throw DomainError(
                    .planHasNoWaves,
                    "Recovery Plan \"\(plan.name)\" has no waves configured - add at least one wave before executing",
                    context: [.init("planId", .string(plan.id)), .init("planName", .string(plan.name))])
            }
            if let active = plan.activeExecutionId {
                throw DomainError(
                    .planAlreadyExecuting, "This Recovery Plan already has an execution in progress",
                    context: [.init("activeExecutions", [.string(active)]), .init("planId", .string(plan.id))])
            }
            // DRS first (cached across attempts): the serialized part below is DynamoDB only, so
            // concurrent starts contend for milliseconds, not for the length of DRS calls.
            let groups = try store.get(.protectionGroups, keys: plan.protectionGroupIds).map {
                try RecordCoding.record(ProtectionGroup.self, $0)
            }
            let groupsByID = Dictionary(groups.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let waves = try snapshot(plan, groups: groupsByID, catalog: catalog)
            let jobs = activeJobs(in: Set(waves.map(\.wave.region)), cache: &jobCache)

            let sequence = try store.get(.executions, key: ExecutionRecords.startSequenceKey)
            let sequenceVersion = sequence?["version"]?.numberText.flatMap { Int($0) }
            let running = try ActiveExecution.all(in: store, sequence: sequence)
            let active = running.filter { $0.planId != plan.id }
            try checkConflicts(waves, active: active)
            try checkWaveSizes(waves)
            try checkCapacity(waves, activeJobs: jobs, starting: active.compactMap(\.startingWave))
            try checkReplication(waves, catalog: catalog)

            let now = environment.now()
            let execution = Execution(
                executionID: environment.newID(), planID: plan.id, planName: plan.name, executionType: type,
                waves: waves.map(\.wave), startTime: now, initiatedBy: request.initiatedBy,
                invocationSource: request.invocationSource, invocationDetails: request.invocationDetails,
                clientToken: request.clientToken)
            var writes: [RecordWrite] = [
                .put(.executions, try Self.boundedItem(execution), .absent),
                .update(
                    .recoveryPlans, key: plan.id,
                    RecordUpdate(
                        set: [
                            "activeExecutionId": .string(execution.executionID),
                            "lastExecutionId": .string(execution.executionID),
                            "lastExecutionStatus": .string(execution.status.rawValue),
                            "lastStartTime": .number(String(now)),
                        ], remove: ["lastEndTime"]),
                    // The snapshot is of this version of the plan: an edit committed since the
                    // read makes the start read again.
                    StoreCondition(exists: true, version: plan.version, absentAttributes: ["activeExecutionId"])),
                .put(
                    .executions,
                    [
                        RecordKey.attribute: .string(ExecutionRecords.startSequenceKey),
                        RecordKey.kind: .string(Guard.kind), "version": .number(String((sequenceVersion ?? 0) + 1)),
                        ActiveExecution.registerAttribute: ActiveExecution.register(
                            running, adding: execution.executionID),
                    ], sequenceVersion.map { StoreCondition(version: $0) } ?? .absent),
            ]
            // The snapshot holds only if no group changed since it was read (a group edit checks
            // the plans the other way round).
            writes += groups.map {
                .check(.protectionGroups, key: $0.id, StoreCondition(version: $0.version))
            }
            if let token = request.clientToken {
                var claim = Guard.item(Self.tokenKey(token), owner: execution.executionID)
                claim["fingerprint"] = .string(Self.fingerprint(planID: planID, type: type))
                writes.append(.put(.executions, claim, .absent))
            }
            try store.write(writes)
            runner.metrics(ExecutionMetrics.startedLine(for: execution))
            return execution
        }
    }

    /// The start body's `invocationDetails` are stored with the execution: at most this many
    /// bytes of JSON.
    package static let maxInvocationDetailsBytes = 8 * 1024
    /// A new execution's record stays under this many bytes: it grows as waves record their jobs
    /// and servers their instances, and must stay within DynamoDB's 400 KB items.
    package static let maxNewExecutionBytes = 128 * 1024

    /// The execution's item, refused (400) when it would be too large to keep.
    static func boundedItem(_ execution: Execution) throws -> DynamoDBItem {
        let item = try ExecutionRecords.item(execution)
        let bytes = StoreLimits.size(of: item)
        guard bytes <= maxNewExecutionBytes else {
            throw DomainError.invalidRequest(
                "The execution of this plan would be stored as \(bytes) bytes; the limit is \(maxNewExecutionBytes) "
                    + "(DynamoDB items are limited to 400 KB): split the plan into smaller plans",
                field: "recoveryPlanId")
        }
        return item
    }

    /// - Throws: 400 `INVALID_REQUEST` when `details` exceed `maxInvocationDetailsBytes`.
    static func checkInvocationDetails(_ details: JSONValue?) throws(DomainError) {
        guard let details else { return }
        let bytes = details.jsonBytes.count
        guard bytes <= maxInvocationDetailsBytes else {
            var error = DomainError.invalidRequest(
                "invocationDetails is \(bytes) bytes of JSON; the limit is \(maxInvocationDetailsBytes)",
                field: "invocationDetails")
            error.context += [.init("limit", .int(maxInvocationDetailsBytes)), .init("size", .int(bytes))]
            throw error
        }
    }

    static func tokenKey(_ token: String) -> String { "guard#token#" + Guard.bounded(token) }
    static func fingerprint(planID: String, type: ExecutionType) -> String { planID + "|" + type.rawValue }

    /// The execution an earlier start with `token` created; nil when the token is new.
    /// - Throws: 409 `IDEMPOTENCY_CONFLICT` when the token was used for a different request.
    func replay(token: String, planID: String, type: ExecutionType) throws -> Execution? {
        guard let claim = try store.get(.executions, key: Self.tokenKey(token)) else { return nil }
        guard claim["fingerprint"]?.stringValue == Self.fingerprint(planID: planID, type: type),
            let id = claim["owner"]?.stringValue
        else {
            throw DomainError(
                .idempotencyConflict, "clientToken \(token) was already used for a different request",
                context: [
                    .init("clientToken", .string(token)),
                    .init("executionId", claim["owner"]?.stringValue.map(JSONValue.string) ?? .null),
                ])
        }
        return try records.get(id)
    }

    /// A wave with the servers it recovers and what DRS says of them.
    struct PlannedWave {
        var wave: ExecutionWave
        var servers: [SourceServer]
    }

    /// The plan's waves with their servers resolved now (the execution's snapshot).
    func snapshot(_ plan: RecoveryPlan, groups: [String: ProtectionGroup], catalog: ServerCatalog) throws
        -> [PlannedWave]
    {
        try plan.waves.enumerated().map { index, wave in
            guard let group = groups[wave.protectionGroupId] else {
                throw DomainError.protectionGroupNotFound(wave.protectionGroupId)
            }
            let ids: [String]
            if let chosen = wave.serverIds, !chosen.isEmpty {
                ids = chosen
            } else {
                ids = try catalog.serverIDs(of: group)
            }
            guard !ids.isEmpty else {
                throw DomainError.invalidWave(
                    index, "(\(wave.name)) selects no servers in DRS right now", field: "serverIds")
            }
            // Named servers are described by id, not by walking the region's whole inventory.
            let described = try catalog.servers(ids: ids, in: group.region)
            let byID = Dictionary(described.map { ($0.sourceServerID, $0) }, uniquingKeysWith: { first, _ in first })
            let found = ids.compactMap { byID[$0] }
            let hostnames = Dictionary(
                found.map { ($0.sourceServerID, $0.hostname ?? "") }, uniquingKeysWith: { a, _ in a })
            return PlannedWave(
                wave: ExecutionWave(
                    waveNumber: index + 1, name: wave.name, protectionGroupID: group.id, region: group.region,
                    serverIDs: ids, pauseBeforeWave: wave.pauseBeforeWave, hostnames: hostnames),
                servers: found)
        }
    }

    func checkConflicts(_ waves: [PlannedWave], active: [ActiveExecution]) throws(DomainError) {
        let hostnames = Dictionary(
            waves.flatMap { $0.servers.map { ($0.sourceServerID, $0.hostname ?? "") } }, uniquingKeysWith: { a, _ in a }
        )
        let mine = Set(waves.flatMap(\.wave.serverIDs))
        var conflicts: [JSONValue] = []
        var executions: [JSONValue] = []
        for execution in active {
            let shared = Set(execution.serverIds).intersection(mine).sorted()
            guard !shared.isEmpty else { continue }
            conflicts += shared.map { server in
                [
                    "serverId": .string(server), "hostname": .string(hostnames[server] ?? ""),
                    "conflictingExecutionId": .string(execution.executionID),
                    "conflictingPlanName": .string(execution.planName),
                ]
            }
            executions.append([
                "executionId": .string(execution.executionID), "planName": .string(execution.planName),
                "status": .string(execution.status), "serverCount": .int(Set(execution.serverIds).count),
            ])
        }
        guard conflicts.isEmpty else {
            throw DomainError(
                .serverConflict, "\(conflicts.count) server(s) are already in active executions",
                context: [.init("conflicts", .array(conflicts)), .init("conflictingExecutions", .array(executions))])
        }
    }

    func checkWaveSizes(_ waves: [PlannedWave]) throws(DomainError) {
        let limit = Self.maxServersPerWave
        let errors: [JSONValue] = waves.filter { $0.wave.serverIDs.count > limit }.map { planned in
            [
                "type": "WAVE_SIZE_EXCEEDED", "wave": .string(planned.wave.name),
                "waveIndex": .int(planned.wave.waveNumber), "serverCount": .int(planned.wave.serverIDs.count),
                "limit": .int(limit),
                "message": .string(
                    "Wave '\(planned.wave.name)' has \(planned.wave.serverIDs.count) servers, exceeds limit of \(limit)"
                ),
            ]
        }
        guard errors.isEmpty else {
            throw DomainError(
                .waveSizeLimitExceeded, "\(errors.count) wave(s) exceed the DRS limit of \(limit) servers per job",
                context: [.init("limit", .int(limit)), .init("errors", .array(errors))])
        }
    }

    /// How far back a start's `DescribeJobs` looks for active jobs: jobs created in the last 24
    /// hours. The window must cover every job that can still be active; a DRS launch job (even a
    /// large recovery, whose conversion and boot take minutes to a few hours) ends well within a day,
    /// and our own waves give up after the wave timeout (30 min by default). So the look-up costs
    /// one day's jobs, not DRS's whole history.
    package static let activeJobWindow: Int64 = 24 * 3_600_000

    /// The active (PENDING or STARTED) jobs of each region, read once per start: `DescribeJobs`
    /// for the jobs created within `activeJobWindow`.
    func activeJobs(in regions: Set<String>, cache: inout [String: Result<[Job], DomainError>]) -> [String: Result<
        [Job], DomainError
    >] {
        let since = Timestamp.iso8601(environment.now() - Self.activeJobWindow)
        for region in regions where cache[region] == nil {
            do {
                cache[region] = .success(
                    try drs.jobs(JobFilters(fromDate: since), region: region, deadline: runner.callDeadline)
                        .filter(\.isActive)
                )
            } catch {
                cache[region] = .failure(DomainError.drs(error, region: region))
            }
        }
        return cache
    }

    /// DRS's concurrent-jobs and servers-in-jobs limits, in every region the plan touches. Our own
    /// executions whose wave start is requested but not yet listed by DRS (`starting`) count as
    /// jobs too, unless DRS already lists a job for exactly their servers.
    func checkCapacity(
        _ waves: [PlannedWave], activeJobs: [String: Result<[Job], DomainError>],
        starting: [ActiveExecution.StartingWave] = []
    ) throws {
        let regions = Array(Set(waves.map(\.wave.region))).sorted()
        for region in regions {
            let listed = try activeJobs[region]?.get() ?? []
            let listedSets = Set(listed.map { Set($0.participatingServers.map(\.sourceServerID)) })
            let unlisted = starting.filter { $0.region == region && !listedSets.contains(Set($0.serverIds)) }
            let jobCount = listed.count + unlisted.count
            let maxJobs = DRSViewService.Limits.maxConcurrentJobs
            if jobCount >= maxJobs {
                throw DomainError(
                    .concurrentJobsLimitExceeded,
                    "Cannot start execution: \(jobCount) concurrent DRS jobs already running (limit: \(maxJobs))",
                    context: [
                        .init("currentJobs", .int(jobCount)), .init("limit", .int(maxJobs)),
                        .init("region", .string(region)),
                    ])
            }
            let inJobs =
                listed.reduce(0) { $0 + $1.participatingServers.count } + unlisted.reduce(0) { $0 + $1.serverIds.count }
            let largest = waves.filter { $0.wave.region == region }.map(\.wave.serverIDs.count).max() ?? 0
            let maxServers = DRSViewService.Limits.maxServersInAllJobs
            if inJobs + largest > maxServers {
                throw DomainError(
                    .serversInJobsLimitExceeded,
                    "Cannot start execution: \(inJobs) servers are in active DRS jobs and the largest wave adds "
                        + "\(largest) (limit: \(maxServers))",
                    context: [
                        .init("currentServersInJobs", .int(inJobs)), .init("newServerCount", .int(largest)),
                        .init("totalAfterNew", .int(inJobs + largest)), .init("limit", .int(maxServers)),
                        .init("region", .string(region)),
                    ])
            }
        }
    }

    func checkReplication(_ waves: [PlannedWave], catalog: ServerCatalog) throws {
        var unhealthy: [JSONValue] = []
        var healthy = 0
        for planned in waves {
            let byID = Dictionary(planned.servers.map { ($0.sourceServerID, $0) }, uniquingKeysWith: { a, _ in a })
            for id in planned.wave.serverIDs {
                guard let server = byID[id] else {
                    unhealthy.append([
                        "serverId": .string(id), "hostname": "", "replicationState": "NOT_FOUND",
                        "reason": .string("Not a DRS source server in \(planned.wave.region)"),
                    ])
                    continue
                }
                let state = server.replicationState?.rawValue ?? "UNKNOWN"
                let lifecycle = server.lifeCycle?.lastLaunch?.status?.rawValue
                if let replication = server.replicationState, Self.unhealthyReplication.contains(replication) {
                    unhealthy.append([
                        "serverId": .string(id), "hostname": .string(server.hostname ?? ""),
                        "replicationState": .string(state), "lifecycleState": lifecycle.map(JSONValue.string) ?? .null,
                        "reason": .string("Replication: \(state)"),
                    ])
                } else {
                    healthy += 1
                }
            }
        }
        guard unhealthy.isEmpty else {
            throw DomainError(
                .unhealthyServerReplication, "\(unhealthy.count) server(s) have unhealthy replication state",
                context: [
                    .init("unhealthyServers", .array(unhealthy)), .init("healthyCount", .int(healthy)),
                    .init("unhealthyCount", .int(unhealthy.count)),
                ])
        }
    }

    // MARK: Reads

    /// Executions newest first, filtered by status and plan, read page by page until `limit`
    /// matches are found: one plan's through the `ByPlan` index, all through `ByStartTime`. A page
    /// costs what it holds, plus what the status filter skips.
    package func list(status: String?, planID: String?, limit: Int, nextToken: String?) throws -> ListPage<Execution> {
        let wanted = status?.uppercased()
        let partition =
            planID.map { (attribute: "planId", value: $0) } ?? ExecutionRecords.listPartition
        let index = planID == nil ? ExecutionRecords.startTimeIndex : StoreIndex.byPlan
        var startKey: DynamoDBItem?
        if let nextToken {
            guard let position = PageToken.decode(nextToken), let split = position.firstIndex(of: "\u{0}") else {
                throw DomainError.invalidRequest("nextToken is not a token this API returned", field: "nextToken")
            }
            startKey = [
                RecordKey.attribute: .string(String(position[position.index(after: split)...])),
                partition.attribute: .string(partition.value), "startTime": .string(String(position[..<split])),
            ]
        }
        var found: [(Execution, DynamoDBItem)] = []
        // One match beyond `limit` says whether there is a next page.
        repeat {
            let page = try store.queryIndex(
                .executions,
                IndexQuery(
                    index: index, partition: partition, sortAttribute: "startTime", ascending: false,
                    pageSize: wanted == nil ? limit + 1 : max(limit + 1, 100), startKey: startKey))
            for item in page.items where item[RecordKey.kind] == .string(ActiveExecution.kind) {
                let execution = try ExecutionRecords.execution(item)
                if wanted.map({ execution.status.rawValue == $0 }) ?? true { found.append((execution, item)) }
                if found.count > limit { break }
            }
            startKey = found.count > limit ? nil : page.lastKey
        } while startKey != nil
        let items = found.prefix(limit)
        var token: String?
        if found.count > limit, let last = items.last?.1, let time = last["startTime"]?.stringValue,
            let id = last[RecordKey.attribute]?.stringValue
        {
            token = PageToken.encode(time + "\u{0}" + id)
        }
        return ListPage(items: items.map(\.0), nextToken: token)
    }

    /// The execution, advanced first when it is active (a read is also a tick).
    package func get(_ id: String) throws -> Execution {
        let execution = try records.get(id)
        guard execution.status.isActive else { return execution }
        _ = runner.tick([execution])
        return try records.get(id)
    }

    // MARK: Commands

    /// Applies a pause, resume or cancel, then lets the engine act on it at once.
    /// - Parameter by: who asked (spec §5): named by the command's event (`PAUSE_REQUESTED`,
    ///   `RESUMED`, `CANCEL_REQUESTED`). A command that changes nothing records nothing.
    package func command(
        _ id: String, by: String, _ change: (ExecutionEngine, Execution, Int64) throws(EngineRejection) -> Execution
    ) throws -> Execution {
        let written = try OptimisticWrite.run(sleep: environment.sleep) {
            let current = try records.get(id)
            let now = environment.now()
            let next: Execution
            do {
                next = try change(engine, current, now)
            } catch let rejection as EngineRejection {
                throw DomainError.rejection(rejection, execution: current)
            }
            guard next != current else { return current }
            let stored = try records.commit(current.recording(next, at: now, by: by), over: current)
            runner.finished(stored, previous: current)
            return stored
        }
        guard written.status.isActive else { return written }
        _ = runner.tick([written])
        return try records.get(id)
    }

    /// Deletes a finished execution's record.
    /// - Throws: 404, 409 `EXECUTION_ACTIVE`.
    package func delete(_ id: String) throws {
        try OptimisticWrite.run(sleep: environment.sleep) {
            let execution = try records.get(id)
            guard execution.status.isTerminal else {
                throw DomainError(
                    .executionActive,
                    "Execution \(id) is \(execution.status.rawValue); cancel it and wait for it to end before deleting it",
                    context: [
                        .init("executionId", .string(id)), .init("currentStatus", .string(execution.status.rawValue)),
                    ])
            }
            var writes: [RecordWrite] = [.delete(.executions, key: id, StoreCondition(version: execution.version))]
            if let token = execution.clientToken { writes.append(Guard.release(.executions, Self.tokenKey(token))) }
            try store.write(writes)
        }
    }

    /// Instances a termination has already taken (or is taking): asking again is DRS's conflict.
    static let goneStates: Set<RecoveryInstance.EC2InstanceState> = [.shuttingDown, .terminated, .notFound]

    /// Terminates the recovery instances a finished drill launched that still exist, and appends
    /// an `INSTANCES_TERMINATED` event naming `by` (the one change a finished execution takes: its
    /// audit trail).
    /// - Returns: the instances terminated and the TERMINATE jobs, per region.
    package func terminateInstances(_ id: String, by: String) throws -> InstanceTermination {
        let execution = try records.get(id)
        guard execution.status.isTerminal else {
            throw DomainError(
                .executionActive, "Execution \(id) is still \(execution.status.rawValue); wait for it to end first",
                context: [
                    .init("executionId", .string(id)), .init("currentStatus", .string(execution.status.rawValue)),
                ])
        }
        guard execution.executionType == .drill else {
            throw DomainError.invalidRequest(
                "terminate-instances cleans up drills; execution \(id) is a RECOVERY and its instances are kept",
                field: "executionType")
        }
        var terminated: [InstanceTermination.Instance] = []
        var jobs: [InstanceTermination.Job] = []
        let byRegion = Dictionary(grouping: execution.waves.filter { $0.jobID != nil }, by: \.region)
        for (region, waves) in byRegion.sorted(by: { $0.key < $1.key }) {
            let jobIDs = Set(waves.compactMap(\.jobID))
            let launched = Set(waves.flatMap { $0.servers.compactMap(\.recoveryInstanceID) })
            let instances: [RecoveryInstance]
            do {
                instances = try drs.recoveryInstances(sourceServerIDs: waves.flatMap(\.serverIDs), region: region)
                    .filter { launched.contains($0.recoveryInstanceID) || $0.jobID.map(jobIDs.contains) == true }
                    .filter { !Self.goneStates.contains($0.ec2InstanceState ?? .running) }
            } catch {
                throw DomainError.drs(error, region: region)
            }
            guard !instances.isEmpty else { continue }
            let job: Job
            do {
                job = try drs.terminateRecoveryInstances(instances.map(\.recoveryInstanceID), region: region)
            } catch {
                throw DomainError.drs(error, region: region)
            }
            jobs.append(InstanceTermination.Job(jobID: job.jobID, region: region))
            terminated += instances.map {
                InstanceTermination.Instance(
                    recoveryInstanceID: $0.recoveryInstanceID, sourceServerID: $0.sourceServerID ?? "", region: region)
            }
        }
        let message =
            terminated.isEmpty
            ? "No recovery instances of this execution remain to terminate"
            : "Terminating \(terminated.count) recovery instance(s)"
        try OptimisticWrite.run(sleep: environment.sleep) {
            let current = try records.get(id)
            var next = current
            next.record([ExecutionEvent(at: environment.now(), type: .instancesTerminated, by: by, message: message)])
            try records.commit(next, over: current)
        }
        return InstanceTermination(executionID: id, message: message, instances: terminated, jobs: jobs)
    }
}

extension DomainError {
    /// The error body of a refused pause, resume or cancel (the guide's examples).
    package static func rejection(_ rejection: EngineRejection, execution: Execution) -> DomainError {
        let id: Field = .init("executionId", .string(execution.executionID))
        switch rejection {
        case .notPausable(let status):
            return DomainError(
                .executionNotPausable, "Execution cannot be paused - status is \(status.rawValue)",
                context: [
                    id, .init("currentStatus", .string(status.rawValue)), .init("pausableStatuses", ["RUNNING"]),
                    .init("reason", "Execution must be running to pause"),
                ])
        case .singleWave:
            return DomainError(
                .singleWaveNotPausable,
                "Cannot pause single-wave execution - pause is only available for multi-wave recovery plans",
                context: [
                    id, .init("waveCount", .int(execution.totalWaves)),
                    .init("reason", "Pause is only available for multi-wave recovery plans"),
                ])
        case .noPendingWaves:
            return DomainError(
                .noPendingWaves, "Cannot pause - no pending waves remaining",
                context: [
                    id, .init("currentWave", .int(execution.currentWave)),
                    .init("totalWaves", .int(execution.totalWaves)),
                    .init("reason", "Every wave has started; the execution will finish without another boundary"),
                ])
        case .notPaused(let status):
            return DomainError(
                .executionNotPaused, "Execution is not paused - status is \(status.rawValue)",
                context: [
                    id, .init("currentStatus", .string(status.rawValue)),
                    .init("resumableStatuses", ["PAUSED", "PAUSE_PENDING"]),
                    .init("reason", "Only a paused execution can be resumed"),
                ])
        case .notCancellable(let status):
            return DomainError(
                .executionNotCancellable, "Execution cannot be cancelled - status is \(status.rawValue)",
                context: [
                    id, .init("currentStatus", .string(status.rawValue)),
                    .init(
                        "cancellableStatuses",
                        .array(
                            ExecutionStatus.allCases.filter(\.isCancellable).map { .string($0.rawValue) })),
                    .init("reason", "Execution must be running, paused, or pending to cancel"),
                ])
        }
    }
}
