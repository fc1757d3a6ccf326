import Foundation
import JSONCore
import Testing

@testable import DRSLocal

@Suite("API Gateway proxy events")
struct APIGatewayEventBuilderTests {
    static let route = SAMRoute(eventName: "Cancel", method: "POST", path: "/executions/{id}/cancel", stage: "dev")
    static let match = APIGatewayRouteTable.Match(route: route, functionName: "fn", pathParameters: ["id": "e 1"])

    static func jwt(_ claims: String) -> String {
        func encode(_ text: String) -> String {
            Data(text.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return encode(#"{"alg":"RS256"}"#) + "." + encode(claims) + ".c2lnbmF0dXJl"
    }

    @Test("method, encoded paths, headers, query strings and decoded path parameters fill a REST (1.0) proxy event")
    func requestFields() throws {
        let request = APIGatewayProxyRequest(
            method: "POST",
            path: "/executions/e%201/cancel",
            query: "force=true&tag=a&tag=b%20c&flag",
            headers: [
                ("Host", "127.0.0.1:3000"), ("X-Multi", "1"), ("X-Multi", "2"), ("Content-Type", "application/json"),
            ],
            body: Array(#"{"reason":"drill"}"#.utf8),
            sourceIP: "127.0.0.9",
            requestID: "req-1",
            receivedAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
        let event = APIGatewayEventBuilder().event(for: request, match: Self.match)
        #expect(event["resource"] == "/executions/{id}/cancel")
        #expect(event["path"] == "/executions/e%201/cancel")
        #expect(event["httpMethod"] == "POST")
        #expect(event["headers"]?["X-Multi"] == "2")
        #expect(event["multiValueHeaders"]?["X-Multi"] == ["1", "2"])
        #expect(event["queryStringParameters"] == ["force": "true", "tag": "b c", "flag": ""])
        #expect(event["multiValueQueryStringParameters"]?["tag"] == ["a", "b c"])
        #expect(event["pathParameters"] == ["id": "e 1"])
        #expect(event["stageVariables"] == .null)
        #expect(event["body"] == #"{"reason":"drill"}"#)
        #expect(event["isBase64Encoded"] == false)
        let context = try #require(event["requestContext"])
        #expect(context["resourcePath"] == "/executions/{id}/cancel")
        #expect(context["httpMethod"] == "POST")
        #expect(context["path"] == "/dev/executions/e%201/cancel")
        #expect(context["stage"] == "dev")
        #expect(context["requestId"] == "req-1")
        #expect(context["accountId"] == "123456789012")
        #expect(context["apiId"] == "local")
        #expect(context["identity"]?["sourceIp"] == "127.0.0.9")
        #expect(context["requestTimeEpoch"] == .int(1_700_000_000_000))
        #expect(context["requestTime"] == "14/Nov/2023:22:13:20 +0000")
        #expect(context["domainName"] == "127.0.0.1:3000")
        #expect(context["authorizer"] == nil)
    }

    @Test("no query, no path parameters and no body give nulls")
    func nulls() {
        let match = APIGatewayRouteTable.Match(
            route: SAMRoute(eventName: "Health", method: "GET", path: "/health", stage: "dev"),
            functionName: "fn",
            pathParameters: [:]
        )
        let event = APIGatewayEventBuilder().event(
            for: APIGatewayProxyRequest(method: "GET", path: "/health"), match: match)
        #expect(event["queryStringParameters"] == .null)
        #expect(event["multiValueQueryStringParameters"] == .null)
        #expect(event["pathParameters"] == .null)
        #expect(event["body"] == .null)
        #expect(event["isBase64Encoded"] == false)
    }

    @Test("a body that is not UTF-8 is sent base64-encoded")
    func binaryBody() {
        let request = APIGatewayProxyRequest(method: "POST", path: "/executions/1/cancel", body: [0xFF, 0x00, 0xFE])
        let event = APIGatewayEventBuilder().event(for: request, match: Self.match)
        #expect(event["body"] == "/wD+")
        #expect(event["isBase64Encoded"] == true)
    }

    @Test("a bearer JWT's payload becomes the authorizer claims, as strings, unverified")
    func jwtClaims() throws {
        let token = Self.jwt(
            #"{"sub":"u-1","email":"a@example.com","cognito:groups":["admins","ops"],"exp":1700000000,"email_verified":true}"#
        )
        let request = APIGatewayProxyRequest(
            method: "POST", path: "/x", headers: [("Authorization", "Bearer \(token)")])
        let event = APIGatewayEventBuilder().event(for: request, match: Self.match)
        let claims = try #require(event["requestContext"]?["authorizer"]?["claims"])
        #expect(
            claims == [
                "sub": "u-1", "email": "a@example.com", "cognito:groups": "admins,ops",
                "exp": "Tue Nov 14 22:13:20 UTC 2023",
                "email_verified": "true",
            ])
        // Cognito authorizers also take the token without the Bearer prefix.
        #expect(AuthorizerClaims.claims(authorization: token)?["sub"] == "u-1")
    }

    @Test("any other bearer token stands for the local user; no token, no authorizer")
    func localUser() {
        #expect(AuthorizerClaims.claims(authorization: "Bearer opaque-token") == AuthorizerClaims.localUser)
        #expect(AuthorizerClaims.claims(authorization: "Bearer a.b.c") == AuthorizerClaims.localUser)
        #expect(AuthorizerClaims.claims(authorization: "Bearer ") == nil)
        #expect(AuthorizerClaims.claims(authorization: nil) == nil)
        #expect(AuthorizerClaims.localUser["cognito:username"] == "local-user")
    }
}
