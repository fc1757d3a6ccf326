import AWSCore
import Foundation
import Synchronization
import Testing

@Suite("AWSConfiguration: credentials and region")
struct AWSConfigurationTests {
    /// Files keyed by path, read through the injected reader; records which paths were read.
    final class FakeFiles: Sendable {
        let files: [String: String]
        private let readPaths = Mutex<[String]>([])

        init(_ files: [String: String]) {
            self.files = files
        }

        var reads: [String] { readPaths.withLock { $0 } }

        func read(_ path: String) -> String? {
            readPaths.withLock { $0.append(path) }
            return files[path]
        }
    }

    static let credentialsFile = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secretdefault

        [dev]
        aws_access_key_id=AKIDDEV
        aws_secret_access_key=secretdev
        aws_session_token = tokendev
        s3 =
          max_concurrent_requests = 20

        [split]
        aws_secret_access_key = secretsplit
        """

    static let configFile = """
        [default]
        region = us-east-1

        [profile dev]
        region = eu-west-2

        [profile split]
        aws_access_key_id = AKIDSPLIT
        region = ap-southeast-2

        [profile configonly]
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = secretconfig
        region = ca-central-1

        [profile assumed]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = default

        [profile half]
        aws_access_key_id = AKIDHALF
        """

    static let home = ["HOME": "/home/tester"]
    static func standardFiles() -> FakeFiles {
        FakeFiles([
            "/home/tester/.aws/credentials": credentialsFile,
            "/home/tester/.aws/config": configFile,
        ])
    }

    @Test("takes credentials and region from the environment without reading any file")
    func environment() throws {
        let files = Self.standardFiles()
        let configuration = AWSConfiguration(
            environment: Self.home.merging([
                "AWS_ACCESS_KEY_ID": "AKIDENV",
                "AWS_SECRET_ACCESS_KEY": "secretenv",
                "AWS_SESSION_TOKEN": "tokenenv",
                "AWS_REGION": "eu-central-1",
                "AWS_DEFAULT_REGION": "us-west-2",
            ]) { $1 },
            readFile: files.read
        )
        #expect(
            try configuration.resolvedCredentials()
                == AWSCredentials(accessKeyID: "AKIDENV", secretAccessKey: "secretenv", sessionToken: "tokenenv")
        )
        #expect(try configuration.resolvedRegion() == "eu-central-1")
        #expect(try configuration.resolvedRegion("ap-northeast-1") == "ap-northeast-1")
        #expect(files.reads.isEmpty)
    }

    @Test("falls back to AWS_DEFAULT_REGION and treats an empty session token as none")
    func defaultRegion() throws {
        let configuration = AWSConfiguration(
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secretenv", "AWS_SESSION_TOKEN": "",
                "AWS_DEFAULT_REGION": "us-west-2",
            ],
            readFile: { _ in nil }
        )
        #expect(try configuration.resolvedCredentials().sessionToken == nil)
        #expect(try configuration.resolvedRegion() == "us-west-2")
    }

    @Test("rejects half of an environment key pair instead of guessing")
    func partialEnvironment() {
        let configuration = AWSConfiguration(
            environment: Self.home.merging(["AWS_ACCESS_KEY_ID": "AKIDENV"]) { $1 },
            readFile: Self.standardFiles().read
        )
        #expect(throws: AWSConfigurationError.self) { try configuration.resolvedCredentials() }
        #expect(configuration.credentials.failureCode == .incompleteCredentials)
    }

    @Test("reads the default profile from ~/.aws/credentials and its region from ~/.aws/config")
    func defaultProfile() throws {
        let configuration = AWSConfiguration(environment: Self.home, readFile: Self.standardFiles().read)
        #expect(configuration.profile == "default")
        #expect(
            try configuration.resolvedCredentials()
                == AWSCredentials(accessKeyID: "AKIDDEFAULT", secretAccessKey: "secretdefault")
        )
        #expect(try configuration.resolvedRegion() == "us-east-1")
    }

    @Test(
        "reads the profile named by AWS_PROFILE, credentials file winning key by key over [profile x]",
        arguments: [
            ("dev", "AKIDDEV", "secretdev", "tokendev", "eu-west-2"),
            ("split", "AKIDSPLIT", "secretsplit", nil, "ap-southeast-2"),
            ("configonly", "AKIDCONFIG", "secretconfig", nil, "ca-central-1"),
        ] as [(String, String, String, String?, String)]
    )
    func namedProfile(profile: String, accessKey: String, secret: String, token: String?, region: String) throws {
        let configuration = AWSConfiguration(
            environment: Self.home.merging(["AWS_PROFILE": profile]) { $1 },
            readFile: Self.standardFiles().read
        )
        #expect(
            try configuration.resolvedCredentials()
                == AWSCredentials(accessKeyID: accessKey, secretAccessKey: secret, sessionToken: token)
        )
        #expect(try configuration.resolvedRegion() == region)
    }

    @Test("lets AWS_REGION beat the profile's region")
    func regionPrecedence() throws {
        let configuration = AWSConfiguration(
            environment: Self.home.merging(["AWS_PROFILE": "dev", "AWS_REGION": "sa-east-1"]) { $1 },
            readFile: Self.standardFiles().read
        )
        #expect(try configuration.resolvedRegion() == "sa-east-1")
    }

    @Test("honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE on disk")
    func explicitFilePaths() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("awscore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let credentialsPath = directory.appendingPathComponent("creds").path
        let configPath = directory.appendingPathComponent("conf").path
        try Self.credentialsFile.write(toFile: credentialsPath, atomically: true, encoding: .utf8)
        try Self.configFile.write(toFile: configPath, atomically: true, encoding: .utf8)

        let configuration = AWSConfiguration(environment: [
            "AWS_SHARED_CREDENTIALS_FILE": credentialsPath,
            "AWS_CONFIG_FILE": configPath,
            "AWS_PROFILE": "dev",
        ])
        #expect(try configuration.resolvedCredentials().accessKeyID == "AKIDDEV")
        #expect(try configuration.resolvedRegion() == "eu-west-2")
    }

    @Test("reports missing credentials as a typed error that says what to set")
    func missingCredentials() throws {
        let configuration = AWSConfiguration(environment: Self.home, readFile: { _ in nil })
        #expect(configuration.credentials.failureCode == .missingCredentials)
        let error = try #require(throws: AWSConfigurationError.self) {
            try configuration.resolvedCredentials()
        }
        #expect(error.code == .missingCredentials)
        #expect(error.message.contains("AWS_ACCESS_KEY_ID"))
        #expect(error.message.contains("/home/tester/.aws/credentials"))
        #expect(throws: AWSConfigurationError.self) { try configuration.resolvedRegion() }
    }

    @Test("reports an undefined profile, a role profile and half a key pair distinctly")
    func profileErrors() {
        func code(_ profile: String) -> AWSConfigurationError.Code? {
            AWSConfiguration(
                environment: Self.home.merging(["AWS_PROFILE": profile]) { $1 },
                readFile: Self.standardFiles().read
            ).credentials.failureCode
        }
        #expect(code("nope") == .profileNotFound)
        #expect(code("assumed") == .unsupportedCredentialSource)
        #expect(code("half") == .incompleteCredentials)
    }
}

extension Result where Failure == AWSConfigurationError {
    var failureCode: AWSConfigurationError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
