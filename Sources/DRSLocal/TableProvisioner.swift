import AWSCore
import DynamoDB
import Foundation
import JSONCore

/// Creates the DynamoDB tables `template.yaml` declares (the single source of table definitions)
/// in a local DynamoDB.
package struct TableProvisioner: Sendable {
    private let client: DynamoDBClient

    /// - Parameter environment: credentials, region and `AWS_ENDPOINT_URL_DYNAMODB` of the target
    ///   (e.g. `MotoServer.clientEnvironment` plus `AWS_REGION`).
    package init(environment: [String: String]) {
        client = DynamoDBClient(
            aws: AWSClient(configuration: AWSConfiguration(environment: environment, readFile: { _ in nil })))
    }

    /// Creates every table of `template`; a table that already exists is left as it is.
    /// - Returns: the names of the tables created.
    /// - Throws: `EmulatorError(.serviceFailed)` naming the table DynamoDB refused.
    @discardableResult
    package func createTables(of template: SAMTemplate) throws -> [String] {
        var created: [String] = []
        for table in template.tables {
            do {
                // CloudFormation's table properties and CreateTable's input share their names.
                var definition = try JSONDecoder().decode(TableDefinition.self, from: Data(table.properties.jsonBytes))
                definition.tableName = table.tableName
                _ = try client.createTable(definition)
                created.append(table.tableName)
            } catch let error as DynamoDBError where error.code == .resourceInUse {
                continue
            } catch {
                throw EmulatorError(.serviceFailed, "cannot create table \(table.tableName): \(error)")
            }
        }
        return created
    }
}
