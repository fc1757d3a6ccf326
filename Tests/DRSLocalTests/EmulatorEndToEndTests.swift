import Foundation
import Synchronization
import TestSupport
import Testing

@testable import DRSLocal

/// The emulator's log lines, collected for assertions.
final class LogLines: Sendable {
    private let storage = Mutex<[String]>([])

    func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    func withLock<T>(_ body: ([String]) -> T) -> T {
        storage.withLock { body($0) }
    }
}

/// Starts the emulator in-process on ephemeral ports with the Python fake runtime as bootstrap.
struct RunningEmulator {
    let emulator: Emulator
    let endpoints: EmulatorEndpoints
    let lines: LogLines

    static let template = """
        Parameters:
          Environment: {Type: String, Default: test}
        Globals:
          Function:
            Timeout: 2
            MemorySize: 128
            Handler: bootstrap
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties: {StageName: !Ref Environment}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              FunctionName: !Sub "fake-${Environment}"
              Environment:
                Variables: {FROM_TEMPLATE: !Sub "value-${Environment}", OVERRIDDEN: template}
              Events:
                Health: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /health, Method: GET}}
                Cancel: {Type: Api, Properties: {RestApiId: !Ref Api, Path: "/executions/{id}/cancel", Method: POST}}
                Proxy: {Type: Api, Properties: {RestApiId: !Ref Api, Path: "/api/{proxy+}", Method: ANY}}
        """

    static func with(
        instances: Int = 1,
        environment: [String: String] = [:],
        _ body: (RunningEmulator) async throws -> Void
    ) async throws {
        let bootstrap = try FakeRuntime.install()
        defer { try? FileManager.default.removeItem(atPath: (bootstrap as NSString).deletingLastPathComponent) }
        var configuration = EmulatorConfiguration(template: try SAMTemplate(yaml: template), bootstrapPath: bootstrap)
        configuration.invokePort = 0
        configuration.apiPort = 0
        configuration.instancesPerFunction = instances
        configuration.environmentOverrides = environment.merging(["OVERRIDDEN": "flag"]) { own, _ in own }
        configuration.restartDelay = .milliseconds(50)
        let lines = LogLines()
        configuration.log = EmulatorLog { line in lines.append(line) }
        let emulator = Emulator(configuration: configuration)
        let endpoints = try await emulator.start()
        let running = RunningEmulator(emulator: emulator, endpoints: endpoints, lines: lines)
        do {
            try await body(running)
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    func invoke(_ payload: String, headers: [String: String] = [:]) async throws -> TestHTTPResponse {
        try await TestHTTP.invoke(endpoints, "fake-test", payload, headers: headers)
    }

    func api(_ method: String, _ path: String, headers: [String: String] = [:], body: String? = nil) async throws
        -> TestHTTPResponse
    {
        try await TestHTTP.send(method, endpoints.apiURL + path, headers: headers, body: body)
    }
}

@Suite("drs-local end to end", .serialized, .tags(.process, .network))
struct EmulatorEndToEndTests {
    @Test("Invoke API: the event reaches the runtime with Lambda's headers and the response comes back as-is")
    func invokeRoundTrip() async throws {
        try await RunningEmulator.with { local in
            let context = Data(#"{"client":{"app":"test"}}"#.utf8).base64EncodedString()
            let response = try await local.invoke(#"{"x":1}"#, headers: ["X-Amz-Client-Context": context])
            #expect(response.status == 200)
            #expect(response.header("X-Amz-Executed-Version") == "$LATEST")
            #expect(response.header("X-Amz-Function-Error") == nil)
            let json = try #require(response.json)
            #expect((json["event"] as? [String: Any])?["x"] as? Int == 1)
            let headers = try #require(json["headers"] as? [String: String])
            let requestID = try #require(headers["Lambda-Runtime-Aws-Request-Id"])
            #expect(response.header("x-amzn-RequestId") == requestID)
            #expect(
                headers["Lambda-Runtime-Invoked-Function-Arn"]
                    == "arn:aws:lambda:us-east-1:123456789012:function:fake-test")
            let deadline = try #require(headers["Lambda-Runtime-Deadline-Ms"].flatMap(Double.init))
            let now = Date().timeIntervalSince1970 * 1000
            #expect(deadline > now && deadline <= now + 2_100)
            #expect(headers["Lambda-Runtime-Trace-Id"]?.hasPrefix("Root=1-") == true)
            #expect(headers["Lambda-Runtime-Trace-Id"]?.hasSuffix(";Sampled=0") == true)
            #expect(headers["Lambda-Runtime-Client-Context"] == #"{"client":{"app":"test"}}"#)
            #expect(headers["Lambda-Runtime-Cognito-Identity"] == nil)
            #expect(local.lines.withLock { $0.contains("[fake-test#1] handling \(requestID)") })
        }
    }

    @Test("Invoke API: names, ARNs and qualifiers resolve; unknown functions are 404 ResourceNotFoundException")
    func functionNames() async throws {
        try await RunningEmulator.with { local in
            let arn = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Afake-test%3A%24LATEST"
            #expect(try await TestHTTP.invoke(local.endpoints, arn, "{}").status == 200)
            #expect(try await TestHTTP.invoke(local.endpoints, "Fn", "{}").status == 200)
            let missing = try await TestHTTP.invoke(local.endpoints, "nope", "{}")
            #expect(missing.status == 404)
            #expect(missing.header("x-amzn-ErrorType") == "ResourceNotFoundException")
            #expect(missing.json?["Type"] as? String == "User")
            #expect(
                missing.json?["message"] as? String
                    == "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope")
            let invalid = try await local.invoke("{not json")
            #expect(invalid.status == 400)
            #expect(invalid.header("x-amzn-ErrorType") == "InvalidRequestContentException")
        }
    }

    @Test("Invoke API: Event answers 202 and runs in the background, DryRun answers 204")
    func invocationTypes() async throws {
        try await RunningEmulator.with { local in
            let event = try await local.invoke(#"{"async":true}"#, headers: ["X-Amz-Invocation-Type": "Event"])
            #expect(event.status == 202)
            let dryRun = try await local.invoke("{}", headers: ["X-Amz-Invocation-Type": "DryRun"])
            #expect(dryRun.status == 204)
            // The event invocation ran: its REPORT line appears.
            var reported = false
            for _ in 0..<50 where !reported {
                reported = local.lines.withLock {
                    $0.contains { $0.contains("REPORT RequestId: \(event.header("x-amzn-RequestId") ?? "?")") }
                }
                if !reported { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(reported)
        }
    }

    @Test("Invoke API: X-Amz-Log-Type Tail returns the invocation's log, base64")
    func logTail() async throws {
        try await RunningEmulator.with { local in
            let response = try await local.invoke("{}", headers: ["X-Amz-Log-Type": "Tail"])
            let requestID = try #require(response.header("x-amzn-RequestId"))
            let encoded = try #require(response.header("X-Amz-Log-Result"))
            let log = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
            #expect(log.hasPrefix("START RequestId: \(requestID) Version: $LATEST\n"))
            #expect(log.contains("handling \(requestID)\n"))
            #expect(log.contains("END RequestId: \(requestID)\n"))
            #expect(log.contains("REPORT RequestId: \(requestID)\tDuration: "))
        }
    }

    @Test("a runtime that exits mid-invocation gives Runtime.ExitError, is restarted and serves again")
    func exitMidInvocation() async throws {
        try await RunningEmulator.with { local in
            let before = try #require(try await local.invoke("{}").json?["pid"] as? Int)
            let crash = try await local.invoke(#"{"action":"exit","code":3}"#)
            #expect(crash.status == 200)
            #expect(crash.header("X-Amz-Function-Error") == "Unhandled")
            let requestID = try #require(crash.header("x-amzn-RequestId"))
            #expect(crash.json?["errorType"] as? String == "Runtime.ExitError")
            #expect(
                crash.json?["errorMessage"] as? String
                    == "RequestId: \(requestID) Error: Runtime exited with error: exit status 3")
            let after = try await local.invoke("{}")
            #expect(after.status == 200)
            #expect(after.header("X-Amz-Function-Error") == nil)
            let pid = try #require(after.json?["pid"] as? Int)
            #expect(pid != before)
        }
    }

    @Test("an invocation past the function's Timeout gives Sandbox.Timedout and a fresh runtime")
    func timeout() async throws {
        try await RunningEmulator.with { local in
            let started = ContinuousClock.now
            let response = try await local.invoke(#"{"action":"sleep","seconds":30}"#)
            #expect(started.duration(to: .now) < .seconds(10))
            #expect(response.header("X-Amz-Function-Error") == "Unhandled")
            let requestID = try #require(response.header("x-amzn-RequestId"))
            #expect(response.json?["errorType"] as? String == "Sandbox.Timedout")
            #expect(
                response.json?["errorMessage"] as? String
                    == "RequestId: \(requestID) Error: Task timed out after 2.00 seconds")
            let next = try await local.invoke(#"{"after":"timeout"}"#)
            #expect(next.header("X-Amz-Function-Error") == nil)
            #expect((next.json?["event"] as? [String: Any])?["after"] as? String == "timeout")
            #expect(local.lines.withLock { $0.contains { $0.contains("runtime exited (signal: killed)") } })
        }
    }

    @Test("errors the runtime posts come back with X-Amz-Function-Error; oversized responses are refused")
    func functionErrors() async throws {
        try await RunningEmulator.with { local in
            let error = try await local.invoke(#"{"action":"error"}"#)
            #expect(error.header("X-Amz-Function-Error") == "Unhandled")
            #expect(error.json?["errorType"] as? String == "FakeError")
            #expect(error.json?["errorMessage"] as? String == "boom")
            let big = try await local.invoke(#"{"action":"big"}"#)
            #expect(big.header("X-Amz-Function-Error") == "Unhandled")
            #expect(big.json?["errorType"] as? String == "Function.ResponseSizeTooLarge")
            // The runtime was answered 413 and polls again.
            #expect(try await local.invoke("{}").header("X-Amz-Function-Error") == nil)
            #expect(local.lines.withLock { $0.contains("[fake-test#1] big response status 413") })
        }
    }

    @Test("a runtime's init error is returned to the waiting invoke")
    func initError() async throws {
        try await RunningEmulator.with(environment: ["FAKE_INIT_ERROR": "1"]) { local in
            let response = try await local.invoke("{}")
            #expect(response.header("X-Amz-Function-Error") == "Unhandled")
            #expect(response.json?["errorType"] as? String == "Runtime.FakeInit")
            #expect(response.json?["errorMessage"] as? String == "init failed")
        }
    }

    @Test("children get the template's variables, Lambda's reserved variables and --env overrides")
    func childEnvironment() async throws {
        try await RunningEmulator.with { local in
            let environment = try #require(try await local.invoke(#"{"action":"env"}"#).json as? [String: String])
            #expect(environment["FROM_TEMPLATE"] == "value-test")
            #expect(environment["OVERRIDDEN"] == "flag")
            #expect(environment["AWS_LAMBDA_FUNCTION_NAME"] == "fake-test")
            #expect(environment["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST")
            #expect(environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "128")
            #expect(environment["_HANDLER"] == "bootstrap")
            #expect(environment["AWS_REGION"] == "us-east-1")
            #expect(environment["AWS_DEFAULT_REGION"] == "us-east-1")
            #expect(
                environment["AWS_LAMBDA_RUNTIME_API"]
                    == "127.0.0.1:\(local.endpoints.runtimeAPIPorts["fake-test"]?.first ?? 0)")
            #expect(environment["LAMBDA_TASK_ROOT"] != nil)
            #expect(environment["PATH"] != nil)
        }
    }

    @Test("API Gateway: requests become proxy events for the matching route and envelopes become responses")
    func apiGateway() async throws {
        try await RunningEmulator.with { local in
            let health = try await local.api("GET", "/health?verbose=1")
            #expect(health.status == 200)
            #expect(health.header("X-Fake") == "yes")
            #expect(health.header("x-amzn-RequestId") != nil)
            let event = try #require(
                (try JSONSerialization.jsonObject(with: health.body) as? [String: Any])?["event"] as? [String: Any])
            #expect(event["resource"] as? String == "/health")
            #expect(event["queryStringParameters"] as? [String: String] == ["verbose": "1"])
            #expect((event["requestContext"] as? [String: Any])?["path"] as? String == "/test/health")

            let cancel = try await local.api(
                "POST",
                "/test/executions/e-1/cancel",
                headers: ["Authorization": "Bearer local", "Content-Type": "application/json"],
                body: #"{"reason":"drill"}"#
            )
            #expect(cancel.status == 200)
            let cancelEvent = try #require(
                (try JSONSerialization.jsonObject(with: cancel.body) as? [String: Any])?["event"] as? [String: Any])
            #expect(cancelEvent["resource"] as? String == "/executions/{id}/cancel")
            #expect(cancelEvent["path"] as? String == "/executions/e-1/cancel")
            #expect(cancelEvent["pathParameters"] as? [String: String] == ["id": "e-1"])
            #expect(cancelEvent["body"] as? String == #"{"reason":"drill"}"#)
            let context = try #require(cancelEvent["requestContext"] as? [String: Any])
            #expect(
                (context["authorizer"] as? [String: Any])?["claims"] as? [String: String] == AuthorizerClaims.localUser)
            #expect((context["identity"] as? [String: Any])?["sourceIp"] as? String == "127.0.0.1")

            let proxy = try await local.api("OPTIONS", "/api/a/b")
            #expect(proxy.status == 200)
            let proxyEvent = try #require(
                (try JSONSerialization.jsonObject(with: proxy.body) as? [String: Any])?["event"] as? [String: Any])
            #expect(proxyEvent["pathParameters"] as? [String: String] == ["proxy": "a/b"])
            #expect(proxyEvent["httpMethod"] as? String == "OPTIONS")

            let binary = try await local.api("GET", "/api/binary")
            #expect(binary.status == 201)
            #expect(Array(binary.body) == [0, 1, 2, 255])

            let bad = try await local.api("GET", "/api/bad-envelope")
            #expect(bad.status == 502)
            #expect(bad.text == #"{"message": "Internal server error"}"#)

            let missing = try await local.api("GET", "/nowhere")
            #expect(missing.status == 403)
            #expect(missing.text == #"{"message":"Missing Authentication Token"}"#)
            let wrongMethod = try await local.api("DELETE", "/health")
            #expect(wrongMethod.status == 403)
        }
    }

    @Test("API Gateway: a function error is a 502")
    func apiGatewayFunctionError() async throws {
        try await RunningEmulator.with(environment: ["FAKE_INIT_ERROR": "1"]) { local in
            let response = try await local.api("GET", "/health")
            #expect(response.status == 502)
            #expect(response.text == #"{"message": "Internal server error"}"#)
        }
    }

    @Test("two instances run two invocations at once; each takes the next queued one")
    func instances() async throws {
        try await RunningEmulator.with(instances: 2) { local in
            #expect(local.endpoints.runtimeAPIPorts["fake-test"]?.count == 2)
            // Let both runtimes reach /next, so neither invocation waits for a start-up.
            try await Task.sleep(for: .milliseconds(500))
            let started = ContinuousClock.now
            async let first = local.invoke(#"{"action":"sleep","seconds":1}"#)
            async let second = local.invoke(#"{"action":"sleep","seconds":1}"#)
            let pids = try await [first.json?["pid"] as? Int, second.json?["pid"] as? Int]
            #expect(started.duration(to: .now) < .milliseconds(1900))
            #expect(Set(pids.compactMap { $0 }).count == 2)
        }
    }

    @Test("Runtime API: unknown request IDs and paths get Lambda's JSON errors")
    func runtimeAPIErrors() async throws {
        try await RunningEmulator.with { local in
            let port = try #require(local.endpoints.runtimeAPIPorts["fake-test"]?.first)
            let base = "http://127.0.0.1:\(port)/2018-06-01/runtime"
            let unknown = try await TestHTTP.send("POST", "\(base)/invocation/nope/response", body: "{}")
            #expect(unknown.status == 400)
            #expect(unknown.json?["errorType"] as? String == "InvalidRequestID")
            let error = try await TestHTTP.send("POST", "\(base)/invocation/nope/error", body: "{}")
            #expect(error.status == 400)
            let notFound = try await TestHTTP.send("GET", "\(base)/nothing")
            #expect(notFound.status == 404)
        }
    }

    @Test("stop() answers a waiting invoke with Runtime.Shutdown and ends the children")
    func shutdown() async throws {
        var configuration = EmulatorConfiguration(
            template: try SAMTemplate(yaml: RunningEmulator.template),
            bootstrapPath: try FakeRuntime.install()
        )
        configuration.invokePort = 0
        configuration.apiPort = 0
        configuration.log = .discard
        let emulator = Emulator(configuration: configuration)
        let endpoints = try await emulator.start()
        let pid = try #require(try await TestHTTP.invoke(endpoints, "fake-test", "{}").json?["pid"] as? Int)
        async let pending = TestHTTP.invoke(endpoints, "fake-test", #"{"action":"sleep","seconds":1.5}"#)
        try await Task.sleep(for: .milliseconds(300))
        let stopping = ContinuousClock.now
        await emulator.stop()
        #expect(stopping.duration(to: .now) < .seconds(1.5))
        let response = try await pending
        #expect(response.json?["errorType"] as? String == "Runtime.Shutdown")
        #expect(kill(Int32(pid), 0) != 0)
        await #expect(throws: (any Error).self) { _ = try await TestHTTP.invoke(endpoints, "fake-test", "{}") }
    }

    @Test("a missing bootstrap or a port in use fails start() with a coded error")
    func startFailures() async throws {
        var configuration = EmulatorConfiguration(
            template: try SAMTemplate(yaml: RunningEmulator.template), bootstrapPath: "/nonexistent/bootstrap")
        configuration.log = .discard
        let missing = try await #require(throws: EmulatorError.self) {
            try await Emulator(configuration: configuration).start()
        }
        #expect(missing.code == .bootstrapNotFound)

        try await RunningEmulator.with { local in
            var clash = EmulatorConfiguration(
                template: try SAMTemplate(yaml: RunningEmulator.template), bootstrapPath: try FakeRuntime.install())
            clash.log = .discard
            clash.invokePort = local.endpoints.invokePort
            clash.apiPort = 0
            let taken = try await #require(throws: EmulatorError.self) {
                try await Emulator(configuration: clash).start()
            }
            #expect(taken.code == .bindFailed)
        }
    }
}
