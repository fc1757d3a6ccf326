import API
import Foundation
import LambdaRuntime
import Orchestrator
import Synchronization
import Testing

/// Routes for the request log: a parameterized read, a failing write, an oversized answer.
private struct WidgetRoutes: RouteGroup {
    func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError) {
        try routes.add("GET", "/widgets/{id}") { context in
            APIResponse(status: 200, body: Array(#"{"id":"\#(context.parameter("id"))"}"#.utf8))
        }
        try routes.add("POST", "/widgets/{id}/fail") { _ in throw DomainError.missingField("name") }
        try routes.add("GET", "/widgets/{id}/huge") { _ in
            APIResponse(status: 200, body: Array(repeating: UInt8(ascii: "x"), count: ResponseEnvelope.maxBytes + 1))
        }
    }
}

/// Lines written by the application, and clocks that advance by a known step.
private final class Capture: Sendable {
    let lines = Mutex<[[UInt8]]>([])
    let monotonic = Mutex<UInt64>(1_000_000)

    /// Each reading of the monotonic clock is 2.5 ms after the previous one.
    var log: RequestLog {
        RequestLog(
            write: { bytes in self.lines.withLock { $0.append(bytes) } },
            monotonicNanoseconds: {
                self.monotonic.withLock { now in
                    defer { now += 2_500_000 }
                    return now
                }
            },
            wallClockMilliseconds: { 1_700_000_000_123 })
    }
}

@Suite("The request log line and its metrics")
struct RequestLogTests {
    let context = InvocationContext(requestID: "req-42", deadlineMilliseconds: 0, invokedFunctionARN: "arn")

    /// Handles `event` and returns the request's line, parsed.
    func line(for event: String) throws -> [String: Any] {
        try #require(try lines(for: event).first)
    }

    /// Handles `event` and returns every line it wrote, parsed: the request's, then a mutation's
    /// audit line.
    func lines(for event: String) throws -> [[String: Any]] {
        let capture = Capture()
        var app = try APIApplication(groups: [HealthRoutes(version: "1"), WidgetRoutes()])
        app.requestLog = capture.log
        _ = app.handle(Array(event.utf8), context: context)
        let lines = capture.lines.withLock { $0 }
        try #require(!lines.isEmpty)
        return try lines.map { bytes in
            #expect(bytes.last == UInt8(ascii: "\n"))
            #expect(bytes.dropLast().allSatisfy { $0 != UInt8(ascii: "\n") })
            return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        }
    }

    func gatewayEvent(_ method: String, _ path: String, claims: [String: String]) throws -> String {
        let event: [String: Any] = [
            "httpMethod": method, "path": path, "requestContext": ["authorizer": ["claims": claims]],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: event), as: UTF8.self)
    }

    func directives(_ line: [String: Any]) throws -> [[String: Any]] {
        let aws = try #require(line["_aws"] as? [String: Any])
        #expect(aws["Timestamp"] as? Int == 1_700_000_000_123)
        return try #require(aws["CloudWatchMetrics"] as? [[String: Any]])
    }

    @Test("logs a gateway request with its route template, status, duration, caller and source")
    func gatewayRequest() throws {
        let line = try line(
            for: gatewayEvent(
                "GET", "/widgets/w-1",
                claims: [
                    "email": "ops@example.com", "cognito:username": "ops", "cognito:groups": "DRSOrchestrationReadOnly",
                ]))
        #expect(line["message"] as? String == "request")
        #expect(line["level"] as? String == "info")
        #expect(line["requestId"] as? String == "req-42")
        #expect(line["method"] as? String == "GET")
        #expect(line["route"] as? String == "/widgets/{id}")
        #expect(line["status"] as? Int == 200)
        #expect(line["errorCode"] is NSNull)
        #expect(line["durationMs"] as? Double == 2.5)
        #expect(line["caller"] as? String == "ops@example.com")
        #expect(line["invocationSource"] as? String == "API")
        // The same line is the EMF document: Requests, Latency and Errors by Route.
        #expect(line["Route"] as? String == "GET /widgets/{id}")
        #expect(line["Requests"] as? Int == 1)
        #expect(line["Latency"] as? Double == 2.5)
        #expect(line["Errors"] as? Int == 0)
        #expect(line["ErrorCode"] == nil)
        let directives = try directives(line)
        #expect(directives.count == 1)
        #expect(directives[0]["Namespace"] as? String == "DRS-Orchestration")
        #expect(directives[0]["Dimensions"] as? [[String]] == [["Route"]])
        #expect(
            directives[0]["Metrics"] as? [[String: String]] == [
                ["Name": "Requests", "Unit": "Count"], ["Name": "Latency", "Unit": "Milliseconds"],
                ["Name": "Errors", "Unit": "Count"],
            ])
    }

    @Test(
        "names the caller by email, else cognito:username, else nobody",
        arguments: [
            (["email": "a@example.com", "cognito:username": "a"], "a@example.com" as String?),
            (["cognito:username": "b"], "b"), ([:], nil),
        ])
    func caller(claims: [String: String], expected: String?) throws {
        var claims = claims
        claims["cognito:groups"] = "DRSOrchestrationAdmin"
        let line = try line(for: gatewayEvent("GET", "/widgets/w-1", claims: claims))
        #expect(line["caller"] as? String == expected)
        if expected == nil { #expect(line["caller"] is NSNull) }
    }

    @Test("logs a direct invocation as LAMBDA with no caller")
    func directInvocation() throws {
        let line = try line(for: #"{"httpMethod":"GET","path":"/widgets/w-2"}"#)
        #expect(line["invocationSource"] as? String == "LAMBDA")
        #expect(line["caller"] is NSNull)
        #expect(line["route"] as? String == "/widgets/{id}")
    }

    @Test("counts an error under its route and under its code")
    func errorByCode() throws {
        let line = try line(for: #"{"httpMethod":"POST","path":"/widgets/w-1/fail"}"#)
        #expect(line["status"] as? Int == 400)
        #expect(line["errorCode"] as? String == "MISSING_FIELD")
        #expect(line["Errors"] as? Int == 1)
        #expect(line["ErrorCode"] as? String == "MISSING_FIELD")
        let directives = try directives(line)
        #expect(directives.count == 2)
        #expect(directives[1]["Dimensions"] as? [[String]] == [["ErrorCode"]])
        #expect(directives[1]["Metrics"] as? [[String: String]] == [["Name": "Errors", "Unit": "Count"]])
    }

    @Test("gives every request no route matched one Route value, whatever its path")
    func unmatched() throws {
        for path in ["/nope/1", "/nope/2/deeper"] {
            let line = try line(for: #"{"httpMethod":"GET","path":"\#(path)"}"#)
            #expect(line["route"] is NSNull)
            #expect(line["Route"] as? String == "UNMATCHED")
            #expect(line["errorCode"] as? String == "NOT_FOUND")
        }
    }

    @Test("logs a 403 decided before the handler, with the route it asked for")
    func forbidden() throws {
        let line = try line(for: gatewayEvent("POST", "/widgets/w-1/fail", claims: ["email": "x@example.com"]))
        #expect(line["status"] as? Int == 403)
        #expect(line["errorCode"] as? String == "FORBIDDEN")
        #expect(line["route"] as? String == "/widgets/{id}/fail")
        #expect(line["caller"] as? String == "x@example.com")
    }

    @Test("logs an event that is no request as a direct call without method")
    func undecodable() throws {
        let line = try line(for: "[1,2]")
        #expect(line["method"] is NSNull)
        #expect(line["status"] as? Int == 400)
        #expect(line["errorCode"] as? String == "INVALID_REQUEST")
        #expect(line["invocationSource"] as? String == "LAMBDA")
    }

    @Test("logs an answer too large for Lambda as the INTERNAL_ERROR the caller gets")
    func tooLarge() throws {
        let line = try line(for: #"{"httpMethod":"GET","path":"/widgets/w-1/huge"}"#)
        #expect(line["status"] as? Int == 500)
        #expect(line["errorCode"] as? String == "INTERNAL_ERROR")
        #expect(line["level"] as? String == "error")
    }
}
