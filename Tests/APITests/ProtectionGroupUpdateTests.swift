import DRS
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

extension ProtectionGroupRoutesTests {
    /// `PUT /protection-groups/{id}`: the fields sent change, the others stay, versions count.
    @Suite("update")
    struct Update {
        @Test("updates the fields sent: 200, version 2, updatedAt moves, createdAt and id stay")
        func update() throws {
            let harness = try ResourceTestHarness()
            let created = try harness.createGroup("Web", tags: ["Tier": "Web"])
            let id = try #require(created["id"]?.stringValue)
            harness.clock.advance(milliseconds: 61_500)
            let reply = try harness.send(
                "PUT", "/protection-groups/\(id)", body: ["name": "Web Tier", "description": "all web", "version": 1])
            #expect(reply.status == 200, "\(reply)")
            #expect(reply["version"] == 2)
            #expect(reply["name"] == "Web Tier")
            #expect(reply["description"] == "all web")
            #expect(reply["id"] == .string(id))
            #expect(reply["protectionGroupId"] == .string(id))
            #expect(reply["serverSelectionTags"] == ["Tier": "Web"])
            #expect(reply["createdAt"] == .string(TestClock.startISO))
            #expect(reply["updatedAt"] == "2027-01-15T08:01:01.500Z")
            #expect(try harness.send("GET", "/protection-groups/\(id)").body == reply.body)
            // The old name is free again, the new one is taken.
            #expect(try harness.send("POST", "/protection-groups", body: body("web", ["Tier": "App"])).status == 201)
            let taken = try harness.send("POST", "/protection-groups", body: body("WEB TIER", ["Tier": "Batch"]))
            expectError(taken, 409, "PG_NAME_EXISTS")
        }

        @Test(
            "accepts every update field in camelCase and PascalCase with the same stored result",
            arguments: Casing.allCases)
        func updateCasings(_ casing: Casing) throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
            let key = casing.key
            let body: JSONValue = [
                casing == .camelCase ? "name" : "GroupName": "Orders DB", key("description"): "d",
                key("region"): "us-east-1", key("serverSelectionTags"): .tags(ordersDatabase), key("accountId"): "a",
                key("owner"): "o", key("version"): 1,
            ]
            let reply = try harness.send("PUT", "/protection-groups/\(id)", body: body)
            #expect(reply.status == 200, "\(reply)")
            let stored = try harness.send("GET", "/protection-groups/\(id)")
            #expect(
                stored.body
                    == [
                        "id": .string(id), "protectionGroupId": .string(id), "name": "Orders DB", "description": "d",
                        "region": "us-east-1", "serverSelectionTags": .tags(ordersDatabase), "sourceServerIds": [],
                        "accountId": "a", "owner": "o", "createdAt": .string(TestClock.startISO),
                        "updatedAt": .string(TestClock.startISO), "version": 2, "createdBy": "iam",
                        "updatedBy": "iam",
                    ])
            // PascalCase servers switch the selection as camelCase ones do.
            let servers: JSONValue = [key("sourceServerIds"): ["s-legacy-01"]]
            let switched = try harness.send("PUT", "/protection-groups/\(id)", body: servers)
            #expect(switched.status == 200, "\(switched)")
            #expect(switched["sourceServerIds"] == ["s-legacy-01"])
            #expect(switched["serverSelectionTags"] == [:])
            #expect(switched["version"] == 3)
        }

        @Test("answers a stale version with VERSION_CONFLICT, expectedVersion and currentVersion")
        func updateVersionConflict() throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
            #expect(
                try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "a", "version": 1]).status
                    == 200)
            let stale = try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "b", "Version": 1])
            expectError(stale, 409, "VERSION_CONFLICT")
            #expect(stale["expectedVersion"] == 1)
            #expect(stale["currentVersion"] == 2)
            #expect(try harness.send("GET", "/protection-groups/\(id)")["description"] == "a")
            let future = try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "c", "version": 9])
            expectError(future, 409, "VERSION_CONFLICT")
            #expect(future["expectedVersion"] == 9)
            #expect(future["currentVersion"] == 2)
            let unversioned = try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "d"])
            #expect(unversioned["version"] == 3)
        }

        @Test("accepts the group's own region in an update")
        func updateSameRegion() throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
            let same = try harness.send(
                "PUT", "/protection-groups/\(id)", body: ["Region": "us-east-1", "description": "x"])
            #expect(same.status == 200, "\(same)")
        }

        /// Update bodies refused, sent to a tag group `Web` (Tier=Web) in us-east-1.
        static let refusals: [ErrorCase] = [
            .init("a blank name", ["name": "  "], 400, "INVALID_NAME"),
            .init(
                "a 300-character GroupName", ["GroupName": .string(String(repeating: "x", count: 300))], 400,
                "INVALID_NAME", ["actualLength": 300]),
            .init("empty tags", ["serverSelectionTags": [:]], 400, "INVALID_TAGS"),
            .init("empty sourceServerIds", ["sourceServerIds": []], 400, "INVALID_SERVERS"),
            .init(
                "a server DRS does not know", ["sourceServerIds": ["s-ghost"]], 400, "INVALID_SERVERS",
                ["invalidServerIds": ["s-ghost"]]),
            .init("a body that is not JSON", raw: "{", 400, "INVALID_REQUEST"),
            .init("another region", ["region": "us-west-2"], 400, "INVALID_REQUEST", ["field": "region"]),
        ]

        @Test(
            "validates update fields as create does and refuses a region change, changing nothing",
            arguments: refusals)
        func updateRefused(_ refusal: ErrorCase) throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
            try harness.expectRefusedUpdate(
                "/protection-groups/\(id)", refusal, unchanged: ["version": 1, "region": "us-east-1"])
        }

        @Test("answers an update of a group in an active execution with PG_IN_ACTIVE_EXECUTION")
        func updateInActiveExecution() throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
            let plan = try harness.createPlanID("Web Plan", waves: [("Web", id)])
            try harness.markActive(plan: plan, execution: "exec-1")
            let reply = try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "x"])
            expectError(reply, 409, "PG_IN_ACTIVE_EXECUTION")
            #expect(reply["message"] == "Cannot modify Protection Group while it is part of an active execution")
            #expect(reply["activeExecution"]?["executionId"] == "exec-1")
            #expect(reply["activeExecution"]?["planId"] == .string(plan))
            #expect(reply["activeExecution"]?["planName"] == "Web Plan")
        }
    }

    /// `DELETE /protection-groups/{id}`: gone, its claims freed, refused while plans use it.
    @Suite("delete")
    struct Delete {
        @Test("deletes a group: 200 {message,id}, then 404, and its name and servers are free again")
        func delete() throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("CRM", servers: ["s-crm-web-01"])
            let tags = try harness.createGroupID("Web", tags: ["Tier": "Web"])
            let reply = try harness.send("DELETE", "/protection-groups/\(id)")
            #expect(reply.status == 200)
            #expect(reply["id"] == .string(id))
            #expect(reply["message"]?.stringValue?.isEmpty == false)
            expectError(try harness.send("GET", "/protection-groups/\(id)"), 404, "PROTECTION_GROUP_NOT_FOUND")
            expectError(try harness.send("DELETE", "/protection-groups/\(id)"), 404, "PROTECTION_GROUP_NOT_FOUND")
            #expect(try harness.send("DELETE", "/protection-groups/\(tags)").status == 200)
            #expect(try harness.createGroup("crm", servers: ["s-crm-web-01"])["name"] == "crm")
            #expect(try harness.createGroup("web", tags: ["Tier": "Web"])["name"] == "web")
            #expect(try harness.send("GET", "/protection-groups")["count"] == 2)
        }

        @Test("answers a delete of a group plans use with PG_IN_USE and the plans' names")
        func deleteInUse() throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
            let other = try harness.createGroupID("Apps", tags: ["Tier": "App"])
            let second = try harness.createPlanID("Zulu Plan", waves: [("Apps", other), ("Web", id)])
            let first = try harness.createPlanID("Alpha Plan", waves: [("Web", id), ("Web again", id)])
            let reply = try harness.send("DELETE", "/protection-groups/\(id)")
            expectError(reply, 409, "PG_IN_USE")
            #expect(reply["message"] == "Cannot delete Protection Group - it is used in 2 Recovery Plan(s)")
            #expect(reply["plans"] == ["Alpha Plan", "Zulu Plan"])
            #expect(try harness.send("GET", "/protection-groups/\(id)").status == 200)
            #expect(try harness.send("DELETE", "/recovery-plans/\(first)").status == 200)
            let stillUsed = try harness.send("DELETE", "/protection-groups/\(id)")
            expectError(stillUsed, 409, "PG_IN_USE")
            #expect(stillUsed["plans"] == ["Zulu Plan"])
            // Moving the plan off the group frees it.
            let moved = try harness.send(
                "PUT", "/recovery-plans/\(second)",
                body: ["waves": [["name": "Apps", "protectionGroupId": .string(other)]]])
            #expect(moved.status == 200, "\(moved)")
            #expect(try harness.send("DELETE", "/protection-groups/\(id)").status == 200)
            expectError(try harness.send("DELETE", "/protection-groups/\(other)"), 409, "PG_IN_USE")
        }
    }
}
