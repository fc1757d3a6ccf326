import Foundation

/// The REST API's routes, matched as API Gateway matches them: among the routes whose method is
/// the request's (or `ANY`), the most specific path wins — at the first segment where two paths
/// differ, a literal beats `{param}`, which beats the greedy `{proxy+}`; on equal paths an exact
/// method beats `ANY`.
package struct APIGatewayRouteTable: Sendable {
    /// A route and the function it invokes.
    package struct Entry: Sendable {
        package let route: SAMRoute
        package let functionName: String
        let segments: [Segment]
    }

    /// The route a request matched and the values of its path parameters.
    package struct Match: Sendable, Equatable {
        package let route: SAMRoute
        package let functionName: String
        /// `{param}` values (percent-decoded) and, for a greedy route, `proxy` (the rest of the path).
        package let pathParameters: [String: String]
    }

    enum Segment: Sendable {
        case literal(String)
        case parameter(String)
        case greedy(String)

        /// Lower is more specific.
        var rank: Int {
            switch self {
            case .literal: return 0
            case .parameter: return 1
            case .greedy: return 2
            }
        }
    }

    package private(set) var entries: [Entry]

    /// The `Api` routes of every function, in template order.
    package init(functions: [SAMFunction]) {
        self.init(routes: functions.flatMap { function in function.apiRoutes.map { ($0, function.functionName) } })
    }

    package init(routes: [(SAMRoute, String)]) {
        entries = routes.map { route, functionName in
            Entry(route: route, functionName: functionName, segments: Self.parse(route.path))
        }
    }

    /// The stages the routes deploy to (a request path may start with one).
    package var stages: Set<String> { Set(entries.map(\.route.stage)) }

    /// The best route for `method` and the (undecoded, stage-less) `path`; nil when none matches,
    /// which API Gateway answers with 403 "Missing Authentication Token".
    package func match(method: String, path: String) -> Match? {
        let method = method.uppercased()
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            segment.removingPercentEncoding ?? String(segment)
        }
        var best: (entry: Entry, parameters: [String: String])?
        for entry in entries where entry.route.method == method || entry.route.method == "ANY" {
            guard let parameters = Self.bind(entry.segments, to: pathSegments) else { continue }
            if let current = best, !Self.isMoreSpecific(entry, than: current.entry) { continue }
            best = (entry, parameters)
        }
        return best.map {
            Match(route: $0.entry.route, functionName: $0.entry.functionName, pathParameters: $0.parameters)
        }
    }

    private static func isMoreSpecific(_ candidate: Entry, than current: Entry) -> Bool {
        let lhs = candidate.segments.map(\.rank)
        let rhs = current.segments.map(\.rank)
        if lhs != rhs { return lhs.lexicographicallyPrecedes(rhs) }
        return candidate.route.method != "ANY" && current.route.method == "ANY"
    }

    private static func bind(_ segments: [Segment], to path: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        for (position, segment) in segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard position < path.count, path[position] == text else { return nil }
            case .parameter(let name):
                guard position < path.count else { return nil }
                parameters[name] = path[position]
            case .greedy(let name):
                // `{proxy+}` takes one or more segments: `/{proxy+}` does not match `/`.
                guard position < path.count else { return nil }
                parameters[name] = path[position...].joined(separator: "/")
                return parameters
            }
        }
        return segments.count == path.count ? parameters : nil
    }

    private static func parse(_ path: String) -> [Segment] {
        path.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else { return .literal(String(segment)) }
            let name = segment.dropFirst().dropLast()
            return name.hasSuffix("+") ? .greedy(String(name.dropLast())) : .parameter(String(name))
        }
    }
}
