import DynamoDBModel

/// One page of a secondary index: the items whose partition attribute has one value, in order of
/// the index's sort key, optionally only those after a position.
package struct IndexQuery: Sendable {
    /// The index name (as in `template.yaml`).
    package var index: String
    /// The index's partition attribute and the value to read.
    package var partition: (attribute: String, value: String)
    /// The index's sort attribute.
    package var sortAttribute: String
    /// Only items whose sort key is strictly after this one in reading order (greater when
    /// ascending, smaller when descending): a list position that survives the item's deletion.
    package var after: String?
    package var ascending: Bool
    /// Items to read (DynamoDB also stops at 1 MB).
    package var pageSize: Int
    /// A previous page's `lastKey`.
    package var startKey: DynamoDBItem?

    package init(
        index: String, partition: (attribute: String, value: String), sortAttribute: String, after: String? = nil,
        ascending: Bool = true, pageSize: Int, startKey: DynamoDBItem? = nil
    ) {
        self.index = index
        self.partition = partition
        self.sortAttribute = sortAttribute
        self.after = after
        self.ascending = ascending
        self.pageSize = pageSize
        self.startKey = startKey
    }
}

/// The secondary indexes of the tables (`template.yaml` declares them; a test keeps the two in
/// step). Every index is sparse: an item is in it only when it has the index's key attributes, so
/// guard items, which have none of them, are never read through an index.
package enum StoreIndex {
    /// Plans and groups by name: partition `kind`, sort `nameKey` (name key, NUL, id) — the order
    /// of the lists.
    package static let byName = "ByName"
    package static let nameKey = "nameKey"
    /// Plans with an active execution: partition `activeExecutionId` (keys only).
    package static let byActiveExecution = "ByActiveExecution"
    package static let activeExecutionID = "activeExecutionId"
    /// Executions of one plan, newest first: partition `planId`, sort `startTime`.
    package static let byPlan = "ByPlan"

    /// The position of a record in a list by name: its `NameKey` (NFC, lower-cased), so that the
    /// index's byte order is the order of the names.
    package static func nameKey(name: String, id: String) -> String { NameKey.of(name) + "\u{0}" + id }

    /// The id in a `nameKey`.
    package static func id(inNameKey key: String) -> String? {
        guard let split = key.lastIndex(of: "\u{0}") else { return nil }
        return String(key[key.index(after: split)...])
    }
}
