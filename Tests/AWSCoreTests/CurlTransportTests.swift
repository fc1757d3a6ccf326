import AWSCore
import Foundation
import TestSupport
import Testing

@Suite("CurlTransport against a local HTTP server", .tags(.process, .network))
struct CurlTransportTests {
    static func request(
        _ server: EchoHTTPServer,
        _ method: String = "GET",
        path: String = "/echo",
        query: String? = nil,
        headers: AWSHTTPHeaders = [:],
        body: String = ""
    ) -> AWSHTTPRequest {
        AWSHTTPRequest(
            method: method,
            endpoint: AWSEndpoint(scheme: "http", host: "127.0.0.1", port: server.port),
            path: path,
            query: query,
            headers: headers,
            body: Array(body.utf8)
        )
    }

    static func echo(_ response: AWSHTTPResponse) throws -> EchoReply {
        try JSONDecoder().decode(EchoReply.self, from: Data(response.body))
    }

    @Test("an exchange and a digest right after starting the background load wait for it and succeed")
    func backgroundLoad() throws {
        let server = try EchoHTTPServer()
        #expect(CurlTransport.startLoadingLibraries())
        #expect(Digest.isAvailable)
        let response = try CurlTransport().send(Self.request(server), timeoutMilliseconds: 5_000)
        #expect(response.status == 200)
        #expect(try Self.echo(response).method == "GET")
    }

    @Test("makes N calls over one keep-alive connection")
    func reusesConnection() throws {
        let server = try EchoHTTPServer()
        let transport = CurlTransport()
        let calls = 8
        for index in 0..<calls {
            let method = index.isMultiple(of: 2) ? "GET" : "POST"
            let response = try transport.send(
                Self.request(server, method, body: method == "POST" ? #"{"n":\#(index)}"# : ""),
                timeoutMilliseconds: 5_000
            )
            #expect(response.status == 200)
            let reply = try Self.echo(response)
            #expect(reply.method == method)
            #expect(reply.connections == 1, "call \(index) arrived on connection \(reply.connections)")
        }
        let origin = AWSEndpoint(scheme: "http", host: "127.0.0.1", port: server.port).origin
        #expect(transport.openedConnections(origin: origin) == 1)
    }

    @Test("sends method, path, query, headers and body, and returns status, headers and body")
    func roundTrip() throws {
        let server = try EchoHTTPServer()
        let transport = CurlTransport()
        let body = String(repeating: "x", count: 5_000)  // over 1 KiB: no `Expect: 100-continue` round trip
        let response = try transport.send(
            Self.request(
                server,
                "PUT",
                path: "/items/a%2Fb",
                query: "status=201&x=%20y",
                headers: ["X-Custom": "one", "Content-Type": "application/json"],
                body: body
            ),
            timeoutMilliseconds: 5_000
        )
        #expect(response.status == 201)
        #expect(response.headers.values(for: "X-Multi") == ["a", "b"])
        #expect(response.headers["content-type"] == "application/json")
        let reply = try Self.echo(response)
        #expect(reply.method == "PUT")
        #expect(reply.path == "/items/a%2Fb")
        #expect(reply.query == "status=201&x=%20y")
        #expect(reply.body == body)
        #expect(reply.header("X-Custom") == ["one"])
        #expect(reply.header("Content-Type") == ["application/json"])
        #expect(reply.header("Expect").isEmpty)
        #expect(reply.header("Accept").isEmpty)

        let error = try transport.send(Self.request(server, "DELETE", query: "status=503"), timeoutMilliseconds: 5_000)
        #expect(error.status == 503)
        #expect(try Self.echo(error).method == "DELETE")
        let head = try transport.send(Self.request(server, "HEAD"), timeoutMilliseconds: 5_000)
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        let post = try transport.send(Self.request(server, "POST"), timeoutMilliseconds: 5_000)
        #expect(try Self.echo(post).header("Content-Type").isEmpty, "libcurl's default form type must not be sent")
    }

    @Test("times out a slow response within the given time, then works again")
    func timesOut() throws {
        let server = try EchoHTTPServer()
        let transport = CurlTransport()
        let started = ContinuousClock.now
        let error = try #require(throws: TransportError.self) {
            try transport.send(Self.request(server, path: "/slow", query: "ms=3000"), timeoutMilliseconds: 300)
        }
        #expect(error.code == .timedOut)
        #expect(error.isRetryable)
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .milliseconds(1_500), "took \(elapsed)")
        #expect(try transport.send(Self.request(server), timeoutMilliseconds: 5_000).status == 200)
    }

    @Test("opens a new connection when the server closed the previous one")
    func reconnects() throws {
        let server = try EchoHTTPServer()
        let transport = CurlTransport()
        _ = try transport.send(Self.request(server, path: "/close"), timeoutMilliseconds: 5_000)
        let reply = try Self.echo(try transport.send(Self.request(server), timeoutMilliseconds: 5_000))
        #expect(reply.connections == 2)
    }

    @Test("reports a refused connection as a retryable connectionFailed")
    func refused() throws {
        // Port 1 (tcpmux) has no listener on a normal machine.
        let request = AWSHTTPRequest(
            method: "GET",
            endpoint: AWSEndpoint(scheme: "http", host: "127.0.0.1", port: 1),
            path: "/"
        )
        let error = try #require(throws: TransportError.self) {
            try CurlTransport().send(request, timeoutMilliseconds: 2_000)
        }
        #expect(error.code == .connectionFailed)
        #expect(error.isRetryable)
        #expect(error.origin == "http://127.0.0.1:1")
    }

    @Test(
        "sends requests whose signature botocore accepts",
        .enabled(if: EchoHTTPServer.hasBotocore, "python3 has no botocore")
    )
    func botocoreAcceptsSignature() throws {
        let server = try EchoHTTPServer()
        let client = AWSClient(
            configuration: AWSConfiguration(
                environment: [
                    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
                    "AWS_SECRET_ACCESS_KEY": EchoHTTPServer.secret,
                    "AWS_SESSION_TOKEN": "TOKEN/with+chars=",
                    "AWS_REGION": "eu-west-1",
                    "AWS_ENDPOINT_URL": "http://127.0.0.1:\(server.port)",
                ],
                readFile: { _ in nil }
            ),
            transport: CurlTransport()
        )
        let requests = [
            AWSRequest(headers: ["X-Amz-Target": "DynamoDB_20120810.Query"], body: Array(#"{"TableName":"t"}"#.utf8)),
            AWSRequest(
                method: "GET",
                path: "/verify/arn%3Aaws%3Adrs%3Aeu-west-1/tags",
                query: "b=2&a=1&empty=&sp=a%20b",
                headers: ["X-Spaced": "  a   b  "]
            ),
        ]
        for (index, request) in requests.enumerated() {
            var request = request
            if index == 0 { request.path = "/verify" }
            do {
                let response = try client.send(request, to: index == 0 ? .dynamoDB : .drs)
                #expect(response.status == 200)
            } catch {
                Issue.record("botocore rejected request \(index): \(error)")
            }
        }
    }
}
