/// The keys to read from one table in `BatchGetItem`, and how.
package struct KeysAndAttributes: Sendable, Equatable, Codable {
    /// Full primary keys; any number (the client sends them 100 at a time).
    package var keys: [DynamoDBItem]
    /// Strongly consistent reads.
    package var consistentRead: Bool?
    /// The attributes to return; all when nil.
    package var projectionExpression: String?
    /// Substitutes for `#name` placeholders in the projection.
    package var expressionAttributeNames: [String: String]?

    /// Keys and options.
    package init(
        keys: [DynamoDBItem],
        consistentRead: Bool? = nil,
        projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil
    ) {
        self.keys = keys
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
    }

    enum CodingKeys: String, CodingKey {
        case keys = "Keys"
        case consistentRead = "ConsistentRead"
        case projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
    }
}
