import JSONCore
import LambdaRuntime

/// `GET /health`: liveness for load balancers, smoke tests and `make run`'s banner.
package struct HealthRoutes: RouteGroup {
    package let version: String

    package init(version: String = BuildInfo.version) {
        self.version = version
    }

    package func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError) {
        // The answer never changes: encode it once, not per request.
        // Written by hand: an encoder here would instantiate Codable machinery during cold start.
        var body = Array(#"{"status":"healthy","version":"#.utf8)
        JSONEscaping.appendQuoted(version, to: &body)
        body.append(UInt8(ascii: "}"))
        let answer = APIResponse(status: 200, body: body)
        try routes.add("GET", "/health") { _ in answer }
    }
}
