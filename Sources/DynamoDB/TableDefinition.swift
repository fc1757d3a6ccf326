/// What `createTable` creates: name, key schema, attribute types, indexes and billing.
///
/// Property names match both the `CreateTable` API and CloudFormation's `AWS::DynamoDB::Table`
/// properties, so a table declared in `template.yaml` decodes straight into a definition (unknown
/// properties such as `TimeToLiveSpecification` are ignored).
package struct TableDefinition: Sendable, Equatable, Codable {
    /// The type of a key attribute.
    package enum AttributeType: String, Sendable, Codable {
        case string = "S"
        case number = "N"
        case binary = "B"
    }

    /// A key attribute's name and type (only key attributes of the table and its indexes are declared).
    package struct AttributeDefinition: Sendable, Equatable, Codable {
        /// The attribute's name.
        package var attributeName: String
        /// Its type.
        package var attributeType: AttributeType

        /// A definition from its parts.
        package init(_ attributeName: String, _ attributeType: AttributeType) {
            self.attributeName = attributeName
            self.attributeType = attributeType
        }

        enum CodingKeys: String, CodingKey {
            case attributeName = "AttributeName"
            case attributeType = "AttributeType"
        }
    }

    /// Whether a key attribute is the partition (`HASH`) or sort (`RANGE`) key.
    package enum KeyType: String, Sendable, Codable {
        case hash = "HASH"
        case range = "RANGE"
    }

    /// One element of a key schema.
    package struct KeySchemaElement: Sendable, Equatable, Codable {
        /// The attribute's name.
        package var attributeName: String
        /// Partition or sort key.
        package var keyType: KeyType

        /// An element from its parts.
        package init(_ attributeName: String, _ keyType: KeyType) {
            self.attributeName = attributeName
            self.keyType = keyType
        }

        enum CodingKeys: String, CodingKey {
            case attributeName = "AttributeName"
            case keyType = "KeyType"
        }
    }

    /// Which attributes an index copies.
    package enum ProjectionType: String, Sendable, Codable {
        case all = "ALL"
        case keysOnly = "KEYS_ONLY"
        case include = "INCLUDE"
    }

    /// An index's projection.
    package struct Projection: Sendable, Equatable, Codable {
        /// All attributes, keys only, or keys plus `nonKeyAttributes`.
        package var projectionType: ProjectionType?
        /// The extra attributes of an `INCLUDE` projection.
        package var nonKeyAttributes: [String]?

        /// A projection from its parts.
        package init(_ projectionType: ProjectionType?, nonKeyAttributes: [String]? = nil) {
            self.projectionType = projectionType
            self.nonKeyAttributes = nonKeyAttributes
        }

        enum CodingKeys: String, CodingKey {
            case projectionType = "ProjectionType"
            case nonKeyAttributes = "NonKeyAttributes"
        }
    }

    /// Capacity of a provisioned table or index.
    package struct ProvisionedThroughput: Sendable, Equatable, Codable {
        /// Read capacity units.
        package var readCapacityUnits: Int64
        /// Write capacity units.
        package var writeCapacityUnits: Int64

        /// Capacity from its parts.
        package init(readCapacityUnits: Int64, writeCapacityUnits: Int64) {
            self.readCapacityUnits = readCapacityUnits
            self.writeCapacityUnits = writeCapacityUnits
        }

        enum CodingKeys: String, CodingKey {
            case readCapacityUnits = "ReadCapacityUnits"
            case writeCapacityUnits = "WriteCapacityUnits"
        }
    }

    /// A global or local secondary index.
    package struct SecondaryIndex: Sendable, Equatable, Codable {
        /// The index name, unique per table.
        package var indexName: String
        /// Partition key, and sort key if any.
        package var keySchema: [KeySchemaElement]
        /// Which attributes the index holds.
        package var projection: Projection
        /// Capacity of a global index on a provisioned table; nil otherwise.
        package var provisionedThroughput: ProvisionedThroughput?

        /// An index from its parts.
        package init(
            indexName: String,
            keySchema: [KeySchemaElement],
            projection: Projection = Projection(.all),
            provisionedThroughput: ProvisionedThroughput? = nil
        ) {
            self.indexName = indexName
            self.keySchema = keySchema
            self.projection = projection
            self.provisionedThroughput = provisionedThroughput
        }

        enum CodingKeys: String, CodingKey {
            case indexName = "IndexName"
            case keySchema = "KeySchema"
            case projection = "Projection"
            case provisionedThroughput = "ProvisionedThroughput"
        }
    }

    /// How capacity is paid for.
    package enum BillingMode: String, Sendable, Codable {
        case provisioned = "PROVISIONED"
        case payPerRequest = "PAY_PER_REQUEST"
    }

    /// The table name.
    package var tableName: String
    /// Types of every key attribute of the table and its indexes.
    package var attributeDefinitions: [AttributeDefinition]
    /// Partition key, and sort key if any.
    package var keySchema: [KeySchemaElement]
    /// Global secondary indexes.
    package var globalSecondaryIndexes: [SecondaryIndex]?
    /// Local secondary indexes.
    package var localSecondaryIndexes: [SecondaryIndex]?
    /// Billing; `createTable` uses pay-per-request when neither this nor `provisionedThroughput` is set.
    package var billingMode: BillingMode?
    /// Capacity of a provisioned table.
    package var provisionedThroughput: ProvisionedThroughput?

    /// A definition from its parts.
    package init(
        tableName: String,
        attributeDefinitions: [AttributeDefinition],
        keySchema: [KeySchemaElement],
        globalSecondaryIndexes: [SecondaryIndex]? = nil,
        localSecondaryIndexes: [SecondaryIndex]? = nil,
        billingMode: BillingMode? = nil,
        provisionedThroughput: ProvisionedThroughput? = nil
    ) {
        self.tableName = tableName
        self.attributeDefinitions = attributeDefinitions
        self.keySchema = keySchema
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.localSecondaryIndexes = localSecondaryIndexes
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case attributeDefinitions = "AttributeDefinitions"
        case keySchema = "KeySchema"
        case globalSecondaryIndexes = "GlobalSecondaryIndexes"
        case localSecondaryIndexes = "LocalSecondaryIndexes"
        case billingMode = "BillingMode"
        case provisionedThroughput = "ProvisionedThroughput"
    }
}
