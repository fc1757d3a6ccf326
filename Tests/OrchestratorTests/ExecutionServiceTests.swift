import DRS
import DynamoDB
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

@Suite("Execution start")
struct ExecutionStartTests {
    @Test("starts a drill: PENDING, the plan snapshotted with hostnames, the plan marked active")
    func starts() throws {
        let h = ExecutionHarness()
        let db = try h.group("DB", servers: ["s-e1", "s-e2"])
        let web = try h.group("Web", servers: ["s-e5"])
        let plan = try h.plan("Two tier", groups: [db, web])
        let execution = try h.start(plan)
        #expect(execution.status == .pending)
        #expect(execution.waves.map(\.serverIDs) == [["s-e1", "s-e2"], ["s-e5"]])
        #expect(execution.waves[0].servers.map(\.hostname) == ["host-s-e1", "host-s-e2"])
        #expect(execution.executionType == .drill)
        let stored = try h.plans.get(plan.id)
        #expect(stored.activeExecutionId == execution.executionID)
        #expect(stored.lastExecutionStatus == "PENDING")
    }

    @Test(
        "rejects a bad start body in the spec's order",
        arguments: [
            (nil, "DRILL", "MISSING_FIELD"), ("p", nil, "MISSING_FIELD"), ("p", "FIRE_DRILL", "INVALID_EXECUTION_TYPE"),
            ("no-such-plan", "drill", "RECOVERY_PLAN_NOT_FOUND"),
        ] as [(String?, String?, String)])
    func rejectsBadBodies(planID: String?, type: String?, code: String) throws {
        let h = ExecutionHarness()
        let error = try #require(throws: DomainError.self) {
            try h.executions.start(
                .init(planID: planID, executionType: type, initiatedBy: "t"), catalog: h.catalog())
        }
        #expect(error.code.rawValue == code)
    }

    @Test("a plan whose waves were emptied cannot start: PLAN_HAS_NO_WAVES with the plan's name")
    func noWaves() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("Empty", groups: [try h.group("G", servers: ["s-e1"])])
        try h.store.write([
            .update(.recoveryPlans, key: plan.id, RecordUpdate(set: ["waves": .list([])]), .none)
        ])
        let error = try #require(throws: DomainError.self) { try h.start(plan) }
        #expect(error.code == .planHasNoWaves)
        #expect(error[field: "planName"] == .string("Empty"))
    }

    @Test("a second start of a running plan is PLAN_ALREADY_EXECUTING naming the active execution")
    func alreadyExecuting() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("G", servers: ["s-e1"])])
        let first = try h.start(plan)
        let error = try #require(throws: DomainError.self) { try h.start(plan) }
        #expect(error.code == .planAlreadyExecuting)
        #expect(error[field: "activeExecutions"] == .array([.string(first.executionID)]))
    }

    @Test("a server held by another plan's active execution is a SERVER_CONFLICT with the guide's fields")
    func serverConflict() throws {
        let h = ExecutionHarness()
        let tagged = try h.groups.create(
            ProtectionGroupDraft(name: "DB by tag", region: "us-east-1", serverSelectionTags: ["Tier": "DB"]),
            catalog: h.catalog(), by: "admin@example.com")
        let explicit = try h.group("One DB", servers: ["s-e2"])
        let planA = try h.plan("A", groups: [tagged])
        let planB = try h.plan("B", groups: [explicit])
        let running = try h.start(planA)
        let error = try #require(throws: DomainError.self) { try h.start(planB) }
        #expect(error.code == .serverConflict)
        #expect(error.message == "1 server(s) are already in active executions")
        #expect(
            error[field: "conflicts"]
                == [
                    [
                        "serverId": "s-e2", "hostname": "host-s-e2",
                        "conflictingExecutionId": .string(running.executionID), "conflictingPlanName": "A",
                    ]
                ])
        #expect(
            error[field: "conflictingExecutions"]
                == [
                    [
                        "executionId": .string(running.executionID), "planName": "A", "status": "PENDING",
                        "serverCount": 4,
                    ]
                ])
    }

    @Test("replication problems and DRS capacity are checked before anything is written")
    func capacityAndHealth() throws {
        let h = ExecutionHarness()
        let bad = try h.plan("Bad", groups: [try h.group("Bad", servers: ["s-bad", "s-e1"])])
        let unhealthy = try #require(throws: DomainError.self) { try h.start(bad) }
        #expect(unhealthy.code == .unhealthyServerReplication)
        #expect(unhealthy[field: "unhealthyCount"] == 1)
        #expect(unhealthy[field: "healthyCount"] == 1)

        let plan = try h.plan("Good", groups: [try h.group("Good", servers: ["s-e3"])])
        for _ in 0..<20 { _ = try h.drs.startRecovery(serverIDs: ["s-x"], isDrill: true, region: "us-east-1") }
        let busy = try #require(throws: DomainError.self) { try h.start(plan) }
        #expect(busy.code == .concurrentJobsLimitExceeded)
        #expect(busy[field: "currentJobs"] == 20)
        #expect(busy[field: "limit"] == 20)
        #expect(try h.plans.get(plan.id).activeExecutionId == nil)
    }

    @Test("more than 500 servers in active jobs is SERVERS_IN_JOBS_LIMIT_EXCEEDED")
    func serversInJobs() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("G", servers: ["s-e3", "s-e4"])])
        for _ in 0..<5 {
            _ = try h.drs.startRecovery(
                serverIDs: (0..<100).map { "s-x\($0)" }, isDrill: true, region: "us-east-1")
        }
        let error = try #require(throws: DomainError.self) { try h.start(plan) }
        #expect(error.code == .serversInJobsLimitExceeded)
        #expect(error[field: "totalAfterNew"] == 502)
    }

    @Test("a wave of more than 100 servers is WAVE_SIZE_LIMIT_EXCEEDED")
    func waveSize() throws {
        let h = ExecutionHarness()
        h.drs.add((1...101).map { FakeDRS.server("s-big\($0)", tags: ["Big": "yes"]) }, region: "us-east-1")
        let group = try h.groups.create(
            ProtectionGroupDraft(name: "Big", region: "us-east-1", serverSelectionTags: ["Big": "yes"]),
            catalog: h.catalog(), by: "admin@example.com")
        let error = try #require(throws: DomainError.self) { try h.start(try h.plan("Big", groups: [group])) }
        #expect(error.code == .waveSizeLimitExceeded)
        #expect(error[field: "limit"] == 100)
    }

    @Test("an uninitialized region is DRS_NOT_INITIALIZED")
    func uninitialized() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("West", groups: [try h.group("West", servers: ["s-w1"], region: "us-west-2")])
        h.drs.state.withLock { _ = $0.uninitializedRegions.insert("us-west-2") }
        let error = try #require(throws: DomainError.self) { try h.start(plan) }
        #expect(error.code == .drsNotInitialized)
        #expect(error[field: "region"] == "us-west-2")
    }

    @Test("a retried clientToken returns the same execution; reused for another plan it is a conflict")
    func clientToken() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("G", servers: ["s-e1"])])
        let other = try h.plan("Q", groups: [try h.group("H", servers: ["s-e2"])])
        let first = try h.start(plan, token: "tok-1")
        let again = try h.start(plan, token: "tok-1")
        #expect(again.executionID == first.executionID)
        let error = try #require(throws: DomainError.self) { try h.start(other, token: "tok-1") }
        #expect(error.code == .idempotencyConflict)
    }

    @Test("20 concurrent starts of one plan: exactly one execution")
    func concurrentStartsOfOnePlan() async throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("G", servers: ["s-e1"])])
        let successes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 { group.addTask { (try? h.start(plan)) != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(successes == 1)
    }

    @Test("two plans sharing a server started concurrently: exactly one runs")
    func concurrentStartsSharingAServer() async throws {
        for round in 0..<10 {
            let h = ExecutionHarness()
            let tagged = try h.groups.create(
                ProtectionGroupDraft(name: "Tag \(round)", region: "us-east-1", serverSelectionTags: ["Tier": "DB"]),
                catalog: h.catalog(), by: "admin@example.com")
            let a = try h.plan("A", groups: [tagged])
            let b = try h.plan("B", groups: [try h.group("One", servers: ["s-e1"])])
            let successes = await withTaskGroup(of: Bool.self) { group in
                for plan in [a, b] { group.addTask { (try? h.start(plan)) != nil } }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(successes == 1)
        }
    }
}

@Suite("Execution runner")
struct ExecutionRunnerTests {
    @Test("a three-wave drill with a pause before wave 2 runs to COMPLETED, one StartRecovery per wave")
    func drillRuns() throws {
        let h = ExecutionHarness()
        let groups = try [["s-e1"], ["s-e2", "s-e3"], ["s-e6"]].enumerated().map { index, servers in
            try h.group("G\(index)", servers: servers)
        }
        let plan = try h.plan("Three", groups: groups, pauseBefore: [2])
        let execution = try h.start(plan)
        _ = h.tick()
        #expect(try h.stored(execution.executionID).status == .running)
        #expect(h.drs.calls(.startRecovery) == 1)
        h.finishJobs()
        _ = h.tick()
        let paused = try h.stored(execution.executionID)
        #expect(paused.status == .paused)
        #expect(paused.pausedBeforeWave == 2)
        _ = try h.executions.command(execution.executionID, by: "operator@example.com") {
            engine, execution, now throws(EngineRejection) in
            try engine.resume(execution, now: now)
        }
        #expect(h.drs.calls(.startRecovery) == 2)
        for _ in 0..<2 {
            h.finishJobs()
            _ = h.tick()
        }
        let done = try h.stored(execution.executionID)
        #expect(done.status == .completed)
        #expect(h.drs.calls(.startRecovery) == 3)
        #expect(done.waves.allSatisfy { $0.servers.allSatisfy { $0.launchStatus == "LAUNCHED" } })
        let finishedPlan = try h.plans.get(plan.id)
        #expect(finishedPlan.activeExecutionId == nil)
        #expect(finishedPlan.lastExecutionStatus == "COMPLETED")
        let lines = h.metricLines.withLock { $0 }
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#""ExecutionsStarted":1"#) == true)
        #expect(lines.last?.contains(#""ExecutionsCompleted":1"#) == true)
    }

    @Test("one DescribeJobs per region per tick however many executions are active")
    func oneDescribeJobsPerRegion() throws {
        let h = ExecutionHarness()
        for index in 1...4 {
            _ = try h.start(try h.plan("P\(index)", groups: [try h.group("G\(index)", servers: ["s-e\(index)"])]))
        }
        _ = h.tick()
        let before = h.drs.calls(.describeJobs)
        _ = h.tick()
        #expect(h.drs.calls(.describeJobs) - before == 1)
    }

    @Test("a launch that fails ends the execution FAILED and later waves never start")
    func launchFailure() throws {
        let h = ExecutionHarness()
        let plan = try h.plan(
            "P", groups: [try h.group("A", servers: ["s-e1"]), try h.group("B", servers: ["s-e2"])])
        let execution = try h.start(plan)
        _ = h.tick()
        h.finishJobs(failing: ["s-e1"])
        _ = h.tick()
        let failed = try h.stored(execution.executionID)
        #expect(failed.status == .failed)
        #expect(failed.errorMessage?.contains("s-e1") == true)
        #expect(failed.waves[1].jobID == nil)
        #expect(h.drs.calls(.startRecovery) == 1)
    }

    @Test("a process that died after recording a start and before calling DRS: the start is made once, after the lease")
    func crashBeforeCall() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("A", servers: ["s-e1"])])
        let execution = try h.start(plan)
        // The dying tick: writes the intent, never calls DRS.
        let decision = h.runner.engine.step(execution, jobs: [:], now: h.now)
        let intent = try #require(decision.execution)
        try ExecutionRecords(store: h.store).commit(intent, over: execution)
        _ = h.tick()
        #expect(h.drs.calls(.startRecovery) == 0)
        h.advance(seconds: ExecutionEngine.Configuration().startLease / 1000 + 1)
        _ = h.tick()
        #expect(h.drs.calls(.startRecovery) == 1)
        _ = h.tick()
        #expect(h.drs.calls(.startRecovery) == 1)
        h.finishJobs()
        _ = h.tick()
        #expect(try h.stored(execution.executionID).status == .completed)
    }

    @Test("a process that died after StartRecovery and before recording the job: the job is adopted, never restarted")
    func crashAfterCall() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("A", servers: ["s-e1", "s-e2"])])
        let execution = try h.start(plan)
        let intent = try #require(h.runner.engine.step(execution, jobs: [:], now: h.now).execution)
        try ExecutionRecords(store: h.store).commit(intent, over: execution)
        _ = try h.drs.startRecovery(serverIDs: ["s-e2", "s-e1"], isDrill: true, region: "us-east-1")
        h.advance(seconds: 1)
        _ = h.tick()
        let adopted = try h.stored(execution.executionID)
        #expect(adopted.waves[0].jobID != nil)
        h.advance(seconds: 120)
        h.finishJobs()
        _ = h.tick()
        #expect(try h.stored(execution.executionID).status == .completed)
        #expect(h.drs.calls(.startRecovery) == 1)
    }

    @Test("concurrent ticks never start a wave twice")
    func concurrentTicks() async throws {
        let h = ExecutionHarness()
        let plan = try h.plan(
            "P", groups: [try h.group("A", servers: ["s-e1"]), try h.group("B", servers: ["s-e2"])])
        let execution = try h.start(plan)
        for _ in 0..<3 {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<10 { group.addTask { _ = h.tick() } }
            }
            h.finishJobs()
        }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { _ = h.tick() } }
        }
        #expect(try h.stored(execution.executionID).status == .completed)
        #expect(h.drs.calls(.startRecovery) == 2)
    }

    @Test("cancel while a job is in flight: CANCELLING, then CANCELLED when it ends; no further wave")
    func cancelInFlight() throws {
        let h = ExecutionHarness()
        let plan = try h.plan(
            "P", groups: [try h.group("A", servers: ["s-e1"]), try h.group("B", servers: ["s-e2"])])
        let execution = try h.start(plan)
        _ = h.tick()
        let cancelling = try h.executions.command(execution.executionID, by: "operator@example.com") {
            engine, execution, now throws(EngineRejection) in
            try engine.cancel(execution, now: now)
        }
        #expect(cancelling.status == .cancelling)
        h.finishJobs()
        _ = h.tick()
        let cancelled = try h.stored(execution.executionID)
        #expect(cancelled.status == .cancelled)
        #expect(h.drs.calls(.startRecovery) == 1)
        #expect(try h.plans.get(plan.id).activeExecutionId == nil)
    }

    @Test("refused commands carry the guide's bodies")
    func rejections() throws {
        let h = ExecutionHarness()
        let single = try h.start(try h.plan("One", groups: [try h.group("A", servers: ["s-e1"])]))
        _ = h.tick()
        let pause = try #require(throws: DomainError.self) {
            try h.executions.command(single.executionID, by: "operator@example.com") {
                engine, execution, now throws(EngineRejection) in
                try engine.pause(execution, now: now)
            }
        }
        #expect(pause.code == .singleWaveNotPausable)
        #expect(pause[field: "waveCount"] == 1)
        h.finishJobs()
        _ = h.tick()
        let cancel = try #require(throws: DomainError.self) {
            try h.executions.command(single.executionID, by: "operator@example.com") {
                engine, execution, now throws(EngineRejection) in
                try engine.cancel(execution, now: now)
            }
        }
        #expect(cancel.code == .executionNotCancellable)
        #expect(cancel[field: "currentStatus"] == "COMPLETED")
        #expect(cancel[field: "executionId"] == .string(single.executionID))
        let resume = try #require(throws: DomainError.self) {
            try h.executions.command(single.executionID, by: "operator@example.com") {
                engine, execution, now throws(EngineRejection) in
                try engine.resume(execution, now: now)
            }
        }
        #expect(resume.code == .executionNotPaused)
    }

    @Test("delete: refused while active, allowed once finished")
    func delete() throws {
        let h = ExecutionHarness()
        let execution = try h.start(try h.plan("P", groups: [try h.group("A", servers: ["s-e1"])]))
        let active = try #require(throws: DomainError.self) { try h.executions.delete(execution.executionID) }
        #expect(active.code == .executionActive)
        _ = h.tick()
        h.finishJobs()
        _ = h.tick()
        try h.executions.delete(execution.executionID)
        #expect(throws: DomainError.self) { try h.stored(execution.executionID) }
    }

    @Test("the plan list shows a conflict for another plan sharing a running execution's servers")
    func planConflictView() throws {
        let h = ExecutionHarness()
        let tagged = try h.groups.create(
            ProtectionGroupDraft(name: "Tag", region: "us-east-1", serverSelectionTags: ["Tier": "DB"]),
            catalog: h.catalog(), by: "admin@example.com")
        let a = try h.plan("A", groups: [tagged])
        let b = try h.plan("B", groups: [try h.group("One", servers: ["s-e1"])])
        let running = try h.start(a)
        let page = try h.plans.list(.init(), limit: nil, nextToken: nil, catalog: h.catalog())
        let views = Dictionary(uniqueKeysWithValues: page.items.map { ($0.plan.id, $0) })
        #expect(views[a.id]?.conflict == nil)
        #expect(views[b.id]?.conflict?.execution.executionID == running.executionID)
        #expect(views[b.id]?.conflict?.servers == ["s-e1"])
    }

    @Test("terminate-instances removes a finished drill's recovery instances, then finds none")
    func terminate() throws {
        let h = ExecutionHarness()
        let execution = try h.start(try h.plan("P", groups: [try h.group("A", servers: ["s-e1", "s-e2"])]))
        _ = h.tick()
        h.finishJobs()
        _ = h.tick()
        let first = try h.executions.terminateInstances(execution.executionID, by: "operator@example.com")
        #expect(first.instances.count == 2)
        let second = try h.executions.terminateInstances(execution.executionID, by: "operator@example.com")
        #expect(second.instances.isEmpty)
    }

    @Test("executions list newest first, paged, filtered by status")
    func list() throws {
        let h = ExecutionHarness()
        var ids: [String] = []
        for index in 1...5 {
            ids.append(
                try h.start(try h.plan("P\(index)", groups: [try h.group("G\(index)", servers: ["s-e\(index)"])]))
                    .executionID)
            h.advance(seconds: 1)
        }
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try h.executions.list(status: nil, planID: nil, limit: 2, nextToken: token)
            seen += page.items.map(\.executionID)
            token = page.nextToken
        } while token != nil
        #expect(seen == ids.reversed())
        #expect(try h.executions.list(status: "completed", planID: nil, limit: 50, nextToken: nil).items.isEmpty)
        #expect(try h.executions.list(status: "pending", planID: nil, limit: 50, nextToken: nil).items.count == 5)
    }

    @Test(
        "the list walks the start-time index page by page: filters over every page, exact tokens at the end",
        arguments: [(nil, 7), ("FAILED", 4), ("COMPLETED", 5), ("RUNNING", 100)] as [(String?, Int)])
    func listOverIndexPages(status: String?, limit: Int) throws {
        let h = ExecutionHarness()
        let statuses: [ExecutionStatus] = [.completed, .failed, .running]
        var all: [Execution] = []
        for index in 0..<60 {
            var execution = Execution(
                executionID: "exec-\(index)", planID: index % 2 == 0 ? "plan-even" : "plan-odd", planName: "P",
                executionType: .drill, waves: [], startTime: 1_800_000_000_000 + Int64(index) * 1000,
                initiatedBy: "t")
            execution.status = statuses[index % 3]
            all.append(execution)
        }
        try h.store.write(all.map { .put(.executions, try ExecutionRecords.item($0), .none) })
        let expected = all.reversed().filter { status == nil || $0.status.rawValue == status }.map(\.executionID)
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try h.executions.list(status: status?.lowercased(), planID: nil, limit: limit, nextToken: token)
            #expect(page.items.count <= limit)
            seen += page.items.map(\.executionID)
            token = page.nextToken
            pages += 1
        } while token != nil && pages < 100
        #expect(seen == expected)
        #expect(pages == max(1, (expected.count + limit - 1) / limit))
        let evenOnly = try h.executions.list(status: nil, planID: "plan-even", limit: 200, nextToken: nil)
        #expect(evenOnly.items.count == 30)
        #expect(evenOnly.nextToken == nil)
    }
}

/// A store that runs `interleave` once, just before the first write group matching `when`: the
/// moment another request's write lands between a request's read and its own write.
final class InterleavingStore: ForwardingRecordStore {
    let base: InMemoryRecordStore
    let when: @Sendable ([RecordWrite]) -> Bool
    let interleave = Mutex<(@Sendable () throws -> Void)?>(nil)

    init(base: InMemoryRecordStore, when: @escaping @Sendable ([RecordWrite]) -> Bool) {
        self.base = base
        self.when = when
    }

    func write(_ writes: [RecordWrite]) throws {
        if when(writes),
            let action = interleave.withLock({ current in
                defer { current = nil }; return current
            })
        {
            try action()
        }
        try base.write(writes)
    }
}

@Suite("Groups and starts racing")
struct GroupStartRaceTests {
    @Test("a group edited between a start's read and its write: the start retries and snapshots the new servers")
    func startSeesTheEditedGroup() throws {
        let base = InMemoryRecordStore()
        let store = InterleavingStore(base: base) { writes in
            writes.contains {
                if case .put(.executions, let item, _) = $0 { item["kind"] == .string("execution") } else { false }
            }
        }
        let drs = FakeDRS()
        drs.add((1...4).map { FakeDRS.server("s-\($0)") }, region: "us-east-1")
        let groups = ProtectionGroupService(store: store, drs: drs)
        let plans = RecoveryPlanService(store: store, groups: groups)
        let runner = ExecutionRunner(
            records: ExecutionRecords(store: store), drs: drs, engine: ExecutionEngine(), environment: .live,
            metrics: { _ in })
        let executions = ExecutionService(plans: plans, runner: runner)
        let catalog = ServerCatalog(drs: drs)
        let group = try groups.create(
            ProtectionGroupDraft(name: "G", region: "us-east-1", sourceServerIds: ["s-1"]), catalog: catalog,
            by: "admin@example.com")
        let plan = try plans.create(
            RecoveryPlanDraft(name: "P", waves: [.init(name: "W", protectionGroupId: group.id)]), catalog: catalog,
            by: "admin@example.com")
        let editor = ProtectionGroupService(store: base, drs: drs)
        store.interleave.withLock {
            $0 = {
                _ = try editor.update(
                    group.id, ProtectionGroupDraft(sourceServerIds: ["s-2", "s-3"]), catalog: ServerCatalog(drs: drs),
                    by: "admin@example.com")
            }
        }
        let execution = try executions.start(
            .init(planID: plan.id, executionType: "DRILL", initiatedBy: "t"), catalog: ServerCatalog(drs: drs))
        #expect(execution.waves[0].serverIDs == ["s-2", "s-3"])
    }

    @Test("a start between a group edit's read and its write: the edit retries and answers PG_IN_ACTIVE_EXECUTION")
    func editSeesTheStart() throws {
        let base = InMemoryRecordStore()
        let store = InterleavingStore(base: base) { writes in
            writes.contains { if case .update(.protectionGroups, _, _, _) = $0 { true } else { false } }
                && !writes.contains { if case .update(.recoveryPlans, _, _, _) = $0 { true } else { false } }
        }
        let drs = FakeDRS()
        drs.add((1...4).map { FakeDRS.server("s-\($0)") }, region: "us-east-1")
        let groups = ProtectionGroupService(store: store, drs: drs)
        let plans = RecoveryPlanService(store: base, groups: ProtectionGroupService(store: base, drs: drs))
        let catalog = ServerCatalog(drs: drs)
        let group = try groups.create(
            ProtectionGroupDraft(name: "G", region: "us-east-1", sourceServerIds: ["s-1"]), catalog: catalog,
            by: "admin@example.com")
        let plan = try plans.create(
            RecoveryPlanDraft(name: "P", waves: [.init(name: "W", protectionGroupId: group.id)]), catalog: catalog,
            by: "admin@example.com")
        let runner = ExecutionRunner(
            records: ExecutionRecords(store: base), drs: drs, engine: ExecutionEngine(), environment: .live,
            metrics: { _ in })
        let starter = ExecutionService(plans: plans, runner: runner)
        store.interleave.withLock {
            $0 = {
                _ = try starter.start(
                    .init(planID: plan.id, executionType: "DRILL", initiatedBy: "t"), catalog: ServerCatalog(drs: drs))
            }
        }
        let error = try #require(throws: DomainError.self) {
            try groups.update(
                group.id, ProtectionGroupDraft(description: "edited"), catalog: catalog, by: "admin@example.com")
        }
        #expect(error.code == .pgInActiveExecution)
    }
}
