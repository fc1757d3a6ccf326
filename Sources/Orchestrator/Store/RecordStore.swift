import DynamoDBModel
import JSONCore

/// The three tables the domain keeps its records in.
package enum StoreTable: String, Sendable, CaseIterable {
    case protectionGroups
    case recoveryPlans
    case executions
}

/// What must hold of an item for a write to go through. All parts are AND-ed; an empty condition
/// always holds.
package struct StoreCondition: Sendable, Equatable {
    /// `true`: the item must exist; `false`: it must not.
    package var exists: Bool?
    /// The item's `version` attribute must equal this (implies it exists).
    package var version: Int?
    /// These attributes must be absent from the item.
    package var absentAttributes: [String]
    /// These number attributes must be absent or zero.
    package var zeroOrAbsent: [String]
    /// These attributes must have exactly these values.
    package var equals: [String: AttributeValue]
    /// When set: the item must be absent, or have exactly these values (a claim its owner may
    /// repeat). Combines with the other parts by AND.
    package var absentOrEquals: [String: AttributeValue]?

    package init(
        exists: Bool? = nil, version: Int? = nil, absentAttributes: [String] = [], zeroOrAbsent: [String] = [],
        equals: [String: AttributeValue] = [:], absentOrEquals: [String: AttributeValue]? = nil
    ) {
        self.exists = exists
        self.version = version
        self.absentAttributes = absentAttributes
        self.zeroOrAbsent = zeroOrAbsent
        self.equals = equals
        self.absentOrEquals = absentOrEquals
    }

    package static let none = StoreCondition()
    package static let absent = StoreCondition(exists: false)
    package static let present = StoreCondition(exists: true)

    /// Whether `item` (nil when absent) satisfies the condition — the reference semantics that the
    /// DynamoDB store expresses as a `ConditionExpression` and the in-memory store evaluates directly.
    package func holds(for item: DynamoDBItem?) -> Bool {
        if let exists, exists != (item != nil) { return false }
        if let version {
            guard let current = item?["version"], case .number(let text) = current, Int(text) == version else {
                return false
            }
        }
        for name in absentAttributes where item?[name] != nil { return false }
        for name in zeroOrAbsent {
            if let value = item?[name], value.numberText.flatMap({ Int($0) }) != 0 { return false }
        }
        for (name, value) in equals where item?[name] != value { return false }
        if let absentOrEquals, let item {
            for (name, value) in absentOrEquals where item[name] != value { return false }
        }
        return true
    }
}

/// An in-place change of some attributes of an item (creating it when absent, as DynamoDB does).
package struct RecordUpdate: Sendable, Equatable {
    /// Attributes to set.
    package var set: [String: AttributeValue]
    /// Attributes to remove.
    package var remove: [String]
    /// Number attributes to add to (absent counts as 0; negative to subtract).
    package var add: [String: Int]

    package init(set: [String: AttributeValue] = [:], remove: [String] = [], add: [String: Int] = [:]) {
        self.set = set
        self.remove = remove
        self.add = add
    }
}

/// One write of an atomic group.
package enum RecordWrite: Sendable, Equatable {
    /// Create or replace `item` (its `pk` is the key).
    case put(StoreTable, DynamoDBItem, StoreCondition)
    /// Change attributes of the item with `key`.
    case update(StoreTable, key: String, RecordUpdate, StoreCondition)
    /// Delete the item with `key`.
    case delete(StoreTable, key: String, StoreCondition)
    /// Write nothing; only require `condition` of the item with `key`.
    case check(StoreTable, key: String, StoreCondition)

    package var table: StoreTable {
        switch self {
        case .put(let table, _, _), .update(let table, _, _, _), .delete(let table, _, _), .check(let table, _, _):
            table
        }
    }

    package var key: String {
        switch self {
        case .put(_, let item, _): item[RecordKey.attribute].flatMap(\.stringValue) ?? ""
        case .update(_, let key, _, _), .delete(_, let key, _), .check(_, let key, _): key
        }
    }

    package var condition: StoreCondition {
        switch self {
        case .put(_, _, let condition), .update(_, _, _, let condition), .delete(_, _, let condition),
            .check(_, _, let condition):
            condition
        }
    }
}

/// The partition-key attribute every table uses.
package enum RecordKey {
    package static let attribute = "pk"
    /// The attribute that tells records of different kinds in one table apart.
    package static let kind = "kind"
}

/// Why a group of writes did not happen.
package enum StoreError: Error, Sendable, Equatable {
    /// The conditions of the writes at these indices did not hold; nothing was written.
    case conditionFailed(indices: [Int])
    /// Another transaction touched the same items at the same moment; nothing was written, and
    /// trying again may succeed.
    case contention
}

/// DynamoDB's limits, which both stores enforce so that a test fails where DynamoDB would.
package enum StoreLimits {
    /// Actions in one `TransactWriteItems`.
    package static let maxTransactionItems = 100
    /// Bytes of all the items of one transaction.
    package static let maxTransactionBytes = 4 * 1024 * 1024
    /// Bytes of one item (names and values).
    package static let maxItemBytes = 400 * 1024
    /// Bytes of a partition key value.
    package static let maxKeyBytes = 2048

    /// The size DynamoDB charges an item: attribute names plus values (numbers counted as their
    /// text, which is never less than DynamoDB's own count; containers 3 bytes plus 1 per element).
    package static func size(of item: DynamoDBItem) -> Int {
        item.reduce(0) { $0 + $1.key.utf8.count + size(of: $1.value) }
    }

    package static func size(of value: AttributeValue) -> Int {
        switch value {
        case .string(let text): text.utf8.count
        case .number(let text): text.utf8.count
        case .binary(let bytes): bytes.count
        case .bool, .null: 1
        case .map(let members): 3 + members.reduce(0) { $0 + 1 + $1.key.utf8.count + size(of: $1.value) }
        case .list(let elements): 3 + elements.reduce(0) { $0 + 1 + size(of: $1) }
        case .stringSet(let texts), .numberSet(let texts): texts.reduce(0) { $0 + $1.utf8.count }
        case .binarySet(let blobs): blobs.reduce(0) { $0 + $1.count }
        }
    }

    /// Checks what DynamoDB checks of a group of writes before applying it: at most 100 actions,
    /// one per item, keys under 2048 bytes, put items under 400 KB and 4 MB in all.
    /// - Throws: 400 `INVALID_REQUEST` naming the limit (a request too large for one write must
    ///   have been refused or split before it got here).
    package static func check(_ writes: [RecordWrite]) throws(DomainError) {
        guard writes.count <= maxTransactionItems else {
            throw limitError(
                "The change needs \(writes.count) writes at once; DynamoDB allows \(maxTransactionItems) per transaction",
                limit: maxTransactionItems, size: writes.count)
        }
        var seen = Set<String>()
        var total = 0
        for write in writes {
            guard seen.insert(write.table.rawValue + "\u{0}" + write.key).inserted else {
                throw DomainError(
                    .internalError, "Two writes of one transaction touch the same item (\(write.key))",
                    context: [.init("key", .string(write.key))])
            }
            guard write.key.utf8.count < maxKeyBytes, !write.key.isEmpty else {
                throw limitError(
                    "A key is \(write.key.utf8.count) bytes; DynamoDB keys are limited to \(maxKeyBytes)",
                    limit: maxKeyBytes, size: write.key.utf8.count)
            }
            let bytes: Int
            switch write {
            case .put(_, let item, _): bytes = size(of: item)
            case .update(_, _, let update, _):
                bytes = update.set.reduce(0) { $0 + $1.key.utf8.count + size(of: $1.value) }
            case .delete, .check: bytes = write.key.utf8.count
            }
            try checkItem(bytes: bytes)
            total += bytes
        }
        guard total <= maxTransactionBytes else {
            throw limitError(
                "The change writes \(total) bytes at once; DynamoDB allows \(maxTransactionBytes) per transaction",
                limit: maxTransactionBytes, size: total)
        }
    }

    /// - Throws: 400 `INVALID_REQUEST` when an item of `bytes` exceeds DynamoDB's 400 KB.
    package static func checkItem(bytes: Int) throws(DomainError) {
        guard bytes <= maxItemBytes else {
            throw limitError(
                "The record would be \(bytes) bytes; DynamoDB items are limited to \(maxItemBytes) bytes (400 KB)",
                limit: maxItemBytes, size: bytes)
        }
    }

    /// 400 `INVALID_REQUEST` naming the limit and the size that broke it.
    package static func limitError(_ message: String, limit: Int, size: Int) -> DomainError {
        DomainError(.invalidRequest, message, context: [.init("limit", .int(limit)), .init("size", .int(size))])
    }
}

/// Where the domain keeps its records: DynamoDB in production, memory in unit tests.
///
/// Every read is strongly consistent so a retried operation sees what made its write fail.
package protocol RecordStore: Sendable {
    /// The item with `key`, or nil.
    func get(_ table: StoreTable, key: String) throws -> DynamoDBItem?
    /// The items with these keys that exist (in no particular order).
    func get(_ table: StoreTable, keys: [String]) throws -> [DynamoDBItem]
    /// Every item of `kind` in `table` (all pages).
    func scan(_ table: StoreTable, kind: String) throws -> [DynamoDBItem]
    /// One page of a secondary index: the items whose `partition` attribute has `value`, in
    /// descending order of the index's sort key, after `startKey` (a previous page's `lastKey`).
    /// Eventually consistent, as secondary indexes are.
    func queryIndexDescending(
        _ table: StoreTable, index: String, partition: (attribute: String, value: String), pageSize: Int,
        startKey: DynamoDBItem?
    ) throws -> (items: [DynamoDBItem], lastKey: DynamoDBItem?)
    /// One page of a secondary index (eventually consistent, as secondary indexes are).
    func queryIndex(_ table: StoreTable, _ query: IndexQuery) throws -> (items: [DynamoDBItem], lastKey: DynamoDBItem?)
    /// The keys (the table key and `keyAttribute`) of every item of a sparse, keys-only secondary
    /// index whose partition attribute is `keyAttribute` (all pages): reads only the items that
    /// have that attribute, never the table.
    func scanIndex(_ table: StoreTable, index: String, keyAttribute: String) throws -> [DynamoDBItem]
    /// Applies every write, or none.
    /// - Throws: `StoreError` when a condition fails or the writes contend with another transaction.
    func write(_ writes: [RecordWrite]) throws
}
