/// A `Query` request: the items of one partition (of the table or an index), optionally narrowed by
/// the sort key and filtered.
package struct QueryInput: Sendable, Equatable, Encodable {
    /// The table name (or ARN).
    package var tableName: String
    /// A global or local secondary index to query instead of the table.
    package var indexName: String?
    /// The partition key equality and optional sort key condition, e.g. `pk = :pk AND begins_with(sk, :p)`.
    package var keyConditionExpression: String
    /// Applied after reading: filtered-out items still count against `limit` and read capacity.
    package var filterExpression: String?
    /// The attributes to return; all when nil.
    package var projectionExpression: String?
    /// Substitutes for `#name` placeholders in the expressions.
    package var expressionAttributeNames: [String: String]?
    /// Values for `:value` placeholders in the expressions.
    package var expressionAttributeValues: DynamoDBItem?
    /// Sort key order: ascending when nil or true, descending when false.
    package var scanIndexForward: Bool?
    /// Items to evaluate per page (before the filter). For `queryAll` this is the page size, not a
    /// cap on the result.
    package var limit: Int?
    /// Where to resume: the previous page's `lastEvaluatedKey`.
    package var exclusiveStartKey: DynamoDBItem?
    /// Strongly consistent read (not on global secondary indexes).
    package var consistentRead: Bool?

    /// A request from its parts.
    package init(
        tableName: String,
        indexName: String? = nil,
        keyConditionExpression: String,
        filterExpression: String? = nil,
        projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: DynamoDBItem? = nil,
        scanIndexForward: Bool? = nil,
        limit: Int? = nil,
        exclusiveStartKey: DynamoDBItem? = nil,
        consistentRead: Bool? = nil
    ) {
        self.tableName = tableName
        self.indexName = indexName
        self.keyConditionExpression = keyConditionExpression
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.scanIndexForward = scanIndexForward
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.consistentRead = consistentRead
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case indexName = "IndexName"
        case keyConditionExpression = "KeyConditionExpression"
        case filterExpression = "FilterExpression"
        case projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues"
        case scanIndexForward = "ScanIndexForward"
        case limit = "Limit"
        case exclusiveStartKey = "ExclusiveStartKey"
        case consistentRead = "ConsistentRead"
    }
}
