import DRS
import Foundation
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

/// `/recovery-plans…` through the real router (spec §2.2, the guide's error catalog).
@Suite("Recovery plan routes")
struct RecoveryPlanRoutesTests {
    /// A harness with a tag group (`id-0001`, Orders databases) and an explicit group (`id-0002`,
    /// CRM web and db).
    static func withGroups(scanPageSize: Int = 100) throws -> (ResourceTestHarness, db: String, crm: String) {
        let harness = try ResourceTestHarness(scanPageSize: scanPageSize)
        let db = try harness.createGroupID("Orders DB", tags: ["Application": "Orders", "Tier": "Database"])
        let crm = try harness.createGroupID("CRM", servers: ["s-crm-web-01", "s-crm-db-01"])
        return (harness, db, crm)
    }

    static func names(_ reply: Reply) -> [String] {
        (reply["plans"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    // MARK: Create and get

    @Test("creates a plan: 201 with every spec field, 1-based waveNumber, waveCount, version 1")
    func create() throws {
        let (harness, db, crm) = try Self.withGroups()
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

    static func planBody(_ casing: Casing, db: String, crm: String) -> JSONValue {
        switch casing {
        case .camelCase:
            [
                "planName": "Casing Plan", "description": "d",
                "waves": [
                    ["waveName": "DB", "description": "w1", "protectionGroupId": .string(db)],
                    [
                        "waveName": "CRM", "protectionGroupId": .string(crm), "serverIds": ["s-crm-db-01"],
                        "pauseBeforeWave": true,
                    ],
                ],
            ]
        case .pascalCase:
            [
                "PlanName": "Casing Plan", "Description": "d",
                "Waves": [
                    ["WaveName": "DB", "Description": "w1", "ProtectionGroupId": .string(db)],
                    [
                        "WaveName": "CRM", "ProtectionGroupId": .string(crm), "ServerIds": ["s-crm-db-01"],
                        "PauseBeforeWave": true,
                    ],
                ],
            ]
        }
    }

    @Test(
        "accepts every create field in camelCase and PascalCase with the same stored result", arguments: Casing.allCases
    )
    func createCasings(_ casing: Casing) throws {
        let (harness, db, crm) = try Self.withGroups()
        let reply = try harness.send("POST", "/recovery-plans", body: Self.planBody(casing, db: db, crm: crm))
        #expect(reply.status == 201, "\(reply)")
        let stored = try harness.send("GET", "/recovery-plans/id-0003")
        #expect(
            stored.body
                == [
                    "id": "id-0003", "planId": "id-0003", "name": "Casing Plan", "description": "d",
                    "waves": [
                        [
                            "waveNumber": 1, "name": "DB", "description": "w1", "protectionGroupId": .string(db),
                            "pauseBeforeWave": false,
                        ],
                        [
                            "waveNumber": 2, "name": "CRM", "description": "", "protectionGroupId": .string(crm),
                            "serverIds": ["s-crm-db-01"], "pauseBeforeWave": true,
                        ],
                    ],
                    "waveCount": 2, "hasServerConflict": false, "conflictInfo": nil, "lastExecutionStatus": nil,
                    "lastExecutionId": nil, "lastStartTime": nil, "lastEndTime": nil,
                    "createdAt": .string(TestClock.startISO), "updatedAt": .string(TestClock.startISO), "version": 1,
                    "createdBy": "iam", "updatedBy": "iam",
                ])
    }

    @Test("answers an unknown id with 404 RECOVERY_PLAN_NOT_FOUND on get, update and delete")
    func unknownPlan() throws {
        let harness = try ResourceTestHarness()
        let requests: [(String, JSONValue?)] = [("GET", nil), ("PUT", ["description": "x"]), ("DELETE", nil)]
        for (method, body) in requests {
            let reply = try harness.send(method, "/recovery-plans/rp-missing", body: body)
            expectError(reply, 404, "RECOVERY_PLAN_NOT_FOUND")
            #expect(reply["message"]?.stringValue?.contains("rp-missing") == true, "\(method)")
        }
    }

    @Test("answers a missing name or waves with MISSING_FIELD naming it")
    func missingFields() throws {
        let (harness, db, _) = try Self.withGroups()
        let noName = try harness.send(
            "POST", "/recovery-plans", body: ["waves": [["name": "W", "protectionGroupId": .string(db)]]])
        expectError(noName, 400, "MISSING_FIELD")
        #expect(noName["field"] == "name")
        let noWaves = try harness.send("POST", "/recovery-plans", body: ["name": "P"])
        expectError(noWaves, 400, "MISSING_FIELD")
        #expect(noWaves["field"] == "waves")
    }

    @Test("answers an empty, whitespace-only or 257-character plan name with INVALID_NAME", arguments: [0, 1, 257])
    func invalidNames(_ length: Int) throws {
        let (harness, db, _) = try Self.withGroups()
        let name = length == 1 ? "   " : String(repeating: "p", count: length)
        let reply = try harness.send(
            "POST", "/recovery-plans",
            body: ["name": .string(name), "waves": [["name": "W", "protectionGroupId": .string(db)]]])
        expectError(reply, 400, "INVALID_NAME")
        if length == 257 {
            #expect(reply["maxLength"] == 256)
            #expect(reply["actualLength"] == 257)
        }
        #expect(try harness.send("GET", "/recovery-plans")["count"] == 0)
    }

    @Test("answers malformed waves with INVALID_WAVE_DATA naming the wave (1-based)")
    func invalidWaves() throws {
        let (harness, db, crm) = try Self.withGroups()
        func create(_ waves: JSONValue) throws -> Reply {
            try harness.send("POST", "/recovery-plans", body: ["name": "P", "waves": waves])
        }
        let good: JSONValue = ["name": "Good", "protectionGroupId": .string(db)]

        let empty = try create([])
        expectError(empty, 400, "INVALID_WAVE_DATA")

        let notArray = try create(["name": "W"])
        expectError(notArray, 400, "INVALID_WAVE_DATA")

        let notObject = try create([good, "wave"])
        expectError(notObject, 400, "INVALID_WAVE_DATA")
        #expect(notObject["waveNumber"] == 2)

        let serverIdsText = try create([
            good, ["name": "W", "protectionGroupId": .string(crm), "ServerIds": "s-crm-db-01"],
        ])
        expectError(serverIdsText, 400, "INVALID_WAVE_DATA")
        #expect(serverIdsText["waveNumber"] == 2)
        #expect(serverIdsText["message"]?.stringValue?.hasPrefix("Wave 2 has invalid ServerIds format") == true)

        let serverIdsNumbers = try create([["name": "W", "protectionGroupId": .string(crm), "serverIds": [1, 2]]])
        expectError(serverIdsNumbers, 400, "INVALID_WAVE_DATA")
        #expect(serverIdsNumbers["waveNumber"] == 1)

        let stranger = try create([
            good, good,
            ["name": "W", "protectionGroupId": .string(crm), "serverIds": ["s-crm-db-01", "s-orders-db-01"]],
        ])
        expectError(stranger, 400, "INVALID_WAVE_DATA")
        #expect(stranger["waveNumber"] == 3)
        #expect(stranger["invalidServerIds"] == ["s-orders-db-01"])

        let strangerToTags = try create([["name": "W", "protectionGroupId": .string(db), "serverIds": ["s-crm-db-01"]]])
        expectError(strangerToTags, 400, "INVALID_WAVE_DATA")
        #expect(strangerToTags["invalidServerIds"] == ["s-crm-db-01"])

        let noName = try create([good, ["protectionGroupId": .string(db)]])
        expectError(noName, 400, "INVALID_WAVE_DATA")
        #expect(noName["waveNumber"] == 2)

        let blankName = try create([["name": "  ", "protectionGroupId": .string(db)]])
        expectError(blankName, 400, "INVALID_WAVE_DATA")
        #expect(blankName["waveNumber"] == 1)

        let noGroup = try create([good, ["name": "W"]])
        expectError(noGroup, 400, "INVALID_WAVE_DATA")
        #expect(noGroup["waveNumber"] == 2)

        let pauseText = try create([["name": "W", "protectionGroupId": .string(db), "pauseBeforeWave": "soon"]])
        expectError(pauseText, 400, "INVALID_WAVE_DATA")
        #expect(pauseText["waveNumber"] == 1)

        #expect(try harness.send("GET", "/recovery-plans")["count"] == 0)
        // A subset of the tag group's servers is fine.
        let subset = try create([["name": "W", "protectionGroupId": .string(db), "serverIds": ["s-orders-db-03"]]])
        #expect(subset.status == 201, "\(subset)")
    }

    @Test("answers a wave naming an unknown group with 404 PROTECTION_GROUP_NOT_FOUND and the wave")
    func unknownGroup() throws {
        let (harness, db, _) = try Self.withGroups()
        let reply = try harness.send(
            "POST", "/recovery-plans",
            body: [
                "name": "P",
                "waves": [
                    ["name": "A", "protectionGroupId": .string(db)], ["name": "B", "protectionGroupId": "pg-gone"],
                ],
            ])
        expectError(reply, 404, "PROTECTION_GROUP_NOT_FOUND")
        #expect(reply["waveNumber"] == 2)
        #expect(try harness.send("GET", "/recovery-plans")["count"] == 0)
        // No reference was taken on the existing group.
        #expect(try harness.send("DELETE", "/protection-groups/\(db)").status == 200)
    }

    @Test("answers a duplicate plan name, case-insensitively, with RP_NAME_EXISTS and existingName")
    func nameExists() throws {
        let (harness, db, _) = try Self.withGroups()
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

    @Test(
        "answers a body that is not a JSON object with INVALID_REQUEST",
        arguments: ["{", "[]", "42", #"{"name":["P"],"waves":[]}"#])
    func malformedBodies(_ body: String) throws {
        let harness = try ResourceTestHarness()
        expectError(try harness.send("POST", "/recovery-plans", rawBody: body), 400, "INVALID_REQUEST")
    }

    // MARK: Update

    @Test("updates the fields sent: 200, version 2, updatedAt moves, waves renumbered")
    func update() throws {
        let (harness, db, crm) = try Self.withGroups()
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
        "accepts every update field in camelCase and PascalCase with the same stored result", arguments: Casing.allCases
    )
    func updateCasings(_ casing: Casing) throws {
        let (harness, db, crm) = try Self.withGroups()
        let id = try harness.createPlanID("Original", waves: [("Only", db)])
        guard case .object(var body) = Self.planBody(casing, db: db, crm: crm) else { return }
        body[casing == .camelCase ? "version" : "Version"] = .int(1)
        let reply = try harness.send("PUT", "/recovery-plans/\(id)", body: .object(body))
        #expect(reply.status == 200, "\(reply)")
        let stored = try harness.send("GET", "/recovery-plans/\(id)")
        #expect(stored["name"] == "Casing Plan")
        #expect(stored["description"] == "d")
        #expect(stored["version"] == 2)
        #expect(
            stored["waves"]
                == [
                    [
                        "waveNumber": 1, "name": "DB", "description": "w1", "protectionGroupId": .string(db),
                        "pauseBeforeWave": false,
                    ],
                    [
                        "waveNumber": 2, "name": "CRM", "description": "", "protectionGroupId": .string(crm),
                        "serverIds": ["s-crm-db-01"], "pauseBeforeWave": true,
                    ],
                ])
        let versionKey = casing == .camelCase ? "version" : "Version"
        let stale = try harness.send(
            "PUT", "/recovery-plans/\(id)", body: .object([versionKey: 1, "description": "x"]))
        expectError(stale, 409, "VERSION_CONFLICT")
    }

    @Test("answers a stale version with VERSION_CONFLICT, expectedVersion and currentVersion")
    func updateVersionConflict() throws {
        let (harness, db, _) = try Self.withGroups()
        let id = try harness.createPlanID("Plan", waves: [("DB", db)])
        #expect(
            try harness.send("PUT", "/recovery-plans/\(id)", body: ["description": "a", "version": 1]).status == 200)
        let stale = try harness.send("PUT", "/recovery-plans/\(id)", body: ["description": "b", "version": 1])
        expectError(stale, 409, "VERSION_CONFLICT")
        #expect(stale["expectedVersion"] == 1)
        #expect(stale["currentVersion"] == 2)
        #expect(try harness.send("GET", "/recovery-plans/\(id)")["description"] == "a")
    }

    @Test("answers an update or delete of an executing plan with PLAN_HAS_ACTIVE_EXECUTION")
    func activeExecution() throws {
        let (harness, db, _) = try Self.withGroups()
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

    @Test("validates an update as create does: RP_NAME_EXISTS, INVALID_NAME, INVALID_WAVE_DATA, unknown group")
    func updateValidation() throws {
        let (harness, db, crm) = try Self.withGroups()
        try harness.createPlan("Taken", waves: [("DB", db)])
        let id = try harness.createPlanID("Mine", waves: [("DB", db)])
        let taken = try harness.send("PUT", "/recovery-plans/\(id)", body: ["name": "TAKEN"])
        expectError(taken, 409, "RP_NAME_EXISTS")
        #expect(taken["existingName"] == "Taken")
        expectError(try harness.send("PUT", "/recovery-plans/\(id)", body: ["name": ""]), 400, "INVALID_NAME")
        expectError(
            try harness.send("PUT", "/recovery-plans/\(id)", body: ["waves": []]), 400, "INVALID_WAVE_DATA")
        let stranger = try harness.send(
            "PUT", "/recovery-plans/\(id)",
            body: ["waves": [["name": "W", "protectionGroupId": .string(crm), "ServerIds": ["s-legacy-01"]]]])
        expectError(stranger, 400, "INVALID_WAVE_DATA")
        #expect(stranger["waveNumber"] == 1)
        expectError(
            try harness.send(
                "PUT", "/recovery-plans/\(id)", body: ["waves": [["name": "W", "protectionGroupId": "pg-nope"]]]), 404,
            "PROTECTION_GROUP_NOT_FOUND")
        let recased = try harness.send("PUT", "/recovery-plans/\(id)", body: ["name": "MINE"])
        #expect(recased.status == 200, "\(recased)")
        #expect(recased["version"] == 2)
    }

    // MARK: Delete

    @Test("deletes a plan: 200 with message and id, then 404; its name is free again")
    func delete() throws {
        let (harness, db, _) = try Self.withGroups()
        let id = try harness.createPlanID("Plan", waves: [("DB", db)])
        let reply = try harness.send("DELETE", "/recovery-plans/\(id)")
        #expect(reply.status == 200)
        #expect(reply["id"] == .string(id))
        #expect(reply["message"]?.stringValue?.isEmpty == false)
        expectError(try harness.send("GET", "/recovery-plans/\(id)"), 404, "RECOVERY_PLAN_NOT_FOUND")
        #expect(try harness.createPlan("PLAN", waves: [("DB", db)])["name"] == "PLAN")
    }

    // MARK: List

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
        #expect(Self.names(reply) == catalogue.names(Array(1...23)))
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
        #expect(Self.names(reply) == catalogue.names(expected))
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
            "exec-old", planId: catalogue.ids[2]!, planName: "Plan 02", status: "COMPLETED", waves: [["s-crm-web-01"]])
        let reply = try catalogue.harness.send("GET", "/recovery-plans", query: ["hasConflict": "true"])
        #expect(reply["count"] == 0, "\(reply)")
        #expect(try catalogue.harness.send("GET", "/recovery-plans/\(catalogue.ids[6]!)")["hasServerConflict"] == false)
    }

    @Test("pages with limit and nextToken, visiting every plan exactly once", arguments: [1, 5, 7, 23, 100])
    func listPagination(_ limit: Int) throws {
        let catalogue = try Self.busyCatalogue()
        for filter in [[:], ["tag": "Application=Orders"], ["hasConflict": "true"]] as [[String: String]] {
            let all = Self.names(try catalogue.harness.send("GET", "/recovery-plans", query: filter))
            var seen: [String] = []
            var token: String?
            var pages = 0
            repeat {
                var query = filter
                query["limit"] = String(limit)
                if let token { query["nextToken"] = token }
                let page = try catalogue.harness.send("GET", "/recovery-plans", query: query)
                #expect(page.status == 200, "\(page)")
                let names = Self.names(page)
                #expect(names.count <= limit)
                #expect(page["count"]?.intValue == names.count)
                seen += names
                token = page["nextToken"]?.stringValue
                pages += 1
            } while token != nil && pages < 100
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
        let (harness, db, _) = try Self.withGroups()
        try harness.createPlan("P", waves: [("DB", db)])
        let reply = try harness.send("GET", "/recovery-plans", query: [name: value])
        expectError(reply, 400, "INVALID_REQUEST")
        #expect(reply["field"]?.stringValue == name)
    }

    // MARK: Efficiency

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

    // MARK: Paging stability, concurrency, execute

    @Test("continues a page after a plan sorting before the token is added, without repeats")
    func pagingAcrossWrites() throws {
        let catalogue = try Self.catalogue()
        let harness = catalogue.harness
        let first = try harness.send("GET", "/recovery-plans", query: ["limit": "5"])
        let token = try #require(first["nextToken"]?.stringValue)
        try harness.createPlan("AAA First", waves: [("W", "id-0001")])
        let rest = try harness.send("GET", "/recovery-plans", query: ["limit": "100", "nextToken": token])
        let seen = Self.names(first) + Self.names(rest)
        #expect(seen == catalogue.names(Array(1...23)))
    }

    @Test("keeps plan names unique and group references whole under concurrent requests")
    func concurrentWrites() throws {
        let (harness, db, _) = try Self.withGroups()
        let box = UncheckedBox(harness)
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let body: JSONValue = ["name": "Same Plan", "waves": [["name": "W", "protectionGroupId": .string(db)]]]
            let status = (try? box.value.send("POST", "/recovery-plans", body: body).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        let all = statuses.withLock { $0 }
        #expect(all.filter { $0 == 201 }.count == 1, "\(all)")
        #expect(all.filter { $0 == 409 }.count == 7, "\(all)")

        // A group deleted while plans are being created on it: either the plan or the group survives.
        for round in 0..<10 {
            let group = try harness.createGroupID("Racy \(round)", tags: ["Round": String(round)])
            let outcomes = Mutex<[String: Int]>([:])
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
                outcomes.withLock { $0[index == 0 ? "delete" : "create"] = reply?.status ?? -1 }
            }
            let result = outcomes.withLock { $0 }
            let groupExists = try harness.send("GET", "/protection-groups/\(group)").status == 200
            let planCreated = result["create"] == 201
            #expect(!(planCreated && !groupExists), "round \(round): a plan references a deleted group \(result)")
            #expect(result["delete"] == 200 || result["delete"] == 409, "\(result)")
            #expect((result["delete"] == 200) != groupExists, "\(result)")
        }
    }

    @Test("POST /recovery-plans/{id}/execute starts the plan from the path; 404 for an unknown plan")
    func execute() throws {
        let (harness, _, crm) = try Self.withGroups()
        // crm-db-01 does not replicate (STOPPED): the wave narrows to the healthy crm-web-01.
        let created = try harness.send(
            "POST", "/recovery-plans",
            body: [
                "name": "Run Me",
                "waves": [["name": "CRM", "protectionGroupId": .string(crm), "serverIds": ["s-crm-web-01"]]],
            ])
        let id = try #require(created["id"]?.stringValue)
        let unknown = try harness.send("POST", "/recovery-plans/rp-missing/execute", body: ["executionType": "DRILL"])
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
