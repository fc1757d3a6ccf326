/// A `GetItem` request: one item by its full primary key.
package struct GetItemInput: Sendable, Equatable, Encodable {
    /// The table name (or ARN).
    package var tableName: String
    /// The full primary key (partition key, and sort key if the table has one).
    package var key: DynamoDBItem
    /// Read the latest committed write instead of an eventually consistent copy (costs twice as much).
    package var consistentRead: Bool?
    /// The attributes to return, e.g. `"#n, version"`; all when nil.
    package var projectionExpression: String?
    /// Substitutes for `#name` placeholders in the projection.
    package var expressionAttributeNames: [String: String]?

    /// A request from its parts.
    package init(
        tableName: String,
        key: DynamoDBItem,
        consistentRead: Bool? = nil,
        projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil
    ) {
        self.tableName = tableName
        self.key = key
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case key = "Key"
        case consistentRead = "ConsistentRead"
        case projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
    }
}
