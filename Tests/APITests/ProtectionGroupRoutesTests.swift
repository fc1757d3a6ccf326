import JSONCore
import Orchestrator
import TestSupport
import Testing

/// `/protection-groups…` through the real router (spec §2.1, the guide's error catalog), one nested
/// suite per concern (`--filter ProtectionGroupRoutesTests` runs them all).
@Suite("Protection group routes")
enum ProtectionGroupRoutesTests {
    static let ordersDatabase = ["Application": "Orders", "Tier": "Database", "Environment": "Production"]

    /// Hostnames of the servers of a resolution or listing.
    static func hostnames(_ servers: JSONValue?) -> [String] {
        (servers?.arrayValue ?? []).compactMap { $0["hostname"]?.stringValue }.sorted()
    }

    /// A tag group's create body.
    static func body(_ name: String, _ tags: [String: String], region: String = "us-east-1") -> JSONValue {
        ["name": .string(name), "region": .string(region), "serverSelectionTags": .tags(tags)]
    }

    /// The names of a listing's groups, in the order answered.
    static func names(_ reply: Reply, _ key: String = "groups") -> [String] {
        (reply[key]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }
}

extension ProtectionGroupRoutesTests {
    /// What any route of the resource answers whatever the body: unknown ids, methods, event shapes.
    @Suite("ids, methods and request shapes")
    struct Requests {
        @Test("answers an unknown id with 404 PROTECTION_GROUP_NOT_FOUND on get, update, delete and resolve")
        func unknownGroup() throws {
            let harness = try ResourceTestHarness()
            for (method, path) in [
                ("GET", "/protection-groups/pg-missing"), ("PUT", "/protection-groups/pg-missing"),
                ("DELETE", "/protection-groups/pg-missing"), ("POST", "/protection-groups/pg-missing/resolve"),
            ] {
                let reply = try harness.send(method, path, body: method == "PUT" ? ["description": "x"] : nil)
                expectError(reply, 404, "PROTECTION_GROUP_NOT_FOUND")
                #expect(reply["message"]?.stringValue?.contains("pg-missing") == true, "\(method) \(path)")
            }
        }

        @Test("accepts a body sent as a JSON object, numeric query values, and percent-encoded ids")
        func directCallerShapes() throws {
            let harness = try ResourceTestHarness()
            let created = try harness.send(
                event: [
                    "httpMethod": "POST", "path": "/protection-groups",
                    "body": [
                        "GroupName": "Object Body", "Region": "us-east-1", "ServerSelectionTags": ["Tier": "Web"],
                    ],
                ])
            #expect(created.status == 201, "\(created)")
            try harness.createGroup("Second", tags: ["Tier": "App"])
            let limited = try harness.send(
                event: ["httpMethod": "GET", "path": "/protection-groups", "queryStringParameters": ["limit": 1]])
            #expect(limited.status == 200, "\(limited)")
            #expect(limited["count"] == 1)
            #expect(limited["nextToken"] != nil)
            let encoded = try harness.send("GET", "/protection-groups/id%2D0001")
            #expect(encoded.status == 200, "\(encoded)")
            #expect(encoded["name"] == "Object Body")
        }

        @Test(
            "answers OPTIONS on every group route with 200 and an unsupported method with 405",
            arguments: [
                ("/protection-groups", "PATCH"), ("/protection-groups/id-1", "POST"),
                ("/protection-groups/id-1/resolve", "GET"), ("/protection-groups/resolve", "DELETE"),
                ("/protection-groups/resolve", "GET"),
            ])
        func methods(_ path: String, _ method: String) throws {
            let harness = try ResourceTestHarness()
            #expect(try harness.send("OPTIONS", path).status == 200)
            let reply = try harness.send(method, path)
            expectError(reply, 405, "METHOD_NOT_ALLOWED")
            #expect(reply["allowedMethods"]?.strings.contains("OPTIONS") == true)
        }
    }
}
