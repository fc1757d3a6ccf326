import AWSCore
import TestSupport
import Testing

@Suite("AWSClient: building, signing and decoding")
struct AWSClientTests {
    static let environment = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_SESSION_TOKEN": "SESSIONTOKEN",
        "AWS_REGION": "us-east-1",
    ]

    static func client(
        _ transport: FakeTransport,
        environment: [String: String] = environment,
        clock: FakeClock = FakeClock()
    ) -> AWSClient {
        AWSClient(
            configuration: AWSConfiguration(environment: environment, readFile: { _ in nil }),
            transport: transport,
            clock: clock.clock,
            random: { 0.5 }
        )
    }

    static let getItem = AWSRequest(
        headers: ["X-Amz-Target": "DynamoDB_20120810.GetItem"],
        body: Array(#"{"TableName":"plans","Key":{"id":{"S":"p1"}}}"#.utf8)
    )

    @Test("sends a signed request to the service endpoint with the protocol and operation headers")
    func buildsAndSigns() throws {
        let transport = FakeTransport(replies: [.json(200, #"{"Item":{}}"#)])
        let clock = FakeClock()
        let response = try Self.client(transport, clock: clock).send(Self.getItem, to: .dynamoDB)
        #expect(response.status == 200)
        #expect(response.body == Array(#"{"Item":{}}"#.utf8))

        let sent = try #require(transport.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.url == "https://dynamodb.us-east-1.amazonaws.com/")
        #expect(sent.headers["Host"] == "dynamodb.us-east-1.amazonaws.com")
        #expect(sent.headers["Content-Type"] == "application/x-amz-json-1.0")
        #expect(sent.headers["X-Amz-Target"] == "DynamoDB_20120810.GetItem")
        #expect(sent.headers["X-Amz-Security-Token"] == "SESSIONTOKEN")
        #expect(sent.headers["X-Amz-Date"] == AWSDate(millisecondsSince1970: clock.nowMilliseconds).amzDate)
        #expect(sent.body == Self.getItem.body)
        try Self.expectValidSignature(sent, service: "dynamodb", region: "us-east-1")
    }

    @Test("uses the per-call region and the endpoint override, base path included")
    func regionAndOverride() throws {
        let transport = FakeTransport(replies: [.json()])
        var environment = Self.environment
        environment["AWS_ENDPOINT_URL_DRS"] = "http://127.0.0.1:9002/drs"
        _ = try Self.client(transport, environment: environment).send(
            AWSRequest(path: "/DescribeJobs", body: Array("{}".utf8)),
            to: .drs,
            region: "eu-west-1"
        )
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "http://127.0.0.1:9002/drs/DescribeJobs")
        #expect(sent.headers["Host"] == "127.0.0.1:9002")
        #expect(sent.headers["Content-Type"] == "application/json")
        #expect(sent.headers["Authorization"]?.contains("/eu-west-1/drs/aws4_request") == true)
        try Self.expectValidSignature(sent, service: "drs", region: "eu-west-1")
    }

    @Test("lets operation headers replace the protocol's")
    func operationHeadersWin() throws {
        let transport = FakeTransport(replies: [.json()])
        _ = try Self.client(transport).send(AWSRequest(headers: ["content-type": "text/plain"]), to: .dynamoDB)
        #expect(try #require(transport.requests.first).headers.values(for: "Content-Type") == ["text/plain"])
    }

    @Test("fails with the configuration error, sending nothing, when credentials are missing")
    func missingCredentials() {
        let transport = FakeTransport(replies: [.json()])
        let client = Self.client(transport, environment: ["AWS_REGION": "us-east-1"])
        #expect(throws: AWSConfigurationError.self) { try client.send(Self.getItem, to: .dynamoDB) }
        #expect(transport.calls.isEmpty)
    }

    @Test("turns an error response into AWSServiceError with code, message, status and request id")
    func decodesErrors() throws {
        let transport = FakeTransport(replies: [
            .awsError(
                400,
                code: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                message: "The conditional request failed",
                headers: ["x-amzn-RequestId": "RID"]
            )
        ])
        let error = try #require(throws: AWSServiceError.self) {
            try Self.client(transport).send(Self.getItem, to: .dynamoDB)
        }
        #expect(error.code == .conditionalCheckFailed)
        #expect(error.rawCode == "ConditionalCheckFailedException")
        #expect(error.message == "The conditional request failed")
        #expect(error.status == 400)
        #expect(error.requestID == "RID")
        #expect(transport.calls.count == 1)
    }

    /// Recomputes the signature of `request` from its own `SignedHeaders` and compares.
    static func expectValidSignature(_ request: AWSHTTPRequest, service: String, region: String) throws {
        let authorization = try #require(request.headers["Authorization"])
        let signedHeaders = try #require(
            authorization.split(separator: " ").first { $0.hasPrefix("SignedHeaders=") }?
                .dropFirst("SignedHeaders=".count).split(separator: ",").first
        )
        #expect(!signedHeaders.contains("user-agent"))
        #expect(signedHeaders.contains("host"))
        let date = try #require(request.headers["X-Amz-Date"].flatMap(AWSDate.init(amzDate:)))
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIDEXAMPLE",
                secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: "SESSIONTOKEN"
            ),
            service: service,
            region: region
        )
        let canonical = signer.canonicalRequest(
            method: request.method,
            path: request.path,
            query: request.query,
            headers: request.headers,
            payloadHash: SigV4Signer.payloadHash(of: request.body),
            signedHeaderNames: signedHeaders.split(separator: ";").map(String.init)
        )
        let signature = signer.signature(
            stringToSign: signer.stringToSign(canonicalRequest: canonical.text, date: date),
            signingKey: signer.signingKey(date: date)
        )
        #expect(authorization.hasSuffix("Signature=\(signature)"))
    }
}
