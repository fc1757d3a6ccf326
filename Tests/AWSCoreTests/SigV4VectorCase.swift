import AWSCore
import Foundation
import Testing

/// One case of the SigV4 test suite on disk, found by walking a vectors folder.
///
/// Two layouts are recognised anywhere below the root:
/// * classic (botocore's `aws4_testsuite`): `<case>/<case>.req` with `.creq`, `.sts`, `.authz`
///   expected, and optionally a `context.json`;
/// * aws-c-auth: `<case>/request.txt` + `context.json` with `header-canonical-request.txt`,
///   `header-string-to-sign.txt`, `header-signature.txt`, `header-signed-request.txt` expected.
struct SigV4VectorCase: Sendable, CustomTestStringConvertible {
    enum Layout: Sendable {
        case classic
        case awsC
    }

    /// Where it came from and its folder relative to the root: `suite:get-vanilla`,
    /// `suite:aws-c-auth-v4/get-vanilla`, `SIGV4_VECTORS:my-case`.
    var name: String
    var directory: String
    var layout: Layout

    var testDescription: String { name }

    /// The suite shipped with the repository (AWS's vectors, Apache-2.0, with their `LICENSE` and
    /// `NOTICE`): `Tests/Fixtures/sigv4` from the package root.
    static let bundledRoot: String = {
        // <root>/Tests/AWSCoreTests/<this file> → <root>/Tests/Fixtures/sigv4
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("Tests/Fixtures/sigv4").standardizedFileURL.path
    }()

    /// The folder named by `SIGV4_VECTORS`, when set.
    static var extraRoot: String? {
        ProcessInfo.processInfo.environment["SIGV4_VECTORS"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func bundledCases() -> [SigV4VectorCase] {
        discover(in: bundledRoot, label: "suite")
    }

    static func extraCases() -> [SigV4VectorCase] {
        extraRoot.map { discover(in: $0, label: "SIGV4_VECTORS") } ?? []
    }

    /// Every case of the bundled suite and of `SIGV4_VECTORS`.
    static func all() -> [SigV4VectorCase] {
        bundledCases() + extraCases()
    }

    /// Walks `root` and returns every case folder in either layout, sorted by name.
    static func discover(in root: String, label: String) -> [SigV4VectorCase] {
        let files = FileManager.default
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        var found: [SigV4VectorCase] = []
        var pending = [rootURL]
        while let directory = pending.popLast() {
            guard let entries = try? files.contentsOfDirectory(atPath: directory.path) else { continue }
            let caseName = directory.lastPathComponent
            let relative = String(directory.path.dropFirst(rootURL.path.count).drop { $0 == "/" })
            let displayName = "\(label):" + (relative.isEmpty ? caseName : relative)
            if entries.contains("\(caseName).req") {
                found.append(SigV4VectorCase(name: displayName, directory: directory.path, layout: .classic))
            } else if entries.contains("request.txt"), entries.contains("context.json") {
                found.append(SigV4VectorCase(name: displayName, directory: directory.path, layout: .awsC))
            }
            for entry in entries where !entry.hasPrefix(".") {
                var isDirectory: ObjCBool = false
                let child = directory.appendingPathComponent(entry)
                if files.fileExists(atPath: child.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    pending.append(child)
                }
            }
        }
        return found.sorted { $0.name < $1.name }
    }
}

/// A case read from disk: the signer's inputs and the expected outputs.
struct LoadedVector {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var accessKeyID: String
            var secretAccessKey: String
            var token: String?

            enum CodingKeys: String, CodingKey {
                case accessKeyID = "access_key_id"
                case secretAccessKey = "secret_access_key"
                case token
            }
        }

        var credentials: Credentials?
        var region: String?
        var service: String?
        var timestamp: String?
        var normalize: Bool?
        var signBody: Bool?
        var omitSessionToken: Bool?

        enum CodingKeys: String, CodingKey {
            case credentials, region, service, timestamp, normalize
            case signBody = "sign_body"
            case omitSessionToken = "omit_session_token"
        }
    }

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    /// The suite's documented constants, for classic cases without a `context.json`.
    static let defaultCredentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let defaultDate = "20150830T123600Z"

    var request: RawHTTPRequest
    var signer: SigV4Signer
    var date: AWSDate
    var expectedCanonicalRequest: String
    var expectedStringToSign: String
    var expectedAuthorization: String
    /// aws-c-auth cases only: the expected signature and the full signed request.
    var expectedSignature: String?
    var expectedSignedRequest: RawHTTPRequest?

    init(_ vector: SigV4VectorCase) throws {
        let directory = URL(fileURLWithPath: vector.directory)
        func bytes(_ file: String) throws -> [UInt8] {
            let url = directory.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw LoadError(description: "missing \(url.path)")
            }
            return Array(data)
        }
        func text(_ file: String) throws -> String {
            var value = String(decoding: try bytes(file), as: UTF8.self)
            // The suite's files mostly lack a final newline; tolerate one (the signer's outputs never end in one).
            while value.hasSuffix("\n") || value.hasSuffix("\r") {
                value.removeLast()
            }
            return value
        }
        let contextPath = directory.appendingPathComponent("context.json").path
        let context = try FileManager.default.contents(atPath: contextPath).map {
            try JSONDecoder().decode(Context.self, from: $0)
        }

        switch vector.layout {
        case .classic:
            let name = directory.lastPathComponent
            request = try RawHTTPRequest(parsing: try bytes("\(name).req"))
            expectedCanonicalRequest = try text("\(name).creq")
            expectedStringToSign = try text("\(name).sts")
            expectedAuthorization = try text("\(name).authz")
        case .awsC:
            request = try RawHTTPRequest(parsing: try bytes("request.txt"))
            expectedCanonicalRequest = try text("header-canonical-request.txt")
            expectedStringToSign = try text("header-string-to-sign.txt")
            expectedSignature = try text("header-signature.txt")
            let signed = try RawHTTPRequest(parsing: try bytes("header-signed-request.txt"))
            expectedSignedRequest = signed
            guard let authorization = signed.headers["Authorization"] else {
                throw LoadError(description: "header-signed-request.txt has no Authorization header")
            }
            expectedAuthorization = authorization.trimmed()
        }

        var credentials = Self.defaultCredentials
        if let given = context?.credentials {
            credentials = AWSCredentials(
                accessKeyID: given.accessKeyID,
                secretAccessKey: given.secretAccessKey,
                sessionToken: given.token
            )
        } else if let token = Self.securityToken(inCanonicalRequest: expectedCanonicalRequest) {
            // The classic files carry the session token only in the .creq; botocore's runner reads it
            // from there, and so do we.
            credentials.sessionToken = token
        }

        // Without a context.json the suite's constants apply. The credential scope is an input, not a
        // result: should an extra case be made for another region or service without a context.json,
        // its .sts names them (line 3), and so does its time (line 2) when the .req has no X-Amz-Date.
        let stsLines = expectedStringToSign.split(separator: "\n", omittingEmptySubsequences: false)
        let scope = stsLines.count > 2 ? stsLines[2].split(separator: "/").map(String.init) : []
        let scopeRegion = scope.count == 4 ? scope[1] : nil
        let scopeService = scope.count == 4 ? scope[2] : nil
        let dateText =
            context?.timestamp ?? request.headers["X-Amz-Date"]?.trimmed()
            ?? (stsLines.count > 1 ? String(stsLines[1]) : Self.defaultDate)
        guard let date = AWSDate(iso8601: dateText) ?? AWSDate(amzDate: dateText) else {
            throw LoadError(description: "unreadable signing time '\(dateText)'")
        }
        self.date = date
        signer = SigV4Signer(
            credentials: credentials,
            service: context?.service ?? scopeService ?? "service",
            region: context?.region ?? scopeRegion ?? "us-east-1",
            options: SigV4Signer.Options(
                normalizesPath: context?.normalize ?? true,
                doubleEncodesPath: true,
                addsContentSHA256Header: context?.signBody ?? false,
                signsSessionToken: !(context?.omitSessionToken ?? false)
            )
        )
    }

    static func securityToken(inCanonicalRequest text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("x-amz-security-token:") }
            .map { String($0.dropFirst("x-amz-security-token:".count)) }
    }
}
