import JSONCore
import Orchestrator
import TestSupport
import Testing

/// `/recovery-plans…` through the real router (spec §2.2, the guide's error catalog), one nested
/// suite per concern (`--filter RecoveryPlanRoutesTests` runs them all).
@Suite("Recovery plan routes")
enum RecoveryPlanRoutesTests {
    /// The ids `withGroups` gives its two groups, for tables written before the harness exists.
    static let db = "id-0001"
    static let crm = "id-0002"

    /// A harness with a tag group (`id-0001`, Orders databases) and an explicit group (`id-0002`,
    /// CRM web and db).
    static func withGroups(scanPageSize: Int = 100) throws -> (ResourceTestHarness, db: String, crm: String) {
        let harness = try ResourceTestHarness(scanPageSize: scanPageSize)
        let db = try harness.createGroupID("Orders DB", tags: ["Application": "Orders", "Tier": "Database"])
        let crm = try harness.createGroupID("CRM", servers: ["s-crm-web-01", "s-crm-db-01"])
        guard db == Self.db, crm == Self.crm else { throw HarnessError.missing("groups \(Self.db), \(Self.crm)") }
        return (harness, db, crm)
    }

    /// The names of a listing's plans, in the order answered.
    static func names(_ reply: Reply) -> [String] {
        (reply["plans"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    /// A two-wave plan (`DB` on `db`, `CRM` on crm-db-01 of `crm`, pausing before) in `casing`.
    static func planBody(_ casing: Casing, db: String, crm: String) -> JSONValue {
        let key = casing.key
        return [
            key("planName"): "Casing Plan", key("description"): "d",
            key("waves"): [
                [key("waveName"): "DB", key("description"): "w1", key("protectionGroupId"): .string(db)],
                [
                    key("waveName"): "CRM", key("protectionGroupId"): .string(crm), key("serverIds"): ["s-crm-db-01"],
                    key("pauseBeforeWave"): true,
                ],
            ],
        ]
    }

    /// `planBody`'s two waves as stored and answered.
    static func storedWaves(db: String, crm: String) -> JSONValue {
        [
            [
                "waveNumber": 1, "name": "DB", "description": "w1", "protectionGroupId": .string(db),
                "pauseBeforeWave": false,
            ],
            [
                "waveNumber": 2, "name": "CRM", "description": "", "protectionGroupId": .string(crm),
                "serverIds": ["s-crm-db-01"], "pauseBeforeWave": true,
            ],
        ]
    }
}

extension RecoveryPlanRoutesTests {
    /// What any plan route answers for an id it does not know.
    @Suite("unknown ids")
    struct UnknownIDs {
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
    }
}
