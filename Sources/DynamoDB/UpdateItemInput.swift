/// An `UpdateItem` request: change attributes of one item (creating it if absent, unless the
/// condition forbids it).
package struct UpdateItemInput: Sendable, Equatable, Encodable {
    /// The table name (or ARN).
    package var tableName: String
    /// The full primary key.
    package var key: DynamoDBItem
    /// What to change, e.g. `SET #s = :s, version = version + :one REMOVE lockedBy`.
    package var updateExpression: String?
    /// The update happens only if this is true of the existing item, e.g. `version = :expected`.
    package var conditionExpression: String?
    /// Substitutes for `#name` placeholders in the expressions.
    package var expressionAttributeNames: [String: String]?
    /// Values for `:value` placeholders in the expressions.
    package var expressionAttributeValues: DynamoDBItem?
    /// Which attributes come back (e.g. `.allNew`); nothing by default.
    package var returnValues: ReturnValue?
    /// `.allOld` puts the existing item into the `conditionalCheckFailed` error.
    package var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

    /// A request from its parts.
    package init(
        tableName: String,
        key: DynamoDBItem,
        updateExpression: String?,
        conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: DynamoDBItem? = nil,
        returnValues: ReturnValue? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case key = "Key"
        case updateExpression = "UpdateExpression"
        case conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues"
        case returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
    }
}
