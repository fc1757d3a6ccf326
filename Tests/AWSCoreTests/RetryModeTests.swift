import AWSCore
import TestSupport
import Testing

/// `RetryPolicy.Mode.onlyWhenNotSent`: the retry policy of calls that must not take effect twice
/// (DRS `StartRecovery`, `TerminateRecoveryInstances`).
@Suite("Retries of calls that must not take effect twice")
struct RetryModeTests {
    static let request = AWSRequest(path: "/StartRecovery", body: Array("{}".utf8))

    /// Failures that prove the request had no effect: retried.
    static let surelyNotApplied: [(String, FakeTransport.Reply)] = [
        ("connection refused", .transportFailure(.connectionFailed)),
        ("HTTP 429", .json(429, "")),
        ("ThrottlingException", .awsError(400, code: "ThrottlingException")),
    ]

    /// Failures after which the service may have acted: thrown at once, for the caller to settle.
    static let ambiguous: [(String, FakeTransport.Reply)] = [
        ("attempt timeout", .transportFailure(.timedOut)),
        ("connection reset after sending", .transportFailure(.connectionLost)),
        ("HTTP 500", .awsError(500, code: "InternalServerException")),
        ("HTTP 503", .awsError(503, code: "ServiceUnavailable")),
        ("HTTP 504", .json(504, "")),
        ("RequestTimeout", .awsError(400, code: "RequestTimeout")),
    ]

    @Test("a failure that proves the request never took effect is retried", arguments: surelyNotApplied)
    func retriesWhenNotSent(name: String, failure: FakeTransport.Reply) throws {
        let transport = FakeTransport(replies: [failure, .json(202, #"{"job":{}}"#)])
        let client = RetryTests.client(transport, clock: FakeClock())
        let response = try client.send(Self.request, to: .drs, retryMode: .onlyWhenNotSent)
        #expect(response.status == 202)
        #expect(transport.calls.count == 2)
    }

    @Test("a failure after which the service may have acted is thrown at once, never resent", arguments: ambiguous)
    func ambiguousIsNotRetried(name: String, failure: FakeTransport.Reply) {
        let transport = FakeTransport(replies: [failure, .json(202, "{}")])
        let client = RetryTests.client(transport, clock: FakeClock())
        let error = #expect(throws: (any Error).self) {
            try client.send(Self.request, to: .drs, retryMode: .onlyWhenNotSent)
        }
        #expect(transport.calls.count == 1)
        #expect(error.map(RetryPolicy.isAmbiguous) == true)
        #expect(error.map(RetryPolicy.surelyNotApplied) == false)
    }

    @Test("the same failures are retried for idempotent calls (standard mode)", arguments: ambiguous)
    func standardRetriesThem(name: String, failure: FakeTransport.Reply) throws {
        let transport = FakeTransport(replies: [failure, .json(200, "{}")])
        let client = RetryTests.client(transport, clock: FakeClock())
        _ = try client.send(Self.request, to: .drs)
        #expect(transport.calls.count == 2)
    }

    @Test("the one attempt waits for its answer until the caller's deadline, not the per-attempt timeout")
    func attemptGetsTheTimeLeft() throws {
        let clock = FakeClock()
        let transport = FakeTransport(replies: [.json(202, "{}"), .json(200, "{}")])
        let client = RetryTests.client(transport, clock: clock)
        let deadline = clock.nowMilliseconds + 40_000
        _ = try client.send(Self.request, to: .drs, deadlineMilliseconds: deadline, retryMode: .onlyWhenNotSent)
        #expect(transport.calls.last?.timeoutMilliseconds == 40_000)
        // An idempotent call is still cut at the client's per-attempt timeout (10 s in these tests).
        _ = try client.send(Self.request, to: .drs, deadlineMilliseconds: deadline)
        #expect(transport.calls.last?.timeoutMilliseconds == 10_000)
    }

    @Test("a validation or conflict error is neither retried nor ambiguous: it is a definite refusal")
    func definiteRefusal() {
        for failure in [
            FakeTransport.Reply.awsError(409, code: "ConflictException"), .awsError(400, code: "ValidationException"),
        ] {
            let transport = FakeTransport(replies: [failure, .json()])
            let client = RetryTests.client(transport, clock: FakeClock())
            let error = #expect(throws: (any Error).self) {
                try client.send(Self.request, to: .drs, retryMode: .onlyWhenNotSent)
            }
            #expect(transport.calls.count == 1)
            #expect(error.map(RetryPolicy.isAmbiguous) == false)
        }
    }
}
