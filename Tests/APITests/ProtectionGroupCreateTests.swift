import DRS
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

extension ProtectionGroupRoutesTests {
    /// `POST /protection-groups` with a valid body: what is stored and answered.
    @Suite("create")
    struct Create {
        @Test("creates a tag-selected group: 201 with every spec field, id = protectionGroupId, version 1")
        func createByTags() throws {
            let harness = try ResourceTestHarness()
            let reply = try harness.send(
                "POST", "/protection-groups",
                body: [
                    "name": "  Database Servers  ", "description": "orders databases", "region": "us-east-1",
                    "serverSelectionTags": .tags(ordersDatabase), "accountId": "123456789012", "owner": "dr-team",
                ])
            #expect(reply.status == 201, "\(reply)")
            let expected: JSONValue = [
                "id": "id-0001", "protectionGroupId": "id-0001", "name": "Database Servers",
                "description": "orders databases", "region": "us-east-1",
                "serverSelectionTags": .tags(ordersDatabase), "sourceServerIds": [], "accountId": "123456789012",
                "owner": "dr-team", "createdAt": .string(TestClock.startISO), "updatedAt": .string(TestClock.startISO),
                "version": 1, "createdBy": "iam", "updatedBy": "iam",
            ]
            #expect(reply.body == expected)
            let fetched = try harness.send("GET", "/protection-groups/id-0001")
            #expect(fetched.status == 200)
            #expect(fetched.body == expected)
        }

        @Test("creates an explicitly selected group with empty tags and defaults for optional fields")
        func createExplicit() throws {
            let harness = try ResourceTestHarness()
            let reply = try harness.send(
                "POST", "/protection-groups",
                body: ["name": "CRM", "region": "us-east-1", "sourceServerIds": ["s-crm-web-01", "s-crm-db-01"]])
            #expect(reply.status == 201, "\(reply)")
            #expect(reply["sourceServerIds"] == ["s-crm-web-01", "s-crm-db-01"])
            #expect(reply["serverSelectionTags"] == [:])
            #expect(reply["description"] == "")
            #expect(reply["accountId"] == "")
            #expect(reply["owner"] == "")
            #expect(reply["version"] == 1)
            #expect(reply["protectionGroupId"] == reply["id"])
        }

        static func createBody(_ casing: Casing, explicit: Bool) -> JSONValue {
            let key = casing.key
            var body: [String: JSONValue] = [
                key("groupName"): "Orders DB", key("description"): "d", key("region"): "us-east-1",
                key("accountId"): "111122223333", key("owner"): "ops",
            ]
            if explicit {
                body[key("sourceServerIds")] = ["s-orders-db-01", "s-orders-db-02"]
            } else {
                body[key("serverSelectionTags")] = .tags(ordersDatabase)
            }
            return .object(body)
        }

        @Test(
            "accepts every create field in camelCase and PascalCase with the same stored result",
            arguments: Casing.allCases)
        func createCasings(_ casing: Casing) throws {
            for explicit in [false, true] {
                let harness = try ResourceTestHarness()
                let reply = try harness.send(
                    "POST", "/protection-groups", body: Self.createBody(casing, explicit: explicit))
                #expect(reply.status == 201, "\(casing) explicit=\(explicit): \(reply)")
                let stored = try harness.send("GET", "/protection-groups/id-0001")
                let expected: JSONValue = [
                    "id": "id-0001", "protectionGroupId": "id-0001", "name": "Orders DB", "description": "d",
                    "region": "us-east-1",
                    "serverSelectionTags": explicit ? [:] : .tags(ordersDatabase),
                    "sourceServerIds": explicit ? ["s-orders-db-01", "s-orders-db-02"] : [],
                    "accountId": "111122223333", "owner": "ops", "createdAt": .string(TestClock.startISO),
                    "updatedAt": .string(TestClock.startISO), "version": 1, "createdBy": "iam", "updatedBy": "iam",
                ]
                #expect(stored.body == expected, "\(casing) explicit=\(explicit)")
            }
        }

        @Test("accepts a name of 256 characters after trimming")
        func longestName() throws {
            let harness = try ResourceTestHarness()
            let exact = try harness.send(
                "POST", "/protection-groups",
                body: body(" " + String(repeating: "n", count: 256) + " ", ["Tier": "Web"]))
            #expect(exact.status == 201, "\(exact)")
            #expect(exact["name"]?.stringValue?.count == 256)
        }
    }

    /// `POST /protection-groups` with a body it refuses: the error, and nothing stored.
    @Suite("create validation")
    struct CreateValidation {
        static let web: JSONValue = ["Tier": "Web"]

        static func group(tags: JSONValue) -> JSONValue {
            ["name": "G", "region": "us-east-1", "serverSelectionTags": tags]
        }

        static func group(servers: JSONValue) -> JSONValue {
            ["name": "G", "region": "us-east-1", "sourceServerIds": servers]
        }

        static let cases: [ErrorCase] = [
            .init(
                "no name", ["region": "us-east-1", "serverSelectionTags": web], 400, "MISSING_FIELD",
                ["field": "name", "message": "name is required"]),
            .init(
                "no region", ["name": "G", "serverSelectionTags": web], 400, "MISSING_FIELD",
                ["field": "region", "message": "region is required"]),
            .init(
                "an empty region", ["name": "G", "region": "", "serverSelectionTags": web], 400, "MISSING_FIELD",
                ["field": "region", "message": "region is required"]),
            .init(
                "neither tags nor servers", ["name": "G", "region": "us-east-1"], 400, "MISSING_FIELD",
                [
                    "field": "serverSelectionTags",
                    "message": "serverSelectionTags or sourceServerIds is required",
                ]),
            .init("an empty name", body("", ["Tier": "Web"]), 400, "INVALID_NAME", ["field": "name"]),
            .init("a blank name", body("   ", ["Tier": "Web"]), 400, "INVALID_NAME", ["field": "name"]),
            .init("a tab and newline name", body("\t\n ", ["Tier": "Web"]), 400, "INVALID_NAME", ["field": "name"]),
            .init(
                "a 257-character name", body(String(repeating: "n", count: 257), ["Tier": "Web"]), 400,
                "INVALID_NAME", ["maxLength": 256, "actualLength": 257]),
            .init("empty tags", group(tags: [:]), 400, "INVALID_TAGS"),
            .init("a number as tag value", group(tags: ["Tier": 5]), 400, "INVALID_TAGS"),
            .init("tags as an array", group(tags: ["Tier", "Web"]), 400, "INVALID_TAGS"),
            .init("tags as a string", group(tags: "Tier=Web"), 400, "INVALID_TAGS"),
            .init("an empty tag key", group(tags: ["": "x"]), 400, "INVALID_TAGS"),
            .init("a blank tag key", group(tags: ["  ": "x"]), 400, "INVALID_TAGS"),
            .init("empty sourceServerIds", group(servers: []), 400, "INVALID_SERVERS"),
            .init("sourceServerIds as a string", group(servers: "s-x"), 400, "INVALID_SERVERS"),
            .init("a number as server id", group(servers: [5]), 400, "INVALID_SERVERS"),
            .init(
                "servers DRS does not know in the region",
                group(servers: ["s-orders-web-01", "s-nope-1", "s-dr-web-01", "s-nope-2"]), 400, "INVALID_SERVERS",
                ["invalidServerIds": ["s-nope-1", "s-dr-web-01", "s-nope-2"]]),
            .init(
                "tags and servers together",
                [
                    "name": "G", "region": "us-east-1", "serverSelectionTags": web,
                    "sourceServerIds": ["s-orders-web-01"],
                ],
                400, "INVALID_REQUEST", ["field": "serverSelectionTags"]),
            .init("a body that is not JSON", raw: "{nope", 400, "INVALID_REQUEST", ["field": "body"]),
            .init("an array body", raw: "[1,2]", 400, "INVALID_REQUEST", ["field": "body"]),
            .init("a string body", raw: "\"text\"", 400, "INVALID_REQUEST", ["field": "body"]),
            .init(
                "a number as name", raw: #"{"name":5,"region":"us-east-1","serverSelectionTags":{"Tier":"Web"}}"#, 400,
                "INVALID_REQUEST", ["field": "name"]),
            .init(
                "an array as region",
                raw: #"{"name":"G","region":["us-east-1"],"serverSelectionTags":{"Tier":"Web"}}"#, 400,
                "INVALID_REQUEST", ["field": "region"]),
        ]

        @Test("refuses an invalid create body with the spec's error and stores nothing", arguments: cases)
        func refused(_ refusal: ErrorCase) throws {
            let harness = try ResourceTestHarness()
            let reply = try harness.send("POST", "/protection-groups", rawBody: refusal.body)
            expectError(reply, refusal)
            #expect(harness.store.items(.protectionGroups).isEmpty)
        }

        @Test("answers a region where DRS was never initialized with DRS_NOT_INITIALIZED, region and consoleUrl")
        func drsNotInitialized() throws {
            let harness = try ResourceTestHarness()
            let reply = try harness.send(
                "POST", "/protection-groups", body: body("Paris", ["Tier": "Web"], region: "eu-west-3"))
            #expect(reply.status == 400)
            #expect(
                reply.body
                    == [
                        "error": "DRS_NOT_INITIALIZED",
                        "message":
                            "AWS Elastic Disaster Recovery (DRS) is not initialized in eu-west-3. Go to the DRS Console in eu-west-3 and complete the initialization wizard before creating Protection Groups.",
                        "region": "eu-west-3",
                        "consoleUrl": "https://eu-west-3.console.aws.amazon.com/drs/home?region=eu-west-3#/welcome",
                    ])
            #expect(harness.store.items(.protectionGroups).isEmpty)
        }

        @Test("answers DRS throttling with 429 THROTTLED and other DRS failures with 502 DRS_ERROR")
        func drsFailures() throws {
            let harness = try ResourceTestHarness()
            let body: JSONValue = ["name": "G", "region": "us-east-1", "serverSelectionTags": ["Tier": "Web"]]
            harness.drs.state.withLock {
                $0.failures[.describeSourceServers] = [
                    DRSError(
                        code: .throttled, operation: .describeSourceServers, region: "us-east-1",
                        message: "Rate exceeded"),
                    DRSError(
                        code: .other, operation: .describeSourceServers, region: "us-east-1",
                        message: "Internal failure"),
                ]
            }
            let throttled = try harness.send("POST", "/protection-groups", body: body)
            expectError(throttled, 429, "THROTTLED")
            let failed = try harness.send("POST", "/protection-groups", body: body)
            expectError(failed, 502, "DRS_ERROR")
            #expect(failed["drsMessage"] == "Internal failure")
            #expect(failed["drsErrorType"]?.stringValue?.isEmpty == false)
            #expect(harness.store.items(.protectionGroups).isEmpty)
            #expect(try harness.send("POST", "/protection-groups", body: body).status == 201)
        }
    }
}
