/// Why one item of a cancelled `TransactWriteItems` did or did not go through, in the order of the
/// request's items.
package struct CancellationReason: Sendable, Equatable, Decodable {
    /// DynamoDB's code: `None` for an item that was fine (the transaction failed elsewhere),
    /// `ConditionalCheckFailed`, `TransactionConflict`, `ItemCollectionSizeLimitExceeded`,
    /// `ProvisionedThroughputExceeded`, `ThrottlingError`, `ValidationError`, ….
    package var code: String
    /// DynamoDB's explanation, when it sent one.
    package var message: String?
    /// The item as it was, when the item asked for `ReturnValuesOnConditionCheckFailure = ALL_OLD`
    /// and its condition failed.
    package var item: DynamoDBItem?

    /// A reason from its parts.
    package init(code: String, message: String? = nil, item: DynamoDBItem? = nil) {
        self.code = code
        self.message = message
        self.item = item
    }

    /// Whether this item is (one of) the reasons the transaction failed.
    package var isFailure: Bool {
        code != "None"
    }

    /// Whether this item's condition expression evaluated to false.
    package var isConditionalCheckFailed: Bool {
        code == "ConditionalCheckFailed"
    }

    enum CodingKeys: String, CodingKey {
        case code = "Code"
        case message = "Message"
        case item = "Item"
    }

    /// Decodes the wire form; a missing `Code` counts as `None`.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decodeIfPresent(String.self, forKey: .code) ?? "None"
        message = try container.decodeIfPresent(String.self, forKey: .message)
        item = try container.decodeIfPresent(DynamoDBItem.self, forKey: .item)
    }
}
