import API
import DRS
import JSONCore
import TestSupport
import Testing

@testable import Orchestrator

/// The typed responses against the `JSONValue` trees the routes built by hand before them (kept
/// here, verbatim in what they wrote, as the reference): the same tree, so the same bytes on the wire.
@Suite("Responses: the typed shapes encode to the trees the routes built by hand")
struct ResponseEncodingTests {
    static let time: Int64 = 1_796_000_000_123

    static let groups: [ProtectionGroup] = {
        var audited = ProtectionGroup(
            id: "pg-1", name: "Web \"tier\"", description: "a/b", region: "us-east-1",
            serverSelectionTags: ["Tier": "web", "Env": "prod"], accountId: "123456789012", owner: "ops",
            createdAt: time, updatedAt: time + 5, createdBy: "alice@example.com", version: 3)
        audited.updatedBy = "bob@example.com"
        let explicit = ProtectionGroup(
            id: "pg-2", name: "DB", region: "us-west-2", sourceServerIds: ["s-1", "s-2"], createdAt: time,
            updatedAt: time)
        return [audited, explicit]
    }()

    static let plans: [RecoveryPlanService.View] = {
        var ran = RecoveryPlan(
            id: "rp-1", name: "Plan", description: "d",
            waves: [
                .init(name: "w1", description: "first", protectionGroupId: "pg-1", pauseBeforeWave: false),
                .init(name: "w2", protectionGroupId: "pg-2", serverIds: ["s-1"], pauseBeforeWave: true),
                .init(name: "w3", protectionGroupId: "pg-2", serverIds: []),
            ],
            createdAt: time, updatedAt: time + 1, createdBy: "alice@example.com", version: 2)
        ran.lastExecutionStatus = "COMPLETED"
        ran.lastExecutionId = "ex-9"
        ran.lastStartTime = time + 10
        ran.lastEndTime = time + 20
        let fresh = RecoveryPlan(id: "rp-2", name: "Empty", waves: [], createdAt: time, updatedAt: time)
        let conflict = ServerConflict(
            servers: ["s-1", "s-2"],
            execution: ActiveExecution(
                executionID: "ex-1", planId: "rp-3", planName: "Other", status: "RUNNING", serverIds: ["s-1", "s-2"]))
        return [
            .init(plan: ran, conflict: nil), .init(plan: ran, conflict: conflict),
            .init(plan: fresh, conflict: nil, conflictUnknown: "DRS unavailable"),
        ]
    }()

    static let executions: [Execution] = {
        let started = Execution(
            executionID: "ex-1", planID: "rp-1", planName: "Plan", executionType: .drill,
            waves: [
                ExecutionWave(
                    waveNumber: 1, name: "w1", protectionGroupID: "pg-1", region: "us-east-1",
                    serverIDs: ["s-1", "s-2"], hostnames: ["s-1": "web-1"]),
                ExecutionWave(
                    waveNumber: 2, name: "w2", protectionGroupID: "pg-2", region: "us-west-2", serverIDs: [],
                    pauseBeforeWave: true),
            ],
            startTime: time, initiatedBy: "alice@example.com")
        var finished = started
        finished.executionID = "ex-2"
        finished.status = .failed
        finished.endTime = time + 60_000
        finished.errorMessage = "Wave 1 (w1) failed"
        finished.pausedBeforeWave = 2
        finished.invocationSource = "CLI"
        finished.invocationDetails = ["ticket": "CHG-1", "attempt": 2, "nested": [nil, true]]
        finished.version = 7
        finished.eventsDropped = 4
        finished.waves[0].status = .failed
        finished.waves[0].jobID = "drsjob-1"
        finished.waves[0].startTime = time + 1_000
        finished.waves[0].endTime = time + 50_000
        finished.waves[0].servers[0].launchStatus = "LAUNCHED"
        finished.waves[0].servers[0].recoveryInstanceID = "i-r1"
        finished.waves[0].servers[1].launchStatus = "FAILED"
        finished.waves[0].servers[1].error = "no capacity"
        finished.record([
            ExecutionEvent(at: time + 1_000, type: .waveStarted, waveNumber: 1),
            ExecutionEvent(at: time + 50_000, type: .waveFailed, waveNumber: 1, message: "no capacity"),
            ExecutionEvent(at: time + 60_000, type: .failed, by: "engine", message: "Wave 1 (w1) failed"),
        ])
        return [started, finished]
    }()

    static let servers: [SourceServer] = [
        FakeDRS.server("s-1", hostname: "web-1", tags: ["Tier": "web"]),
        FakeDRS.server("s-2", tags: [:], replication: .stopped),
        SourceServer(sourceServerID: "s-bare"),
    ]

    @Test("a protection group, alone and in a list page with and without nextToken")
    func groups() throws {
        for group in Self.groups {
            try Self.expectSame(ProtectionGroupResponse(group), HandBuilt.group(group))
        }
        for token in [nil, "bmV4dA"] {
            let page = ListPage(items: Self.groups, nextToken: token)
            try Self.expectSame(
                ListResponse(page, item: ProtectionGroupResponse.init),
                HandBuilt.list("groups", page.items.map(HandBuilt.group), token))
        }
        try Self.expectSame(
            ListResponse(ListPage<ProtectionGroup>(items: [], nextToken: nil), item: ProtectionGroupResponse.init),
            ["groups": [], "count": 0])
    }

    @Test("a recovery plan: conflict, no conflict, conflict unknown; waves with and without serverIds")
    func plans() throws {
        for view in Self.plans {
            try Self.expectSame(RecoveryPlanResponse(view), HandBuilt.plan(view))
        }
        let page = ListPage(items: Self.plans, nextToken: "dG9rZW4")
        try Self.expectSame(
            ListResponse(page, item: RecoveryPlanResponse.init),
            HandBuilt.list("plans", page.items.map(HandBuilt.plan), "dG9rZW4"))
    }

    @Test("an execution with its events, a list item without them, a command's answer, a start's answer")
    func executions() throws {
        for execution in Self.executions {
            try Self.expectSame(ExecutionResponse(execution), HandBuilt.execution(execution))
            try Self.expectSame(
                ExecutionResponse(execution, events: false), HandBuilt.execution(execution, events: false))
            guard case .object(var command) = HandBuilt.execution(execution) else {
                Issue.record("an execution is an object")
                return
            }
            command["message"] = "Execution resumed"
            try Self.expectSame(
                ExecutionCommandResponse(ExecutionResponse(execution), MessageResponse("Execution resumed")),
                .object(command))
            try Self.expectSame(ExecutionStartedResponse(execution), HandBuilt.started(execution))
        }
        let page = ListPage(items: Self.executions, nextToken: nil)
        try Self.expectSame(
            ListResponse(page) { ExecutionResponse($0, events: false) },
            HandBuilt.list("items", page.items.map { HandBuilt.execution($0, events: false) }, nil))
    }

    @Test("deletions name what went as each resource did")
    func deletions() throws {
        try Self.expectSame(
            DeletionResponse.protectionGroup("pg-1"),
            ["message": "Protection Group deleted successfully", "id": "pg-1"])
        try Self.expectSame(
            DeletionResponse.recoveryPlan("rp-1"),
            ["message": "Recovery Plan deleted successfully", "id": "rp-1", "planId": "rp-1"])
        try Self.expectSame(
            DeletionResponse.execution("ex-1"), ["message": "Execution deleted successfully", "executionId": "ex-1"])
    }

    @Test("source servers: a resolution, the DRS view with assignments")
    func sourceServers() throws {
        for groupID in ["pg-1", nil] {
            try Self.expectSame(
                ServerResolutionResponse(
                    groupID: groupID, region: "us-east-1", tags: ["Tier": "web"], servers: Self.servers, at: Self.time),
                HandBuilt.resolution(
                    groupID: groupID.map(JSONValue.string) ?? .null, region: "us-east-1", tags: ["Tier": "web"],
                    servers: Self.servers, now: Self.time))
        }
        let assigned: [(SourceServer, DRSViewService.Assignment?)] = [
            (Self.servers[0], .init(group: Self.groups[0], type: "tag-based")),
            (Self.servers[1], nil), (Self.servers[2], .init(group: Self.groups[1], type: "explicit")),
        ]
        try Self.expectSame(
            SourceServerListResponse(region: "us-east-1", servers: assigned),
            HandBuilt.sourceServers(region: "us-east-1", servers: assigned))
    }

    @Test("quotas: each capacity status and an uninitialized region")
    func quotas() throws {
        for (replicating, jobs) in [(0, 0), (250, 3), (285, 20), (300, 25)] {
            let (status, message) = DRSViewService.capacityStatus(replicating: replicating)
            let quotas = DRSQuotas(
                region: "us-east-1", sourceServers: replicating + 7, replicatingServers: replicating, status: status,
                message: message, activeJobs: jobs, serversInActiveJobs: jobs * 4)
            try Self.expectSame(QuotasResponse(quotas), HandBuilt.quotas(quotas))
        }
        let uninitialized = DRSQuotas(
            region: "eu-west-3", sourceServers: 0, replicatingServers: 0, status: "NOT_INITIALIZED",
            message: "DRS not initialized in eu-west-3. Initialize DRS in the AWS Console to use this region.",
            activeJobs: 0, serversInActiveJobs: 0)
        try Self.expectSame(QuotasResponse(uninitialized), HandBuilt.uninitializedQuotas("eu-west-3"))
    }

    @Test("terminate-instances: instances and jobs per region, and nothing left to terminate")
    func termination() throws {
        let some = InstanceTermination(
            executionID: "ex-2", message: "Terminating 2 recovery instance(s)",
            instances: [
                .init(recoveryInstanceID: "i-r1", sourceServerID: "s-1", region: "us-east-1"),
                .init(recoveryInstanceID: "i-r2", sourceServerID: "", region: "us-west-2"),
            ],
            jobs: [.init(jobID: "drsjob-t1", region: "us-east-1"), .init(jobID: "drsjob-t2", region: "us-west-2")])
        let none = InstanceTermination(
            executionID: "ex-3", message: "No recovery instances of this execution remain to terminate", instances: [],
            jobs: [])
        for termination in [some, none] {
            try Self.expectSame(TerminateInstancesResponse(termination), HandBuilt.termination(termination))
        }
    }

    /// The same document and the same text on the wire.
    static func expectSame(
        _ response: some Encodable, _ expected: JSONValue, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let body = try APIResponse.json(200, encoding: response).body
        #expect(try JSONValue(parsing: body) == expected, sourceLocation: sourceLocation)
        #expect(body == expected.jsonBytes, sourceLocation: sourceLocation)
    }
}

/// The trees the routes built by hand before the typed responses.
private enum HandBuilt {
    static func list(_ key: String, _ items: [JSONValue], _ token: String?) -> JSONValue {
        var body: [String: JSONValue] = [key: .array(items), "count": .int(items.count)]
        if let token { body["nextToken"] = .string(token) }
        return .object(body)
    }

    static func group(_ group: ProtectionGroup) -> JSONValue {
        [
            "id": .string(group.id), "protectionGroupId": .string(group.id), "name": .string(group.name),
            "description": .string(group.description), "region": .string(group.region),
            "serverSelectionTags": .object(group.serverSelectionTags.mapValues { .string($0) }),
            "sourceServerIds": .array(group.sourceServerIds.map { .string($0) }),
            "accountId": .string(group.accountId), "owner": .string(group.owner),
            "createdAt": .string(Timestamp.iso8601(group.createdAt)),
            "updatedAt": .string(Timestamp.iso8601(group.updatedAt)), "version": .int(group.version),
            "createdBy": group.createdBy.map(JSONValue.string) ?? .null,
            "updatedBy": group.updatedBy.map(JSONValue.string) ?? .null,
        ]
    }

    static func plan(_ view: RecoveryPlanService.View) -> JSONValue {
        let plan = view.plan
        let waves: [JSONValue] = plan.waves.enumerated().map { index, wave in
            var object: [String: JSONValue] = [
                "waveNumber": .int(index + 1), "name": .string(wave.name), "description": .string(wave.description),
                "protectionGroupId": .string(wave.protectionGroupId), "pauseBeforeWave": .bool(wave.pauseBeforeWave),
            ]
            if let ids = wave.serverIds { object["serverIds"] = .array(ids.map { .string($0) }) }
            return .object(object)
        }
        var conflictInfo: JSONValue = .null
        if let conflict = view.conflict {
            conflictInfo = [
                "hasConflict": true, "conflictingServers": .array(conflict.servers.map { .string($0) }),
                "conflictingExecutionId": .string(conflict.execution.executionID),
                "conflictingPlanId": .string(conflict.execution.planId),
                "conflictingPlanName": .string(conflict.execution.planName),
                "conflictingStatus": .string(conflict.execution.status),
                "reason": .string("\(conflict.servers.count) server(s) in use by another execution"),
            ]
        }
        return [
            "id": .string(plan.id), "planId": .string(plan.id), "name": .string(plan.name),
            "description": .string(plan.description), "waves": .array(waves), "waveCount": .int(plan.waves.count),
            "hasServerConflict": view.conflictUnknown == nil ? .bool(view.conflict != nil) : .null,
            "conflictInfo": conflictInfo,
            "lastExecutionStatus": plan.lastExecutionStatus.map { .string($0.lowercased()) } ?? .null,
            "lastExecutionId": plan.lastExecutionId.map(JSONValue.string) ?? .null,
            "lastStartTime": plan.lastStartTime.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "lastEndTime": plan.lastEndTime.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "createdAt": .string(Timestamp.iso8601(plan.createdAt)),
            "updatedAt": .string(Timestamp.iso8601(plan.updatedAt)), "version": .int(plan.version),
            "createdBy": plan.createdBy.map(JSONValue.string) ?? .null,
            "updatedBy": plan.updatedBy.map(JSONValue.string) ?? .null,
        ]
    }

    static func server(_ server: SourceServer) -> [String: JSONValue] {
        [
            "sourceServerID": .string(server.sourceServerID), "hostname": .string(server.hostname ?? ""),
            "sourceInstanceId": .string(server.sourceInstanceID ?? ""),
            "sourceIp": .string(server.sourceProperties?.primaryIP ?? ""),
            "os": .string(server.sourceProperties?.os?.fullString ?? ""),
            "replicationState": .string(server.replicationState?.rawValue ?? "UNKNOWN"),
            "lagDuration": .string(server.dataReplicationInfo?.lagDuration ?? ""),
            "lastSeen": .string(server.lifeCycle?.lastSeenByServiceDateTime ?? ""),
            "tags": .object(server.tags.mapValues { .string($0) }),
        ]
    }

    static func sourceServers(region: String, servers: [(SourceServer, DRSViewService.Assignment?)]) -> JSONValue {
        let assigned = servers.filter { $0.1 != nil }.count
        return [
            "region": .string(region), "initialized": true,
            "servers": .array(
                servers.map { server, assignment in
                    var object = Self.server(server)
                    object["assignedToProtectionGroup"] =
                        assignment.map {
                            [
                                "protectionGroupId": .string($0.group.id),
                                "protectionGroupName": .string($0.group.name), "assignmentType": .string($0.type),
                            ]
                        } ?? .null
                    object["selectable"] = .bool(assignment == nil)
                    return .object(object)
                }),
            "totalCount": .int(servers.count), "availableCount": .int(servers.count - assigned),
            "assignedCount": .int(assigned),
        ]
    }

    static func resolution(
        groupID: JSONValue, region: String, tags: [String: String], servers: [SourceServer], now: Int64
    ) -> JSONValue {
        [
            "protectionGroupId": groupID, "region": .string(region),
            "tags": .object(tags.mapValues { .string($0) }),
            "servers": .array(servers.map { .object(Self.server($0)) }), "serverCount": .int(servers.count),
            "resolvedAt": .string(Timestamp.iso8601(now)),
        ]
    }

    static func execution(_ execution: Execution, events: Bool = true) -> JSONValue {
        func time(_ milliseconds: Int64?) -> JSONValue { milliseconds.map { .string(Timestamp.iso8601($0)) } ?? .null }
        let waves: [JSONValue] = execution.waves.map { wave in
            [
                "waveNumber": .int(wave.waveNumber), "name": .string(wave.name),
                "status": .string(wave.status.apiValue),
                "jobId": wave.jobID.map(JSONValue.string) ?? .null, "region": .string(wave.region),
                "protectionGroupId": .string(wave.protectionGroupID), "pauseBeforeWave": .bool(wave.pauseBeforeWave),
                "startTime": time(wave.startTime), "endTime": time(wave.endTime),
                "servers": .array(
                    wave.servers.map { server in
                        var object: [String: JSONValue] = [
                            "sourceServerId": .string(server.sourceServerID),
                            "hostname": .string(server.hostname ?? ""), "launchStatus": .string(server.launchStatus),
                            "recoveryInstanceId": server.recoveryInstanceID.map(JSONValue.string) ?? .null,
                        ]
                        if let error = server.error { object["error"] = .string(error) }
                        return .object(object)
                    }),
            ]
        }
        var object: [String: JSONValue] = [
            "executionId": .string(execution.executionID), "recoveryPlanId": .string(execution.planID),
            "planId": .string(execution.planID), "recoveryPlanName": .string(execution.planName),
            "executionType": .string(execution.executionType.rawValue), "status": .string(execution.status.apiValue),
            "currentWave": .int(execution.currentWave), "totalWaves": .int(execution.totalWaves),
            "waves": .array(waves), "startTime": time(execution.startTime), "endTime": time(execution.endTime),
            "initiatedBy": .string(execution.initiatedBy),
            "invocationSource": execution.invocationSource.map(JSONValue.string) ?? .null,
            "invocationDetails": execution.invocationDetails ?? .null,
            "errorMessage": execution.errorMessage.map(JSONValue.string) ?? .null,
            "pausedBeforeWave": execution.pausedBeforeWave.map(JSONValue.int) ?? .null,
            "version": .int(execution.version),
        ]
        if events {
            object["events"] = .array(
                execution.events.map { event in
                    var object: [String: JSONValue] = [
                        "at": .string(Timestamp.iso8601(event.at)), "type": .string(event.type.rawValue),
                    ]
                    if let waveNumber = event.waveNumber { object["waveNumber"] = .int(waveNumber) }
                    if let by = event.by { object["by"] = .string(by) }
                    if let message = event.message { object["message"] = .string(message) }
                    return .object(object)
                })
            object["eventsDropped"] = .int(execution.eventsDropped)
        }
        return .object(object)
    }

    static func started(_ execution: Execution) -> JSONValue {
        let path = "/executions/\(execution.executionID)"
        return [
            "executionId": .string(execution.executionID), "ExecutionId": .string(execution.executionID),
            "status": .string(execution.status.apiValue), "planId": .string(execution.planID),
            "recoveryPlanName": .string(execution.planName),
            "executionType": .string(execution.executionType.rawValue),
            "statusUrl": .string(path),
            "message": .string("Execution started - check status with GET \(path)"),
        ]
    }

    typealias Limits = DRSViewService.Limits

    static let limits: JSONValue = [
        "MAX_SERVERS_PER_JOB": .int(Limits.maxServersPerJob), "MAX_CONCURRENT_JOBS": .int(Limits.maxConcurrentJobs),
        "MAX_SERVERS_IN_ALL_JOBS": .int(Limits.maxServersInAllJobs),
        "MAX_REPLICATING_SERVERS": .int(Limits.maxReplicatingServers),
        "MAX_SOURCE_SERVERS": .int(Limits.maxSourceServers),
    ]

    static func quotas(_ quotas: DRSQuotas) -> JSONValue {
        [
            "region": .string(quotas.region), "limits": limits,
            "capacity": [
                "totalSourceServers": .int(quotas.sourceServers), "replicatingServers": .int(quotas.replicatingServers),
                "availableReplicatingSlots": .int(max(0, Limits.maxReplicatingServers - quotas.replicatingServers)),
                "status": .string(quotas.status), "message": .string(quotas.message),
            ],
            "concurrentJobs": [
                "current": .int(quotas.activeJobs), "max": .int(Limits.maxConcurrentJobs),
                "available": .int(max(0, Limits.maxConcurrentJobs - quotas.activeJobs)),
            ],
            "serversInJobs": ["current": .int(quotas.serversInActiveJobs), "max": .int(Limits.maxServersInAllJobs)],
        ]
    }

    static func uninitializedQuotas(_ region: String) -> JSONValue {
        [
            "region": .string(region), "limits": limits,
            "capacity": [
                "totalSourceServers": 0, "replicatingServers": 0,
                "availableReplicatingSlots": .int(Limits.maxReplicatingServers), "status": "NOT_INITIALIZED",
                "message": .string(
                    "DRS not initialized in \(region). Initialize DRS in the AWS Console to use this region."),
            ],
            "concurrentJobs": [
                "current": 0, "max": .int(Limits.maxConcurrentJobs), "available": .int(Limits.maxConcurrentJobs),
            ],
            "serversInJobs": ["current": 0, "max": .int(Limits.maxServersInAllJobs)],
        ]
    }

    static func termination(_ termination: InstanceTermination) -> JSONValue {
        [
            "executionId": .string(termination.executionID),
            "message": .string(termination.message),
            "terminated": .array(
                termination.instances.map {
                    [
                        "recoveryInstanceId": .string($0.recoveryInstanceID),
                        "sourceServerId": .string($0.sourceServerID), "region": .string($0.region),
                    ]
                }),
            "terminatedCount": .int(termination.instances.count),
            "jobs": .array(termination.jobs.map { ["jobId": .string($0.jobID), "region": .string($0.region)] }),
        ]
    }
}
