import AWSCore
import Foundation

/// Creates the DynamoDB tables `template.yaml` declares (the single source of table definitions)
/// in a local DynamoDB.
public struct TableProvisioner: Sendable {
    public let endpoint: String
    public let credentials: LocalCredentials
    public let region: String

    public init(endpoint: String, credentials: LocalCredentials, region: String) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.region = region
    }

    /// Creates every table of `template`; a table that already exists is left as it is.
    /// - Returns: the names of the tables created.
    /// - Throws: `EmulatorError(.serviceFailed)` naming the table DynamoDB refused.
    @discardableResult
    public func createTables(of template: SAMTemplate) throws -> [String] {
        let client = AWSClient(
            configuration: AWSConfiguration(
                environment: credentials.environment.merging([
                    "AWS_REGION": region, "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
                ]) { _, new in new }))
        var created: [String] = []
        for table in template.tables {
            let body = try Self.createTableInput(for: table)
            let headers = AWSHTTPHeaders([("X-Amz-Target", "DynamoDB_20120810.CreateTable")])
            do {
                _ = try client.send(AWSRequest(headers: headers, body: body.jsonBytes), to: .dynamoDB)
                created.append(table.tableName)
            } catch let error as AWSServiceError where error.rawCode == "ResourceInUseException" {
                continue
            } catch {
                throw EmulatorError(.serviceFailed, "cannot create table \(table.tableName): \(error)")
            }
        }
        return created
    }

    /// The `CreateTable` input for a template table: CloudFormation's properties where the two
    /// APIs agree, translated where they differ, and the CloudFormation-only ones left out.
    static func createTableInput(for table: SAMTable) throws -> JSONValue {
        guard let properties = table.properties.objectValue else {
            throw EmulatorError(.invalidConfiguration, "table \(table.logicalID) has no properties")
        }
        var input: [String: JSONValue] = ["TableName": .string(table.tableName)]
        if table.type == "AWS::Serverless::SimpleTable" {
            let key = properties["PrimaryKey"]?.objectValue
            let name = key?["Name"]?.stringValue ?? "id"
            let type = key?["Type"]?.stringValue == "Number" ? "N" : "S"
            input["AttributeDefinitions"] = .array([
                .object(["AttributeName": .string(name), "AttributeType": .string(type)])
            ])
            input["KeySchema"] = .array([.object(["AttributeName": .string(name), "KeyType": "HASH"])])
            input["BillingMode"] = properties["ProvisionedThroughput"] == nil ? "PAY_PER_REQUEST" : "PROVISIONED"
            if let throughput = properties["ProvisionedThroughput"] { input["ProvisionedThroughput"] = throughput }
            return .object(input)
        }
        for key in [
            "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "BillingMode",
            "ProvisionedThroughput", "TableClass", "DeletionProtectionEnabled",
        ] {
            if let value = properties[key] { input[key] = value }
        }
        if let stream = properties["StreamSpecification"]?.objectValue, let view = stream["StreamViewType"] {
            input["StreamSpecification"] = .object(["StreamEnabled": .bool(true), "StreamViewType": view])
        }
        if let sse = properties["SSESpecification"]?.objectValue, let enabled = sse["SSEEnabled"] {
            input["SSESpecification"] = .object(["Enabled": enabled])
        }
        return .object(input)
    }
}
