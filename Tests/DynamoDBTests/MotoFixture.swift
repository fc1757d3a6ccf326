import AWSCore
import DRSLocal
import DynamoDB
import Foundation
import Testing

/// The suite's moto: drs-local's `MotoServer` (moto 5.2.5 from the project's `.venv`, on a free
/// loopback port, verifying every signature with a key made in moto's IAM), and the clients the
/// tests sign with.
final class MotoFixture: Sendable {
    static let region = "us-east-1"
    static let python = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".venv/bin/python").path

    /// The server of the running suite (set by `MotoTrait`).
    @TaskLocal static var current: MotoFixture?

    let server: MotoServer
    let transport = CurlTransport()

    init() throws {
        server = try MotoServer(python: Self.python, verifySignatures: true)
    }

    /// The environment a process would get to talk to this moto as the test user.
    func environment(secretAccessKey secret: String? = nil) -> [String: String] {
        var environment = server.clientEnvironment
        environment["AWS_REGION"] = Self.region
        if let secret { environment["AWS_SECRET_ACCESS_KEY"] = secret }
        return environment
    }

    /// A DynamoDB client signing as the test user (or with another secret, to prove moto checks).
    func dynamoDB(secretAccessKey secret: String? = nil, transport: (any HTTPTransport)? = nil) -> DynamoDBClient {
        DynamoDBClient(
            aws: AWSClient(
                configuration: AWSConfiguration(
                    environment: environment(secretAccessKey: secret), readFile: { _ in nil }),
                transport: transport ?? self.transport))
    }
}

struct MotoTrait: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let fixture = try MotoFixture()
        defer { fixture.server.stop() }
        try await MotoFixture.$current.withValue(fixture) {
            try await function()
        }
    }
}

extension Trait where Self == MotoTrait {
    static var moto: Self { MotoTrait() }
}
