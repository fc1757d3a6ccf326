import API
import JSONCore
import Orchestrator
import Testing

@Suite("Event decoding")
struct EventDecoderTests {

    func decode(_ text: String) throws(APIError) -> APIRequest {
        try EventDecoder().decode(Array(text.utf8))
    }

    func failure(_ text: String) -> APIError? {
        do {
            _ = try decode(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("reads a REST API proxy event with claims and path parameters")
    func restV1() throws {
        let request = try EventDecoder().decode(try Fixture.bytes("rest-v1-get-execution"))
        #expect(request.method == "GET")
        #expect(request.segments == ["executions", "exec-123"])
        #expect(request.pathParameters == ["id": "exec-123"])
        #expect(request.query == ["verbose": "true"])
        #expect(request.header("user-agent") == "curl/8.4.0")
        #expect(request.claims["email"] == "dr-admin@example.com")
        #expect(!request.isDirectInvocation)
        #expect(request.body == Array("{}".utf8))
    }

    @Test("decodes a base64 body of a REST API event")
    func base64Body() throws {
        let request = try EventDecoder().decode(try Fixture.bytes("rest-v1-post-execution"))
        #expect(
            String(decoding: request.body, as: UTF8.self) == #"{"recoveryPlanId":"plan-1","executionType":"DRILL"}"#)
    }

    @Test("reads an HTTP API (payload 2.0) event from rawPath and rawQueryString")
    func httpV2() throws {
        let request = try EventDecoder().decode(try Fixture.bytes("http-v2-list-plans"))
        #expect(request.method == "GET")
        #expect(request.segments == ["recovery-plans"])
        #expect(request.query == ["nameExact": "2-Tier Recovery", "limit": "10"])
        #expect(request.claims["cognito:username"] == "dr-admin")
        #expect(!request.isDirectInvocation)
    }

    @Test("strips a named stage from an HTTP API rawPath")
    func httpV2Stage() throws {
        let request = try decode(
            #"{"version":"2.0","rawPath":"/dev/health","rawQueryString":"","requestContext":{"stage":"dev","http":{"method":"get"}}}"#
        )
        #expect(request.segments == ["health"])
        #expect(request.method == "GET")
    }

    @Test("reads the guide's direct-invocation event")
    func direct() throws {
        let request = try EventDecoder().decode(try Fixture.bytes("direct-start-execution"))
        #expect(request.isDirectInvocation)
        #expect(request.method == "POST")
        #expect(String(decoding: request.body, as: UTF8.self).contains(#""recoveryPlanId":"xxx""#))
    }

    @Test("accepts a body sent as an object, as if it had been serialized")
    func objectBody() throws {
        let request = try decode(#"{"httpMethod":"POST","path":"/x","body":{"a":1}}"#)
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"a":1}"#)
    }

    @Test("accepts numbers and booleans as query values from direct callers")
    func scalarQuery() throws {
        let request = try decode(
            #"{"httpMethod":"GET","path":"/x","queryStringParameters":{"limit":10,"hasConflict":false,"f":2.5,"n":null}}"#
        )
        #expect(request.query == ["limit": "10", "hasConflict": "false", "f": "2.5"])
    }

    @Test("takes a query string written into a direct caller's path, explicit parameters first")
    func queryInPath() throws {
        let request = try decode(
            #"{"httpMethod":"GET","path":"/recovery-plans?nameExact=2-Tier%20Recovery&limit=5","queryStringParameters":{"limit":"7"}}"#
        )
        #expect(request.segments == ["recovery-plans"])
        #expect(request.query == ["nameExact": "2-Tier Recovery", "limit": "7"])
    }

    @Test("percent-decodes path segments and tolerates a trailing slash")
    func percentDecoding() throws {
        let request = try decode(#"{"httpMethod":"GET","path":"/recovery-plans/2-Tier%20Recovery%2Fa/"}"#)
        #expect(request.segments == ["recovery-plans", "2-Tier Recovery/a"])
    }

    @Test("treats null and empty bodies as {}", arguments: [#""body":null,"#, #""body":"","#, ""])
    func emptyBodies(member: String) throws {
        let request = try decode(#"{"# + member + #""httpMethod":"POST","path":"/x"}"#)
        #expect(request.body == Array("{}".utf8))
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var event: String
        var field: String?
        var testDescription: String { event }
    }

    @Test(
        "answers malformed events with INVALID_REQUEST naming the field",
        arguments: [
            Bad(event: #""hello""#, field: nil),
            Bad(event: "{}", field: "httpMethod"),
            Bad(event: "[]", field: nil),
            Bad(event: "42", field: nil),
            Bad(event: "null", field: nil),
            Bad(event: "not json", field: nil),
            Bad(event: "", field: nil),
            Bad(event: #"{"httpMethod":"GET"}"#, field: "path"),
            Bad(event: #"{"path":"/health"}"#, field: "httpMethod"),
            Bad(event: #"{"httpMethod":7,"path":"/health"}"#, field: "httpMethod"),
            Bad(event: #"{"httpMethod":"GET","path":"health"}"#, field: "path"),
            Bad(event: #"{"httpMethod":"GET","path":"/a%zz"}"#, field: "path"),
            Bad(event: #"{"httpMethod":"GET","path":"/a","headers":[]}"#, field: "headers"),
            Bad(
                event: #"{"httpMethod":"GET","path":"/a","queryStringParameters":{"a":[1]}}"#,
                field: "queryStringParameters.a"),
            Bad(event: #"{"httpMethod":"POST","path":"/a","body":12}"#, field: "body"),
            Bad(event: #"{"httpMethod":"POST","path":"/a","body":"%%%","isBase64Encoded":true}"#, field: "body"),
            Bad(event: #"{"httpMethod":"POST","path":"/a","isBase64Encoded":"yes"}"#, field: "isBase64Encoded"),
        ])
    func malformed(_ bad: Bad) {
        let error = failure(bad.event)
        #expect(error?.code == .domain(.invalidRequest))
        #expect(error?.context.first { $0.key == "field" }?.value.stringValue == bad.field)
    }

    @Test("refuses bodies over 1 MB with PAYLOAD_TOO_LARGE")
    func tooLarge() {
        let big = String(repeating: "a", count: EventDecoder.maxBodyBytes + 1)
        let error = failure(#"{"httpMethod":"POST","path":"/a","body":""# + big + #""}"#)
        #expect(error?.code == .transport(.payloadTooLarge))
        #expect(error?.status == 413)
        #expect((try? decode(#"{"httpMethod":"POST","path":"/a","body":""# + String(big.dropFirst()) + #""}"#)) != nil)
    }
}
