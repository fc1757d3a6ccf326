/// One page of a `Query` or `Scan`.
package struct DynamoDBPage: Sendable, Equatable, Decodable {
    /// The items of this page (after the filter); may be empty even when more pages follow.
    package var items: [DynamoDBItem]
    /// Where the next page starts (pass it as `exclusiveStartKey`); nil on the last page.
    package var lastEvaluatedKey: DynamoDBItem?
    /// Items read before the filter was applied.
    package var scannedCount: Int

    /// A page from its parts.
    package init(items: [DynamoDBItem], lastEvaluatedKey: DynamoDBItem? = nil, scannedCount: Int? = nil) {
        self.items = items
        self.lastEvaluatedKey = lastEvaluatedKey
        self.scannedCount = scannedCount ?? items.count
    }

    enum CodingKeys: String, CodingKey {
        case items = "Items"
        case lastEvaluatedKey = "LastEvaluatedKey"
        case scannedCount = "ScannedCount"
    }

    /// Decodes the wire form; `Items` (absent with `Select = COUNT`) defaults to none.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([DynamoDBItem].self, forKey: .items) ?? []
        lastEvaluatedKey = try container.decodeIfPresent(DynamoDBItem.self, forKey: .lastEvaluatedKey)
        scannedCount = try container.decodeIfPresent(Int.self, forKey: .scannedCount) ?? items.count
    }

    /// Reads the wire form from a response body, as `init(from:)` does.
    static func read(_ reader: inout AttributeJSONReader) throws -> DynamoDBPage {
        var items: [DynamoDBItem] = []
        var lastEvaluatedKey: DynamoDBItem?
        var scannedCount: Int?
        try reader.readObject { reader, key in
            switch key {
            case "Items": items = try reader.readItems()
            case "LastEvaluatedKey": lastEvaluatedKey = try reader.readOptionalItem()
            case "ScannedCount": scannedCount = try reader.readNull() ? nil : reader.readInt()
            default: try reader.skipValue()
            }
        }
        return DynamoDBPage(items: items, lastEvaluatedKey: lastEvaluatedKey, scannedCount: scannedCount)
    }
}
