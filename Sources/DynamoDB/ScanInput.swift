/// A `Scan` request: every item of a table or index, optionally filtered, optionally one segment of
/// a parallel scan.
package struct ScanInput: Sendable, Equatable, Encodable {
    /// The table name (or ARN).
    package var tableName: String
    /// A secondary index to scan instead of the table.
    package var indexName: String?
    /// Applied after reading: filtered-out items still count against `limit` and read capacity.
    package var filterExpression: String?
    /// The attributes to return; all when nil.
    package var projectionExpression: String?
    /// Substitutes for `#name` placeholders in the expressions.
    package var expressionAttributeNames: [String: String]?
    /// Values for `:value` placeholders in the expressions.
    package var expressionAttributeValues: DynamoDBItem?
    /// Items to evaluate per page (before the filter). For `scanAll` this is the page size, not a cap
    /// on the result.
    package var limit: Int?
    /// Where to resume: the previous page's `lastEvaluatedKey`.
    package var exclusiveStartKey: DynamoDBItem?
    /// This worker's segment (0-based) of a parallel scan; set with `totalSegments`.
    package var segment: Int?
    /// How many segments the parallel scan has.
    package var totalSegments: Int?
    /// Strongly consistent read (not on global secondary indexes).
    package var consistentRead: Bool?

    /// A request from its parts.
    package init(
        tableName: String,
        indexName: String? = nil,
        filterExpression: String? = nil,
        projectionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: DynamoDBItem? = nil,
        limit: Int? = nil,
        exclusiveStartKey: DynamoDBItem? = nil,
        segment: Int? = nil,
        totalSegments: Int? = nil,
        consistentRead: Bool? = nil
    ) {
        self.tableName = tableName
        self.indexName = indexName
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.segment = segment
        self.totalSegments = totalSegments
        self.consistentRead = consistentRead
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case indexName = "IndexName"
        case filterExpression = "FilterExpression"
        case projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues"
        case limit = "Limit"
        case exclusiveStartKey = "ExclusiveStartKey"
        case segment = "Segment"
        case totalSegments = "TotalSegments"
        case consistentRead = "ConsistentRead"
    }
}
