/// Path parameters of a matched route, by name.
package struct RouteParameters: Sendable, Equatable {
    package private(set) var names: [String] = []
    package private(set) var values: [String] = []

    package init() {}

    package init(_ pairs: KeyValuePairs<String, String>) {
        for (name, value) in pairs { append(name, value) }
    }

    package mutating func append(_ name: String, _ value: String) {
        names.append(name)
        values.append(value)
    }

    package subscript(name: String) -> String? {
        names.firstIndex(of: name).map { values[$0] }
    }
}

/// An immutable route table: a trie over path segments built once at start-up.
///
/// Resolution tells apart "no such path" (404) and "path exists, not with this method" (405).
/// Literal segments win over parameters at each level, as in API Gateway, with backtracking when
/// the literal branch dead-ends.
package struct Router<Handler: Sendable>: Sendable {
    /// The outcome of resolving one request.
    package enum Resolution {
        case matched(Handler, RouteParameters, pattern: RoutePattern)
        /// The path is known; `allowed` lists its methods (with `OPTIONS`), sorted.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    fileprivate struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameterName: String?
        var parameterChild: Int?
        /// Method → index into `routes`.
        var methods: [String: Int] = [:]
    }

    fileprivate var nodes: [Node] = [Node()]
    fileprivate var routeTable: [(method: String, pattern: RoutePattern, handler: Handler)] = []

    /// Every registered route, in registration order.
    package var routes: [(method: String, pattern: RoutePattern)] {
        routeTable.map { ($0.method, $0.pattern) }
    }

    /// Finds the route for `method` on the decoded path `segments`.
    package func resolve(method: String, segments: [String]) -> Resolution {
        var parameterValues: [String] = []
        guard let node = match(node: 0, depth: 0, segments: segments, values: &parameterValues) else {
            return .notFound
        }
        guard let routeIndex = nodes[node].methods[method] else {
            let allowed = Set(nodes[node].methods.keys).union(["OPTIONS"])
            return .methodNotAllowed(allowed: allowed.sorted())
        }
        let route = routeTable[routeIndex]
        var parameters = RouteParameters()
        var valueIndex = 0
        for case .parameter(let name) in route.pattern.segments {
            parameters.append(name, parameterValues[valueIndex])
            valueIndex += 1
        }
        return .matched(route.handler, parameters, pattern: route.pattern)
    }

    /// The deepest-first, literal-first match of `segments` to a node that has methods.
    private func match(node: Int, depth: Int, segments: [String], values: inout [String]) -> Int? {
        if depth == segments.count { return nodes[node].methods.isEmpty ? nil : node }
        let segment = segments[depth]
        if let literal = nodes[node].literals[segment],
            let found = match(node: literal, depth: depth + 1, segments: segments, values: &values)
        {
            return found
        }
        if let child = nodes[node].parameterChild {
            values.append(segment)
            if let found = match(node: child, depth: depth + 1, segments: segments, values: &values) { return found }
            values.removeLast()
        }
        return nil
    }
}

/// Collects routes, rejecting clashes, then freezes them into a `Router`.
package struct RouterBuilder<Handler: Sendable> {
    private var router = Router<Handler>()
    private var parameterPatterns: [Int: String] = [:]

    package init() {}

    /// Registers `handler` for `method` on `pattern`.
    /// - Throws: `RouterError` for a malformed pattern, a duplicate route, or two patterns that name
    ///   the same parameter position differently.
    package mutating func add(_ method: String, _ pattern: String, _ handler: Handler) throws(RouterError) {
        let parsed = try RoutePattern(pattern)
        var node = 0
        for segment in parsed.segments {
            switch segment {
            case .literal(let text):
                if let next = router.nodes[node].literals[text] {
                    node = next
                } else {
                    router.nodes.append(.init())
                    router.nodes[node].literals[text] = router.nodes.count - 1
                    node = router.nodes.count - 1
                }
            case .parameter(let name):
                if let existing = router.nodes[node].parameterName, existing != name {
                    throw .parameterClash(parameterPatterns[node] ?? "", pattern)
                }
                if let next = router.nodes[node].parameterChild {
                    node = next
                } else {
                    router.nodes.append(.init())
                    router.nodes[node].parameterName = name
                    router.nodes[node].parameterChild = router.nodes.count - 1
                    parameterPatterns[node] = pattern
                    node = router.nodes.count - 1
                }
            }
        }
        let method = method.uppercased()
        guard router.nodes[node].methods[method] == nil else { throw .duplicateRoute(method: method, pattern: pattern) }
        router.routeTable.append((method, parsed, handler))
        router.nodes[node].methods[method] = router.routeTable.count - 1
    }

    /// The frozen table.
    package func build() -> Router<Handler> { router }
}
