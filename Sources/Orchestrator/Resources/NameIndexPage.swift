import DynamoDBModel

/// A list by name read through the `ByName` index: index pages in name order from the `nextToken`
/// position until `limit` items are selected (and one more, which says a next page exists). A
/// page costs what it holds, plus what a filter skips; guard items are never read.
package enum NameIndexPage {
    /// Index items read per request when nothing is filtered out: the page and one more.
    static func pageSize(limit: Int?, filtered: Bool) -> Int {
        guard let limit else { return 500 }
        return filtered ? max(limit + 1, 100) : min(max(limit + 1, 1), 1000)
    }

    /// - Parameters:
    ///   - select: the items to list among one index page (in the page's order), each with its
    ///     `nameKey`; called once per page so that it can batch what it reads for them.
    /// - Throws: `INVALID_REQUEST` (`field` `nextToken`) for a token this did not make.
    package static func read<Item>(
        _ store: any RecordStore, _ table: StoreTable, kind: String, limit: Int?, after token: String?,
        filtered: Bool, select: ([DynamoDBItem]) throws -> [(item: Item, nameKey: String)]
    ) throws -> ListPage<Item> {
        var position: String?
        if let token {
            guard let decoded = PageToken.decode(token) else {
                throw DomainError.invalidRequest("nextToken is not a token this API returned", field: "nextToken")
            }
            position = decoded
        }
        var found: [(item: Item, nameKey: String)] = []
        var startKey: DynamoDBItem?
        let size = pageSize(limit: limit, filtered: filtered)
        repeat {
            let page = try store.queryIndex(
                table,
                IndexQuery(
                    index: StoreIndex.byName, partition: (RecordKey.kind, kind), sortAttribute: StoreIndex.nameKey,
                    after: position, pageSize: size, startKey: startKey))
            found += try select(page.items)
            startKey = page.lastKey
        } while startKey != nil && limit.map({ found.count <= $0 }) ?? true
        guard let limit, found.count > limit else { return ListPage(items: found.map(\.item), nextToken: nil) }
        let items = found.prefix(limit)
        return ListPage(items: items.map(\.item), nextToken: items.last.map { PageToken.encode($0.nameKey) })
    }

    /// The `nameKey` of an index item.
    static func nameKey(_ item: DynamoDBItem) -> String { item[StoreIndex.nameKey]?.stringValue ?? "" }
}
