/// A `DeleteItem` request: remove one item, optionally only if a condition holds. Deleting an item
/// that does not exist succeeds (unless the condition fails).
package struct DeleteItemInput: Sendable, Equatable, Encodable {
    /// The table name (or ARN).
    package var tableName: String
    /// The full primary key.
    package var key: DynamoDBItem
    /// The delete happens only if this is true of the existing item.
    package var conditionExpression: String?
    /// Substitutes for `#name` placeholders in the condition.
    package var expressionAttributeNames: [String: String]?
    /// Values for `:value` placeholders in the condition.
    package var expressionAttributeValues: DynamoDBItem?
    /// `.allOld` returns the deleted item; nothing by default.
    package var returnValues: ReturnValue?
    /// `.allOld` puts the existing item into the `conditionalCheckFailed` error.
    package var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

    /// A request from its parts.
    package init(
        tableName: String,
        key: DynamoDBItem,
        conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: DynamoDBItem? = nil,
        returnValues: ReturnValue? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case key = "Key"
        case conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues"
        case returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
    }
}
