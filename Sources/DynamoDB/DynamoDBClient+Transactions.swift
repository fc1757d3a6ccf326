extension DynamoDBClient {
    /// Applies up to 100 puts, updates, deletes and condition checks atomically: all or none.
    ///
    /// - Parameters:
    ///   - items: the actions; no two may touch the same item.
    ///   - clientRequestToken: makes the call idempotent for 10 minutes: a retry with the same token
    ///     (after a timeout, say) does not apply the writes twice.
    /// - Throws: `DynamoDBError` with `.transactionCanceled` when any condition failed or the
    ///   transaction conflicted: `cancellationReasons[i]` belongs to `items[i]` (`isConditionalCheckFailed`,
    ///   and `item` when that item asked for `ReturnValuesOnConditionCheckFailure = ALL_OLD`), and
    ///   `failedItemIndices` lists the culprits; `.validation` for malformed input (e.g. two actions on
    ///   one item); another code as for `getItem`. `TransportError`; `AWSConfigurationError`.
    package func transactWriteItems(
        _ items: [TransactWriteItem],
        clientRequestToken: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws {
        _ = try send(
            "TransactWriteItems",
            TransactWriteItemsRequest(transactItems: items, clientRequestToken: clientRequestToken),
            deadlineMilliseconds: deadlineMilliseconds
        )
    }

    private struct TransactWriteItemsRequest: Encodable {
        var transactItems: [TransactWriteItem]
        var clientRequestToken: String?

        enum CodingKeys: String, CodingKey {
            case transactItems = "TransactItems"
            case clientRequestToken = "ClientRequestToken"
        }
    }
}
