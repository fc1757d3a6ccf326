import DRS
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

extension RecoveryPlanRoutesTests {
    /// `POST /recovery-plans` with a valid body: what is stored and answered.
    @Suite("create")
    struct Create {
        @Test("creates a plan: 201 with every spec field, 1-based waveNumber, waveCount, version 1")
        func create() throws {
            let (harness, db, crm) = try withGroups()
            let reply = try harness.send(
                "POST", "/recovery-plans",
                body: [
                    "name": " 2-Tier Recovery ", "description": "Databases first",
                    "waves": [
                        ["name": "Database", "description": "orders databases", "protectionGroupId": .string(db)],
                        [
                            "name": "CRM", "protectionGroupId": .string(crm), "serverIds": ["s-crm-web-01"],
                            "pauseBeforeWave": true,
                        ],
                    ],
                ])
            #expect(reply.status == 201, "\(reply)")
            let id = try #require(reply["id"]?.stringValue)
            let expected: JSONValue = [
                "id": .string(id), "planId": .string(id), "name": "2-Tier Recovery", "description": "Databases first",
                "waves": [
                    [
                        "waveNumber": 1, "name": "Database", "description": "orders databases",
                        "protectionGroupId": .string(db), "pauseBeforeWave": false,
                    ],
                    [
                        "waveNumber": 2, "name": "CRM", "description": "", "protectionGroupId": .string(crm),
                        "serverIds": ["s-crm-web-01"], "pauseBeforeWave": true,
                    ],
                ],
                "waveCount": 2, "hasServerConflict": false, "conflictInfo": nil, "lastExecutionStatus": nil,
                "lastExecutionId": nil, "lastStartTime": nil, "lastEndTime": nil,
                "createdAt": .string(TestClock.startISO), "updatedAt": .string(TestClock.startISO), "version": 1,
                "createdBy": "iam", "updatedBy": "iam",
            ]
            #expect(reply.body == expected)
            let fetched = try harness.send("GET", "/recovery-plans/\(id)")
            #expect(fetched.status == 200)
            #expect(fetched.body == expected)
        }

        @Test(
            "accepts every create field in camelCase and PascalCase with the same stored result",
            arguments: Casing.allCases)
        func createCasings(_ casing: Casing) throws {
            let (harness, db, crm) = try withGroups()
            let reply = try harness.send("POST", "/recovery-plans", body: planBody(casing, db: db, crm: crm))
            #expect(reply.status == 201, "\(reply)")
            let stored = try harness.send("GET", "/recovery-plans/id-0003")
            #expect(
                stored.body
                    == [
                        "id": "id-0003", "planId": "id-0003", "name": "Casing Plan", "description": "d",
                        "waves": storedWaves(db: db, crm: crm),
                        "waveCount": 2, "hasServerConflict": false, "conflictInfo": nil, "lastExecutionStatus": nil,
                        "lastExecutionId": nil, "lastStartTime": nil, "lastEndTime": nil,
                        "createdAt": .string(TestClock.startISO), "updatedAt": .string(TestClock.startISO),
                        "version": 1, "createdBy": "iam", "updatedBy": "iam",
                    ])
        }

        @Test("accepts a wave's serverIds that are a subset of its tag group's servers")
        func subsetOfTagGroup() throws {
            let (harness, db, _) = try withGroups()
            let wave: JSONValue = ["name": "W", "protectionGroupId": .string(db), "serverIds": ["s-orders-db-03"]]
            let subset = try harness.send("POST", "/recovery-plans", body: ["name": "P", "waves": [wave]])
            #expect(subset.status == 201, "\(subset)")
        }

        @Test("answers a duplicate plan name, case-insensitively, with RP_NAME_EXISTS and existingName")
        func nameExists() throws {
            let (harness, db, _) = try withGroups()
            try harness.createPlan("Orders DR", waves: [("W", db)])
            let reply = try harness.send(
                "POST", "/recovery-plans",
                body: ["name": "orders dr ", "waves": [["name": "W", "protectionGroupId": .string(db)]]])
            #expect(reply.status == 409)
            #expect(
                reply.body
                    == [
                        "error": "RP_NAME_EXISTS", "message": "A Recovery Plan named \"Orders DR\" already exists",
                        "existingName": "Orders DR",
                    ])
        }
    }

    /// `POST /recovery-plans` with a body it refuses: the error, no plan, no group reference taken.
    @Suite("create validation")
    struct CreateValidation {
        static let good: JSONValue = ["name": "Good", "protectionGroupId": .string(db)]

        static func plan(_ waves: JSONValue) -> JSONValue { ["name": "P", "waves": waves] }

        static func named(_ name: String) -> JSONValue {
            ["name": .string(name), "waves": [["name": "W", "protectionGroupId": .string(db)]]]
        }

        static let cases: [ErrorCase] = [
            .init(
                "no name", ["waves": [["name": "W", "protectionGroupId": .string(db)]]], 400, "MISSING_FIELD",
                ["field": "name"]),
            .init("no waves", ["name": "P"], 400, "MISSING_FIELD", ["field": "waves"]),
            .init("an empty name", named(""), 400, "INVALID_NAME"),
            .init("a blank name", named("   "), 400, "INVALID_NAME"),
            .init(
                "a 257-character name", named(String(repeating: "p", count: 257)), 400, "INVALID_NAME",
                ["maxLength": 256, "actualLength": 257]),
            .init("an empty waves array", plan([]), 400, "INVALID_WAVE_DATA"),
            .init("waves as an object", plan(["name": "W"]), 400, "INVALID_WAVE_DATA"),
            .init("a wave that is not an object", plan([good, "wave"]), 400, "INVALID_WAVE_DATA", ["waveNumber": 2]),
            .init(
                "ServerIds as a string",
                plan([good, ["name": "W", "protectionGroupId": .string(crm), "ServerIds": "s-crm-db-01"]]), 400,
                "INVALID_WAVE_DATA",
                [
                    "waveNumber": 2, "field": "waves[1].serverIds",
                    "message": "Wave 2 has invalid ServerIds format (must be array)",
                ]),
            .init(
                "numbers as serverIds", plan([["name": "W", "protectionGroupId": .string(crm), "serverIds": [1, 2]]]),
                400, "INVALID_WAVE_DATA", ["waveNumber": 1]),
            .init(
                "a server outside its explicit group",
                plan([
                    good, good,
                    ["name": "W", "protectionGroupId": .string(crm), "serverIds": ["s-crm-db-01", "s-orders-db-01"]],
                ]), 400, "INVALID_WAVE_DATA", ["waveNumber": 3, "invalidServerIds": ["s-orders-db-01"]]),
            .init(
                "a server outside its tag group",
                plan([["name": "W", "protectionGroupId": .string(db), "serverIds": ["s-crm-db-01"]]]), 400,
                "INVALID_WAVE_DATA", ["invalidServerIds": ["s-crm-db-01"]]),
            .init(
                "a wave without name", plan([good, ["protectionGroupId": .string(db)]]), 400, "INVALID_WAVE_DATA",
                ["waveNumber": 2]),
            .init(
                "a blank wave name", plan([["name": "  ", "protectionGroupId": .string(db)]]), 400,
                "INVALID_WAVE_DATA", ["waveNumber": 1]),
            .init("a wave without group", plan([good, ["name": "W"]]), 400, "INVALID_WAVE_DATA", ["waveNumber": 2]),
            .init(
                "a text pauseBeforeWave",
                plan([["name": "W", "protectionGroupId": .string(db), "pauseBeforeWave": "soon"]]), 400,
                "INVALID_WAVE_DATA", ["waveNumber": 1]),
            .init(
                "a wave naming an unknown group",
                plan([["name": "A", "protectionGroupId": .string(db)], ["name": "B", "protectionGroupId": "pg-gone"]]),
                404, "PROTECTION_GROUP_NOT_FOUND", ["waveNumber": 2]),
            .init("a body that is not JSON", raw: "{", 400, "INVALID_REQUEST"),
            .init("an array body", raw: "[]", 400, "INVALID_REQUEST"),
            .init("a number body", raw: "42", 400, "INVALID_REQUEST"),
            .init("an array as name", raw: #"{"name":["P"],"waves":[]}"#, 400, "INVALID_REQUEST"),
        ]

        @Test("refuses an invalid plan with the spec's error, storing no plan and no group reference", arguments: cases)
        func refused(_ refusal: ErrorCase) throws {
            let (harness, db, crm) = try withGroups()
            expectError(try harness.send("POST", "/recovery-plans", rawBody: refusal.body), refusal)
            #expect(try harness.send("GET", "/recovery-plans")["count"] == 0)
            // No reference was taken on the existing groups.
            #expect(try harness.send("DELETE", "/protection-groups/\(db)").status == 200)
            #expect(try harness.send("DELETE", "/protection-groups/\(crm)").status == 200)
        }
    }
}
