import JSONCore
import LambdaRuntime
import Logging
import Orchestrator

/// The API handler: event → request → route → response envelope.
///
/// Never throws and never crashes on input: every event, however malformed, gets an envelope.
package struct APIApplication: LambdaHandler {
    package let router: Router<RouteHandler>
    private let codec: JSONCodec
    private let events = EventDecoder()
    private let logger: Logger

    /// Wires the route groups into one router.
    /// - Throws: `RouterError` when two groups register clashing routes (a programming error that
    ///   start-up reports through `/init/error`).
    package init(groups: [any RouteGroup], codec: JSONCodec = JSONCodec(), logger: Logger = Logger(label: "api"))
        throws(RouterError)
    {
        var builder = RouterBuilder<RouteHandler>()
        for group in groups { try group.register(in: &builder) }
        router = builder.build()
        self.codec = codec
        self.logger = logger
    }

    /// The application `bootstrap` serves: every resource's routes over `services`.
    /// - Throws: `RouterError` when two groups clash (reported through `/init/error`).
    package static func standard(services: APIServices) throws(RouterError) -> APIApplication {
        try APIApplication(groups: services.routeGroups)
    }

    package mutating func handle(_ event: [UInt8], context: InvocationContext) -> [UInt8] {
        let (response, isDirect) = respond(to: event, context: context)
        let envelope = ResponseEnvelope.encode(response, requestID: context.requestID, mirror: isDirect)
        guard envelope.count <= ResponseEnvelope.maxBytes else {
            logger.error(
                "response too large", metadata: ["requestId": "\(context.requestID)", "bytes": "\(envelope.count)"])
            let error = APIError(
                .internalError,
                "The response (\(response.body.count) bytes) exceeds Lambda's 6 MB limit; request fewer items with limit",
                context: [
                    .init("requestId", .string(context.requestID)), .init("limit", .int(ResponseEnvelope.maxBytes)),
                ])
            return ResponseEnvelope.encode(APIResponse(error: error), requestID: context.requestID, mirror: isDirect)
        }
        return envelope
    }

    /// The response to one event, and whether it came by direct invocation (no `requestContext`).
    package func respond(to event: [UInt8], context: InvocationContext) -> (APIResponse, isDirect: Bool) {
        let request: APIRequest
        do {
            request = try events.decode(event, using: codec)
        } catch {
            // An event we cannot read has no requestContext we could trust: answer as to a direct call.
            return (APIResponse(error: error), true)
        }
        return (route(request, context: context), request.isDirectInvocation)
    }

    private func route(_ request: APIRequest, context: InvocationContext) -> APIResponse {
        if request.method == "OPTIONS" {
            if case .notFound = router.resolve(method: "OPTIONS", segments: request.segments) {
                return APIResponse(error: .notFound(method: request.method, path: request.path))
            }
            return APIResponse(status: 200, body: Array("{}".utf8))
        }
        switch router.resolve(method: request.method, segments: request.segments) {
        case .notFound:
            return APIResponse(error: .notFound(method: request.method, path: request.path))
        case .methodNotAllowed(let allowed):
            return APIResponse(error: .methodNotAllowed(method: request.method, path: request.path, allowed: allowed))
        case .matched(let handler, let parameters, _):
            for (name, value) in zip(parameters.names, parameters.values) {
                if let given = request.pathParameters[name], given != value,
                    PercentEncoding.decode(Substring(given)) != value
                {
                    let error = APIError.invalidRequest(
                        "pathParameters.\(name) ('\(given)') does not match the path ('\(value)')",
                        field: "pathParameters.\(name)")
                    return APIResponse(error: error)
                }
            }
            let requestContext = RequestContext(
                request: request, parameters: parameters, invocation: context, codec: codec)
            do {
                return try handler(requestContext)
            } catch let error as APIError {
                return APIResponse(error: error)
            } catch {
                logger.error(
                    "unhandled error",
                    metadata: [
                        "requestId": "\(context.requestID)", "route": "\(request.method) \(request.path)",
                        "error": "\(String(reflecting: error))",
                    ])
                return APIResponse(error: .internalError(requestID: context.requestID))
            }
        }
    }
}
