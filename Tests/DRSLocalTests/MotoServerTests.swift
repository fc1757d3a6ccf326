import AWSCore
import DRSLocal
import Foundation
import Testing

/// moto as drs-local runs it: signature verification on, tables from template.yaml.
@Suite("Local DynamoDB", .serialized)
struct MotoServerTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv/bin/python").path

    func listTables(_ moto: MotoServer, credentials: LocalCredentials) throws -> [String] {
        let client = AWSClient(
            configuration: AWSConfiguration(
                environment: credentials.environment.merging([
                    "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB": moto.endpoint,
                ]) { _, new in new }))
        let response = try client.send(
            AWSRequest(
                headers: AWSHTTPHeaders([("X-Amz-Target", "DynamoDB_20120810.ListTables")]), body: Array("{}".utf8)),
            to: .dynamoDB)
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        return object?["TableNames"] as? [String] ?? []
    }

    @Test(
        "creates the template's tables in a moto that verifies every signature",
        .enabled(if: FileManager.default.isExecutableFile(atPath: python), "run `make deps` to create .venv"))
    func tablesAndVerification() async throws {
        let moto = MotoServer(python: Self.python, verifySignatures: true)
        try await moto.start(log: .discard)
        defer { moto.stop() }
        let template = try SAMTemplate(contentsOfFile: Self.root.appendingPathComponent("template.yaml").path)
        let created = try TableProvisioner(endpoint: moto.endpoint, credentials: moto.credentials, region: "us-east-1")
            .createTables(of: template)
        #expect(Set(created) == Set(template.tables.map(\.tableName)))
        #expect(created.count == 3)
        #expect(Set(try listTables(moto, credentials: moto.credentials)) == Set(created))
        // A second run leaves existing tables alone.
        #expect(
            try TableProvisioner(endpoint: moto.endpoint, credentials: moto.credentials, region: "us-east-1")
                .createTables(of: template).isEmpty)

        let forged = LocalCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        #expect(throws: AWSServiceError.self) { try listTables(moto, credentials: forged) }
        let unknown = LocalCredentials.fixed
        #expect(throws: AWSServiceError.self) { try listTables(moto, credentials: unknown) }
    }
}
