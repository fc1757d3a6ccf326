/// Whether a write whose condition fails returns the existing item in its error
/// (`ReturnValuesOnConditionCheckFailure`), saving a read to find out why.
package enum ReturnValuesOnConditionCheckFailure: String, Sendable, Codable {
    /// The existing item comes back in `DynamoDBError.item` (or the transaction's
    /// `CancellationReason.item`).
    case allOld = "ALL_OLD"
    /// Nothing (the default).
    case none = "NONE"
}
