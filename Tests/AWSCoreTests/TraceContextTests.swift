import AWSCore
import TestSupport
import Testing

@Suite("X-Ray trace header on AWS calls")
struct TraceContextTests {
    static let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"

    static func client(_ transport: FakeTransport, trace: String?) -> AWSClient {
        var client = AWSClientTests.client(transport)
        client.traceID = { trace }
        return client
    }

    @Test("sends the invocation's trace id as X-Amzn-Trace-Id, unsigned, on every attempt")
    func sendsTrace() throws {
        let transport = FakeTransport(replies: [.awsError(503, code: "ServiceUnavailable"), .json(200)])
        _ = try Self.client(transport, trace: Self.trace).send(AWSClientTests.getItem, to: .dynamoDB)
        #expect(transport.requests.count == 2)
        for sent in transport.requests {
            #expect(sent.headers["X-Amzn-Trace-Id"] == Self.trace)
            let authorization = try #require(sent.headers["Authorization"])
            #expect(!authorization.lowercased().contains("x-amzn-trace-id"))
            try AWSClientTests.expectValidSignature(sent, service: "dynamodb", region: "us-east-1")
        }
    }

    @Test("sends no trace header outside an invocation")
    func noTrace() throws {
        let transport = FakeTransport(replies: [.json(200)])
        _ = try Self.client(transport, trace: nil).send(AWSClientTests.getItem, to: .dynamoDB)
        let sent = try #require(transport.requests.first)
        #expect(sent.headers["X-Amzn-Trace-Id"] == nil)
    }

    @Test("keeps a trace header the request already carries")
    func keepsExplicit() throws {
        let transport = FakeTransport(replies: [.json(200)])
        var request = AWSClientTests.getItem
        request.headers.add("X-Amzn-Trace-Id", "Root=1-explicit")
        _ = try Self.client(transport, trace: Self.trace).send(request, to: .dynamoDB)
        let sent = try #require(transport.requests.first)
        #expect(sent.headers["X-Amzn-Trace-Id"] == "Root=1-explicit")
    }

    @Test(
        "accepts only values that are one header line",
        arguments: [
            ("Root=1-abc;Sampled=0", true), ("", false), ("Root=1-abc\r\nX-Evil: 1", false), ("Root=\u{7F}", false),
            ("Root=é", false),
        ])
    func headerValue(value: String, accepted: Bool) {
        #expect((TraceContext.headerValue(value) != nil) == accepted)
    }
}
