/// `GET /health`: liveness for load balancers, smoke tests and `make run`'s banner.
package struct HealthRoutes: RouteGroup {
    private struct Health: Encodable {
        var status = "healthy"
        var version: String
    }

    package let version: String

    package init(version: String = BuildInfo.version) {
        self.version = version
    }

    package func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError) {
        let version = version
        try routes.add("GET", "/health") { context in
            try .json(200, Health(version: version), codec: context.codec)
        }
    }
}
