/// One action of a `TransactWriteItems` call: a put, update, delete or condition check. Build one
/// with `.put(…)`, `.update(…)`, `.delete(…)` or `.conditionCheck(…)`.
///
/// If any item's condition fails, nothing is written and the call throws a `DynamoDBError` with
/// code `.transactionCanceled` whose `cancellationReasons` line up with the items.
package struct TransactWriteItem: Sendable, Equatable, Encodable {
    /// The kind of action, named as on the wire.
    package enum Action: String, Sendable, Equatable, CodingKey {
        case put = "Put"
        case update = "Update"
        case delete = "Delete"
        case conditionCheck = "ConditionCheck"
    }

    /// What this item does.
    package private(set) var action: Action
    /// The table name (or ARN).
    package private(set) var tableName: String
    /// The whole item, for `.put`.
    package private(set) var item: DynamoDBItem?
    /// The primary key, for the other actions.
    package private(set) var key: DynamoDBItem?
    /// The update, for `.update`.
    package private(set) var updateExpression: String?
    /// Must hold for the transaction to go through (required for `.conditionCheck`).
    package private(set) var conditionExpression: String?
    /// Substitutes for `#name` placeholders in the expressions.
    package private(set) var expressionAttributeNames: [String: String]?
    /// Values for `:value` placeholders in the expressions.
    package private(set) var expressionAttributeValues: DynamoDBItem?
    /// `.allOld` puts the existing item into this item's `CancellationReason.item` when its
    /// condition fails.
    package private(set) var returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?

    private init(
        action: Action,
        tableName: String,
        item: DynamoDBItem? = nil,
        key: DynamoDBItem? = nil,
        updateExpression: String? = nil,
        conditionExpression: String?,
        expressionAttributeNames: [String: String]?,
        expressionAttributeValues: DynamoDBItem?,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure?
    ) {
        self.action = action
        self.tableName = tableName
        self.item = item
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValuesOnConditionCheckFailure = returnValuesOnConditionCheckFailure
    }

    /// Creates or replaces `item`, if `conditionExpression` (when given) holds.
    package static func put(
        tableName: String,
        item: DynamoDBItem,
        conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: DynamoDBItem? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) -> TransactWriteItem {
        TransactWriteItem(
            action: .put,
            tableName: tableName,
            item: item,
            conditionExpression: conditionExpression,
            expressionAttributeNames: expressionAttributeNames,
            expressionAttributeValues: expressionAttributeValues,
            returnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure
        )
    }

    /// Applies `updateExpression` to the item with `key`, if `conditionExpression` (when given) holds.
    package static func update(
        tableName: String,
        key: DynamoDBItem,
        updateExpression: String,
        conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: DynamoDBItem? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) -> TransactWriteItem {
        TransactWriteItem(
            action: .update,
            tableName: tableName,
            key: key,
            updateExpression: updateExpression,
            conditionExpression: conditionExpression,
            expressionAttributeNames: expressionAttributeNames,
            expressionAttributeValues: expressionAttributeValues,
            returnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure
        )
    }

    /// Deletes the item with `key`, if `conditionExpression` (when given) holds.
    package static func delete(
        tableName: String,
        key: DynamoDBItem,
        conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: DynamoDBItem? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) -> TransactWriteItem {
        TransactWriteItem(
            action: .delete,
            tableName: tableName,
            key: key,
            conditionExpression: conditionExpression,
            expressionAttributeNames: expressionAttributeNames,
            expressionAttributeValues: expressionAttributeValues,
            returnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure
        )
    }

    /// Writes nothing, but cancels the transaction unless `conditionExpression` holds for the item
    /// with `key` (e.g. a parent record still exists with the expected version).
    package static func conditionCheck(
        tableName: String,
        key: DynamoDBItem,
        conditionExpression: String,
        expressionAttributeNames: [String: String]? = nil,
        expressionAttributeValues: DynamoDBItem? = nil,
        returnValuesOnConditionCheckFailure: ReturnValuesOnConditionCheckFailure? = nil
    ) -> TransactWriteItem {
        TransactWriteItem(
            action: .conditionCheck,
            tableName: tableName,
            key: key,
            conditionExpression: conditionExpression,
            expressionAttributeNames: expressionAttributeNames,
            expressionAttributeValues: expressionAttributeValues,
            returnValuesOnConditionCheckFailure: returnValuesOnConditionCheckFailure
        )
    }

    private enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case item = "Item"
        case key = "Key"
        case updateExpression = "UpdateExpression"
        case conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues"
        case returnValuesOnConditionCheckFailure = "ReturnValuesOnConditionCheckFailure"
    }

    /// The wire form: `{"Put": {"TableName": …, "Item": …, …}}` (likewise `Update`, `Delete`,
    /// `ConditionCheck`).
    package func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: Action.self)
        var container = outer.nestedContainer(keyedBy: CodingKeys.self, forKey: action)
        try container.encode(tableName, forKey: .tableName)
        try container.encodeIfPresent(item, forKey: .item)
        try container.encodeIfPresent(key, forKey: .key)
        try container.encodeIfPresent(updateExpression, forKey: .updateExpression)
        try container.encodeIfPresent(conditionExpression, forKey: .conditionExpression)
        try container.encodeIfPresent(expressionAttributeNames, forKey: .expressionAttributeNames)
        try container.encodeIfPresent(expressionAttributeValues, forKey: .expressionAttributeValues)
        try container.encodeIfPresent(
            returnValuesOnConditionCheckFailure,
            forKey: .returnValuesOnConditionCheckFailure
        )
    }
}
