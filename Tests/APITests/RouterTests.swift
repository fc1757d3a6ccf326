import API
import Testing

@Suite("The router")
struct RouterTests {
    static let patterns: [(String, String)] = [
        ("GET", "/protection-groups"), ("POST", "/protection-groups"),
        ("GET", "/protection-groups/{id}"), ("PUT", "/protection-groups/{id}"), ("DELETE", "/protection-groups/{id}"),
        ("POST", "/protection-groups/{id}/resolve"), ("POST", "/protection-groups/resolve"),
        ("GET", "/executions/{id}"), ("POST", "/executions/{id}/cancel"), ("GET", "/drs/source-servers"),
    ]

    static func router() throws -> Router<String> {
        var builder = RouterBuilder<String>()
        for (method, pattern) in patterns { try builder.add(method, pattern, "\(method) \(pattern)") }
        return builder.build()
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var method: String
        var segments: [String]
        var route: String?
        var parameters: [String: String] = [:]
        var allowed: [String]? = nil
        var testDescription: String { "\(method) /\(segments.joined(separator: "/"))" }
    }

    static let cases: [Case] = [
        Case(method: "GET", segments: ["protection-groups"], route: "GET /protection-groups"),
        Case(
            method: "GET", segments: ["protection-groups", "pg-1"], route: "GET /protection-groups/{id}",
            parameters: ["id": "pg-1"]),
        Case(
            method: "DELETE", segments: ["protection-groups", "pg 1/2"], route: "DELETE /protection-groups/{id}",
            parameters: ["id": "pg 1/2"]),
        Case(method: "POST", segments: ["protection-groups", "resolve"], route: "POST /protection-groups/resolve"),
        Case(
            method: "POST", segments: ["protection-groups", "pg-9", "resolve"],
            route: "POST /protection-groups/{id}/resolve", parameters: ["id": "pg-9"]),
        Case(
            method: "POST", segments: ["executions", "e-1", "cancel"], route: "POST /executions/{id}/cancel",
            parameters: ["id": "e-1"]),
        Case(method: "GET", segments: ["drs", "source-servers"], route: "GET /drs/source-servers"),
        // 405: the path exists, the method does not
        Case(method: "PUT", segments: ["protection-groups"], route: nil, allowed: ["GET", "OPTIONS", "POST"]),
        Case(method: "GET", segments: ["executions", "e-1", "cancel"], route: nil, allowed: ["OPTIONS", "POST"]),
        Case(method: "DELETE", segments: ["executions", "e-1"], route: nil, allowed: ["GET", "OPTIONS"]),
        // 404: no such path
        Case(method: "GET", segments: ["nothing"], route: nil),
        Case(method: "GET", segments: ["executions"], route: nil),
        Case(method: "GET", segments: ["executions", "e-1", "pause"], route: nil),
        Case(method: "GET", segments: ["drs"], route: nil),
        Case(method: "GET", segments: [], route: nil),
    ]

    @Test("resolves paths to routes and parameters, 405 apart from 404", arguments: cases)
    func resolves(_ testCase: Case) throws {
        let router = try Self.router()
        switch router.resolve(method: testCase.method, segments: testCase.segments) {
        case .matched(let route, let parameters, _):
            #expect(route == testCase.route)
            #expect(Dictionary(uniqueKeysWithValues: zip(parameters.names, parameters.values)) == testCase.parameters)
        case .methodNotAllowed(let allowed):
            #expect(testCase.route == nil)
            #expect(allowed == testCase.allowed)
        case .notFound:
            #expect(testCase.route == nil && testCase.allowed == nil)
        }
    }

    @Test("falls back from a literal branch that dead-ends to the parameter branch")
    func backtracks() throws {
        var builder = RouterBuilder<String>()
        try builder.add("GET", "/a/{id}/x", "param")
        try builder.add("GET", "/a/lit", "literal")
        guard
            case .matched(let route, let parameters, _) = builder.build().resolve(
                method: "GET", segments: ["a", "lit", "x"])
        else { Issue.record("no match"); return }
        #expect(route == "param")
        #expect(parameters["id"] == "lit")
    }

    @Test("rejects a route registered twice")
    func duplicate() throws {
        var builder = RouterBuilder<String>()
        try builder.add("GET", "/a/{id}", "one")
        #expect(throws: RouterError.duplicateRoute(method: "GET", pattern: "/a/{id}")) {
            try builder.add("GET", "/a/{id}", "two")
        }
    }

    @Test("rejects two names for one parameter position")
    func parameterClash() throws {
        var builder = RouterBuilder<String>()
        try builder.add("GET", "/a/{id}", "one")
        #expect(throws: RouterError.self) { try builder.add("GET", "/a/{planId}/b", "two") }
    }

    @Test("rejects malformed patterns", arguments: ["a/b", "/a/{", "/a/{}", "/a/{proxy+}", "/a/b}"])
    func malformed(pattern: String) {
        var builder = RouterBuilder<String>()
        #expect(throws: RouterError.self) { try builder.add("GET", pattern, "x") }
    }

    @Test("lists its routes in API Gateway syntax")
    func listsRoutes() throws {
        let listed = try Self.router().routes.map { "\($0.method) \($0.pattern)" }
        #expect(listed == Self.patterns.map { "\($0.0) \($0.1)" })
    }
}
