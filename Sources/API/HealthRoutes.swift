import JSONCore

/// `GET /health`: liveness for load balancers, smoke tests and `make run`'s banner.
package struct HealthRoutes: RouteGroup {
    package let version: String

    package init(version: String = BuildInfo.version) {
        self.version = version
    }

    package func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError) {
        // The answer never changes: encode it once, not per request.
        let body = JSONValue.object(["status": "healthy", "version": .string(version)]).jsonBytes
        try routes.add("GET", "/health") { _ in APIResponse(status: 200, body: body) }
    }
}
