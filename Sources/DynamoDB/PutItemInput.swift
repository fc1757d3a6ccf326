/// A `PutItem` request: create or replace one item, optionally only if a condition holds.
package struct PutItemInput: Sendable, Equatable, Encodable {
    /// The table name (or ARN).
    package var tableName: String
    /// The whole item, primary key included.
    package var item: DynamoDBItem
    /// The write happens only if this is true of the existing item, e.g. `attribute_not_exists(pk)`.
    package var conditionExpression: String?
    /// Substitutes for `#name` placeholders in the condition.
    package var expressionAttributeNames: [String: String]?
    /// Values for `:value` placeholders in the condition.
    package var expressionAttributeValues: DynamoDBItem?
    /// `.allOld` returns the replaced item; nothing by default.
    package var returnValues: ReturnValue?
    /// `.allOld` puts the existing item into the `conditionalCheckFailed` error.
    package var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

    /// A request from its parts.
    package init(
        tableName: String,
        item: DynamoDBItem,
        conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: DynamoDBItem? = nil,
        returnValues: ReturnValue? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) {
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case item = "Item"
        case conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues"
        case returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
    }
}
