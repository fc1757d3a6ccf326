import JSONCore
import LambdaRuntime
import Logging
import Orchestrator

/// The API handler: event → request → route → response envelope.
///
/// Never throws and never crashes on input: every event, however malformed, gets an envelope.
package struct APIApplication: LambdaHandler {
    package let router: Router<RouteHandler>
    private let events = EventDecoder()
    private let logger: Logger
    /// Advances executions when the event is a tick (see `handle`); nil serves the API only.
    private let runner: ExecutionRunner?
    /// Every event is a tick (the orchestration function, `_HANDLER=orchestration`).
    private let ticksOnly: Bool
    /// Decides each request's 403 before its handler runs (spec §5).
    private let authorization: Authorization
    /// Where each API request's log line and metrics go (not ticks'): stdout in `standard`,
    /// nowhere by default.
    package var requestLog = RequestLog.discarding

    /// Wires the route groups into one router.
    /// - Throws: `RouterError` when two groups register clashing routes (a programming error that
    ///   start-up reports through `/init/error`).
    package init(
        groups: [any RouteGroup], runner: ExecutionRunner? = nil, ticksOnly: Bool = false,
        authorization: Authorization = Authorization(),
        logger: Logger = Logger(label: "api")
    ) throws(RouterError) {
        self.runner = runner
        self.ticksOnly = ticksOnly
        self.authorization = authorization
        var builder = RouterBuilder<RouteHandler>()
        for group in groups { try group.register(in: &builder) }
        router = builder.build()
        self.logger = logger
    }

    /// The application `bootstrap` serves: every resource's routes over `services`.
    /// - Throws: `RouterError` when two groups clash (reported through `/init/error`).
    package static func standard(services: APIServices, handler: String? = nil) throws(RouterError) -> APIApplication {
        var application = try APIApplication(
            groups: services.routeGroups, runner: services.runner, ticksOnly: handler == Self.orchestrationHandler,
            authorization: services.authorization)
        application.requestLog = .standardOutput
        return application
    }

    /// The `_HANDLER` value of the orchestration function: every event advances the executions.
    package static let orchestrationHandler = "orchestration"

    /// Whether `event` is an EventBridge event (`source` and `detail-type` at the top level), which
    /// the API never receives: the schedule's tick.
    package static func isScheduledEvent(_ event: [UInt8]) -> Bool {
        guard let members = JSONMembers.topLevel(of: event) else { return false }
        let keys = Set(members.map { String(decoding: event[$0.key], as: UTF8.self) })
        return keys.contains("detail-type") && keys.contains("source")
    }

    /// Answers one invocation; every AWS call made for it (an engine tick included) is bounded by
    /// the invocation's deadline (`InvocationDeadline`).
    package mutating func handle(_ event: [UInt8], context: InvocationContext) -> [UInt8] {
        let deadline = context.deadlineMilliseconds > 0 ? context.deadlineMilliseconds : nil
        return InvocationDeadline.$milliseconds.withValue(deadline) { handleInvocation(event, context: context) }
    }

    private mutating func handleInvocation(_ event: [UInt8], context: InvocationContext) -> [UInt8] {
        if let runner, ticksOnly { return tick(runner, context: context) }
        let start = requestLog.start()
        switch decode(event) {
        case .success(let request):
            var pattern: String?
            var response = route(request, context: context, pattern: &pattern)
            let output = envelope(&response, isDirect: request.isDirectInvocation, context: context)
            requestLog.record(
                request, route: pattern, response: response, requestID: context.requestID, start: start,
                groups: authorization.groups)
            return output
        case .failure(let error):
            // An EventBridge event has no httpMethod, so only an event that failed to decode is looked
            // at again: API requests pay nothing for the schedule.
            if let runner, Self.isScheduledEvent(event) { return tick(runner, context: context) }
            var response = APIResponse(error: error)
            let output = envelope(&response, isDirect: true, context: context)
            requestLog.record(
                nil, route: nil, response: response, requestID: context.requestID, start: start,
                groups: authorization.groups)
            return output
        }
    }

    /// The envelope of `response`, or of an `INTERNAL_ERROR` (which then replaces `response`) when
    /// it would exceed Lambda's 6 MB.
    private func envelope(_ response: inout APIResponse, isDirect: Bool, context: InvocationContext) -> [UInt8] {
        let envelope = ResponseEnvelope.encode(response, requestID: context.requestID, mirror: isDirect)
        guard envelope.count <= ResponseEnvelope.maxBytes else {
            logger.error(
                "response too large", metadata: ["requestId": "\(context.requestID)", "bytes": "\(envelope.count)"])
            let error = APIError(
                .domain(.internalError),
                "The response (\(response.body.count) bytes) exceeds Lambda's 6 MB limit; request fewer items with limit",
                context: [
                    .init("requestId", .string(context.requestID)), .init("limit", .int(ResponseEnvelope.maxBytes)),
                ])
            response = APIResponse(error: error)
            return ResponseEnvelope.encode(response, requestID: context.requestID, mirror: isDirect)
        }
        return envelope
    }

    /// One engine tick over every active execution; the answer is its report (not an envelope: a
    /// schedule reads nothing back).
    private func tick(_ runner: ExecutionRunner, context: InvocationContext) -> [UInt8] {
        do {
            let report = try runner.tickAll()
            for problem in report.problems {
                logger.warning(
                    "tick problem", metadata: ["requestId": "\(context.requestID)", "problem": "\(problem)"])
            }
            let body: JSONValue = [
                "examined": .int(report.examined), "advanced": .int(report.advanced),
                "wavesStarted": .int(report.wavesStarted), "problems": .array(report.problems.map { .string($0) }),
            ]
            return body.jsonBytes
        } catch {
            logger.error("tick failed", metadata: ["requestId": "\(context.requestID)", "error": "\(error)"])
            let body: JSONValue = ["error": "TICK_FAILED", "message": .string("\(error)")]
            return body.jsonBytes
        }
    }

    private func decode(_ event: [UInt8]) -> Result<APIRequest, APIError> {
        Result { () throws(APIError) -> APIRequest in try events.decode(event) }
    }

    /// The response to `request`; `pattern` receives the matched route's pattern (nil when none).
    private func route(_ request: APIRequest, context: InvocationContext, pattern: inout String?) -> APIResponse {
        if request.method == "OPTIONS" {
            if case .notFound = router.resolve(method: "OPTIONS", segments: request.segments) {
                return APIResponse(error: .notFound(method: request.method, path: request.path))
            }
            return APIResponse(status: 200, body: Array("{}".utf8))
        }
        let resolution = router.resolve(method: request.method, segments: request.segments)
        var parameters: RouteParameters?
        if case .matched(_, let matchedParameters, let matched) = resolution {
            pattern = matched.description
            parameters = matchedParameters
        }
        var response = answer(request, resolution: resolution, pattern: pattern, context: context)
        // The audit line's resource: what a create made (its handler says), else the path's {id}.
        if response.resourceID == nil { response.resourceID = parameters?["id"] }
        return response
    }

    /// The response of the route `resolution` found for `request`, once the caller's role allows it.
    private func answer(
        _ request: APIRequest, resolution: Router<RouteHandler>.Resolution, pattern: String?,
        context: InvocationContext
    ) -> APIResponse {
        if let denied = authorization.denial(of: request, pattern: pattern) { return APIResponse(error: denied) }
        switch resolution {
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
                request: request, parameters: parameters, invocation: context)
            do {
                return try handler(requestContext)
            } catch let error as DomainError {
                return APIResponse(error: APIError(error))
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
