extension DynamoDBClient {
    /// Reads one item by its primary key.
    ///
    /// - Parameter deadlineMilliseconds: when the caller must have an answer (epoch milliseconds).
    /// - Returns: the item, or nil when there is none with that key.
    /// - Throws: `DynamoDBError` (`.resourceNotFound` for a missing table, `.validation` for a key
    ///   that does not match the schema, `.throttled`, …); `TransportError`; `AWSConfigurationError`.
    package func getItem(_ input: GetItemInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBItem? {
        try perform("GetItem", input, as: ItemOutput.self, deadlineMilliseconds: deadlineMilliseconds).item
    }

    /// Creates or replaces one item, if the input's condition (when given) holds.
    ///
    /// - Returns: the replaced item when `returnValues` is `.allOld` and there was one; else nil.
    /// - Throws: `DynamoDBError` with `.conditionalCheckFailed` when the condition was false (its
    ///   `item` is the existing item if `returnValuesOnConditionCheckFailure` is `.allOld`), or another
    ///   code as for `getItem`; `TransportError`; `AWSConfigurationError`.
    @discardableResult
    package func putItem(_ input: PutItemInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBItem? {
        try perform("PutItem", input, as: AttributesOutput.self, deadlineMilliseconds: deadlineMilliseconds)
            .attributes
    }

    /// Applies an update expression to one item (creating it if absent), if the input's condition
    /// (when given) holds.
    ///
    /// - Returns: the attributes `returnValues` asked for (e.g. the whole new item for `.allNew`);
    ///   nil when it asked for none.
    /// - Throws: as `putItem`.
    @discardableResult
    package func updateItem(_ input: UpdateItemInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBItem? {
        try perform("UpdateItem", input, as: AttributesOutput.self, deadlineMilliseconds: deadlineMilliseconds)
            .attributes
    }

    /// Deletes one item, if the input's condition (when given) holds. Deleting a missing item succeeds.
    ///
    /// - Returns: the deleted item when `returnValues` is `.allOld` and there was one; else nil.
    /// - Throws: as `putItem`.
    @discardableResult
    package func deleteItem(_ input: DeleteItemInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBItem? {
        try perform("DeleteItem", input, as: AttributesOutput.self, deadlineMilliseconds: deadlineMilliseconds)
            .attributes
    }

    /// `GetItem`'s answer.
    private struct ItemOutput: Decodable {
        var item: DynamoDBItem?

        enum CodingKeys: String, CodingKey {
            case item = "Item"
        }
    }

    /// The answer of the writes: the attributes `ReturnValues` asked for.
    private struct AttributesOutput: Decodable {
        var attributes: DynamoDBItem?

        enum CodingKeys: String, CodingKey {
            case attributes = "Attributes"
        }
    }
}
