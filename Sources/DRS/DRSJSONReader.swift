import JSONCore

/// A DRS answer type that `DRSJSONReader` reads straight from the response bytes.
package protocol DRSJSONReadable {
    /// Reads one value of this type at the reader's position (the whole JSON value, unknown members
    /// skipped).
    init(reading reader: inout DRSJSONReader) throws
}

/// Reads DRS's JSON answers straight from the response bytes into the model types, without
/// `Codable`: decoding a `DescribeSourceServers` page through `JSONDecoder` spent most of a group
/// create's CPU in keyed containers and metadata lookups for every nested property.
///
/// The JSON itself is read by JSONCore's `JSONLexer` (strict RFC 8259). The results are those of the
/// types' `Decodable` conformances: members the types do not model are skipped (their syntax still
/// checked); an optional member that is `null` or absent is nil; a required member that is missing
/// or `null`, a value of the wrong JSON type, an integer that does not fit, malformed or truncated
/// JSON, nesting deeper than `maximumDepth` and trailing bytes throw `JSONSyntaxError`.
package struct DRSJSONReader {
    private var lexer: JSONLexer

    /// DRS answers nest a handful of levels (a job's launch-action runs are the deepest, at 7); the
    /// limit guards the skipping of unknown members against stack exhaustion.
    static let maximumDepth = 64

    private init(_ bytes: [UInt8]) {
        lexer = JSONLexer(bytes, maximumDepth: Self.maximumDepth)
    }

    /// One `Output` making up the whole of `bytes`.
    ///
    /// - Throws: `JSONSyntaxError` when the bytes are not exactly one well-formed `Output`.
    package static func read<Output: DRSJSONReadable>(
        _ type: Output.Type = Output.self,
        from bytes: [UInt8]
    ) throws(JSONSyntaxError) -> Output {
        var reader = DRSJSONReader(bytes)
        do {
            let output = try Output(reading: &reader)
            try reader.lexer.expectEnd()
            return output
        } catch let error as JSONSyntaxError {
            throw error
        } catch {
            throw JSONSyntaxError(message: "\(error)", offset: reader.lexer.index)
        }
    }

    // MARK: Structure

    /// Calls `member` with each member name of the object that starts here; `member` must read the
    /// value (or `skipValue()` it).
    package mutating func readObject(_ member: (inout DRSJSONReader, String) throws -> Void) throws {
        guard try lexer.beginObject() else { return }
        repeat {
            let name = try lexer.readMemberName()
            try member(&self, name)
        } while try lexer.nextMember()
    }

    /// Where the reader is: the offset of the next byte (before an object, for `missingMember`).
    package var position: Int { lexer.index }

    /// The error for an object (starting at `offset`) that lacks its required member `name`.
    package func missingMember(_ name: String, at offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(message: "missing required member \"\(name)\"", offset: offset)
    }

    /// The elements of the array that starts here, each read by `element`.
    package mutating func readArray<Element>(_ element: (inout DRSJSONReader) throws -> Element) throws -> [Element] {
        var elements: [Element] = []
        guard try lexer.beginArray() else { return elements }
        repeat {
            elements.append(try element(&self))
        } while try lexer.nextElement()
        return elements
    }

    /// nil for `null` (consumed), else what `read` reads.
    package mutating func readOptional<Value>(_ read: (inout DRSJSONReader) throws -> Value) throws -> Value? {
        try lexer.readNull() ? nil : read(&self)
    }

    /// Skips one JSON value of any type, checking its syntax.
    package mutating func skipValue() throws {
        try lexer.skipValue()
    }

    // MARK: Values

    /// A JSON string, escapes resolved.
    package mutating func readString() throws -> String {
        guard try lexer.peek() == UInt8(ascii: "\"") else { throw lexer.error("expected a string") }
        return try lexer.readString()
    }

    /// A string, or nil for `null`.
    package mutating func readOptionalString() throws -> String? {
        try readOptional { try $0.readString() }
    }

    /// An array of strings, or nil for `null`.
    package mutating func readOptionalStrings() throws -> [String]? {
        try readOptional { reader in try reader.readArray { try $0.readString() } }
    }

    /// An object of string values (DRS tags), or nil for `null`.
    package mutating func readOptionalStringMap() throws -> [String: String]? {
        try readOptional { reader in
            var map: [String: String] = [:]
            try reader.readObject { reader, name in map[name] = try reader.readString() }
            return map
        }
    }

    /// A DRS enumeration (any string, known or not), or nil for `null`.
    package mutating func readOptionalEnumeration<Value: DRSEnumeration>(_ type: Value.Type = Value.self) throws
        -> Value?
    {
        try readOptional { Value(rawValue: try $0.readString()) }
    }

    /// `true` or `false`, or nil for `null`.
    package mutating func readOptionalBool() throws -> Bool? {
        try readOptional { try $0.lexer.readBool() }
    }

    /// A JSON number with an integral value in `Int64`'s range (`1e3` counts, as for `JSONDecoder`),
    /// or nil for `null`.
    package mutating func readOptionalInt64() throws -> Int64? {
        try readOptional { reader in
            let (range, integral) = try reader.lexer.scanNumber()
            let text = String(decoding: reader.lexer.bytes[range], as: UTF8.self)
            if integral, let value = Int64(text) { return value }
            if !integral, let double = Double(text), let value = Int64(exactly: double) { return value }
            throw JSONSyntaxError(
                message: "number \(text) is not an integer in Int64's range", offset: range.lowerBound)
        }
    }

    /// A nested answer type, or nil for `null`.
    package mutating func readOptional<Value: DRSJSONReadable>(_ type: Value.Type = Value.self) throws -> Value? {
        try readOptional { try Value(reading: &$0) }
    }

    /// An array of a nested answer type, or nil for `null`.
    package mutating func readOptionalArray<Value: DRSJSONReadable>(of type: Value.Type = Value.self) throws
        -> [Value]?
    {
        try readOptional { reader in try reader.readArray { try Value(reading: &$0) } }
    }
}
