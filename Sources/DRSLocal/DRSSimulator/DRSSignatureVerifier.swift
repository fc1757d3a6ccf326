import AWSCore
import Foundation

/// Checks a request's SigV4 signature the way AWS does: recomputes it with AWSCore's signer from
/// the `Authorization` header's credential scope and `SignedHeaders`, the body's hash and
/// `X-Amz-Date`, using the secret of the access key the request names.
struct DRSSignatureVerifier: Sendable {
    /// Who signed a request that verified.
    struct Identity: Sendable, Equatable {
        var accessKeyID: String
        /// The region of the credential scope: the region the caller addressed.
        var region: String
    }

    /// Access key ID → secret access key.
    var credentials: [String: String]
    /// How far `X-Amz-Date` may be from the simulator's clock; nil accepts any date.
    var clockSkewToleranceMilliseconds: Int64?
    /// The signing name the scope must carry.
    var service = "drs"

    /// The signer's identity, or the 403 answer AWS would give.
    func verify(
        method: String,
        path: String,
        query: String?,
        headers: AWSHTTPHeaders,
        body: [UInt8],
        now: Int64
    ) -> Result<Identity, DRSSimulatorReply> {
        guard let authorization = headers["Authorization"] else {
            return .failure(
                Self.invalid(
                    "Request is not signed: no Authorization header. drs-local's DRS simulator verifies SigV4; "
                        + "sign with credentials it knows (see drs-local's banner)."))
        }
        guard let parsed = Self.parse(authorization) else {
            return .failure(
                Self.invalid(
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' with algorithm "
                        + "\(SigV4Signer.algorithm)"))
        }
        let scope = parsed.credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else {
            return .failure(Self.invalid("Credential should be of the form AKID/YYYYMMDD/region/service/aws4_request"))
        }
        let (accessKeyID, dateStamp, region, scopeService) = (scope[0], scope[1], scope[2], scope[3])
        guard scopeService == service else {
            return .failure(Self.invalid("Credential should be scoped to correct service: '\(service)'."))
        }
        guard let secret = credentials[accessKeyID] else {
            return .failure(
                DRSSimulatorReply.error(
                    403, "UnrecognizedClientException",
                    "The security token included in the request is invalid. (drs-local's DRS simulator does not know "
                        + "access key \(accessKeyID).)"))
        }
        guard let dateText = headers["X-Amz-Date"], let date = AWSDate(amzDate: dateText) else {
            return .failure(Self.invalid("Missing or malformed X-Amz-Date header (expected YYYYMMDD'T'HHMMSS'Z')"))
        }
        guard date.dateStamp == dateStamp else {
            return .failure(
                Self.invalid(
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'\(dateStamp)' != '\(date.dateStamp)', from '\(dateText)'."))
        }
        if let tolerance = clockSkewToleranceMilliseconds, abs(date.secondsSince1970 * 1000 - now) > tolerance {
            return .failure(
                Self.invalid(
                    "Signature expired: \(dateText) is outside the allowed skew of \(tolerance / 60_000) minutes from "
                        + "the simulator's time \(AWSDate(millisecondsSince1970: now).amzDate)."))
        }
        guard parsed.signedHeaders.contains("host") else {
            return .failure(Self.invalid("'Host' must be a signed header"))
        }

        let signer = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secret),
            service: service,
            region: region
        )
        let canonical = signer.canonicalRequest(
            method: method,
            path: path,
            query: query,
            headers: headers,
            payloadHash: SigV4Signer.payloadHash(of: body),
            signedHeaderNames: parsed.signedHeaders
        )
        let stringToSign = signer.stringToSign(canonicalRequest: canonical.text, date: date)
        let expected = signer.signature(stringToSign: stringToSign, signingKey: signer.signingKey(date: date))
        guard Self.constantTimeEqual(expected, parsed.signature) else {
            return .failure(
                Self.invalid(
                    "The request signature we calculated does not match the signature you provided. Check your AWS "
                        + "Secret Access Key and signing method. Consult the service documentation for details.\n\n"
                        + "The Canonical String for this request should have been\n'\(canonical.text)'\n\n"
                        + "The String-to-Sign should have been\n'\(stringToSign)'\n"))
        }
        return .success(Identity(accessKeyID: accessKeyID, region: region))
    }

    private static func invalid(_ message: String) -> DRSSimulatorReply {
        DRSSimulatorReply.error(403, "InvalidSignatureException", message)
    }

    /// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` (components in any order,
    /// separated by commas and optional spaces).
    static func parse(_ header: String) -> (credential: String, signedHeaders: [String], signature: String)? {
        let trimmed = header.drop { $0 == " " }
        guard trimmed.hasPrefix(SigV4Signer.algorithm + " ") else { return nil }
        var fields: [String: String] = [:]
        for component in trimmed.dropFirst(SigV4Signer.algorithm.count + 1).split(separator: ",") {
            let part = component.trimmingCharacters(in: .whitespaces)
            guard let equals = part.firstIndex(of: "=") else { return nil }
            fields[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"],
            let signature = fields["Signature"], !signature.isEmpty
        else { return nil }
        let names = signedHeaders.split(separator: ";").map { $0.lowercased() }
        guard !names.isEmpty else { return nil }
        return (credential, names, signature)
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
