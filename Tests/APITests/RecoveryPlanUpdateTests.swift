import DRS
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

extension RecoveryPlanRoutesTests {
    /// `PUT /recovery-plans/{id}`: the fields sent change, the others stay, versions count.
    @Suite("update")
    struct Update {
        @Test("updates the fields sent: 200, version 2, updatedAt moves, waves renumbered")
        func update() throws {
            let (harness, db, crm) = try withGroups()
            let id = try harness.createPlanID("Plan", waves: [("DB", db)])
            harness.clock.advance(milliseconds: 3_600_000)
            let reply = try harness.send(
                "PUT", "/recovery-plans/\(id)",
                body: [
                    "name": "Plan v2", "version": 1,
                    "waves": [
                        ["name": "CRM", "protectionGroupId": .string(crm)],
                        ["name": "DB", "protectionGroupId": .string(db), "pauseBeforeWave": true],
                    ],
                ])
            #expect(reply.status == 200, "\(reply)")
            #expect(reply["version"] == 2)
            #expect(reply["name"] == "Plan v2")
            #expect(reply["waveCount"] == 2)
            #expect(reply["waves"]?[1]?["waveNumber"] == 2)
            #expect(reply["waves"]?[1]?["pauseBeforeWave"] == true)
            #expect(reply["createdAt"] == .string(TestClock.startISO))
            #expect(reply["updatedAt"] == "2027-01-15T09:00:00.000Z")
            let fetched = try harness.send("GET", "/recovery-plans/\(id)")
            #expect(fetched.body == reply.body)
            // Description only: waves stay.
            let described = try harness.send("PUT", "/recovery-plans/\(id)", body: ["description": "now described"])
            #expect(described["version"] == 3)
            #expect(described["waveCount"] == 2)
            #expect(described["name"] == "Plan v2")
            // The old name is free again.
            #expect(try harness.createPlan("plan", waves: [("DB", db)])["name"] == "plan")
        }

        @Test(
            "accepts every update field in camelCase and PascalCase with the same stored result",
            arguments: Casing.allCases)
        func updateCasings(_ casing: Casing) throws {
            let (harness, db, crm) = try withGroups()
            let id = try harness.createPlanID("Original", waves: [("Only", db)])
            var body = try #require(planBody(casing, db: db, crm: crm).objectValue)
            body[casing.key("version")] = .int(1)
            let reply = try harness.send("PUT", "/recovery-plans/\(id)", body: .object(body))
            #expect(reply.status == 200, "\(reply)")
            let stored = try harness.send("GET", "/recovery-plans/\(id)")
            #expect(stored["name"] == "Casing Plan")
            #expect(stored["description"] == "d")
            #expect(stored["version"] == 2)
            #expect(stored["waves"] == storedWaves(db: db, crm: crm))
            let stale = try harness.send(
                "PUT", "/recovery-plans/\(id)", body: [casing.key("version"): 1, "description": "x"])
            expectError(stale, 409, "VERSION_CONFLICT")
        }

        @Test("answers a stale version with VERSION_CONFLICT, expectedVersion and currentVersion")
        func updateVersionConflict() throws {
            let (harness, db, _) = try withGroups()
            let id = try harness.createPlanID("Plan", waves: [("DB", db)])
            #expect(
                try harness.send("PUT", "/recovery-plans/\(id)", body: ["description": "a", "version": 1]).status == 200
            )
            let stale = try harness.send("PUT", "/recovery-plans/\(id)", body: ["description": "b", "version": 1])
            expectError(stale, 409, "VERSION_CONFLICT")
            #expect(stale["expectedVersion"] == 1)
            #expect(stale["currentVersion"] == 2)
            #expect(try harness.send("GET", "/recovery-plans/\(id)")["description"] == "a")
        }

        @Test("answers an update or delete of an executing plan with PLAN_HAS_ACTIVE_EXECUTION")
        func activeExecution() throws {
            let (harness, db, _) = try withGroups()
            let id = try harness.createPlanID("Plan", waves: [("DB", db)])
            try harness.markActive(plan: id, execution: "exec-1")
            let update = try harness.send("PUT", "/recovery-plans/\(id)", body: ["description": "x"])
            expectError(update, 409, "PLAN_HAS_ACTIVE_EXECUTION")
            #expect(update["activeExecutions"] == ["exec-1"])
            let delete = try harness.send("DELETE", "/recovery-plans/\(id)")
            expectError(delete, 409, "PLAN_HAS_ACTIVE_EXECUTION")
            #expect(delete["activeExecutions"] == ["exec-1"])
            #expect(try harness.send("GET", "/recovery-plans/\(id)")["version"] == 1)
        }

        /// Update bodies refused, sent to plan `Mine` beside plan `Taken` (both one wave on `db`).
        static let refusals: [ErrorCase] = [
            .init("another plan's name recased", ["name": "TAKEN"], 409, "RP_NAME_EXISTS", ["existingName": "Taken"]),
            .init("an empty name", ["name": ""], 400, "INVALID_NAME"),
            .init("an empty waves array", ["waves": []], 400, "INVALID_WAVE_DATA"),
            .init(
                "a server outside its group",
                ["waves": [["name": "W", "protectionGroupId": .string(crm), "ServerIds": ["s-legacy-01"]]]], 400,
                "INVALID_WAVE_DATA", ["waveNumber": 1]),
            .init(
                "a wave naming an unknown group", ["waves": [["name": "W", "protectionGroupId": "pg-nope"]]], 404,
                "PROTECTION_GROUP_NOT_FOUND"),
        ]

        static func mine() throws -> (ResourceTestHarness, id: String) {
            let (harness, db, _) = try withGroups()
            try harness.createPlan("Taken", waves: [("DB", db)])
            return (harness, try harness.createPlanID("Mine", waves: [("DB", db)]))
        }

        @Test("validates an update as create does, changing nothing", arguments: refusals)
        func updateRefused(_ refusal: ErrorCase) throws {
            let (harness, id) = try Self.mine()
            try harness.expectRefusedUpdate(
                "/recovery-plans/\(id)", refusal, unchanged: ["version": 1, "name": "Mine"])
        }

        @Test("renames a plan to its own name recased")
        func recase() throws {
            let (harness, id) = try Self.mine()
            let recased = try harness.send("PUT", "/recovery-plans/\(id)", body: ["name": "MINE"])
            #expect(recased.status == 200, "\(recased)")
            #expect(recased["version"] == 2)
        }
    }

    /// `DELETE /recovery-plans/{id}`.
    @Suite("delete")
    struct Delete {
        @Test("deletes a plan: 200 with message and id, then 404; its name is free again")
        func delete() throws {
            let (harness, id) = try Update.mine()
            let reply = try harness.send("DELETE", "/recovery-plans/\(id)")
            #expect(reply.status == 200)
            #expect(reply["id"] == .string(id))
            #expect(reply["message"]?.stringValue?.isEmpty == false)
            expectError(try harness.send("GET", "/recovery-plans/\(id)"), 404, "RECOVERY_PLAN_NOT_FOUND")
            #expect(try harness.createPlan("MINE", waves: [("DB", db)])["name"] == "MINE")
        }
    }
}
