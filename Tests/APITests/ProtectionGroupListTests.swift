import DRS
import Foundation
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

extension ProtectionGroupRoutesTests {
    /// `GET /protection-groups`: order, filters over the whole table, paging.
    @Suite("list and paging")
    struct List {
        /// 13 groups over two regions, in a store whose scans come in pages of 5.
        static func manyGroups() throws -> ResourceTestHarness {
            let harness = try ResourceTestHarness(scanPageSize: 5)
            for index in 1...10 {
                try harness.createGroup(
                    String(format: "East Group %02d", index), tags: ["Tier": "Web", "Index": String(index)])
            }
            for index in 1...3 {
                try harness.createGroup(
                    String(format: "West Group %02d", index), region: "us-west-2",
                    tags: ["Environment": "DR", "Index": String(index)])
            }
            return harness
        }

        @Test("lists every group by name with count and no nextToken")
        func listAll() throws {
            let harness = try ResourceTestHarness()
            try harness.createGroup("web", tags: ["Tier": "Web"])
            try harness.createGroup("Apps", tags: ["Tier": "App"])
            try harness.createGroup("DR West", region: "us-west-2", tags: ["Environment": "DR"])
            let reply = try harness.send("GET", "/protection-groups")
            #expect(reply.status == 200)
            #expect(reply["count"] == 3)
            #expect(reply["nextToken"] == nil)
            #expect(names(reply) == ["Apps", "DR West", "web"])
            #expect(reply["groups"]?[0]?["protectionGroupId"] == reply["groups"]?[0]?["id"])
            let empty = try ResourceTestHarness().send("GET", "/protection-groups")
            #expect(empty.body == ["groups": [], "count": 0])
        }

        @Test("filters the whole table by name (case-insensitive substring) and region")
        func listFilters() throws {
            let harness = try Self.manyGroups()
            let byName = try harness.send("GET", "/protection-groups", query: ["name": "group 1"])
            #expect(names(byName) == ["East Group 10"])
            let byName0 = try harness.send("GET", "/protection-groups", query: ["name": "GROUP 0"])
            #expect(byName0["count"] == 12)
            let west = try harness.send("GET", "/protection-groups", query: ["region": "us-west-2"])
            #expect(names(west) == ["West Group 01", "West Group 02", "West Group 03"])
            let both = try harness.send("GET", "/protection-groups", query: ["region": "us-east-1", "name": "0"])
            #expect(both["count"] == 10)
            let none = try harness.send("GET", "/protection-groups", query: ["region": "eu-west-3"])
            #expect(none.body == ["groups": [], "count": 0])
        }

        @Test("pages with limit and nextToken, visiting every group exactly once", arguments: [1, 4, 5, 13, 20])
        func listPagination(_ limit: Int) throws {
            let harness = try Self.manyGroups()
            let (seen, pages) = try harness.walkPages("/protection-groups", key: "groups", limit: limit)
            let all = names(try harness.send("GET", "/protection-groups"))
            #expect(all.count == 13)
            #expect(seen == all)
            #expect(pages == (13 + limit - 1) / limit)
            // With a filter too.
            let first = try harness.send("GET", "/protection-groups", query: ["region": "us-east-1", "limit": "6"])
            let token2 = try #require(first["nextToken"]?.stringValue)
            let second = try harness.send(
                "GET", "/protection-groups", query: ["region": "us-east-1", "limit": "6", "nextToken": token2])
            #expect(names(first) + names(second) == all.filter { $0.hasPrefix("East") })
            #expect(second["nextToken"] == nil)
        }

        @Test(
            "answers a malformed limit or nextToken with INVALID_REQUEST naming it",
            arguments: [
                ("limit", "0"), ("limit", "abc"), ("limit", "-3"), ("limit", "1.5"), ("limit", "100000"),
                ("nextToken", "not-a-token!"), ("nextToken", "%%%"),
            ])
        func listBadQuery(_ name: String, _ value: String) throws {
            let harness = try ResourceTestHarness()
            try harness.createGroup("G", tags: ["Tier": "Web"])
            let reply = try harness.send("GET", "/protection-groups", query: [name: value])
            expectError(reply, 400, "INVALID_REQUEST")
            #expect(reply["field"]?.stringValue == name)
        }
    }
}
