import AWSCore
import TestSupport
import Testing

@Suite("Retries (standard mode) through the client with a fake transport")
struct RetryTests {
    static func client(
        _ transport: FakeTransport,
        clock: FakeClock,
        random: ScriptedRandom = ScriptedRandom([0.5]),
        policy: RetryPolicy = .standard
    ) -> AWSClient {
        AWSClient(
            configuration: AWSConfiguration(
                environment: [
                    "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1",
                ],
                readFile: { _ in nil }
            ),
            transport: transport,
            retryPolicy: policy,
            clock: clock.clock,
            random: random.source,
            attemptTimeoutMilliseconds: 10_000
        )
    }

    static let request = AWSRequest(headers: ["X-Amz-Target": "DynamoDB_20120810.PutItem"], body: Array("{}".utf8))

    static let retryable: [(String, FakeTransport.Reply)] = [
        ("HTTP 429", .json(429, "")),
        ("HTTP 500", .awsError(500, code: "InternalServerError")),
        ("HTTP 502", .json(502, "<html>bad gateway</html>")),
        ("HTTP 503", .awsError(503, code: "ServiceUnavailable")),
        ("HTTP 504", .json(504, "")),
        ("ThrottlingException", .awsError(400, code: "ThrottlingException")),
        ("Throttling", .awsError(400, code: "Throttling")),
        (
            "ProvisionedThroughputExceededException",
            .awsError(400, code: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException")
        ),
        ("RequestLimitExceeded", .awsError(400, code: "RequestLimitExceeded")),
        ("TooManyRequestsException", .awsError(400, code: "TooManyRequestsException")),
        ("TransactionInProgressException", .awsError(400, code: "TransactionInProgressException")),
        ("RequestThrottledException", .awsError(400, code: "RequestThrottledException")),
        ("connection reset", .transportFailure(.connectionLost)),
        ("connection refused", .transportFailure(.connectionFailed)),
        ("attempt timeout", .transportFailure(.timedOut)),
    ]

    static let notRetryable: [(String, FakeTransport.Reply)] = [
        ("ValidationException", .awsError(400, code: "ValidationException")),
        ("ConditionalCheckFailedException", .awsError(400, code: "ConditionalCheckFailedException")),
        ("TransactionCanceledException", .awsError(400, code: "TransactionCanceledException")),
        ("ResourceNotFoundException", .awsError(400, code: "ResourceNotFoundException")),
        ("AccessDeniedException", .awsError(403, code: "AccessDeniedException")),
        ("UnrecognizedClientException", .awsError(400, code: "UnrecognizedClientException")),
        ("HTTP 501", .json(501, "")),
        ("TLS failure", .transportFailure(.tlsFailed)),
        ("invalid request", .transportFailure(.invalidRequest)),
    ]

    @Test("retries a throttling or transient failure and returns the later success", arguments: retryable)
    func retriesThenSucceeds(name: String, failure: FakeTransport.Reply) throws {
        let transport = FakeTransport(replies: [failure, failure, .json(200, #"{"ok":true}"#)])
        let clock = FakeClock()
        let response = try Self.client(transport, clock: clock).send(Self.request, to: .dynamoDB)
        #expect(response.status == 200)
        #expect(transport.calls.count == 3)
        #expect(clock.sleeps.count == 2)
    }

    @Test("gives up after three attempts and surfaces the last failure", arguments: retryable)
    func givesUpAfterMaxAttempts(name: String, failure: FakeTransport.Reply) {
        let transport = FakeTransport(replies: [failure, failure, failure, .json()])
        let clock = FakeClock()
        #expect(throws: (any Error).self) { try Self.client(transport, clock: clock).send(Self.request, to: .dynamoDB) }
        #expect(transport.calls.count == 3)
        #expect(clock.sleeps.count == 2)
    }

    @Test("surfaces any other error at once, without sleeping", arguments: notRetryable)
    func doesNotRetry(name: String, failure: FakeTransport.Reply) {
        let transport = FakeTransport(replies: [failure, .json()])
        let clock = FakeClock()
        #expect(throws: (any Error).self) { try Self.client(transport, clock: clock).send(Self.request, to: .dynamoDB) }
        #expect(transport.calls.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("backs off exponentially with full jitter: base 100 ms, doubling")
    func backoff() {
        let failure = FakeTransport.Reply.awsError(400, code: "ThrottlingException")
        for (randoms, expected) in [([0.5], [50, 100] as [Int64]), ([0.0], [0, 0]), ([0.999], [99, 199])] {
            let transport = FakeTransport(replies: [failure, failure, failure])
            let clock = FakeClock()
            _ = try? Self.client(transport, clock: clock, random: ScriptedRandom(randoms)).send(
                Self.request, to: .dynamoDB)
            #expect(clock.sleeps == expected, "random \(randoms)")
        }
    }

    @Test("keeps every delay within [0, min(20 s, base × 2^(n−1))]")
    func backoffBounds() {
        let policy = RetryPolicy(maxAttempts: 30)
        for retry in 1...30 {
            let ceiling = min(20_000, 100 * (Int64(1) << Int64(retry - 1)))
            for random in [0.0, 0.25, 0.5, 0.999_999] {
                let delay = policy.delayMilliseconds(beforeRetry: retry, random: random)
                #expect(delay >= 0 && delay <= ceiling, "retry \(retry), random \(random): \(delay)")
            }
            #expect(policy.delayMilliseconds(beforeRetry: retry, random: 0.999_999) >= ceiling - 1)
        }
        #expect(policy.delayMilliseconds(beforeRetry: 100, random: 0.5) == 10_000)
    }

    @Test("waits the server's Retry-After instead of the jittered delay, capped at 20 s")
    func retryAfter() throws {
        let transport = FakeTransport(replies: [
            .awsError(503, code: "ServiceUnavailable", headers: ["Retry-After": "2"]),
            .awsError(429, code: "TooManyRequestsException", headers: ["Retry-After": "120"]),
            .json(),
        ])
        let clock = FakeClock()
        _ = try Self.client(transport, clock: clock).send(Self.request, to: .dynamoDB)
        #expect(clock.sleeps == [2_000, 20_000])
        #expect(RetryPolicy.retryAfterMilliseconds(["Retry-After": "0.5"]) == 500)
        #expect(RetryPolicy.retryAfterMilliseconds(["Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"]) == nil)
    }

    @Test("never sleeps past the deadline: the failure surfaces instead")
    func deadline() {
        let transport = FakeTransport(replies: [
            .awsError(503, code: "ServiceUnavailable", headers: ["Retry-After": "1"]), .json(),
        ])
        let clock = FakeClock()
        #expect(throws: AWSServiceError.self) {
            try Self.client(transport, clock: clock).send(
                Self.request,
                to: .dynamoDB,
                deadlineMilliseconds: clock.nowMilliseconds + 800
            )
        }
        #expect(transport.calls.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("bounds each attempt's timeout by the time left before the deadline")
    func attemptTimeouts() throws {
        let failure = FakeTransport.Reply.transportFailure(.connectionLost)
        let transport = FakeTransport(replies: [failure, .json()])
        let clock = FakeClock()
        let deadline = clock.nowMilliseconds + 3_000
        _ = try Self.client(transport, clock: clock).send(Self.request, to: .dynamoDB, deadlineMilliseconds: deadline)
        #expect(transport.calls.map(\.timeoutMilliseconds) == [3_000, 3_000 - 50])
        transport.enqueue(.json())
        _ = try Self.client(transport, clock: clock).send(Self.request, to: .dynamoDB)
        #expect(transport.calls.last?.timeoutMilliseconds == 10_000)
    }

    @Test("refuses to start when the deadline has already passed")
    func deadlinePassed() throws {
        let transport = FakeTransport(replies: [.json()])
        let clock = FakeClock()
        let error = try #require(throws: TransportError.self) {
            try Self.client(transport, clock: clock).send(
                Self.request,
                to: .dynamoDB,
                deadlineMilliseconds: clock.nowMilliseconds
            )
        }
        #expect(error.code == .timedOut)
        #expect(transport.calls.isEmpty)
    }

    @Test("signs each retry with the time it is sent")
    func resigns() throws {
        let transport = FakeTransport(replies: [
            .awsError(503, code: "ServiceUnavailable", headers: ["Retry-After": "3"]), .json(),
        ])
        let clock = FakeClock()
        _ = try Self.client(transport, clock: clock).send(Self.request, to: .dynamoDB)
        let dates = transport.requests.map { $0.headers["X-Amz-Date"] }
        #expect(dates == ["20150830T123600Z", "20150830T123603Z"])
        #expect(transport.requests[0].headers["Authorization"] != transport.requests[1].headers["Authorization"])
    }

    @Test("makes one attempt only when the policy allows one")
    func singleAttempt() {
        let transport = FakeTransport(replies: [.json(503, ""), .json()])
        let clock = FakeClock()
        #expect(throws: AWSServiceError.self) {
            try Self.client(transport, clock: clock, policy: RetryPolicy(maxAttempts: 1)).send(
                Self.request, to: .dynamoDB)
        }
        #expect(transport.calls.count == 1)
    }
}
