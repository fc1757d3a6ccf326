import API
import DynamoDB
import JSONCore
import Orchestrator
import TestSupport
import Testing

/// What a request costs in store requests and items read, with few and with many stored records
/// (DESIGN, Data: a per-item route, a start and a tick cost the same whatever the tables hold; a
/// list page costs what it holds).
@Suite("Constant cost per request")
struct ConstantCostTests {
    /// A harness with two explicit groups, a plan using the first (`plan`), and `others` more plans
    /// with their name guards and 3 finished executions each — stored as the services store them.
    static func fixture(others: Int) throws -> (harness: ResourceTestHarness, plan: String, group: String) {
        let harness = try ResourceTestHarness()
        let group = try harness.createGroupID("Web", servers: ["s-orders-web-01"])
        let spare = try harness.createGroupID("App", servers: ["s-orders-app-01"])
        let plan = try harness.createPlanID("Main", waves: [("W", group)])
        for index in 0..<others {
            let id = "other-\(index)"
            let other = RecoveryPlan(
                id: id, name: "Other \(index)", waves: [.init(name: "W", protectionGroupId: spare)], createdAt: 1,
                updatedAt: 1)
            try harness.store.write([
                .put(.recoveryPlans, try RecordCoding.item(other), .absent),
                Guard.claim(.recoveryPlans, Guard.name(other.name), owner: id),
            ])
            for run in 0..<3 {
                let execution = Execution(
                    executionID: "\(id)-run-\(run)", planID: id, planName: other.name, executionType: .drill,
                    waves: [], startTime: Int64(1_000 + run), initiatedBy: "seed")
                var item = try ExecutionRecords.item(execution)
                item["status"] = .string("COMPLETED")
                try harness.store.write([.put(.executions, item, .absent)])
            }
        }
        harness.store.resetRequestCount()
        return (harness, plan, group)
    }

    /// The store requests and items read of `body`.
    static func cost(_ harness: ResourceTestHarness, _ body: () throws -> Void) rethrows -> Cost {
        harness.store.resetRequestCount()
        try body()
        return Cost(requests: harness.store.requests, items: harness.store.itemsRead)
    }

    struct Cost: Equatable, CustomStringConvertible {
        var requests: [String]
        var items: Int
        var description: String { "\(items) items in \(requests)" }
    }

    /// The cost of one request through the router, which must answer `status`.
    static func cost(
        _ harness: ResourceTestHarness, _ method: String, _ path: String, body: JSONValue? = nil,
        query: [String: String]? = nil, status: Int
    ) throws -> Cost {
        try cost(harness) {
            let reply = try harness.send(method, path, body: body, query: query)
            #expect(reply.status == status, "\(method) \(path): \(reply)")
        }
    }

    /// The cost of each per-item operation on `fixture`, by name. The plan ends up with a running
    /// execution, ticked once.
    static func costs(_ fixture: (harness: ResourceTestHarness, plan: String, group: String)) throws -> [String: Cost] {
        let (harness, plan, group) = fixture
        var costs: [String: Cost] = [:]
        costs["GET plan"] = try cost(harness, "GET", "/recovery-plans/\(plan)", status: 200)
        costs["POST plan"] = try cost(
            harness, "POST", "/recovery-plans",
            body: ["name": "New", "waves": [["name": "W", "protectionGroupId": .string(group)]]], status: 201)
        costs["PUT plan"] = try cost(
            harness, "PUT", "/recovery-plans/\(plan)", body: ["name": "Main renamed"], status: 200)
        costs["POST group"] = try cost(
            harness, "POST", "/protection-groups",
            body: ["name": "DB", "region": "us-east-1", "sourceServerIds": ["s-orders-db-01"]], status: 201)
        costs["PUT group"] = try cost(
            harness, "PUT", "/protection-groups/\(group)", body: ["description": "x"], status: 200)
        costs["GET executions of a plan"] = try cost(
            harness, "GET", "/executions", query: ["planId": plan, "limit": "5"], status: 200)
        costs["POST execution"] = try cost(
            harness, "POST", "/executions",
            body: ["recoveryPlanId": .string(plan), "executionType": "DRILL", "initiatedBy": "t"], status: 202)
        let services = APIServices(store: harness.store, drs: harness.drs, environment: harness.clock.environment)
        costs["tick"] = try cost(harness) {
            let report = try services.runner.tickAll()
            #expect(report.examined == 1)
        }
        return costs
    }

    @Test(
        "a plan's get, create and update, a group's create and update, a start and a tick cost the same with 5 or 300 other plans"
    )
    func perItemRoutesAreFlat() throws {
        let few = try Self.costs(try Self.fixture(others: 5))
        let many = try Self.costs(try Self.fixture(others: 300))
        #expect(few.count == 8)
        for (operation, cost) in few.sorted(by: { $0.key < $1.key }) {
            let other = many[operation].map(\.description) ?? "-"
            #expect(many[operation] == cost, "\(operation): \(cost) with 5 plans, \(other) with 300")
            #expect(cost.items < 20, "\(operation): \(cost)")
            #expect(!cost.requests.contains("Scan"), "\(operation) scans a table: \(cost)")
        }
    }

    @Test("a list page of plans or groups reads the page and one more item, not the table")
    func listPagesCostWhatTheyHold() throws {
        let (harness, _, _) = try Self.fixture(others: 300)
        let plans = try Self.cost(harness) {
            let reply = try harness.send("GET", "/recovery-plans", query: ["limit": "20"])
            #expect(reply["count"] == 20)
            #expect(reply["nextToken"] != nil)
        }
        // The index page (21 plans) and the groups those plans use (2).
        #expect(plans.requests.filter { $0 == "Query" }.count == 1, "\(plans)")
        #expect(plans.items <= 21 + 2, "\(plans)")
        let groups = try Self.cost(harness) {
            let reply = try harness.send("GET", "/protection-groups", query: ["limit": "1"])
            #expect(reply["count"] == 1)
        }
        #expect(groups == Cost(requests: ["Query"], items: 2), "\(groups)")
    }

    @Test("an exact-name filter reads the plan's name guard, not the list")
    func exactNameByGuard() throws {
        let (harness, _, _) = try Self.fixture(others: 300)
        let found = try Self.cost(harness) {
            let reply = try harness.send("GET", "/recovery-plans", query: ["nameExact": "OTHER 250"])
            #expect(reply["count"] == 1)
            #expect(reply["plans"]?[0]?["name"] == "Other 250")
        }
        #expect(!found.requests.contains("Query") && !found.requests.contains("Scan"), "\(found)")
        #expect(found.items <= 3, "\(found)")
    }

    @Test("a start sees an execution started a moment before even when the index does not show it yet")
    func startRegisterCoversIndexLag() throws {
        let harness = try ResourceTestHarness()
        let shared = try harness.createGroupID("Shared", servers: ["s-orders-web-01"])
        let first = try harness.createPlanID("First", waves: [("W", shared)])
        let second = try harness.createPlanID("Second", waves: [("W", shared)])
        let started = try harness.send(
            "POST", "/executions",
            body: ["recoveryPlanId": .string(first), "executionType": "DRILL", "initiatedBy": "t"])
        #expect(started.status == 202)
        // The index lags: the plans stop showing their active execution; the register must not.
        let store = LaggingIndexStore(base: harness.store)
        let services = APIServices(store: store, drs: harness.drs, environment: harness.clock.environment)
        let refused = try #require(throws: DomainError.self) {
            try services.executions.start(
                .init(planID: second, executionType: "DRILL", initiatedBy: "t"),
                catalog: ServerCatalog(drs: harness.drs))
        }
        #expect(refused.code == .serverConflict)
        // The tick finds it by the register too.
        #expect(try services.runner.tickAll().examined == 1)
    }
}

/// A store whose secondary indexes have not caught up yet: the sparse index of executing plans is
/// empty.
final class LaggingIndexStore: ForwardingRecordStore {
    let base: InMemoryRecordStore

    init(base: InMemoryRecordStore) { self.base = base }

    func scanIndex(_ table: StoreTable, index: String, keyAttribute: String) throws -> [DynamoDBItem] { [] }
}
