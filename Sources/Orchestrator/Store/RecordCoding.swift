import DynamoDBModel

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
