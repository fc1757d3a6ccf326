import DRS
import Foundation
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

extension ProtectionGroupRoutesTests {
    /// A name, an exact tag set and an explicit server belong to one group at a time, on create and
    /// on update, sequentially and concurrently.
    @Suite("conflicts")
    struct Conflicts {
        @Test("answers a duplicate name, compared case-insensitively, with PG_NAME_EXISTS and existingName")
        func nameExists() throws {
            let harness = try ResourceTestHarness()
            try harness.createGroup("Database Servers", tags: ordersDatabase)
            let reply = try harness.send(
                "POST", "/protection-groups",
                body: ["name": " database SERVERS ", "region": "us-west-2", "serverSelectionTags": ["Tier": "Web"]])
            #expect(
                reply.body
                    == [
                        "error": "PG_NAME_EXISTS",
                        "message": "A Protection Group named \"Database Servers\" already exists",
                        "existingName": "Database Servers",
                    ])
            #expect(reply.status == 409)
        }

        @Test("answers an identical tag set with TAG_CONFLICT and the guide's conflicts; a superset is no conflict")
        func tagConflict() throws {
            let harness = try ResourceTestHarness()
            let existing = try harness.createGroupID(
                "Existing PG", tags: ["Environment": "Production", "Tier": "Database"])
            let reply = try harness.send(
                "POST", "/protection-groups",
                body: [
                    "name": "New PG", "region": "us-east-1",
                    "ServerSelectionTags": ["Tier": "Database", "Environment": "Production"],
                ])
            #expect(reply.status == 409)
            #expect(
                reply.body
                    == [
                        "error": "TAG_CONFLICT", "message": "Another Protection Group already uses these exact tags",
                        "conflicts": [
                            [
                                "protectionGroupId": .string(existing), "protectionGroupName": "Existing PG",
                                "conflictingTags": ["Environment": "Production", "Tier": "Database"],
                                "conflictType": "exact_match",
                            ]
                        ],
                    ])
            let superset = try harness.send(
                "POST", "/protection-groups",
                body: body("Narrower PG", ["Tier": "Database", "Environment": "Production", "Purpose": "Primary"]))
            #expect(superset.status == 201, "\(superset)")
            let differentValue = try harness.send(
                "POST", "/protection-groups", body: body("Staging PG", ["Tier": "Database", "Environment": "Staging"]))
            #expect(differentValue.status == 201, "\(differentValue)")
        }

        @Test("answers an explicit server held by another group with SERVER_CONFLICT naming server, host and group")
        func serverConflict() throws {
            let harness = try ResourceTestHarness()
            let other = try harness.createGroupID("Other PG", servers: ["s-orders-db-01", "s-orders-db-02"])
            let reply = try harness.send(
                "POST", "/protection-groups",
                body: [
                    "name": "Mine", "region": "us-east-1",
                    "sourceServerIds": ["s-orders-web-01", "s-orders-db-02", "s-orders-app-01"],
                ])
            #expect(reply.status == 409)
            #expect(
                reply.body
                    == [
                        "error": "SERVER_CONFLICT",
                        "message": "One or more servers are already assigned to another Protection Group",
                        "conflicts": [
                            [
                                "serverId": "s-orders-db-02", "hostname": "orders-db-02",
                                "assignedToGroupId": .string(other), "assignedToGroupName": "Other PG",
                            ]
                        ],
                    ])
            // A tag group over the same servers is not an explicit claim.
            let tagGroup = try harness.send("POST", "/protection-groups", body: body("Tagged", ordersDatabase))
            #expect(tagGroup.status == 201, "\(tagGroup)")
        }

        @Test("keeps names, tag sets and explicit servers unique under concurrent creates")
        func concurrentCreates() throws {
            let harness = try ResourceTestHarness()
            let box = UncheckedBox(harness)
            let replies = Mutex<[(status: Int, code: String?)]>([])
            DispatchQueue.concurrentPerform(iterations: 12) { index in
                let body: JSONValue
                switch index % 3 {
                case 0: body = ["name": "Same Name", "region": "us-east-1", "serverSelectionTags": ["Tier": "Web"]]
                case 1:
                    body = [
                        "name": .string("Tags \(index)"), "region": "us-east-1",
                        "serverSelectionTags": ["Tier": "App", "Application": "Orders"],
                    ]
                default:
                    body = [
                        "name": .string("Servers \(index)"), "region": "us-east-1",
                        "sourceServerIds": ["s-legacy-01"],
                    ]
                }
                let reply = try? box.value.send("POST", "/protection-groups", body: body)
                replies.withLock { $0.append((reply?.status ?? -1, reply?.error)) }
            }
            let all = replies.withLock { $0 }
            #expect(all.filter { $0.status == 201 }.count == 3, "\(all)")
            let refused = all.filter { $0.status == 409 }
            #expect(refused.count == 9, "\(all)")
            // Distinct names over one server set, distinct names over one tag set, one name (checked
            // before the tags) over one tag set.
            #expect(refused.filter { $0.code == "SERVER_CONFLICT" }.count == 3, "\(all)")
            #expect(refused.filter { $0.code == "TAG_CONFLICT" }.count == 3, "\(all)")
            #expect(refused.filter { $0.code == "PG_NAME_EXISTS" }.count == 3, "\(all)")
            #expect(try harness.send("GET", "/protection-groups")["count"] == 3)
        }

        @Test(
            "answers update conflicts with PG_NAME_EXISTS, TAG_CONFLICT and SERVER_CONFLICT; recasing its own name is fine"
        )
        func updateConflicts() throws {
            let harness = try ResourceTestHarness()
            let tagged = try harness.createGroupID("Tagged", tags: ["Tier": "Web"])
            let explicit = try harness.createGroupID("Explicit", servers: ["s-crm-web-01", "s-crm-db-01"])
            let mine = try harness.createGroupID("Mine", tags: ["Tier": "App"])
            let name = try harness.send("PUT", "/protection-groups/\(mine)", body: ["name": "tagged"])
            expectError(name, 409, "PG_NAME_EXISTS")
            #expect(name["existingName"] == "Tagged")
            let tags = try harness.send(
                "PUT", "/protection-groups/\(mine)", body: ["serverSelectionTags": ["Tier": "Web"]])
            expectError(tags, 409, "TAG_CONFLICT")
            #expect(tags["conflicts"]?[0]?["protectionGroupId"] == .string(tagged))
            #expect(tags["conflicts"]?[0]?["conflictType"] == "exact_match")
            let servers = try harness.send(
                "PUT", "/protection-groups/\(mine)", body: ["sourceServerIds": ["s-legacy-01", "s-crm-db-01"]])
            expectError(servers, 409, "SERVER_CONFLICT")
            #expect(
                servers["conflicts"]
                    == [
                        [
                            "serverId": "s-crm-db-01", "hostname": "crm-db-01", "assignedToGroupId": .string(explicit),
                            "assignedToGroupName": "Explicit",
                        ]
                    ])
            #expect(try harness.send("GET", "/protection-groups/\(mine)")["version"] == 1)
            let recased = try harness.send("PUT", "/protection-groups/\(mine)", body: ["name": "MINE"])
            #expect(recased.status == 200, "\(recased)")
            #expect(recased["name"] == "MINE")
            let sameTags = try harness.send(
                "PUT", "/protection-groups/\(tagged)", body: ["serverSelectionTags": ["Tier": "Web"]])
            #expect(sameTags.status == 200, "its own tag set is no conflict: \(sameTags)")
            let sameServers = try harness.send(
                "PUT", "/protection-groups/\(explicit)", body: ["sourceServerIds": ["s-crm-db-01", "s-crm-web-01"]])
            #expect(sameServers.status == 200, "its own servers are no conflict: \(sameServers)")
        }

        @Test("switching from tags to servers releases the tag set and claims the servers")
        func updateSwitchesSelection() throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
            let reply = try harness.send(
                "PUT", "/protection-groups/\(id)", body: ["sourceServerIds": ["s-orders-web-01"]])
            #expect(reply.status == 200, "\(reply)")
            #expect(
                try harness.send("POST", "/protection-groups", body: body("Other Web", ["Tier": "Web"])).status == 201)
            let clash = try harness.send(
                "POST", "/protection-groups",
                body: ["name": "Clash", "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"]])
            expectError(clash, 409, "SERVER_CONFLICT")
            // And back: the servers are released.
            let back = try harness.send(
                "PUT", "/protection-groups/\(id)", body: ["serverSelectionTags": ["Tier": "App"]])
            #expect(back.status == 200, "\(back)")
            #expect(back["sourceServerIds"] == [])
            let free = try harness.send(
                "POST", "/protection-groups",
                body: ["name": "Now Free", "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"]])
            #expect(free.status == 201, "\(free)")
        }
    }
}
