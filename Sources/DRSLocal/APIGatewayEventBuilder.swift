import Foundation
import JSONCore

/// Builds the REST API (payload format 1.0) Lambda proxy event API Gateway would send for a
/// request and the route it matched.
package struct APIGatewayEventBuilder: Sendable {
    package var accountID: String
    package var apiID: String

    package init(accountID: String = SAMTemplate.localAccountID, apiID: String = SAMTemplate.localAPIID) {
        self.accountID = accountID
        self.apiID = apiID
    }

    /// The event with the unverified claims of the request's `Authorization` header (`--no-auth`).
    package func event(for request: APIGatewayProxyRequest, match: APIGatewayRouteTable.Match) -> JSONValue {
        event(
            for: request, match: match, claims: AuthorizerClaims.claims(authorization: request.header("Authorization")))
    }

    /// The event with `claims` as `requestContext.authorizer.claims` (none when nil).
    package func event(
        for request: APIGatewayProxyRequest, match: APIGatewayRouteTable.Match, claims: [String: String]?
    ) -> JSONValue {
        // A REST API passes the path as the client sent it, still percent-encoded; only the path
        // parameters are decoded (the function decodes the path itself and checks they agree).
        let path = request.path
        let stage = match.route.stage

        var headers: [String: JSONValue] = [:]
        var multiValueHeaders: [String: [JSONValue]] = [:]
        for (name, value) in request.headers {
            headers[name] = .string(value)
            multiValueHeaders[name, default: []].append(.string(value))
        }

        var query: [String: JSONValue] = [:]
        var multiValueQuery: [String: [JSONValue]] = [:]
        for (name, value) in Self.queryItems(request.query) {
            query[name] = .string(value)
            multiValueQuery[name, default: []].append(.string(value))
        }

        let body: JSONValue
        let isBase64Encoded: Bool
        if request.body.isEmpty {
            body = .null
            isBase64Encoded = false
        } else if let text = String(validating: request.body, as: UTF8.self) {
            body = .string(text)
            isBase64Encoded = false
        } else {
            body = .string(Data(request.body).base64EncodedString())
            isBase64Encoded = true
        }

        let epochMilliseconds = Int(request.receivedAt.timeIntervalSince1970 * 1000)
        var requestContext: [String: JSONValue] = [
            "accountId": .string(accountID),
            "apiId": .string(apiID),
            "domainName": .string(request.header("Host") ?? "127.0.0.1"),
            "domainPrefix": .string(apiID),
            "extendedRequestId": .string(request.requestID),
            "httpMethod": .string(request.method.uppercased()),
            "identity": [
                "accessKey": nil, "accountId": nil, "caller": nil, "cognitoAuthenticationProvider": nil,
                "cognitoAuthenticationType": nil, "cognitoIdentityId": nil, "cognitoIdentityPoolId": nil,
                "principalOrgId": nil, "user": nil, "userArn": nil,
                "sourceIp": .string(request.sourceIP),
                "userAgent": request.header("User-Agent").map(JSONValue.string) ?? .null,
            ],
            "path": .string("/\(stage)\(path)"),
            "protocol": "HTTP/1.1",
            "requestId": .string(request.requestID),
            "requestTime": .string(Self.requestTime(request.receivedAt)),
            "requestTimeEpoch": .int(epochMilliseconds),
            "resourceId": "local",
            "resourcePath": .string(match.route.path),
            "stage": .string(stage),
        ]
        if let claims {
            requestContext["authorizer"] = ["claims": .object(claims.mapValues(JSONValue.string))]
        }

        return .object([
            "resource": .string(match.route.path),
            "path": .string(path),
            "httpMethod": .string(request.method.uppercased()),
            "headers": headers.isEmpty ? .null : .object(headers),
            "multiValueHeaders": multiValueHeaders.isEmpty
                ? .null : .object(multiValueHeaders.mapValues(JSONValue.array)),
            "queryStringParameters": query.isEmpty ? .null : .object(query),
            "multiValueQueryStringParameters": multiValueQuery.isEmpty
                ? .null : .object(multiValueQuery.mapValues(JSONValue.array)),
            "pathParameters": match.pathParameters.isEmpty
                ? .null : .object(match.pathParameters.mapValues(JSONValue.string)),
            "stageVariables": .null,
            "requestContext": .object(requestContext),
            "body": body,
            "isBase64Encoded": .bool(isBase64Encoded),
        ])
    }

    /// `name=value` pairs of a query string, percent-decoded; a name without `=` has value "".
    static func queryItems(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            return (name.removingPercentEncoding ?? name, value.removingPercentEncoding ?? value)
        }
    }

    /// API Gateway's `requestTime`: `27/Nov/2026:02:25:00 +0000`.
    static func requestTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
