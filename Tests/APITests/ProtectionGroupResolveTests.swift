import DRS
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

extension ProtectionGroupRoutesTests {
    /// `POST /protection-groups/{id}/resolve` and the unsaved preview `POST /protection-groups/resolve`.
    @Suite("resolve and preview")
    struct Resolve {
        static let selections: [([String: String], [String])] = [
            (["Tier": "Web"], ["crm-web-01", "orders-web-01", "orders-web-02", "orders-web-03"]),
            (["Tier": "web"], []),
            (["Application": "Orders", "Tier": "Database"], ["orders-db-01", "orders-db-02", "orders-db-03"]),
            (ordersDatabase, ["orders-db-01", "orders-db-02"]),
            (["Purpose": "Frontend"], ["orders-web-01", "orders-web-02"]),
            (["Environment": "Production", "Purpose": "Primary"], ["orders-db-01"]),
            (["Application": "CRM", "Tier": "Batch"], []),
            (["Application": "Billing"], ["billing-batch-01"]),
        ]

        @Test("resolves a tag group to exactly the servers matching every tag", arguments: selections)
        func resolve(_ tags: [String: String], _ expected: [String]) throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("G", tags: tags)
            harness.clock.advance(milliseconds: 1_000)
            let reply = try harness.send("POST", "/protection-groups/\(id)/resolve")
            #expect(reply.status == 200, "\(reply)")
            #expect(reply["protectionGroupId"] == .string(id))
            #expect(reply["region"] == "us-east-1")
            #expect(hostnames(reply["servers"]) == expected)
            #expect(reply["serverCount"]?.intValue == expected.count)
            #expect(reply["resolvedAt"] == "2027-01-15T08:00:01.000Z")
        }

        @Test("previews unsaved tags to the same servers, in both casings", arguments: selections)
        func preview(_ tags: [String: String], _ expected: [String]) throws {
            let harness = try ResourceTestHarness()
            for body: JSONValue in [
                ["region": "us-east-1", "tags": .tags(tags)], ["Region": "us-east-1", "Tags": .tags(tags)],
                ["region": "us-east-1", "serverSelectionTags": .tags(tags)],
            ] {
                let reply = try harness.send("POST", "/protection-groups/resolve", body: body)
                #expect(reply.status == 200, "\(reply)")
                #expect(reply["region"] == "us-east-1")
                #expect(hostnames(reply["servers"]) == expected, "\(body.jsonText)")
                #expect(reply["serverCount"]?.intValue == expected.count)
                #expect(reply["resolvedAt"] == .string(TestClock.startISO))
            }
            #expect(harness.store.items(.protectionGroups).isEmpty)
        }

        @Test("resolves an explicit group to its servers, and a server's fields are the spec's")
        func resolveExplicit() throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("CRM", servers: ["s-crm-web-01", "s-crm-db-01"])
            let reply = try harness.send("POST", "/protection-groups/\(id)/resolve")
            #expect(reply.status == 200, "\(reply)")
            #expect(hostnames(reply["servers"]) == ["crm-db-01", "crm-web-01"])
            #expect(reply["serverCount"] == 2)
            let server = try #require(
                reply["servers"]?.arrayValue?.first { $0["sourceServerID"] == "s-crm-web-01" })
            #expect(server["hostname"] == "crm-web-01")
            #expect(server["sourceInstanceId"] == "i-s-crm-web-01")
            #expect(server["replicationState"] == "CONTINUOUS")
            #expect(server["lagDuration"] == "PT1S")
            #expect(server["tags"] == .tags(ResourceTestHarness.tags("CRM", "Web", "Production")))
            for key in ["sourceIp", "os", "lastSeen"] { #expect(server[key] != nil, "\(key)") }
        }

        static let previewRefusals: [ErrorCase] = [
            .init("no region", ["tags": ["Tier": "Web"]], 400, "MISSING_FIELD", ["field": "region"]),
            .init("no tags", ["region": "us-east-1"], 400, "INVALID_TAGS"),
            .init("empty tags", ["region": "us-east-1", "tags": [:]], 400, "INVALID_TAGS"),
            .init(
                "a region where DRS was never initialized", ["region": "eu-west-3", "tags": ["Tier": "Web"]], 400,
                "DRS_NOT_INITIALIZED",
                [
                    "region": "eu-west-3",
                    "consoleUrl": "https://eu-west-3.console.aws.amazon.com/drs/home?region=eu-west-3#/welcome",
                ]),
            .init("a body that is not JSON", raw: "nope", 400, "INVALID_REQUEST"),
        ]

        @Test("answers a preview it cannot run with the spec's error", arguments: previewRefusals)
        func previewRefused(_ refusal: ErrorCase) throws {
            let harness = try ResourceTestHarness()
            expectError(try harness.send("POST", "/protection-groups/resolve", rawBody: refusal.body), refusal)
        }

        @Test("resolves in the group's own region, with one DescribeSourceServers")
        func resolveWest() throws {
            let harness = try ResourceTestHarness()
            let id = try harness.createGroupID("DR", region: "us-west-2", tags: ["Environment": "DR", "Tier": "Web"])
            harness.drs.state.withLock { $0.calls = [] }
            let reply = try harness.send("POST", "/protection-groups/\(id)/resolve")
            #expect(hostnames(reply["servers"]) == ["dr-web-01"])
            #expect(reply["region"] == "us-west-2")
            #expect(harness.drs.state.withLock { $0.calls } == ["DescribeSourceServers us-west-2"])
        }
    }
}
