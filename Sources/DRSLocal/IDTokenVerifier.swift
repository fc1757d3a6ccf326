import Crypto
import CryptoExtras
import Foundation
import JSONCore

/// Checks a Cognito IdToken as API Gateway's `COGNITO_USER_POOLS` authorizer does: an RS256
/// signature by a key of the pool's JWKS, the pool's issuer, the app client as audience,
/// `token_use` `id`, and an expiry still ahead.
package struct IDTokenVerifier: Sendable {
    /// Why a token was refused (API Gateway answers each the same: 401 `Unauthorized`).
    package enum Rejection: Error, Sendable, Equatable {
        case noToken
        case malformed
        case unsupportedAlgorithm(String)
        case unknownKey(String)
        case badSignature
        case wrongIssuer(String)
        case wrongAudience(String)
        case wrongTokenUse(String)
        case expired
    }

    /// `https://cognito-idp.<region>.amazonaws.com/<poolId>`.
    package let issuer: String
    /// The app client id the token must be issued to.
    package let audience: String
    private let keys: [String: _RSA.Signing.PublicKey]
    private let now: @Sendable () -> Date

    /// - Parameter jwks: the pool's `/.well-known/jwks.json` document.
    /// - Throws: `EmulatorError(.serviceFailed)` when the document has no usable RSA key.
    package init(
        issuer: String, audience: String, jwks: [UInt8], now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.issuer = issuer
        self.audience = audience
        self.now = now
        var keys: [String: _RSA.Signing.PublicKey] = [:]
        if case .array(let entries)? = (try? JSONValue(parsing: jwks))?["keys"] {
            for entry in entries where entry["kty"]?.stringValue == "RSA" {
                guard let kid = entry["kid"]?.stringValue,
                    let n = entry["n"]?.stringValue.flatMap({ AuthorizerClaims.base64URLDecode(Substring($0)) }),
                    let e = entry["e"]?.stringValue.flatMap({ AuthorizerClaims.base64URLDecode(Substring($0)) }),
                    let key = try? _RSA.Signing.PublicKey(n: n, e: e)
                else { continue }
                keys[kid] = key
            }
        }
        guard !keys.isEmpty else {
            throw EmulatorError(
                .serviceFailed, "the user pool's JWKS has no RSA key: \(String(decoding: jwks, as: UTF8.self))")
        }
        self.keys = keys
    }

    /// The verified token's claims, or why it was refused.
    /// - Parameter authorization: the `Authorization` header: `Bearer <token>` or the bare token.
    package func verify(authorization: String?) -> Result<[String: JSONValue], Rejection> {
        guard let token = AuthorizerClaims.token(authorization: authorization) else { return .failure(.noToken) }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerBytes = AuthorizerClaims.base64URLDecode(parts[0]),
            case .object(let header)? = try? JSONValue(parsing: headerBytes),
            let signature = AuthorizerClaims.base64URLDecode(parts[2]),
            let claims = AuthorizerClaims.payload(ofJWT: token)
        else { return .failure(.malformed) }
        let algorithm = header["alg"]?.stringValue ?? ""
        guard algorithm == "RS256" else { return .failure(.unsupportedAlgorithm(algorithm)) }
        let kid = header["kid"]?.stringValue ?? ""
        guard let key = keys[kid] else { return .failure(.unknownKey(kid)) }
        let signed = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        guard
            key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signed),
                padding: .insecurePKCS1v1_5)
        else { return .failure(.badSignature) }
        let tokenIssuer = claims["iss"]?.stringValue ?? ""
        guard tokenIssuer == issuer else { return .failure(.wrongIssuer(tokenIssuer)) }
        let tokenAudience = claims["aud"]?.stringValue ?? ""
        guard tokenAudience == audience else { return .failure(.wrongAudience(tokenAudience)) }
        let use = claims["token_use"]?.stringValue ?? ""
        guard use == "id" else { return .failure(.wrongTokenUse(use)) }
        let expiry = claims["exp"]?.intValue
        guard let expiry, Double(expiry) > now().timeIntervalSince1970 else { return .failure(.expired) }
        return .success(claims)
    }
}
