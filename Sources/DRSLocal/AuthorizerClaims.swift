import Foundation
import JSONCore

/// The `requestContext.authorizer.claims` a Cognito user-pool authorizer passes to a REST API
/// (payload format 1.0): every claim as a string.
///
/// API Gateway's spelling: lists joined with commas (`cognito:groups` → `"a,b"`), the time claims
/// `exp`, `iat` and `auth_time` as dates (`Fri Jul 29 18:52:53 UTC 2026`), other numbers and
/// booleans in their JSON spelling, objects as JSON text.
package enum AuthorizerClaims {
    /// The admin group's default name (the template's `ADMIN_GROUP`).
    package static let defaultAdminGroup = "DRSOrchestrationAdmin"

    /// What any token that is not a JWT stands for when verification is off (`--no-auth`): a local
    /// user in the admin group.
    package static let localUser = localUser(adminGroup: defaultAdminGroup)

    /// The local user of `--no-auth`, in `adminGroup`.
    package static func localUser(adminGroup: String) -> [String: String] {
        [
            "sub": "local-user",
            "email": "local-user@example.com",
            "cognito:username": "local-user",
            "cognito:groups": adminGroup,
        ]
    }

    /// The token of an `Authorization` header value: `Bearer <jwt>` or the bare token (a Cognito
    /// authorizer accepts both); nil when there is none.
    package static func token(authorization: String?) -> String? {
        guard var token = authorization?.trimmingCharacters(in: .whitespaces), !token.isEmpty else { return nil }
        let scheme = "bearer"
        if token.lowercased() == scheme {
            return nil
        }
        if token.lowercased().hasPrefix(scheme + " ") {
            token = String(token.dropFirst(scheme.count)).trimmingCharacters(in: .whitespaces)
        }
        return token.isEmpty ? nil : token
    }

    /// Unverified claims for an `Authorization` header value (`--no-auth`): a JWT's payload claims,
    /// `localUser` for any other token, nil when there is no token.
    package static func claims(authorization: String?, adminGroup: String = defaultAdminGroup) -> [String: String]? {
        guard let token = token(authorization: authorization) else { return nil }
        return payload(ofJWT: token).map(apiGatewayForm) ?? localUser(adminGroup: adminGroup)
    }

    /// A JWT's payload members, not verified; nil when `token` is not a JWT with a JSON payload.
    static func payload(ofJWT token: String) -> [String: JSONValue]? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = base64URLDecode(parts[1]),
            case .object(let members)? = try? JSONValue(parsing: payload)
        else { return nil }
        return members
    }

    /// Claims as a REST API's Cognito authorizer writes them into the event.
    package static func apiGatewayForm(_ claims: [String: JSONValue]) -> [String: String] {
        var form: [String: String] = [:]
        for (name, value) in claims {
            switch value {
            case .array(let elements):
                form[name] = elements.compactMap(\.scalarText).joined(separator: ",")
            case .object:
                form[name] = value.jsonText
            case .int(let seconds) where timeClaims.contains(name):
                form[name] = dateText(seconds)
            case .double(let seconds) where timeClaims.contains(name):
                form[name] = dateText(Int(seconds))
            default:
                if let text = value.scalarText { form[name] = text }
            }
        }
        return form
    }

    private static let timeClaims: Set<String> = ["exp", "iat", "auth_time"]

    /// `Fri Jul 29 18:52:53 UTC 2026`, the spelling API Gateway gives the time claims.
    static func dateText(_ seconds: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM dd HH:mm:ss 'UTC' yyyy"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map(Array.init)
    }
}
