import DRS
import Foundation
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

extension RecoveryPlanRoutesTests {
    /// `GET /recovery-plans` over a catalogue of 23 plans: order, filters over the whole table,
    /// conflicts with running executions, paging.
    @Suite("list, filters and paging")
    struct List {
        /// 23 plans in a store whose scans come in pages of 5 (spec §2.2's filters over the whole table).
        ///
        /// Plan `i` (name `Plan ii`, except 7 = `Orders DR Drill` and 8 = `Orders DR Drill 2`) recovers:
        /// i % 4 == 0 → web (tags Orders/Web/Production), 1 → db (tags Application=Orders, Tier=Database),
        /// 2 → crm (explicit crm-web-01, crm-db-01), 3 → web then batch (explicit billing-batch-01);
        /// plan 23 recovers web then a group selected by `Selector=k=v`.
        struct Catalogue {
            var harness: ResourceTestHarness
            var ids: [Int: String]
            var names: [Int: String]

            func names(_ numbers: [Int]) -> [String] {
                numbers.compactMap { names[$0] }.sorted { $0.lowercased() < $1.lowercased() }
            }
        }

        static func catalogue() throws -> Catalogue {
            let harness = try ResourceTestHarness(scanPageSize: 5)
            let web = try harness.createGroupID(
                "Web", tags: ["Application": "Orders", "Tier": "Web", "Environment": "Production"])
            let db = try harness.createGroupID("DB", tags: ["Application": "Orders", "Tier": "Database"])
            let crm = try harness.createGroupID("CRM", servers: ["s-crm-web-01", "s-crm-db-01"])
            let batch = try harness.createGroupID("Batch", servers: ["s-billing-batch-01"])
            let selector = try harness.createGroupID("Selector", tags: ["Selector": "k=v"])
            var ids: [Int: String] = [:]
            var names: [Int: String] = [:]
            for index in 1...23 {
                let name =
                    switch index {
                    case 7: "Orders DR Drill"
                    case 8: "Orders DR Drill 2"
                    default: String(format: "Plan %02d", index)
                    }
                let waves: [(String, String)] =
                    switch index % 4 {
                    case 0: [("Web", web)]
                    case 1: [("DB", db)]
                    case 2: [("CRM", crm)]
                    default: index == 23 ? [("Web", web), ("Selected", selector)] : [("Web", web), ("Batch", batch)]
                    }
                ids[index] = try harness.createPlanID(name, waves: waves)
                names[index] = name
            }
            return Catalogue(harness: harness, ids: ids, names: names)
        }

        /// The catalogue with plan 2 executing crm-web-01 and plan 3 executing orders-db-02, and last
        /// statuses COMPLETED on 4, 12, 20 and FAILED on 5, 9.
        static func busyCatalogue() throws -> Catalogue {
            let catalogue = try catalogue()
            let harness = catalogue.harness
            try harness.putActiveExecution(
                "exec-1", planId: catalogue.ids[2]!, planName: "Plan 02", waves: [["s-crm-web-01"]])
            try harness.putActiveExecution(
                "exec-2", planId: catalogue.ids[3]!, planName: "Plan 03", status: "PAUSED",
                waves: [["s-orders-web-01"], ["s-orders-db-02"]])
            for index in [4, 12, 20] { try harness.setLastExecutionStatus(plan: catalogue.ids[index]!, "COMPLETED") }
            for index in [5, 9] { try harness.setLastExecutionStatus(plan: catalogue.ids[index]!, "FAILED") }
            return catalogue
        }

        /// Plans whose servers another plan's execution holds: the crm plans but 2 (crm-web-01), the db
        /// plans (orders-db-02), and the web plans but 3 (orders-web-01).
        static let conflicted = [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]

        @Test("lists every plan by name with count, across scan pages")
        func listAll() throws {
            let catalogue = try Self.catalogue()
            let reply = try catalogue.harness.send("GET", "/recovery-plans")
            #expect(reply.status == 200)
            #expect(reply["count"] == 23)
            #expect(reply["nextToken"] == nil)
            #expect(names(reply) == catalogue.names(Array(1...23)))
            #expect(reply["plans"]?[0]?["waveCount"] != nil)
        }

        @Test(
            "filters the whole table, AND-combined",
            arguments: [
                (["name": "plan 1"], Array(10...19)),
                (["name": "DR DRILL"], [7, 8]),
                (["nameExact": "orders dr drill"], [7]),
                (["nameExact": "ORDERS DR DRILL 2"], [8]),
                (["nameExact": "Orders DR"], []),
                (["tag": "Tier=Database"], [1, 5, 9, 13, 17, 21]),
                (["tag": "Application=Orders"], [1, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 19, 20, 21, 23]),
                (["tag": "Environment=Production"], [3, 4, 7, 8, 11, 12, 15, 16, 19, 20, 23]),
                (["tag": "Selector=k=v"], [23]),
                (["tag": "Tier=database"], []),
                (["tag": "Tier=Batch"], []),
                (["status": "completed"], [4, 12, 20]),
                (["status": "FAILED"], [5, 9]),
                (["status": "Running"], []),
                (["hasConflict": "true"], conflicted),
                (["hasConflict": "false"], [2, 3]),
                (["hasConflict": "FALSE", "name": "plan 0"], [2, 3]),
                (["tag": "Tier=Database", "status": "failed"], [5, 9]),
                (["name": "plan 1", "hasConflict": "true", "tag": "Tier=Database"], [13, 17]),
            ] as [([String: String], [Int])])
        func listFilters(_ query: [String: String], _ expected: [Int]) throws {
            let catalogue = try Self.busyCatalogue()
            let reply = try catalogue.harness.send("GET", "/recovery-plans", query: query)
            #expect(reply.status == 200, "\(reply)")
            #expect(names(reply) == catalogue.names(expected))
            #expect(reply["count"]?.intValue == expected.count)
            #expect(reply["nextToken"] == nil)
        }

        @Test("reports hasServerConflict and conflictInfo naming the servers, the execution and its plan")
        func conflictInfo() throws {
            let catalogue = try Self.busyCatalogue()
            let reply = try catalogue.harness.send("GET", "/recovery-plans")
            let plans = try #require(reply["plans"]?.arrayValue)
            func plan(_ index: Int) -> JSONValue? { plans.first { $0["id"] == .string(catalogue.ids[index]!) } }
            #expect(plan(2)?["hasServerConflict"] == false)
            #expect(plan(2)?["conflictInfo"] == .null)
            #expect(plan(6)?["hasServerConflict"] == true)
            let info = try #require(plan(6)?["conflictInfo"])
            #expect(info["hasConflict"] == true)
            #expect(info["conflictingServers"] == ["s-crm-web-01"])
            #expect(info["conflictingExecutionId"] == "exec-1")
            #expect(info["conflictingPlanId"] == .string(catalogue.ids[2]!))
            #expect(info["conflictingPlanName"] == "Plan 02")
            #expect(info["conflictingStatus"] == "RUNNING")
            #expect(plan(13)?["conflictInfo"]?["conflictingServers"] == ["s-orders-db-02"])
            #expect(plan(13)?["conflictInfo"]?["conflictingExecutionId"] == "exec-2")
            #expect(plan(3)?["hasServerConflict"] == false)
            #expect(plan(4)?["lastExecutionStatus"]?.stringValue?.uppercased() == "COMPLETED")
        }

        @Test("GET /recovery-plans/{id} computes hasServerConflict and conflictInfo as the list does")
        func getMatchesList() throws {
            let catalogue = try Self.busyCatalogue()
            let list = try catalogue.harness.send("GET", "/recovery-plans")
            for plan in list["plans"]?.arrayValue ?? [] {
                let id = try #require(plan["id"]?.stringValue)
                let fetched = try catalogue.harness.send("GET", "/recovery-plans/\(id)")
                #expect(fetched.status == 200)
                #expect(fetched["hasServerConflict"] == plan["hasServerConflict"], "\(plan["name"]?.stringValue ?? "")")
                #expect(fetched["conflictInfo"] == plan["conflictInfo"], "\(plan["name"]?.stringValue ?? "")")
                #expect(fetched.body == plan, "\(plan["name"]?.stringValue ?? "")")
            }
        }

        @Test("ignores executions that are no longer active")
        func finishedExecutions() throws {
            let catalogue = try Self.catalogue()
            try catalogue.harness.putActiveExecution(
                "exec-old", planId: catalogue.ids[2]!, planName: "Plan 02", status: "COMPLETED",
                waves: [["s-crm-web-01"]])
            let reply = try catalogue.harness.send("GET", "/recovery-plans", query: ["hasConflict": "true"])
            #expect(reply["count"] == 0, "\(reply)")
            #expect(
                try catalogue.harness.send("GET", "/recovery-plans/\(catalogue.ids[6]!)")["hasServerConflict"] == false)
        }

        @Test("pages with limit and nextToken, visiting every plan exactly once", arguments: [1, 5, 7, 23, 100])
        func listPagination(_ limit: Int) throws {
            let catalogue = try Self.busyCatalogue()
            for filter in [[:], ["tag": "Application=Orders"], ["hasConflict": "true"]] as [[String: String]] {
                let all = names(try catalogue.harness.send("GET", "/recovery-plans", query: filter))
                let (seen, pages) = try catalogue.harness.walkPages(
                    "/recovery-plans", key: "plans", limit: limit, query: filter)
                #expect(seen == all, "\(filter)")
                #expect(Set(seen).count == seen.count)
                #expect(pages == max(1, (all.count + limit - 1) / limit), "\(filter)")
            }
        }

        @Test(
            "answers malformed query parameters with INVALID_REQUEST naming the parameter",
            arguments: [
                ("limit", "0"), ("limit", "abc"), ("limit", "-1"), ("limit", "1001"), ("hasConflict", "maybe"),
                ("hasConflict", "1"), ("tag", "novalue"), ("tag", "=value"), ("nextToken", "garbage!"),
            ])
        func listBadQuery(_ name: String, _ value: String) throws {
            let (harness, db, _) = try withGroups()
            try harness.createPlan("P", waves: [("DB", db)])
            let reply = try harness.send("GET", "/recovery-plans", query: [name: value])
            expectError(reply, 400, "INVALID_REQUEST")
            #expect(reply["field"]?.stringValue == name)
        }
    }
}
