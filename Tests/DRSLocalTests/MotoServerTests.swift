import AWSCore
import DRSLocal
import DynamoDB
import Foundation
import TestSupport
import Testing

/// moto as drs-local runs it: signature verification on, tables from template.yaml.
@Suite("Local DynamoDB", .tags(.process, .network))
struct MotoServerTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".venv/bin/python").path

    func tableNames(_ moto: MotoServer, secret: String? = nil, keyID: String? = nil) throws -> [String] {
        var environment = moto.clientEnvironment.merging(["AWS_REGION": "us-east-1"]) { $1 }
        if let secret { environment["AWS_SECRET_ACCESS_KEY"] = secret }
        if let keyID { environment["AWS_ACCESS_KEY_ID"] = keyID }
        return try DynamoDBClient(aws: AWSClient(configuration: AWSConfiguration(environment: environment)))
            .listTableNames()
    }

    @Test("creates the template's tables in a moto that verifies every signature")
    func tablesAndVerification() throws {
        let moto = try MotoServer(python: Self.python, verifySignatures: true)
        defer { moto.stop() }
        let template = try SAMTemplate(contentsOfFile: Self.root.appendingPathComponent("template.yaml").path)
        let provisioner = TableProvisioner(
            environment: moto.clientEnvironment.merging(["AWS_REGION": "us-east-1"]) { $1 })
        let created = try provisioner.createTables(of: template)
        #expect(Set(created) == Set(template.tables.map(\.tableName)))
        #expect(created.count == 3)
        #expect(Set(try tableNames(moto)) == Set(created))
        #expect(try provisioner.createTables(of: template).isEmpty, "a second run leaves existing tables alone")

        #expect(throws: (any Error).self, "a wrong secret is refused") {
            try tableNames(moto, secret: "not-the-secret")
        }
        #expect(throws: (any Error).self, "an unknown key is refused") {
            try tableNames(moto, secret: "whatever", keyID: "AKIDUNKNOWN")
        }
    }

    @Test("refuses an interpreter without moto, saying what to run")
    func missingMoto() {
        #expect(throws: EmulatorError.self) { try MotoServer(python: "/nonexistent/python") }
    }
}
