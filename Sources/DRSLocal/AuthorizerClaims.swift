import Foundation
import JSONCore

/// The `requestContext.authorizer.claims` a Cognito user-pool authorizer would pass, derived
/// locally from the `Authorization` header without verifying anything.
public enum AuthorizerClaims {
    /// What any bearer token that is not a JWT stands for.
    public static let localUser: [String: String] = [
        "sub": "local-user",
        "email": "local-user@example.com",
        "cognito:username": "local-user",
    ]

    /// The claims for an `Authorization` header value (`Bearer <jwt>` or the bare token, as a
    /// Cognito authorizer accepts both): a JWT's payload claims, `localUser` for any other
    /// token, nil when there is no token.
    ///
    /// Values are strings, as REST API authorizers deliver them: numbers and booleans in their
    /// JSON spelling, lists joined with commas (`cognito:groups`), objects as JSON text.
    public static func claims(authorization: String?) -> [String: String]? {
        guard var token = authorization?.trimmingCharacters(in: .whitespaces), !token.isEmpty else { return nil }
        let scheme = "bearer"
        if token.lowercased() == scheme {
            return nil
        }
        if token.lowercased().hasPrefix(scheme + " ") {
            token = String(token.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
        }
        return jwtClaims(token) ?? localUser
    }

    private static func jwtClaims(_ token: String) -> [String: String]? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = base64URLDecode(parts[1]),
            case .object(let members)? = try? JSONValue(parsing: payload)
        else { return nil }
        return members.compactMapValues { value in
            if case .array(let elements) = value {
                return elements.compactMap(\.scalarText).joined(separator: ",")
            }
            return value.scalarText
        }
    }

    private static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
