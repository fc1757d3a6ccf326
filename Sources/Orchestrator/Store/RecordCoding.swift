import AWSCore
import DynamoDB
import JSONCore

/// Domain records to and from store items, with the process's one item encoder and decoder.
package enum RecordCoding {
    private static let encoder = DynamoDBItemEncoder()
    private static let decoder = DynamoDBItemDecoder()

    package static func item(_ value: some Encodable) throws -> DynamoDBItem {
        try encoder.encode(value)
    }

    package static func record<T: Decodable>(_ type: T.Type, _ item: DynamoDBItem) throws -> T {
        try decoder.decode(T.self, from: item)
    }

    /// The attributes of `value` named in `attributes`, for an update that must leave the others
    /// (counters and execution markers kept by other writers) alone.
    package static func attributes(_ value: some Encodable, _ attributes: [String]) throws -> [String: AttributeValue] {
        let item = try encoder.encode(value)
        return item.filter { attributes.contains($0.key) }
    }
}

/// Uniqueness guards: one item per claimed value (a lower-cased name, an explicit server, a tag
/// set), written in the same transaction as the record that claims it with the condition that it
/// does not exist yet. Two concurrent claims cannot both succeed.
package enum Guard {
    package static let kind = "guard"

    package static func name(_ name: String) -> String { "guard#name#" + name.lowercased() }
    package static func server(_ id: String) -> String { "guard#server#" + id }

    /// The guard item for `key`, owned by record `owner`.
    package static func item(_ key: String, owner: String) -> DynamoDBItem {
        [RecordKey.attribute: .string(key), RecordKey.kind: .string(kind), "owner": .string(owner)]
    }

    /// Claims `key` for `owner` (fails if anyone holds it).
    package static func claim(_ table: StoreTable, _ key: String, owner: String) -> RecordWrite {
        .put(table, item(key, owner: owner), .absent)
    }

    /// Gives `key` up.
    package static func release(_ table: StoreTable, _ key: String) -> RecordWrite {
        .delete(table, key: key, .none)
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
