import Testing

@testable import DRSLocal

@Suite("API Gateway route matching")
struct APIGatewayRouteTableTests {
    static let table = APIGatewayRouteTable(routes: [
        (SAMRoute(eventName: "Proxy", method: "ANY", path: "/{proxy+}", stage: "dev"), "catch-all"),
        (SAMRoute(eventName: "Health", method: "GET", path: "/health", stage: "dev"), "health"),
        (SAMRoute(eventName: "Get", method: "GET", path: "/executions/{id}", stage: "dev"), "get-execution"),
        (SAMRoute(eventName: "AnyExec", method: "ANY", path: "/executions/{id}", stage: "dev"), "any-execution"),
        (SAMRoute(eventName: "Cancel", method: "POST", path: "/executions/{id}/cancel", stage: "dev"), "cancel"),
        (SAMRoute(eventName: "Latest", method: "GET", path: "/executions/latest", stage: "dev"), "latest"),
        (SAMRoute(eventName: "Files", method: "GET", path: "/files/{proxy+}", stage: "dev"), "files"),
        (SAMRoute(eventName: "Root", method: "GET", path: "/", stage: "dev"), "root"),
    ])

    @Test(
        "the most specific route wins: literal over {param} over {proxy+}, exact method over ANY",
        arguments: [
            ("GET", "/health", "health", "/health"),
            ("POST", "/health", "catch-all", "/{proxy+}"),
            ("GET", "/executions/latest", "latest", "/executions/latest"),
            ("GET", "/executions/42", "get-execution", "/executions/{id}"),
            ("DELETE", "/executions/42", "any-execution", "/executions/{id}"),
            ("POST", "/executions/42/cancel", "cancel", "/executions/{id}/cancel"),
            ("GET", "/executions/42/cancel", "catch-all", "/{proxy+}"),
            ("GET", "/files/a/b/c.txt", "files", "/files/{proxy+}"),
            ("PUT", "/files/a", "catch-all", "/{proxy+}"),
            ("GET", "/", "root", "/"),
            ("get", "/health/", "health", "/health"),
        ]
    )
    func precedence(method: String, path: String, function: String, resource: String) throws {
        let match = try #require(Self.table.match(method: method, path: path))
        #expect(match.functionName == function)
        #expect(match.route.path == resource)
    }

    @Test("path parameters are decoded; the greedy parameter takes the rest of the path")
    func parameters() throws {
        #expect(Self.table.match(method: "GET", path: "/executions/a%20b")?.pathParameters == ["id": "a b"])
        #expect(Self.table.match(method: "GET", path: "/files/x/y%2Fz")?.pathParameters == ["proxy": "x/y/z"])
        #expect(Self.table.match(method: "POST", path: "/a/b")?.pathParameters == ["proxy": "a/b"])
    }

    @Test("no match: a greedy route needs a segment, and methods must match")
    func noMatch() {
        let table = APIGatewayRouteTable(routes: [
            (SAMRoute(eventName: "Proxy", method: "ANY", path: "/{proxy+}", stage: "dev"), "fn"),
            (SAMRoute(eventName: "Get", method: "GET", path: "/only-get", stage: "dev"), "fn"),
        ])
        #expect(table.match(method: "GET", path: "/") == nil)
        let strict = APIGatewayRouteTable(routes: [
            (SAMRoute(eventName: "Get", method: "GET", path: "/only-get", stage: "dev"), "fn")
        ])
        #expect(strict.match(method: "POST", path: "/only-get") == nil)
        #expect(strict.match(method: "GET", path: "/only-get/more") == nil)
        #expect(strict.match(method: "GET", path: "/Only-Get") == nil)
    }

    @Test("a leading stage segment is stripped only when it names a stage")
    func stagePrefix() {
        #expect(APIGatewayResponder.strippingStage("/dev/health", stages: ["dev"]) == "/health")
        #expect(APIGatewayResponder.strippingStage("/dev", stages: ["dev"]) == "/")
        #expect(APIGatewayResponder.strippingStage("/develop/x", stages: ["dev"]) == "/develop/x")
        #expect(APIGatewayResponder.strippingStage("/health", stages: ["dev"]) == "/health")
    }
}
