import DynamoDBModel
import JSONCore
import Primitives

/// Uniqueness guards: one item per claimed value (a name's key, an explicit server, a tag set),
/// written in the same transaction as the record that claims it with the condition that it does
/// not exist yet. Two concurrent claims cannot both succeed.
///
/// A guard carries its `owner` (the record's id) and `claimedAt`: one whose owner no longer
/// exists or no longer claims it is stale and repaired (see `GuardRepair`) once it is older than
/// an edit can take.
package enum Guard {
    package static let kind = "guard"
    package static let prefix = "guard#"

    /// Key values longer than this (in UTF-8 bytes) are replaced by their SHA-256.
    static let maxPlainKeyBytes = 200

    /// The guard of a name: its `NameKey` (NFC, case-folded), so canonically equivalent names
    /// claim one key; long names by digest.
    package static func name(_ name: String) -> String { "guard#name#" + bounded(NameKey.of(name)) }
    package static func server(_ id: String) -> String { "guard#server#" + bounded(id) }

    /// `value`, or `h#` and its SHA-256 when it is too long for a comfortable key.
    static func bounded(_ value: String) -> String {
        guard value.utf8.count > maxPlainKeyBytes else { return value }
        return "h#" + Digest.hex(Digest.sha256(Array(value.utf8)))
    }

    /// The guard item for `key`, owned by record `owner`, claimed at `now` (ms since the epoch).
    package static func item(_ key: String, owner: String, claimedAt now: Int64? = nil) -> DynamoDBItem {
        var item: DynamoDBItem = [
            RecordKey.attribute: .string(key), RecordKey.kind: .string(kind), "owner": .string(owner),
        ]
        if let now { item["claimedAt"] = .number(String(now)) }
        return item
    }

    /// Claims `key` for `owner` (fails if anyone holds it).
    package static func claim(_ table: StoreTable, _ key: String, owner: String, at now: Int64? = nil) -> RecordWrite {
        .put(table, item(key, owner: owner, claimedAt: now), .absent)
    }

    /// Claims `key` for `owner` unless `owner` holds it already (a step of an edit that may be
    /// repeated).
    package static func reclaim(_ table: StoreTable, _ key: String, owner: String, at now: Int64) -> RecordWrite {
        .put(table, item(key, owner: owner, claimedAt: now), StoreCondition(absentOrEquals: ["owner": .string(owner)]))
    }

    /// Requires `owner` to hold `key`.
    package static func held(_ table: StoreTable, _ key: String, by owner: String) -> RecordWrite {
        .check(table, key: key, StoreCondition(exists: true, equals: ["owner": .string(owner)]))
    }

    /// Gives `key` up.
    package static func release(_ table: StoreTable, _ key: String) -> RecordWrite {
        .delete(table, key: key, .none)
    }

    /// Gives `key` up unless another owner holds it.
    package static func release(_ table: StoreTable, _ key: String, heldBy owner: String) -> RecordWrite {
        .delete(table, key: key, StoreCondition(absentOrEquals: ["owner": .string(owner)]))
    }

    /// Whether `write` claims a guard (a put of a guard item).
    package static func isClaim(_ write: RecordWrite) -> Bool {
        guard case .put(_, let item, _) = write else { return false }
        return item[RecordKey.kind] == .string(kind) && write.key.hasPrefix(prefix) && item["owner"] != nil
    }
}

extension Guard {
    /// The guard of an exact tag set: a digest of its canonical JSON (sorted keys), so that a set
    /// of any size fits in a key.
    package static func tags(_ tags: [String: String]) -> String {
        let canonical = JSONValue.object(tags.mapValues { .string($0) }).jsonBytes
        return "guard#tags#" + Digest.hex(Digest.sha256(canonical))
    }
}
