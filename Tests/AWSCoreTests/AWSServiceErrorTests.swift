import AWSCore
import Testing

@Suite("AWS error decoding")
struct AWSServiceErrorTests {
    static func response(_ status: Int, _ body: String, headers: AWSHTTPHeaders = [:]) -> AWSHTTPResponse {
        AWSHTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    @Test("reads a JSON 1.0 error: __type with its namespace stripped, message, request id")
    func json10() {
        let error = AWSServiceError(
            response: Self.response(
                400,
                #"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","#
                    + #""message":"The conditional request failed"}"#,
                headers: ["x-amzn-RequestId": "REQ123"]
            )
        )
        #expect(error.rawCode == "ConditionalCheckFailedException")
        #expect(error.code == .conditionalCheckFailed)
        #expect(error.message == "The conditional request failed")
        #expect(error.status == 400)
        #expect(error.requestID == "REQ123")
        #expect(String(describing: error).contains("ConditionalCheckFailedException (HTTP 400)"))
    }

    @Test("prefers the X-Amzn-ErrorType header and strips its :suffix")
    func header() {
        let error = AWSServiceError(
            response: Self.response(
                402,
                #"{"code":"Ignored","Message":"Account not initialized"}"#,
                headers: [
                    "X-Amzn-ErrorType":
                        "UninitializedAccountException:http://internal.amazon.com/coral/com.amazonaws.drs/"
                ]
            )
        )
        #expect(error.rawCode == "UninitializedAccountException")
        #expect(error.code == .uninitializedAccount)
        #expect(error.message == "Account not initialized")
    }

    @Test(
        "reads code and message from any of the field spellings",
        arguments: [
            (#"{"code":"ValidationException","message":"bad"}"#, "ValidationException", "bad"),
            (#"{"Code":"AccessDeniedException","Message":"no"}"#, "AccessDeniedException", "no"),
            (#"{"__type":"ThrottlingException","Message":"slow down"}"#, "ThrottlingException", "slow down"),
            (#"{"Error":{"Code":"Throttling","Message":"Rate exceeded"}}"#, "Throttling", "Rate exceeded"),
            (
                #"{"__type":"aws.protocoltests#ResourceNotFoundException:extra","message":"gone","other":{"x":[1,2]}}"#,
                "ResourceNotFoundException", "gone"
            ),
        ]
    )
    func spellings(body: String, code: String, message: String) {
        let error = AWSServiceError(response: Self.response(400, body))
        #expect(error.rawCode == code)
        #expect(error.message == message)
    }

    @Test("falls back to the status and the body text when the body is not JSON")
    func notJSON() {
        let error = AWSServiceError(response: Self.response(502, "<html>Bad Gateway</html>"))
        #expect(error.rawCode == "502")
        #expect(error.code == .serviceUnavailable)
        #expect(error.message == "<html>Bad Gateway</html>")
        let empty = AWSServiceError(response: Self.response(429, ""))
        #expect(empty.code == .throttling)
        #expect(empty.message == nil)
    }

    @Test("reads Code and Message of an XML error (query-protocol services, moto's auth errors)")
    func xml() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>
            <Message>The request signature we calculated does not match</Message></Error></ErrorResponse>
            """
        let error = AWSServiceError(response: Self.response(403, body))
        #expect(error.rawCode == "SignatureDoesNotMatch")
        #expect(error.message == "The request signature we calculated does not match")
    }

    @Test("keeps the body for operation-specific details")
    func keepsBody() {
        let body =
            #"{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException","#
            + #""CancellationReasons":[{"Code":"None"}]}"#
        let error = AWSServiceError(response: Self.response(400, body))
        #expect(error.code == .transactionCanceled)
        #expect(error.body == Array(body.utf8))
    }

    @Test(
        "classifies the codes callers branch on",
        arguments: [
            ("ProvisionedThroughputExceededException", 400, AWSServiceError.Code.throttling),
            ("TransactionInProgressException", 400, .throttling),
            ("UnrecognizedClientException", 400, .authentication),
            ("InvalidSignatureException", 403, .authentication),
            ("ExpiredTokenException", 400, .authentication),
            ("ResourceNotFoundException", 400, .resourceNotFound),
            ("ConflictException", 409, .conflict),
            ("InternalServerError", 500, .serviceUnavailable),
            ("SomethingNew", 400, .other),
        ]
    )
    func classifies(code: String, status: Int, expected: AWSServiceError.Code) {
        #expect(AWSServiceError(rawCode: code, message: nil, status: status).code == expected)
    }
}
