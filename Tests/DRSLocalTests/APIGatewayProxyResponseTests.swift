import Testing

@testable import DRSLocal

@Suite("Lambda proxy envelope to HTTP response")
struct APIGatewayProxyResponseTests {
    static func map(_ json: String, errorType: String? = nil) -> APIGatewayProxyResponse {
        APIGatewayProxyResponse(
            invocation: InvokeResult(requestID: "r", payload: Array(json.utf8), errorType: errorType))
    }

    @Test("status, headers and body pass through; Content-Type defaults to JSON")
    func passThrough() {
        let response = Self.map(#"{"statusCode":201,"headers":{"X-A":"1","X-N":2},"body":"{\"ok\":true}"}"#)
        #expect(response.statusCode == 201)
        #expect(response.headers.contains(.init("X-A", "1")))
        #expect(response.headers.contains(.init("X-N", "2")))
        #expect(response.headers.contains(.init("Content-Type", "application/json")))
        #expect(response.body == Array(#"{"ok":true}"#.utf8))
    }

    @Test("multiValueHeaders repeat a header and take precedence over headers of the same name")
    func multiValueHeaders() {
        let response = Self.map(
            #"{"statusCode":200,"headers":{"Set-Cookie":"x=0","Content-Type":"text/plain"},"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"body":"hi"}"#
        )
        #expect(response.headers.filter { $0.name == "Set-Cookie" }.map(\.value) == ["a=1", "b=2"])
        #expect(response.headers.filter { $0.name == "Content-Type" }.map(\.value) == ["text/plain"])
    }

    @Test("a base64 body is decoded; a missing body is empty; framing headers are dropped")
    func bodies() {
        let binary = Self.map(
            #"{"statusCode":200,"isBase64Encoded":true,"body":"AAEC/w==","headers":{"Content-Length":"99"}}"#)
        #expect(binary.body == [0, 1, 2, 255])
        #expect(!binary.headers.contains { $0.name == "Content-Length" })
        #expect(Self.map(#"{"statusCode":204}"#).body.isEmpty)
        #expect(Self.map(#"{"statusCode":204,"body":null}"#).statusCode == 204)
    }

    @Test(
        "malformed envelopes and function errors become API Gateway's 502",
        arguments: [
            #"{"hello":"world"}"#,
            #"{"statusCode":"abc"}"#,
            #"{"statusCode":700}"#,
            #"{"statusCode":200,"body":{"not":"a string"}}"#,
            #"{"statusCode":200,"headers":["x"]}"#,
            #"{"statusCode":200,"isBase64Encoded":true,"body":"***"}"#,
            #"{"statusCode":200,"isBase64Encoded":"yes"}"#,
            #"[1,2]"#,
            "not json",
        ]
    )
    func malformed(envelope: String) {
        #expect(Self.map(envelope) == .internalServerError)
    }

    @Test("a function error is a 502 whatever its payload")
    func functionError() {
        let response = Self.map(#"{"statusCode":200,"body":"fine"}"#, errorType: "Runtime.ExitError")
        #expect(response == .internalServerError)
        #expect(response.statusCode == 502)
        #expect(response.body == Array(#"{"message": "Internal server error"}"#.utf8))
    }

    @Test("no route is API Gateway's 403 Missing Authentication Token")
    func missingAuthenticationToken() {
        #expect(APIGatewayProxyResponse.missingAuthenticationToken.statusCode == 403)
        #expect(
            APIGatewayProxyResponse.missingAuthenticationToken.body
                == Array(#"{"message":"Missing Authentication Token"}"#.utf8))
    }
}
