import FoundationEssentials

/// One API call, whichever way it arrived (direct invocation, REST proxy, HTTP API), normalized.
package struct APIRequest: Sendable {
    /// Upper-cased HTTP method.
    package var method: String
    /// The path as sent, without its query string; used in messages.
    package var path: String
    /// The path's segments, percent-decoded, without empty segments.
    package var segments: [String]
    /// Query parameters; values a direct caller sent as numbers or booleans are given as text.
    package var query: [String: String]
    /// Headers with lower-cased names.
    package var headers: [String: String]
    /// The body as JSON text (`{}` when the event had none).
    package var body: [UInt8]
    /// `pathParameters` as the event carried them (API Gateway fills them; they must agree with the path).
    package var pathParameters: [String: String]
    /// True when the event has no `requestContext`: `aws lambda invoke`, Step Functions, SSM.
    package var isDirectInvocation: Bool
    /// Claims of the Cognito (or JWT) authorizer, when API Gateway passed them.
    package var claims: [String: String]

    package init(
        method: String, path: String, segments: [String], query: [String: String] = [:],
        headers: [String: String] = [:], body: [UInt8] = Array("{}".utf8), pathParameters: [String: String] = [:],
        isDirectInvocation: Bool = true, claims: [String: String] = [:]
    ) {
        self.method = method
        self.path = path
        self.segments = segments
        self.query = query
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
        self.isDirectInvocation = isDirectInvocation
        self.claims = claims
    }

    /// Header `name`, case-insensitively.
    package func header(_ name: String) -> String? { headers[name.lowercased()] }
}
