import FoundationEssentials

/// One page of an ordered list read whole (filters apply to every item, never to one scan page):
/// `limit` items after the `nextToken` position. The token is the sort key of the last item
/// returned, so a page stays correct when items are added or removed in between.
package struct ListPage<Item> {
    package var items: [Item]
    package var nextToken: String?

    /// A page as read.
    package init(items: [Item], nextToken: String?) {
        self.items = items
        self.nextToken = nextToken
    }

    /// - Parameters:
    ///   - sorted: every matching item, in order of `sortKey`.
    ///   - limit: the most items to return; all when nil.
    ///   - after: a `nextToken` from an earlier page.
    /// - Throws: `DomainError` `INVALID_REQUEST` (`field` `nextToken`) for a token this did not make.
    package init(sorted: [Item], sortKey: (Item) -> String, limit: Int?, after token: String?) throws(DomainError) {
        var start = 0
        if let token {
            guard let position = PageToken.decode(token) else {
                throw .invalidRequest("nextToken is not a token this API returned", field: "nextToken")
            }
            start = sorted.firstIndex { sortKey($0) > position } ?? sorted.count
        }
        let end = limit.map { min(sorted.count, start + $0) } ?? sorted.count
        items = Array(sorted[start..<end])
        nextToken =
            end < sorted.count && end > start
            ? PageToken.encode(sortKey(sorted[end - 1])) : nil
    }
}

/// A list position as an opaque `nextToken`.
package enum PageToken {
    /// URL-safe base64 (no padding), so the token survives a query string unescaped.
    package static func encode(_ position: String) -> String {
        let base64 = Data(("k" + position).utf8).base64EncodedString()
        return String(base64.filter { $0 != "=" }.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    package static func decode(_ token: String) -> String? {
        var base64 = String(token.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        while base64.count % 4 != 0 { base64.append("=") }
        guard let data = Data(base64Encoded: base64), data.first == UInt8(ascii: "k") else { return nil }
        return String(decoding: data.dropFirst(), as: UTF8.self)
    }
}
