import JSONCore

/// How the local API Gateway treats the `Authorization` header: as the template's Cognito
/// user-pool authorizer (verified IdTokens only), or not at all (`drs-local --no-auth`).
package enum APIGatewayAuthorizer: Sendable {
    /// Every route the template's authorizer guards (all but CORS preflight in template.yaml,
    /// `GET /health` included) needs a valid IdToken; its claims reach the function in API
    /// Gateway's string form.
    case cognito(IDTokenVerifier)
    /// Nothing is checked: a JWT's payload is passed unverified, any other token (or none) stands
    /// for a local user in `adminGroup`.
    case none(adminGroup: String)

    /// What the gateway does with one request.
    package enum Decision: Sendable, Equatable {
        /// Invoke the function with these claims (nil: no `authorizer` in the event).
        case invoke(claims: [String: String]?)
        /// Answer 401 without invoking anything; the reason is for the log only.
        case unauthorized(reason: String)
    }

    /// Requests served without a token: CORS preflight (`AddDefaultAuthorizerToCorsPreflight:
    /// false`) and the routes the template leaves without authorizer (`Auth: {Authorizer: NONE}`,
    /// or an API without one). Any other route — `/health` too — is as the template says.
    package static func isOpen(method: String, path: String, route: SAMRoute?) -> Bool {
        method == "OPTIONS" || (route != nil && route?.authorizer == nil)
    }

    /// - Parameter route: the template route the request matched.
    package func decide(method: String, path: String, route: SAMRoute?, authorization: String?) -> Decision {
        switch self {
        case .none(let adminGroup):
            return .invoke(
                claims: AuthorizerClaims.claims(authorization: authorization, adminGroup: adminGroup)
                    ?? AuthorizerClaims.localUser(adminGroup: adminGroup))
        case .cognito(let verifier):
            if Self.isOpen(method: method, path: path, route: route) { return .invoke(claims: nil) }
            switch verifier.verify(authorization: authorization) {
            case .success(let claims): return .invoke(claims: AuthorizerClaims.apiGatewayForm(claims))
            case .failure(let rejection): return .unauthorized(reason: "\(rejection)")
            }
        }
    }
}

extension APIGatewayProxyResponse {
    /// API Gateway's answer when a Cognito authorizer refuses the token (or there is none).
    package static let unauthorized = APIGatewayProxyResponse(
        statusCode: 401,
        headers: [
            Header("Content-Type", "application/json"), Header("x-amzn-ErrorType", "UnauthorizedException"),
        ],
        body: Array(#"{"message":"Unauthorized"}"#.utf8)
    )
}
