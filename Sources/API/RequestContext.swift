import LambdaRuntime
import Orchestrator

/// What a route handler receives: the request, its path parameters and the invocation.
package struct RequestContext: Sendable {
    package var request: APIRequest
    package var parameters: RouteParameters
    package var invocation: InvocationContext

    package init(request: APIRequest, parameters: RouteParameters, invocation: InvocationContext) {
        self.request = request
        self.parameters = parameters
        self.invocation = invocation
    }

    /// Path parameter `name` of the matched pattern (the router guarantees it exists; empty otherwise).
    package func parameter(_ name: String) -> String { parameters[name] ?? "" }
}

/// A route handler: all of them share this one shape.
package typealias RouteHandler = @Sendable (RequestContext) throws -> APIResponse

/// A resource's handlers, registering their own routes (STYLE.md: handlers grouped per resource).
package protocol RouteGroup: Sendable {
    func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError)
}
