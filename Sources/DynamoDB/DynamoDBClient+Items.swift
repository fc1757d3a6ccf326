extension DynamoDBClient {
    /// Reads one item by its primary key.
    ///
    /// - Parameter deadlineMilliseconds: when the caller must have an answer (epoch milliseconds).
    /// - Returns: the item, or nil when there is none with that key.
    /// - Throws: `DynamoDBError` (`.resourceNotFound` for a missing table, `.validation` for a key
    ///   that does not match the schema, `.throttled`, …); `TransportError`; `AWSConfigurationError`.
    package func getItem(_ input: GetItemInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBItem? {
        try perform("GetItem", input, deadlineMilliseconds: deadlineMilliseconds) { reader in
            try Self.readField("Item", from: &reader) { try $0.readOptionalItem() }
        }
    }

    /// Creates or replaces one item, if the input's condition (when given) holds.
    ///
    /// - Returns: the replaced item when `returnValues` is `.allOld` and there was one; else nil.
    /// - Throws: `DynamoDBError` with `.conditionalCheckFailed` when the condition was false (its
    ///   `item` is the existing item if `returnValuesOnConditionCheckFailure` is `.allOld`), or another
    ///   code as for `getItem`; `TransportError`; `AWSConfigurationError`.
    @discardableResult
    package func putItem(_ input: PutItemInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBItem? {
        try perform("PutItem", input, deadlineMilliseconds: deadlineMilliseconds, reading: Self.readAttributes)
    }

    /// Applies an update expression to one item (creating it if absent), if the input's condition
    /// (when given) holds.
    ///
    /// - Returns: the attributes `returnValues` asked for (e.g. the whole new item for `.allNew`);
    ///   nil when it asked for none.
    /// - Throws: as `putItem`.
    @discardableResult
    package func updateItem(_ input: UpdateItemInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBItem? {
        try perform("UpdateItem", input, deadlineMilliseconds: deadlineMilliseconds, reading: Self.readAttributes)
    }

    /// Deletes one item, if the input's condition (when given) holds. Deleting a missing item succeeds.
    ///
    /// - Returns: the deleted item when `returnValues` is `.allOld` and there was one; else nil.
    /// - Throws: as `putItem`.
    @discardableResult
    package func deleteItem(_ input: DeleteItemInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBItem? {
        try perform("DeleteItem", input, deadlineMilliseconds: deadlineMilliseconds, reading: Self.readAttributes)
    }

    /// The answer of the writes: the attributes `ReturnValues` asked for.
    private static func readAttributes(_ reader: inout AttributeJSONReader) throws -> DynamoDBItem? {
        try readField("Attributes", from: &reader) { try $0.readOptionalItem() }
    }
}
