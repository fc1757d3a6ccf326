/// One page of a paginated DRS operation: its items and the token of the next page.
package struct DRSPage<Item: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// May hold fewer items than asked for, or none, even when more pages follow.
    package var items: [Item]
    /// Pass it back for the next page; nil (or empty) on the last page.
    package var nextToken: String?

    /// A page from its parts.
    package init(items: [Item], nextToken: String? = nil) {
        self.items = items
        self.nextToken = nextToken
    }

    enum CodingKeys: String, CodingKey {
        case items, nextToken
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
        nextToken = try container.decodeIfPresent(String.self, forKey: .nextToken)
    }

    /// Whether another page follows: the token is present and not empty.
    package var hasMore: Bool {
        guard let nextToken else { return false }
        return !nextToken.isEmpty
    }
}
