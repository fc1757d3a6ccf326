import EmbeddedMetricFormat
import LambdaRuntime
import Primitives

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one API request did, as the operator sees it in CloudWatch.
package struct RequestRecord: Sendable, Equatable {
    /// How the request reached the function.
    package enum Source: String, Sendable {
        /// Through API Gateway (the event has a `requestContext`).
        case api = "API"
        /// A direct invocation: `aws lambda invoke`, Step Functions, SSM, EventBridge.
        case lambda = "LAMBDA"
    }

    /// The Lambda request id (also the response's `X-Request-Id`).
    package var requestID: String
    /// The HTTP method; nil when the event could not be read as a request.
    package var method: String?
    /// The matched route's pattern (`/executions/{id}`), never the path with its ids; nil when no
    /// route matched.
    package var route: String?
    package var status: Int
    /// The error envelope's code (`RECOVERY_PLAN_NOT_FOUND`…); nil for a success.
    package var errorCode: String?
    package var durationMilliseconds: Double
    /// The authorizer's `email`, else `cognito:username`; nil for direct invocations and
    /// claims-less requests.
    package var caller: String?
    package var source: Source
    /// When the request finished, milliseconds since the epoch (the metrics' timestamp).
    package var timestampMilliseconds: Int64

    package init(
        requestID: String, method: String?, route: String?, status: Int, errorCode: String?,
        durationMilliseconds: Double, caller: String?, source: Source, timestampMilliseconds: Int64
    ) {
        self.requestID = requestID
        self.method = method
        self.route = route
        self.status = status
        self.errorCode = errorCode
        self.durationMilliseconds = durationMilliseconds
        self.caller = caller
        self.source = source
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The `Route` dimension: method and pattern (`GET /executions/{id}`), or `UNMATCHED` for every
    /// request no route took — one value, so that made-up paths and methods cannot multiply the
    /// metrics CloudWatch bills for.
    package var routeDimension: String {
        guard let method, let route else { return Self.unmatchedRoute }
        return method + " " + route
    }

    package static let unmatchedRoute = "UNMATCHED"

    /// The request's one log line, which is also its Embedded Metric Format document (without the
    /// newline).
    ///
    /// Log fields: `level`, `logger`, `message` (as `JSONLogHandler` writes them), `requestId`,
    /// `method`, `route`, `status`, `errorCode`, `durationMs`, `caller`, `invocationSource`
    /// (nulls written out, so every line has every field).
    /// Metrics in `DRS-Orchestration`, dimension `Route`: `Requests` (1, Count), `Latency`
    /// (Milliseconds) and `Errors` (0 or 1, Count); an error also counts `Errors` under the
    /// dimension `ErrorCode`.
    package var line: EmbeddedMetrics {
        var line = EmbeddedMetrics(timestampMilliseconds: timestampMilliseconds)
        line.append("level", .string(status >= 500 ? "error" : "info"))
        line.append("logger", .string("api"))
        line.append("message", .string("request"))
        line.append("requestId", .string(requestID))
        line.append("method", method.map { .string($0) } ?? .null)
        line.append("route", route.map { .string($0) } ?? .null)
        line.append("status", .int(status))
        line.append("errorCode", errorCode.map { .string($0) } ?? .null)
        line.append("durationMs", .double(durationMilliseconds))
        line.append("caller", caller.map { .string($0) } ?? .null)
        line.append("invocationSource", .string(source.rawValue))
        line.append("Route", .string(routeDimension))
        line.append("Requests", .int(1))
        line.append("Latency", .double(durationMilliseconds))
        line.append("Errors", .int(errorCode == nil ? 0 : 1))
        line.declare(Self.byRoute)
        if let errorCode {
            line.append("ErrorCode", .string(errorCode))
            line.declare(Self.errorsByCode)
        }
        return line
    }

    private static let byRoute = EmbeddedMetrics.Directive(
        [.init("Requests", unit: "Count"), .init("Latency", unit: "Milliseconds"), .init("Errors", unit: "Count")],
        dimensions: [["Route"]])
    private static let errorsByCode = EmbeddedMetrics.Directive(
        [.init("Errors", unit: "Count")], dimensions: [["ErrorCode"]])
}

/// Where request records go and the clocks that time them: stdout in the function, a closure in
/// tests.
package struct RequestLog: Sendable {
    /// Receives each record's line, newline included.
    private let write: @Sendable ([UInt8]) -> Void
    /// A monotonic clock in nanoseconds: durations survive wall-clock steps.
    private let monotonicNanoseconds: @Sendable () -> UInt64
    /// Milliseconds since the epoch, for the metrics' timestamp.
    private let wallClockMilliseconds: @Sendable () -> Int64

    package init(
        write: @escaping @Sendable ([UInt8]) -> Void,
        monotonicNanoseconds: @escaping @Sendable () -> UInt64 = RequestLog.monotonicNow,
        wallClockMilliseconds: @escaping @Sendable () -> Int64 = WallClock.nowMilliseconds
    ) {
        self.write = write
        self.monotonicNanoseconds = monotonicNanoseconds
        self.wallClockMilliseconds = wallClockMilliseconds
    }

    /// One line per request on stdout, where CloudWatch Logs reads it.
    package static let standardOutput = RequestLog(write: StandardOutput.emit)

    /// Records nothing (the default of applications built in tests).
    package static let discarding = RequestLog(write: { _ in })

    /// The start of a request's timing.
    package func start() -> UInt64 { monotonicNanoseconds() }

    /// Writes the record of a request that started at `start` and is answered with `response`,
    /// and for a mutation its audit line after it (`AuditRecord`).
    ///
    /// - Parameters:
    ///   - request: the decoded request; nil when the event was not one (logged as a direct call
    ///     with no method).
    ///   - route: the matched route's pattern; nil when none matched.
    ///   - groups: the Cognito groups of the roles, for the audit line's `role`.
    @discardableResult
    package func record(
        _ request: APIRequest?, route: String?, response: APIResponse, requestID: String, start: UInt64,
        groups: RoleGroups
    ) -> RequestRecord {
        let elapsed = monotonicNanoseconds() &- start
        let isGateway = request.map { !$0.isDirectInvocation } ?? false
        let record = RequestRecord(
            requestID: requestID, method: request?.method, route: route, status: response.status,
            errorCode: response.errorCode,
            // Microsecond resolution: a warm request takes well under a millisecond.
            durationMilliseconds: Double(elapsed / 1000) / 1000,
            caller: isGateway ? request.flatMap { Caller.identity(claims: $0.claims) } : nil,
            source: isGateway ? .api : .lambda,
            timestampMilliseconds: wallClockMilliseconds())
        write(record.line.bytes(newline: true))
        if let request,
            let audit = AuditRecord(
                request, route: route, response: response, requestID: requestID, groups: groups)
        {
            write(audit.line + [UInt8(ascii: "\n")])
        }
        return record
    }

    /// `CLOCK_MONOTONIC` in nanoseconds.
    package static func monotonicNow() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
