import Primitives

/// AWS Signature Version 4 for request headers, as a pure value: credentials, service and region
/// in; method, path, query, headers, payload hash and date as parameters; no clock, no I/O.
///
/// Each step is a separate function named after the step of the AWS documentation, "Create a signed
/// AWS API request" (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
/// so a test (or a verifying server) can check any step on its own. Modelled on soto-core's
/// `SotoSignerV4.AWSSigner`.
package struct SigV4Signer: Sendable {
    /// Per-service variations of the algorithm.
    package struct Options: Sendable, Equatable {
        /// Remove `.` and `..` segments and collapse `//` in the canonical URI. Every service but S3
        /// wants this (the `normalize-path` test cases); S3 object keys may contain such segments.
        package var normalizesPath: Bool
        /// URI-encode the already percent-encoded request path once more for the canonical URI, as
        /// every service but S3 expects; when false the path is used as sent.
        package var doubleEncodesPath: Bool
        /// Add and sign `x-amz-content-sha256` with the payload hash (S3 and some others require it).
        package var addsContentSHA256Header: Bool
        /// Sign `X-Amz-Security-Token`; when false it is added after signing (a few services want
        /// that, see the `post-sts-header-after` test case).
        package var signsSessionToken: Bool

        /// Options for every service but S3 unless changed.
        package init(
            normalizesPath: Bool = true,
            doubleEncodesPath: Bool = true,
            addsContentSHA256Header: Bool = false,
            signsSessionToken: Bool = true
        ) {
            self.normalizesPath = normalizesPath
            self.doubleEncodesPath = doubleEncodesPath
            self.addsContentSHA256Header = addsContentSHA256Header
            self.signsSessionToken = signsSessionToken
        }
    }

    /// The canonical request text and the `SignedHeaders` list it commits to.
    package struct CanonicalRequest: Sendable, Equatable {
        /// The six lines joined by `\n`; hashed into the string to sign.
        package var text: String
        /// Lowercased header names joined with `;`, sorted.
        package var signedHeaders: String
    }

    /// The outcome of `sign`: the headers to send, and every intermediate step for tests and logs.
    package struct SignedRequest: Sendable {
        /// The input headers plus `X-Amz-Date`, `X-Amz-Security-Token` (when there is a session
        /// token), `x-amz-content-sha256` (when the options ask) and `Authorization`.
        package var headers: AWSHTTPHeaders
        /// Step 1's output.
        package var canonicalRequest: CanonicalRequest
        /// Step 2's output.
        package var stringToSign: String
        /// Lowercase hex.
        package var signature: String
        /// The `Authorization` header value.
        package var authorization: String
    }

    /// The algorithm name that opens the string to sign and the `Authorization` header.
    package static let algorithm = "AWS4-HMAC-SHA256"
    /// SHA-256 of the empty payload, in hex.
    package static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Headers never signed when the signer picks the headers itself: added or rewritten by
    /// proxies and HTTP stacks on the way (the same list botocore keeps).
    static let unsignedHeaders: Set<String> = [
        "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding", "connection",
    ]

    /// Whose key signs; a session token here is sent as `X-Amz-Security-Token`.
    package var credentials: AWSCredentials
    /// The signing name of the service, e.g. `dynamodb`, `drs`.
    package var service: String
    /// The region of the credential scope, e.g. `us-east-1`.
    package var region: String
    /// Per-service variations.
    package var options: Options

    /// A signer for `service` in `region` with `credentials`.
    package init(credentials: AWSCredentials, service: String, region: String, options: Options = Options()) {
        self.credentials = credentials
        self.service = service
        self.region = region
        self.options = options
    }

    /// Signs a request: returns its headers with the SigV4 headers added.
    ///
    /// - Parameters:
    ///   - method: the HTTP method, e.g. `POST`.
    ///   - path: the request path exactly as sent (percent-encoded), e.g. `/`.
    ///   - query: the query exactly as sent, without `?`; nil or empty for none.
    ///   - headers: the headers to send; must include `Host`. Every header except the few in
    ///     `unsignedHeaders` is signed, so add none after signing.
    ///   - payloadHash: lowercase hex SHA-256 of the body (`payloadHash(of:)`).
    ///   - date: the signing time; `X-Amz-Date` is set from it.
    package func sign(
        method: String,
        path: String,
        query: String?,
        headers: AWSHTTPHeaders,
        payloadHash: String,
        date: AWSDate
    ) -> SignedRequest {
        var headers = headers
        headers.replaceOrAdd("X-Amz-Date", date.amzDate)
        if options.addsContentSHA256Header {
            headers.replaceOrAdd("x-amz-content-sha256", payloadHash)
        }
        let token = credentials.sessionToken.flatMap { $0.isEmpty ? nil : $0 }
        if let token {
            if options.signsSessionToken {
                headers.replaceOrAdd("X-Amz-Security-Token", token)
            } else {
                headers.remove("X-Amz-Security-Token")
            }
        }
        headers.remove("Authorization")

        let canonical = canonicalRequest(
            method: method,
            path: path,
            query: query,
            headers: headers,
            payloadHash: payloadHash
        )
        let stringToSign = stringToSign(canonicalRequest: canonical.text, date: date)
        let signature = signature(stringToSign: stringToSign, signingKey: signingKey(date: date))
        let authorization = authorization(signedHeaders: canonical.signedHeaders, signature: signature, date: date)

        if let token, !options.signsSessionToken {
            headers.add("X-Amz-Security-Token", token)
        }
        headers.add("Authorization", authorization)
        return SignedRequest(
            headers: headers,
            canonicalRequest: canonical,
            stringToSign: stringToSign,
            signature: signature,
            authorization: authorization
        )
    }

    /// Step 1, "Create a canonical request":
    /// `method \n canonical URI \n canonical query \n canonical headers \n signed headers \n payload hash`.
    ///
    /// - Parameter signedHeaderNames: sign exactly these headers (names in any case), as a server
    ///   verifying a request's `SignedHeaders` does; nil signs every header but `unsignedHeaders`.
    package func canonicalRequest(
        method: String,
        path: String,
        query: String?,
        headers: AWSHTTPHeaders,
        payloadHash: String,
        signedHeaderNames: [String]? = nil
    ) -> CanonicalRequest {
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(headers, only: signedHeaderNames)
        let text = [
            method,
            canonicalURI(path: path),
            Self.canonicalQuery(query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        return CanonicalRequest(text: text, signedHeaders: signedHeaders)
    }

    /// The canonical URI: the path, normalized unless `options.normalizesPath` is false, then
    /// URI-encoded (each byte but unreserved ones and `/`) unless `options.doubleEncodesPath` is false.
    package func canonicalURI(path: String) -> String {
        var path = path.isEmpty ? "/" : path
        if options.normalizesPath {
            path = Self.normalizedPath(path)
        }
        return options.doubleEncodesPath ? URIEncoding.encode(path, keepingSlash: true) : path
    }

    /// Step 2, "Create a hash of the canonical request" and "Create a string to sign":
    /// `AWS4-HMAC-SHA256 \n X-Amz-Date \n credential scope \n hex(SHA-256(canonical request))`.
    package func stringToSign(canonicalRequest: String, date: AWSDate) -> String {
        [
            Self.algorithm,
            date.amzDate,
            credentialScope(date: date),
            Digest.hex(Digest.sha256(canonicalRequest)),
        ].joined(separator: "\n")
    }

    /// `YYYYMMDD/region/service/aws4_request`.
    package func credentialScope(date: AWSDate) -> String {
        "\(date.dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// Step 3, "Derive a signing key": HMAC chain over date, region, service and `aws4_request`,
    /// keyed first by `"AWS4" + secret access key`.
    package func signingKey(date: AWSDate) -> [UInt8] {
        let dateKey = Digest.hmacSHA256(key: Array("AWS4\(credentials.secretAccessKey)".utf8), date.dateStamp)
        let regionKey = Digest.hmacSHA256(key: dateKey, region)
        let serviceKey = Digest.hmacSHA256(key: regionKey, service)
        return Digest.hmacSHA256(key: serviceKey, "aws4_request")
    }

    /// Step 4, "Calculate the signature": lowercase hex HMAC-SHA256 of the string to sign.
    package func signature(stringToSign: String, signingKey: [UInt8]) -> String {
        Digest.hex(Digest.hmacSHA256(key: signingKey, stringToSign))
    }

    /// Step 5, "Add the signature to the request": the `Authorization` header value.
    package func authorization(signedHeaders: String, signature: String, date: AWSDate) -> String {
        "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(credentialScope(date: date)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    /// Lowercase hex SHA-256 of a request body.
    package static func payloadHash(of body: [UInt8]) -> String {
        body.isEmpty ? emptyPayloadHash : Digest.hex(Digest.sha256(body))
    }

    /// Removes `.` and `..` segments and empty segments (`//`); keeps a trailing slash. The result
    /// starts with `/`. (The normalization the `normalize-path` test cases and botocore apply.)
    package static func normalizedPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/"), result != "/" {
            result += "/"
        }
        return result
    }

    /// The canonical query: each name and value percent-decoded then RFC 3986-encoded, pairs sorted
    /// by encoded name then value (byte order), joined as `name=value` with `&`.
    package static func canonicalQuery(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        var pairs: [(name: String, value: String)] = []
        for component in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = component.firstIndex(of: "=") {
                name = component[..<equals]
                value = component[component.index(after: equals)...]
            } else {
                name = component
                value = ""
            }
            pairs.append(
                (
                    URIEncoding.encode(bytes: URIEncoding.decode(name)),
                    URIEncoding.encode(bytes: URIEncoding.decode(value))
                )
            )
        }
        pairs.sort { lhs, rhs in
            if lhs.name != rhs.name {
                return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// Canonical header lines (`name:value\n` each, names lowercased and sorted, values trimmed with
    /// inner whitespace runs collapsed, repeated names joined with `,` in order) and the signed
    /// header list.
    static func canonicalHeaders(
        _ headers: AWSHTTPHeaders,
        only names: [String]?
    ) -> (canonical: String, signed: String) {
        let wanted = names.map { Set($0.map { $0.lowercased() }) }
        var values: [String: [String]] = [:]
        var order: [String] = []
        for field in headers {
            let name = field.name.trimmingASCIIWhitespace().lowercased()
            if let wanted {
                guard wanted.contains(name) else { continue }
            } else if unsignedHeaders.contains(name) {
                continue
            }
            if values[name] == nil {
                order.append(name)
            }
            values[name, default: []].append(collapsedValue(field.value))
        }
        order.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var canonical = ""
        for name in order {
            canonical += name + ":" + (values[name] ?? []).joined(separator: ",") + "\n"
        }
        return (canonical, order.joined(separator: ";"))
    }

    /// Trims the value and collapses each run of spaces, tabs or line breaks into one space.
    static func collapsedValue(_ value: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
            {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace {
                    out.append(UInt8(ascii: " "))
                    pendingSpace = false
                }
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
