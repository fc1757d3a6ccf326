import JSONCore
import Orchestrator

/// A request's JSON body read field by field, each field under any of its names (spec §1.3:
/// camelCase canonical, PascalCase and older aliases accepted). `null` counts as not sent.
package struct RequestBody: Sendable {
    package let members: [String: JSONValue]

    /// - Throws: `INVALID_REQUEST` (`field` `body`) when the body is not a JSON object.
    package init(_ bytes: [UInt8]) throws(DomainError) {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            members = [:]
            return
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw .invalidRequest("The request body is not valid JSON", field: "body")
        }
        switch value {
        case .object(let members): self.members = members
        case .null: members = [:]
        default: throw .invalidRequest("The request body must be a JSON object", field: "body")
        }
    }

    package init(members: [String: JSONValue]) {
        self.members = members
    }

    /// The first of `names` that is present and not null, with its value.
    package func value(_ names: [String]) -> (name: String, value: JSONValue)? {
        for name in names {
            if let value = members[name], value != .null { return (name, value) }
        }
        return nil
    }

    /// - Throws: `INVALID_REQUEST` naming the field when it is not a string.
    package func string(_ names: String...) throws(DomainError) -> String? {
        guard let (name, value) = value(names) else { return nil }
        guard case .string(let text) = value else { throw Self.wrongType(name, "a string", value) }
        return text
    }

    /// - Throws: `INVALID_REQUEST` naming the field when it is not an integer.
    package func int(_ names: String...) throws(DomainError) -> Int? {
        guard let (name, value) = value(names) else { return nil }
        if let number = value.intValue { return number }
        if case .string(let text) = value, let number = Int(text) { return number }
        throw Self.wrongType(name, "an integer", value)
    }

    /// - Throws: `INVALID_REQUEST` naming the field when it is not a boolean.
    package func bool(_ names: String...) throws(DomainError) -> Bool? {
        guard let (name, value) = value(names) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string("true"), .string("True"), .string("TRUE"): return true
        case .string("false"), .string("False"), .string("FALSE"): return false
        default: throw Self.wrongType(name, "a boolean", value)
        }
    }

    /// An object whose values are all strings.
    /// - Throws: `error` when it is anything else.
    package func stringMap(_ names: [String], error: DomainError) throws(DomainError) -> [String: String]? {
        guard let (_, value) = value(names) else { return nil }
        guard case .object(let members) = value else { throw error }
        var result: [String: String] = [:]
        for (key, member) in members {
            guard case .string(let text) = member else { throw error }
            result[key] = text
        }
        return result
    }

    /// An array of strings.
    /// - Throws: `error` when it is anything else.
    package func stringArray(_ names: [String], error: DomainError) throws(DomainError) -> [String]? {
        guard let (_, value) = value(names) else { return nil }
        return try Self.strings(value, error: error)
    }

    /// The array of objects under `names`, each as a `RequestBody`; `error(index)` for a member that
    /// is not an object, `notArray` when the value is not an array.
    package func objects(_ names: [String], notArray: DomainError, error: (Int) -> DomainError) throws(DomainError)
        -> [RequestBody]?
    {
        guard let (_, value) = value(names) else { return nil }
        guard case .array(let items) = value else { throw notArray }
        var result: [RequestBody] = []
        for (index, item) in items.enumerated() {
            guard case .object(let members) = item else { throw error(index) }
            result.append(RequestBody(members: members))
        }
        return result
    }

    static func strings(_ value: JSONValue, error: DomainError) throws(DomainError) -> [String] {
        guard case .array(let items) = value else { throw error }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw error }
            result.append(text)
        }
        return result
    }

    static func wrongType(_ name: String, _ expected: String, _ value: JSONValue) -> DomainError {
        .invalidRequest("\(name) must be \(expected), not \(value.typeDescription)", field: name)
    }
}

extension RequestContext {
    /// The body as fields.
    package func body() throws(DomainError) -> RequestBody { try RequestBody(request.body) }

    /// Query parameter `name`, nil when absent or empty.
    package func query(_ name: String) -> String? {
        guard let value = request.query[name], !value.isEmpty else { return nil }
        return value
    }

    /// `limit` as an integer in `1...maximum`.
    /// - Throws: `INVALID_REQUEST` (`field` `limit`) otherwise.
    package func limit(maximum: Int, default fallback: Int? = nil) throws(DomainError) -> Int? {
        guard let text = query("limit") else { return fallback }
        guard let value = Int(text), (1...maximum).contains(value) else {
            throw .invalidRequest("limit must be an integer from 1 to \(maximum)", field: "limit")
        }
        return value
    }
}
