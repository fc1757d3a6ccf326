import JSONCore
import Orchestrator

/// A response type that can be an item of a `ListResponse`, under the member `listKey`.
package protocol ListItem: Encodable {
    /// The list's member that holds the items (`groups`, `plans`, `items`).
    static var listKey: String { get }
}

/// One page of a list (spec §1.4): `{<Item.listKey>: [...], "count": n}` and, when more pages
/// follow, `"nextToken"` (left out on the last page).
package struct ListResponse<Item: ListItem>: Encodable {
    package var items: [Item]
    package var nextToken: String?

    package init(items: [Item], nextToken: String?) {
        self.items = items
        self.nextToken = nextToken
    }

    /// `page`'s records, each as `item` shows it.
    package init<Record>(_ page: ListPage<Record>, item: (Record) -> Item) {
        self.init(items: page.items.map(item), nextToken: page.nextToken)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        try container.encode(items, forKey: MemberKey(Item.listKey))
        try container.encode(items.count, forKey: MemberKey("count"))
        try container.encodeIfPresent(nextToken, forKey: MemberKey("nextToken"))
    }
}

/// The answer of a `DELETE`: a sentence and the id of what went, under the names the earlier
/// implementation used for each resource.
package struct DeletionResponse: Encodable {
    package var message: String
    package var id: String?
    package var planId: String?
    package var executionId: String?

    package static func protectionGroup(_ id: String) -> DeletionResponse {
        DeletionResponse(message: "Protection Group deleted successfully", id: id)
    }

    package static func recoveryPlan(_ id: String) -> DeletionResponse {
        DeletionResponse(message: "Recovery Plan deleted successfully", id: id, planId: id)
    }

    package static func execution(_ id: String) -> DeletionResponse {
        DeletionResponse(message: "Execution deleted successfully", executionId: id)
    }
}

/// One object with the members of `base` followed by those of `extra` (both encode keyed
/// containers): a view that adds a few members to a resource's shape.
package struct Combined<Base: Encodable, Extra: Encodable>: Encodable {
    package var base: Base
    package var extra: Extra

    package init(_ base: Base, _ extra: Extra) {
        self.base = base
        self.extra = extra
    }

    package func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        try extra.encode(to: encoder)
    }
}

/// A member named at run time.
struct MemberKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension APIResponse {
    /// `value` as the body (`JSONValue.jsonBytes`, the one writer).
    package static func json(_ status: Int, _ value: JSONValue) -> APIResponse {
        APIResponse(status: status, body: value.jsonBytes)
    }

    /// `response` as the body, written by `CompactJSONEncoder` (the text `JSONValue.jsonBytes`
    /// writes for the same document).
    /// - Throws: `EncodingError` for what JSON cannot carry (a non-finite number), which the
    ///   application answers as an internal error.
    package static func json(_ status: Int, encoding response: some Encodable) throws -> APIResponse {
        APIResponse(status: status, body: try CompactJSONEncoder().encode(response))
    }
}
