import DRSLocal
import Foundation
import TestSupport
import Testing

/// The template's user pool in moto, as drs-local makes it at start.
@Suite("Local Cognito", .tags(.process, .network))
struct LocalCognitoTests {
    static func pool() throws -> (MotoServer, LocalCognito) {
        let moto = try MotoServer(python: MotoServerTests.python, verifySignatures: true)
        let template = try SAMTemplate(
            contentsOfFile: MotoServerTests.root.appendingPathComponent("template.yaml").path)
        do {
            let cognito = try LocalCognito.create(
                endpoint: moto.endpoint, credentials: moto.credentials, region: "us-east-1",
                definition: .from(template: template))
            return (moto, cognito)
        } catch {
            moto.stop()
            throw error
        }
    }

    @Test("the pool and app client get the same ids on every start")
    func reproducibleIDs() throws {
        let (first, a) = try Self.pool()
        first.stop()
        let (second, b) = try Self.pool()
        defer { second.stop() }
        #expect(a.userPoolID == b.userPoolID)
        #expect(a.clientID == b.clientID)
        #expect(a.userPoolID.hasPrefix("us-east-1_"))
        #expect(a.endpoint != b.endpoint)
    }

    @Test("writes an environment file a shell sources to reach the pool")
    func environmentFile() throws {
        let (moto, cognito) = try Self.pool()
        defer { moto.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cognito-env-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/cognito.env").path
        try cognito.writeEnvironmentFile(to: path)

        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = [
            "-c",
            #"set -eu; source "$1"; printf '%s\n' "$COGNITO_USER_POOL_ID" "$COGNITO_CLIENT_ID" "#
                + #""$AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER" "$AWS_DEFAULT_REGION""#,
            "bash", path,
        ]
        let output = Pipe()
        shell.standardOutput = output
        try shell.run()
        shell.waitUntilExit()
        let lines = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(shell.terminationStatus == 0)
        #expect(lines == [cognito.userPoolID, cognito.clientID, moto.endpoint, "us-east-1"])
    }
}
