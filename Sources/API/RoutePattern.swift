/// A route path in API Gateway syntax: `/executions/{id}/cancel`.
///
/// The same text is registered with the router and written in `template.yaml`, so the two can be
/// compared instead of kept in sync by hand.
package struct RoutePattern: Sendable, Hashable, CustomStringConvertible {
    package enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    package let segments: [Segment]
    package let description: String

    /// - Throws: `RouterError.invalidPattern` for a pattern that does not start with `/`, has an
    ///   empty or unclosed `{…}`, or uses greedy `{name+}` (our routes never need it).
    package init(_ text: String) throws(RouterError) {
        guard text.hasPrefix("/") else { throw .invalidPattern(text, "must start with '/'") }
        var segments: [Segment] = []
        for part in text.split(separator: "/") {
            if part.hasPrefix("{") || part.hasSuffix("}") {
                guard part.hasPrefix("{"), part.hasSuffix("}"), part.count > 2 else {
                    throw .invalidPattern(text, "malformed parameter '\(part)'")
                }
                let name = part.dropFirst().dropLast()
                guard !name.hasSuffix("+") else { throw .invalidPattern(text, "greedy parameters are not supported") }
                segments.append(.parameter(String(name)))
            } else {
                segments.append(.literal(String(part)))
            }
        }
        self.segments = segments
        self.description = text
    }
}

/// A route table that cannot be built.
package enum RouterError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidPattern(String, String)
    case duplicateRoute(method: String, pattern: String)
    case parameterClash(String, String)

    package var description: String {
        switch self {
        case .invalidPattern(let pattern, let why): "route '\(pattern)': \(why)"
        case .duplicateRoute(let method, let pattern): "route \(method) \(pattern) is registered twice"
        case .parameterClash(let first, let second):
            "routes '\(first)' and '\(second)' name the same path parameter differently"
        }
    }
}
