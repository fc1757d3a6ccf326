import API
import DRS
import DynamoDB
import JSONCore
import LambdaRuntime
import Orchestrator
import Synchronization
import TestSupport
import Testing

/// Writes under ambiguity, DynamoDB's limits and byte-compared keys, through the real router on
/// the in-memory store (which enforces what DynamoDB enforces and injects lost answers).
@Suite("Store writes")
struct StoreWriteTests {
    /// A harness with 100 healthy explicit-mode servers `s-swap-000`… in ap-southeast-2.
    static func harnessWithManyServers() throws -> ResourceTestHarness {
        let harness = try ResourceTestHarness()
        harness.drs.add(
            (0..<100).map { ResourceTestHarness.server(Self.host($0), [:]) }, region: "ap-southeast-2")
        return harness
    }

    static func host(_ index: Int) -> String {
        "swap-" + String(repeating: "0", count: 3 - String(index).count) + String(index)
    }

    static func servers(_ range: Range<Int>) -> [String] { range.map { "s-" + host($0) } }

    static func putsKind(_ kind: String, in table: StoreTable) -> @Sendable ([RecordWrite]) -> Bool {
        { writes in
            writes.contains {
                if case .put(let written, let item, _) = $0 { return written == table && item["kind"] == .string(kind) }
                return false
            }
        }
    }

    // MARK: Lost answers

    @Test("a group create whose answer was lost answers 201, and exactly one group exists")
    func createAnswerLost() throws {
        let harness = try ResourceTestHarness()
        harness.store.inject(.answerLost, when: Self.putsKind("group", in: .protectionGroups))
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Lost", "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"]])
        #expect(reply.status == 201, "\(reply)")
        let list = try harness.send("GET", "/protection-groups")
        #expect(list["count"] == 1)
        #expect(list["groups"]?[0]?["id"] == reply["id"])
    }

    @Test("a plan create whose answer was lost answers 201")
    func planCreateAnswerLost() throws {
        let harness = try ResourceTestHarness()
        let group = try harness.createGroupID("G", servers: ["s-orders-web-01"])
        harness.store.inject(.answerLost, when: Self.putsKind("plan", in: .recoveryPlans))
        let reply = try harness.send(
            "POST", "/recovery-plans",
            body: ["name": "P", "waves": [["name": "W", "protectionGroupId": .string(group)]]])
        #expect(reply.status == 201, "\(reply)")
        #expect(try harness.send("GET", "/recovery-plans")["count"] == 1)
        // The group's reference count was raised once, not twice: the plan's delete frees it.
        #expect(try harness.send("DELETE", "/recovery-plans/\(try #require(reply["id"]?.stringValue))").status == 200)
        #expect(try harness.send("DELETE", "/protection-groups/\(group)").status == 200)
    }

    @Test("a start whose answer was lost answers 202 naming the one execution it created")
    func startAnswerLost() throws {
        let (harness, plan) = try ExecutionRoutesTests.twoWavePlan()
        harness.store.inject(.answerLost, when: Self.putsKind("execution", in: .executions))
        let reply = try harness.send("POST", "/executions", body: ["planId": .string(plan), "executionType": "DRILL"])
        #expect(reply.status == 202, "\(reply)")
        let id = try #require(reply["executionId"]?.stringValue)
        let executions = harness.store.items(.executions).filter { $0["kind"] == .string("execution") }
        #expect(executions.map { $0["pk"] } == [.string(id)])
        #expect(try harness.send("GET", "/recovery-plans/\(plan)")["lastExecutionId"] == .string(id))
    }

    @Test("a pause whose answer was lost answers 200 with the state it asked for")
    func pauseAnswerLost() throws {
        let (harness, plan) = try ExecutionRoutesTests.twoWavePlan()
        let id = try #require(
            try harness.send("POST", "/executions", body: ["planId": .string(plan), "executionType": "DRILL"])[
                "executionId"]?.stringValue)
        _ = try harness.send("GET", "/executions/\(id)")
        harness.store.inject(.answerLost, when: Self.putsKind("execution", in: .executions))
        let pausing = try harness.send("POST", "/executions/\(id)/pause", body: [:])
        #expect(pausing.status == 200, "\(pausing)")
        #expect(pausing["status"] == "pause_pending")
    }

    @Test("a group delete whose answer was lost answers 200")
    func deleteAnswerLost() throws {
        let harness = try ResourceTestHarness()
        let group = try harness.createGroupID("Gone", servers: ["s-orders-web-01"])
        harness.store.inject(.answerLost)
        #expect(try harness.send("DELETE", "/protection-groups/\(group)").status == 200)
        #expect(try harness.createGroupID("Gone", servers: ["s-orders-web-01"]) != group)
    }

    // MARK: Errors after retries

    @Test("DynamoDB failing after the retries is 503 SERVICE_UNAVAILABLE, throttling 429 THROTTLED; nothing written")
    func unavailableAndThrottled() throws {
        let harness = try ResourceTestHarness()
        harness.store.inject(.unavailable)
        let unavailable = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "U", "region": "us-east-1", "sourceServerIds": ["s-legacy-01"]])
        #expect(unavailable.status == 503)
        #expect(unavailable.error == "SERVICE_UNAVAILABLE")
        harness.store.inject(.throttled)
        let throttled = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "U", "region": "us-east-1", "sourceServerIds": ["s-legacy-01"]])
        #expect(throttled.status == 429)
        #expect(throttled.error == "THROTTLED")
        #expect(try harness.send("GET", "/protection-groups")["count"] == 0)
        #expect(try harness.createGroupID("U", servers: ["s-legacy-01"]).isEmpty == false)
    }

    // MARK: Limits

    @Test("the in-memory store refuses what DynamoDB refuses: 101 items, two writes of one item, big items and keys")
    func storeLimits() throws {
        let store = InMemoryRecordStore()
        func put(_ key: String, _ extra: DynamoDBItem = [:]) -> RecordWrite {
            .put(.protectionGroups, extra.merging(["pk": .string(key)]) { a, _ in a }, .none)
        }
        #expect(throws: DomainError.self) { try store.write((0..<101).map { put("k\($0)") }) }
        #expect(throws: DomainError.self) {
            try store.write([put("same"), .delete(.protectionGroups, key: "same", .none)])
        }
        #expect(throws: DomainError.self) {
            try store.write([put("big", ["blob": .string(String(repeating: "x", count: 410 * 1024))])])
        }
        #expect(throws: DomainError.self) { try store.write([put(String(repeating: "k", count: 2048))]) }
        #expect(store.items(.protectionGroups).isEmpty)
        try store.write((0..<100).map { put("k\($0)") })
        #expect(store.items(.protectionGroups).count == 100)
        // An update that grows an item past 400 KB fails as DynamoDB's would.
        let half = AttributeValue.string(String(repeating: "y", count: 210 * 1024))
        try store.write([.update(.protectionGroups, key: "k0", RecordUpdate(set: ["a": half]), .none)])
        #expect(throws: DomainError.self) {
            try store.write([.update(.protectionGroups, key: "k0", RecordUpdate(set: ["b": half]), .none)])
        }
    }

    @Test("replacing 50 explicit servers by 50 others answers 200 and frees the old servers")
    func swapFiftyForFifty() throws {
        let harness = try Self.harnessWithManyServers()
        let first = Self.servers(0..<50)
        let second = Self.servers(50..<100)
        let id = try harness.createGroupID("Fifty", region: "ap-southeast-2", servers: first)
        harness.store.resetRequestCount()
        let reply = try harness.send(
            "PUT", "/protection-groups/\(id)", body: ["sourceServerIds": .array(second.map { .string($0) })])
        #expect(reply.status == 200, "\(reply)")
        #expect(reply["version"] == 2)
        #expect(reply["sourceServerIds"] == .array(second.map { .string($0) }))
        // Exactly the new servers are guarded, by the group.
        let guards = harness.store.items(.protectionGroups).filter {
            $0["pk"]?.stringValue?.hasPrefix("guard#server#") == true
        }
        #expect(Set(guards.compactMap { $0["pk"]?.stringValue }) == Set(second.map { "guard#server#" + $0 }))
        #expect(guards.allSatisfy { $0["owner"] == .string(id) })
        // The old servers are free; the new ones are taken.
        #expect(try harness.createGroupID("Old", region: "ap-southeast-2", servers: first).isEmpty == false)
        let taken = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Taken", "region": "ap-southeast-2", "sourceServerIds": [.string(second[7])]])
        #expect(taken.error == "SERVER_CONFLICT")
    }

    @Test("a swap failing between its steps leaves the old servers guarded and the new ones free")
    func swapInterrupted() throws {
        let harness = try Self.harnessWithManyServers()
        let first = Self.servers(0..<50)
        let second = Self.servers(50..<100)
        let id = try harness.createGroupID("Fifty", region: "ap-southeast-2", servers: first)
        // The step that writes the record (it requires the new guards to be held) fails for good.
        harness.store.inject(.unavailable) { writes in
            writes.contains {
                if case .check(_, let key, _) = $0 { return key.hasPrefix("guard#server#") } else { return false }
            }
        }
        let reply = try harness.send(
            "PUT", "/protection-groups/\(id)", body: ["sourceServerIds": .array(second.map { .string($0) })])
        #expect(reply.status == 503)
        #expect(
            try harness.send("GET", "/protection-groups/\(id)")["sourceServerIds"] == .array(first.map { .string($0) }))
        let guards = harness.store.items(.protectionGroups).compactMap { $0["pk"]?.stringValue }.filter {
            $0.hasPrefix("guard#server#")
        }
        #expect(Set(guards) == Set(first.map { "guard#server#" + $0 }))
        #expect(try harness.createGroupID("New", region: "ap-southeast-2", servers: second).isEmpty == false)
        let old = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Old", "region": "ap-southeast-2", "sourceServerIds": [.string(first[0])]])
        #expect(old.error == "SERVER_CONFLICT")
    }

    @Test("a plan using more groups than one transaction can change is refused with 400 naming the limit")
    func planGroupLimit() throws {
        let harness = try Self.harnessWithManyServers()
        let groups = try (0..<(RecoveryPlanService.maxGroupsPerPlan + 1)).map {
            try harness.createGroupID("G\($0)", region: "ap-southeast-2", servers: Self.servers($0..<($0 + 1)))
        }
        let waves: [JSONValue] = groups.enumerated().map {
            ["name": .string("W\($0.offset)"), "protectionGroupId": .string($0.element)]
        }
        let reply = try harness.send("POST", "/recovery-plans", body: ["name": "Wide", "waves": .array(waves)])
        #expect(reply.status == 400)
        #expect(reply.error == "INVALID_WAVE_DATA")
        #expect(reply["limit"] == .int(RecoveryPlanService.maxGroupsPerPlan))
        let fits = try harness.send(
            "POST", "/recovery-plans", body: ["name": "Fits", "waves": .array(Array(waves.dropLast()))])
        #expect(fits.status == 201, "\(fits)")
    }

    @Test("invocationDetails over 8 KB are refused with 400 naming the limit")
    func invocationDetailsBound() throws {
        let (harness, plan) = try ExecutionRoutesTests.twoWavePlan()
        let reply = try harness.send(
            "POST", "/executions",
            body: [
                "planId": .string(plan), "executionType": "DRILL",
                "invocationDetails": ["note": .string(String(repeating: "n", count: 9000))],
            ])
        expectError(reply, 400, "INVALID_REQUEST")
        #expect(reply["field"] == "invocationDetails")
        #expect(reply["limit"] == .int(ExecutionService.maxInvocationDetailsBytes))
    }

    // MARK: Keys compare bytes

    @Test("a group renamed to its canonically equivalent form (NFC to NFD), then deleted, frees the name")
    func nfcRename() throws {
        let harness = try ResourceTestHarness()
        let composed = "Caf\u{E9}"
        let decomposed = "Cafe\u{301}"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let id = try harness.createGroupID(composed, servers: ["s-orders-web-01"])
        let renamed = try harness.send("PUT", "/protection-groups/\(id)", body: ["name": .string(decomposed)])
        #expect(renamed.status == 200)
        #expect(try harness.send("DELETE", "/protection-groups/\(id)").status == 200)
        let again = try harness.send(
            "POST", "/protection-groups",
            body: ["name": .string(composed), "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"]])
        #expect(again.status == 201, "\(again)")
        let taken = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "CAFE\u{301}", "region": "us-east-1", "sourceServerIds": ["s-orders-web-02"]])
        #expect(taken.error == "PG_NAME_EXISTS")
    }

    @Test("name keys are NFC and case-folded, long ones hashed under the key limit")
    func nameKeys() {
        #expect(NameKey.of("Caf\u{E9}") == NameKey.of("CAFE\u{301}"))
        #expect(Guard.name("Caf\u{E9}") == Guard.name("cafe\u{301}"))
        let long = Guard.name(String(repeating: "\u{1F600}", count: 256))
        #expect(long.utf8.count < 100)
        #expect(long != Guard.name(String(repeating: "\u{1F600}", count: 255)))
    }

    @Test("a guard whose owner is gone is repaired, not retried into 429")
    func staleGuardRepaired() throws {
        let harness = try ResourceTestHarness()
        harness.store.plant(.protectionGroups, Guard.item(Guard.name("Orphan"), owner: "deleted-group"))
        harness.store.plant(.recoveryPlans, Guard.item(Guard.name("Orphan plan"), owner: "deleted-plan"))
        let group = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Orphan", "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"]])
        #expect(group.status == 201, "\(group)")
        let groupID = try #require(group["id"]?.stringValue)
        let plan = try harness.send(
            "POST", "/recovery-plans",
            body: ["name": "Orphan plan", "waves": [["name": "W", "protectionGroupId": .string(groupID)]]])
        #expect(plan.status == 201, "\(plan)")
    }

    @Test("a server guard claimed moments ago by a group mid-edit is a conflict until the grace has passed")
    func pendingGuardRespected() throws {
        let harness = try ResourceTestHarness()
        let holder = try harness.createGroupID("Holder", servers: ["s-orders-web-01"])
        harness.store.plant(
            .protectionGroups, Guard.item(Guard.server("s-orders-web-02"), owner: holder, claimedAt: harness.clock.now))
        let early = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Early", "region": "us-east-1", "sourceServerIds": ["s-orders-web-02"]])
        #expect(early.status == 409)
        #expect(early.error == "SERVER_CONFLICT")
        #expect(early["conflicts"]?[0]?["assignedToGroupId"] == .string(holder))
        harness.clock.advance(milliseconds: GuardRepair.graceMilliseconds + 1)
        let late = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Late", "region": "us-east-1", "sourceServerIds": ["s-orders-web-02"]])
        #expect(late.status == 201, "\(late)")
    }

    // MARK: Concurrency edges

    @Test("a group edit is conditioned on the plan references it read")
    func groupEditConditionedOnPlanRefs() throws {
        let store = InMemoryRecordStore()
        let group = ProtectionGroup(id: "g", name: "G", region: "us-east-1", createdAt: 0, updatedAt: 0)
        try store.write([.put(.protectionGroups, try RecordCoding.item(group), .absent)])
        let condition = ProtectionGroupService.editCondition(group)
        // A plan started to use the group after the edit read it.
        try store.write([.update(.protectionGroups, key: "g", RecordUpdate(add: ["planRefs": 1]), .present)])
        #expect(throws: StoreError.self) {
            try store.write([.update(.protectionGroups, key: "g", RecordUpdate(set: ["name": "H"]), condition)])
        }
        var read = group
        read.planReferences = 1
        try store.write([
            .update(
                .protectionGroups, key: "g", RecordUpdate(set: ["name": "H"]),
                ProtectionGroupService.editCondition(read))
        ])
    }

    @Test("a start snapshots the plan as committed: a plan edit between read and write makes it read again")
    func startConditionedOnPlanVersion() throws {
        let base = InMemoryRecordStore()
        let store = EditBeforeStartStore(base: base)
        let clock = TestClock()
        let drs = FakeDRS()
        drs.add(ResourceTestHarness.east, region: "us-east-1")
        let services = APIServices(store: store, drs: drs, environment: clock.environment)
        let web = try services.groups.create(
            ProtectionGroupDraft(name: "Web", region: "us-east-1", sourceServerIds: ["s-orders-web-01"]),
            catalog: ServerCatalog(drs: drs), by: "admin@example.com")
        let plan = try services.plans.create(
            RecoveryPlanDraft(name: "P", waves: [RecoveryPlan.Wave(name: "Before", protectionGroupId: web.id)]),
            catalog: ServerCatalog(drs: drs), by: "admin@example.com")
        store.planToEdit.withLock { $0 = plan.id }
        let execution = try services.executions.start(
            .init(planID: plan.id, executionType: "DRILL", initiatedBy: "test"), catalog: ServerCatalog(drs: drs))
        #expect(execution.waves.map(\.name) == ["After"])
    }
}

/// Renames the plan's wave (a committed edit, version + 1) just before the first execution
/// start reaches the store.
final class EditBeforeStartStore: ForwardingRecordStore {
    let base: InMemoryRecordStore
    let planToEdit = Mutex<String?>(nil)

    init(base: InMemoryRecordStore) { self.base = base }

    func write(_ writes: [RecordWrite]) throws {
        let starts = writes.contains {
            if case .put(.executions, let item, _) = $0 { return item["kind"] == .string("execution") }
            return false
        }
        if starts,
            let id = planToEdit.withLock({ value -> String? in
                defer { value = nil }; return value
            })
        {
            guard let item = try base.get(.recoveryPlans, key: id) else { throw StoreError.contention }
            let plan = try RecordCoding.record(RecoveryPlan.self, item)
            var edited = plan
            edited.waves[0].name = "After"
            edited.version += 1
            try base.write([
                .update(
                    .recoveryPlans, key: id,
                    RecordUpdate(set: try RecordCoding.attributes(edited, ["waves", "version"])),
                    StoreCondition(version: plan.version))
            ])
        }
        try base.write(writes)
    }
}
