import API
import Foundation
import Orchestrator
import TestSupport
import Testing
import Yams

/// `openapi.yaml` describes the routes the router serves and the error codes the API answers with,
/// so the document cannot drift from the code.
@Suite("OpenAPI document and router")
struct OpenAPIRoutesTests {
    static let documentPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi.yaml").path

    static let operationMethods: Set<String> = ["get", "put", "post", "delete", "patch", "head"]

    static func document() throws -> [String: Any] {
        let text = try String(contentsOfFile: documentPath, encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    static func paths() throws -> [String: [String: Any]] {
        let paths = try #require(try document()["paths"] as? [String: Any])
        return try paths.mapValues { try #require($0 as? [String: Any]) }
    }

    static func servedRoutes() throws -> Set<String> {
        // The routes do not depend on what the services run over.
        let services = APIServices(store: InMemoryRecordStore(), drs: FakeDRS())
        return Set(try APIApplication.standard(services: services).router.routes.map { "\($0.method) \($0.pattern)" })
    }

    @Test("documents exactly the routes the router serves")
    func sameRoutes() throws {
        var documented: Set<String> = []
        for (path, item) in try Self.paths() {
            for method in item.keys where Self.operationMethods.contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let served = try Self.servedRoutes()
        #expect(documented.subtracting(served).isEmpty, "documented but not served")
        #expect(served.subtracting(documented).isEmpty, "served but not documented")
    }

    @Test("documents the public CORS preflight on every path; everything else, /health too, needs the token")
    func preflightIsPublic() throws {
        let paths = try Self.paths()
        for (path, item) in paths {
            let options = try #require(item["options"] as? [String: Any], "\(path) has no OPTIONS")
            #expect((options["security"] as? [Any])?.isEmpty == true, "OPTIONS \(path) must need no token")
            for (method, value) in item where Self.operationMethods.contains(method) {
                let operation = try #require(value as? [String: Any])
                #expect(operation["security"] == nil, "\(method.uppercased()) \(path) must need the token")
            }
        }
        let health = try #require(paths["/health"]?["get"] as? [String: Any])
        let responses = try #require(health["responses"] as? [String: Any])
        #expect(responses["401"] != nil)
        let document = try Self.document()
        let security = try #require(document["security"] as? [[String: Any]])
        #expect(security.first?.keys.contains("CognitoUserPool") == true)
    }

    @Test("lists every error code the API answers with, at the code's HTTP status")
    func errorCodesAndStatuses() throws {
        let document = try Self.document()
        let components = try #require(document["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: Any])
        let errorCode = try #require(schemas["ErrorCode"] as? [String: Any])
        let documented = Set(try #require(errorCode["enum"] as? [String]))
        let statuses = try #require(errorCode["x-status"] as? [String: Int])
        #expect(Set(statuses.keys) == documented)
        for code in APIError.Code.allCases {
            #expect(documented.contains(code.rawValue), "\(code.rawValue) is not documented")
            #expect(statuses[code.rawValue] == code.status, "\(code.rawValue) answers \(code.status)")
        }
    }

    @Test("gives every operation its error responses and the callers' auth answers")
    func operationsDeclareErrors() throws {
        for (path, item) in try Self.paths() {
            for (method, value) in item where Self.operationMethods.contains(method) {
                let operation = try #require(value as? [String: Any])
                let responses = try #require(operation["responses"] as? [String: Any])
                var expected = ["500"]
                if path != "/health" { expected += ["400", "401", "403", "429", "503"] }
                if path.contains("{id}") { expected.append("404") }
                for status in expected {
                    #expect(responses[status] != nil, "\(method.uppercased()) \(path) lacks \(status)")
                }
            }
        }
    }
}
