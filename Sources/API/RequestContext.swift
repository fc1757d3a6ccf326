import FoundationEssentials
import LambdaRuntime
import Orchestrator

/// What a route handler receives: the request, its path parameters and the invocation.
package struct RequestContext: Sendable {
    package var request: APIRequest
    package var parameters: RouteParameters
    package var invocation: InvocationContext
    package var codec: JSONCodec

    package init(request: APIRequest, parameters: RouteParameters, invocation: InvocationContext, codec: JSONCodec) {
        self.request = request
        self.parameters = parameters
        self.invocation = invocation
        self.codec = codec
    }

    /// Path parameter `name` of the matched pattern (the router guarantees it exists; empty otherwise).
    package func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The body decoded as `T`.
    /// - Throws: `APIError` `INVALID_REQUEST` naming the field when the body is not JSON or a field
    ///   has the wrong type.
    package func decodeBody<T: Decodable>(_ type: T.Type) throws(APIError) -> T {
        do {
            return try codec.decoder.decode(T.self, from: Data(request.body))
        } catch let error as APIError {
            throw error
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw field.isEmpty
                ? .invalidRequest("The request body must be a JSON object", field: "body")
                : .invalidRequest("\(field) has the wrong type", field: field)
        } catch {
            throw .invalidRequest("The request body is not valid JSON", field: "body")
        }
    }
}

/// A route handler: all of them share this one shape.
package typealias RouteHandler = @Sendable (RequestContext) throws -> APIResponse

/// A resource's handlers, registering their own routes (STYLE.md: handlers grouped per resource).
package protocol RouteGroup: Sendable {
    func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError)
}
