import DRS
import Foundation
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

extension RecoveryPlanRoutesTests {
    /// What a list or get costs in store requests and DRS calls, whatever the table holds.
    @Suite("cost")
    struct Cost {
        /// `count` plans over tag groups in two regions, plan 1 executing one server of its group.
        static func efficiencyFixture(plans count: Int) throws -> ResourceTestHarness {
            let harness = try ResourceTestHarness(scanPageSize: 1_000)
            let east = try harness.createGroupID("East", tags: ["Application": "Orders", "Tier": "Database"])
            let west = try harness.createGroupID("West", region: "us-west-2", tags: ["Environment": "DR"])
            let explicit = try harness.createGroupID("CRM", servers: ["s-crm-web-01"])
            var first = ""
            for index in 1...count {
                let id = try harness.createPlanID(
                    String(format: "Plan %03d", index), waves: [("E", east), ("W", west), ("C", explicit)])
                if index == 1 { first = id }
            }
            try harness.putActiveExecution("exec-1", planId: first, planName: "Plan 001", waves: [["s-orders-db-01"]])
            harness.store.resetRequestCount()
            harness.drs.state.withLock { $0.calls = [] }
            return harness
        }

        @Test("lists 50 plans with a constant number of store requests and one DescribeSourceServers per region")
        func listEfficiency() throws {
            let harness = try Self.efficiencyFixture(plans: 50)
            let reply = try harness.send("GET", "/recovery-plans")
            #expect(reply["count"] == 50)
            #expect(reply["plans"]?[1]?["hasServerConflict"] == true)
            let requests = harness.store.requests
            #expect(!requests.contains("GetItem"), "\(requests)")
            #expect(requests.filter { $0 == "Scan" }.count <= 3, "\(requests)")
            #expect(requests.count <= 4, "\(requests)")
            // The executing plans' index, their execution, one page of plans, the groups they use.
            #expect(requests == ["Scan:ByActiveExecution", "BatchGetItem", "Query", "BatchGetItem"])
            #expect(harness.store.itemsRead == 1 + 1 + 50 + 3)
            let calls = harness.drs.state.withLock { $0.calls }
            #expect(calls.filter { $0 == "DescribeSourceServers us-east-1" }.count <= 1, "\(calls)")
            #expect(calls.filter { $0 == "DescribeSourceServers us-west-2" }.count <= 1, "\(calls)")
            #expect(harness.drs.calls(.describeSourceServers) <= 2)

            let small = try Self.efficiencyFixture(plans: 10)
            _ = try small.send("GET", "/recovery-plans")
            #expect(small.store.requests == requests, "the same requests for 10 plans as for 50")
        }

        @Test("gets one plan with a constant number of store requests and at most one DescribeSourceServers per region")
        func getEfficiency() throws {
            let harness = try Self.efficiencyFixture(plans: 50)
            let list = try harness.send("GET", "/recovery-plans")
            let id = try #require(list["plans"]?[10]?["id"]?.stringValue)
            harness.store.resetRequestCount()
            harness.drs.state.withLock { $0.calls = [] }
            let reply = try harness.send("GET", "/recovery-plans/\(id)")
            #expect(reply["hasServerConflict"] == true)
            let requests = harness.store.requests
            #expect(requests.filter { $0 == "GetItem" }.count <= 1, "\(requests)")
            #expect(requests.count <= 5, "\(requests)")
            // The plan, the executing plans' index, their execution, the plan's groups: no scan.
            #expect(requests == ["GetItem", "Scan:ByActiveExecution", "BatchGetItem", "BatchGetItem"])
            #expect(harness.store.itemsRead == 1 + 1 + 1 + 3)
            let calls = harness.drs.state.withLock { $0.calls }
            #expect(Set(calls).count == calls.count, "\(calls)")
        }
    }

    /// Paging while plans are written, concurrent writers, and starting a plan.
    @Suite("paging stability, concurrency and execute")
    struct Concurrency {
        @Test("continues a page after a plan sorting before the token is added, without repeats")
        func pagingAcrossWrites() throws {
            let catalogue = try List.catalogue()
            let harness = catalogue.harness
            let first = try harness.send("GET", "/recovery-plans", query: ["limit": "5"])
            let token = try #require(first["nextToken"]?.stringValue)
            try harness.createPlan("AAA First", waves: [("W", "id-0001")])
            let rest = try harness.send("GET", "/recovery-plans", query: ["limit": "100", "nextToken": token])
            let seen = names(first) + names(rest)
            #expect(seen == catalogue.names(Array(1...23)))
        }

        @Test("keeps plan names unique and group references whole under concurrent requests")
        func concurrentWrites() throws {
            let (harness, db, _) = try withGroups()
            let box = UncheckedBox(harness)
            let replies = Mutex<[(status: Int, code: String?)]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                let body: JSONValue = [
                    "name": "Same Plan", "waves": [["name": "W", "protectionGroupId": .string(db)]],
                ]
                let reply = try? box.value.send("POST", "/recovery-plans", body: body)
                replies.withLock { $0.append((reply?.status ?? -1, reply?.error)) }
            }
            let all = replies.withLock { $0 }
            #expect(all.filter { $0.status == 201 }.count == 1, "\(all)")
            #expect(all.filter { $0.status == 409 && $0.code == "RP_NAME_EXISTS" }.count == 7, "\(all)")

            // A group deleted while plans are being created on it: either the plan or the group survives.
            for round in 0..<10 {
                let group = try harness.createGroupID("Racy \(round)", tags: ["Round": String(round)])
                let outcomes = Mutex<[String: Reply]>([:])
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    let reply =
                        index == 0
                        ? try? box.value.send("DELETE", "/protection-groups/\(group)")
                        : try? box.value.send(
                            "POST", "/recovery-plans",
                            body: [
                                "name": .string("Racy plan \(round)"),
                                "waves": [["name": "W", "protectionGroupId": .string(group)]],
                            ])
                    outcomes.withLock { $0[index == 0 ? "delete" : "create"] = reply }
                }
                let result = outcomes.withLock { $0 }
                let deleted = result["delete"]?.status == 200
                let groupExists = try harness.send("GET", "/protection-groups/\(group)").status == 200
                let planCreated = result["create"]?.status == 201
                #expect(!(planCreated && !groupExists), "round \(round): a plan references a deleted group \(result)")
                #expect(deleted || result["delete"]?.error == "PG_IN_USE", "\(result)")
                #expect(deleted || result["delete"]?.status == 409, "\(result)")
                #expect(planCreated || result["create"]?.error == "PROTECTION_GROUP_NOT_FOUND", "\(result)")
                #expect(deleted != groupExists, "\(result)")
            }
        }

        @Test("POST /recovery-plans/{id}/execute starts the plan from the path; 404 for an unknown plan")
        func execute() throws {
            let (harness, _, crm) = try withGroups()
            // crm-db-01 does not replicate (STOPPED): the wave narrows to the healthy crm-web-01.
            let wave: JSONValue = ["name": "CRM", "protectionGroupId": .string(crm), "serverIds": ["s-crm-web-01"]]
            let created = try harness.send("POST", "/recovery-plans", body: ["name": "Run Me", "waves": [wave]])
            let id = try #require(created["id"]?.stringValue)
            let unknown = try harness.send(
                "POST", "/recovery-plans/rp-missing/execute", body: ["executionType": "DRILL"])
            expectError(unknown, 404, "RECOVERY_PLAN_NOT_FOUND")
            let started = try harness.send("POST", "/recovery-plans/\(id)/execute", body: ["executionType": "DRILL"])
            #expect(started.status == 202, "\(started)")
            #expect(started["planId"] == .string(id))
            #expect(started["executionId"]?.stringValue?.isEmpty == false)
            #expect(started["ExecutionId"] == started["executionId"])
            let edit = try harness.send("PUT", "/recovery-plans/\(id)", body: ["description": "x"])
            expectError(edit, 409, "PLAN_HAS_ACTIVE_EXECUTION")
            expectError(try harness.send("DELETE", "/recovery-plans/\(id)"), 409, "PLAN_HAS_ACTIVE_EXECUTION")
            expectError(
                try harness.send("PUT", "/protection-groups/\(crm)", body: ["description": "x"]), 409,
                "PG_IN_ACTIVE_EXECUTION")
        }
    }
}
