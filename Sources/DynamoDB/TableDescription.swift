/// What DynamoDB says about a table (`DescribeTable`, `CreateTable`, `DeleteTable`): the parts we use.
package struct TableDescription: Sendable, Equatable, Decodable {
    /// A secondary index's name, status and key schema.
    package struct IndexDescription: Sendable, Equatable, Decodable {
        /// The index name.
        package var indexName: String
        /// `CREATING`, `ACTIVE`, …; nil for local indexes, which are always active with their table.
        package var indexStatus: String?
        /// Partition key, and sort key if any.
        package var keySchema: [TableDefinition.KeySchemaElement]?

        enum CodingKeys: String, CodingKey {
            case indexName = "IndexName"
            case indexStatus = "IndexStatus"
            case keySchema = "KeySchema"
        }
    }

    /// The table name.
    package var tableName: String
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, …
    package var tableStatus: String?
    /// The table's ARN.
    package var tableARN: String?
    /// Partition key, and sort key if any.
    package var keySchema: [TableDefinition.KeySchemaElement]?
    /// Types of the key attributes.
    package var attributeDefinitions: [TableDefinition.AttributeDefinition]?
    /// Approximate item count (refreshed by DynamoDB about every six hours).
    package var itemCount: Int64?
    /// Global secondary indexes.
    package var globalSecondaryIndexes: [IndexDescription]?
    /// Local secondary indexes.
    package var localSecondaryIndexes: [IndexDescription]?

    /// Whether the table and all its global indexes are `ACTIVE`, i.e. ready for reads and writes.
    package var isActive: Bool {
        tableStatus == "ACTIVE"
            && (globalSecondaryIndexes ?? []).allSatisfy { ($0.indexStatus ?? "ACTIVE") == "ACTIVE" }
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case tableStatus = "TableStatus"
        case tableARN = "TableArn"
        case keySchema = "KeySchema"
        case attributeDefinitions = "AttributeDefinitions"
        case itemCount = "ItemCount"
        case globalSecondaryIndexes = "GlobalSecondaryIndexes"
        case localSecondaryIndexes = "LocalSecondaryIndexes"
    }
}
