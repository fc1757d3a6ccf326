import FoundationEssentials
import JSONCore

/// Reads DynamoDB's JSON answers straight from the response bytes into `AttributeValue`s and items,
/// without `Codable`: the generic `JSONDecoder` path spent most of a list request's CPU in keyed
/// containers and metadata lookups for every attribute of every item.
///
/// The JSON itself is read by JSONCore's `JSONLexer` (strict RFC 8259: valid UTF-8 strings without raw
/// control characters, `\uXXXX` escapes with surrogate pairs); anything malformed, truncated, nested
/// deeper than `maximumDepth` or followed by trailing bytes throws `JSONSyntaxError`, which `value(from:)`
/// and `item(from:)` report as `AttributeJSONError`. Attribute values follow the wire form
/// `AttributeValue`'s `Codable` conformance reads, with the same results.
package struct AttributeJSONReader {
    private var lexer: JSONLexer

    /// DynamoDB nests documents at most 32 levels; every level here is two (the value object and its
    /// `M`/`L` container), plus the response's own envelope.
    static let maximumDepth = 80

    /// A reader positioned at the start of `bytes`.
    package init(_ bytes: [UInt8]) {
        lexer = JSONLexer(bytes, maximumDepth: Self.maximumDepth)
    }

    /// One attribute value (`{"S": "text"}`, …) making up the whole of `bytes`.
    ///
    /// - Throws: `AttributeJSONError` when the bytes are not exactly one well-formed value.
    package static func value(from bytes: [UInt8]) throws(AttributeJSONError) -> AttributeValue {
        try whole(bytes) { reader in try reader.readAttributeValue() }
    }

    /// One item (`{"name": {"S": "text"}, …}`) making up the whole of `bytes`.
    ///
    /// - Throws: `AttributeJSONError` when the bytes are not exactly one well-formed item.
    package static func item(from bytes: [UInt8]) throws(AttributeJSONError) -> DynamoDBItem {
        try whole(bytes) { reader in try reader.readItem() }
    }

    private static func whole<Output>(
        _ bytes: [UInt8],
        _ read: (inout AttributeJSONReader) throws -> Output
    ) throws(AttributeJSONError) -> Output {
        var reader = AttributeJSONReader(bytes)
        do {
            let output = try read(&reader)
            try reader.expectEnd()
            return output
        } catch let error as JSONSyntaxError {
            throw AttributeJSONError(message: error.message, offset: error.offset)
        } catch {
            throw AttributeJSONError(message: "\(error)", offset: reader.lexer.index)
        }
    }

    // MARK: Structure

    /// Calls `member` with each key of the object that starts here; `member` must read the value.
    mutating func readObject(_ member: (inout AttributeJSONReader, String) throws -> Void) throws {
        guard try lexer.beginObject() else { return }
        repeat {
            let key = try lexer.readMemberName()
            try member(&self, key)
        } while try lexer.nextMember()
    }

    /// Calls `element` for each element of the array that starts here; `element` must read it.
    mutating func readArray(_ element: (inout AttributeJSONReader) throws -> Void) throws {
        guard try lexer.beginArray() else { return }
        repeat {
            try element(&self)
        } while try lexer.nextElement()
    }

    /// Whether the next value is `null`; consumes it if so.
    mutating func readNull() throws -> Bool {
        try lexer.readNull()
    }

    /// Skips one JSON value of any type, checking its syntax.
    mutating func skipValue() throws {
        try lexer.skipValue()
    }

    /// Fails unless only whitespace is left.
    mutating func expectEnd() throws {
        try lexer.expectEnd()
    }

    // MARK: DynamoDB values

    /// An item: attribute names to values.
    mutating func readItem() throws -> DynamoDBItem {
        var item: DynamoDBItem = [:]
        try readObject { reader, name in item[name] = try reader.readAttributeValue() }
        return item
    }

    /// An item, or nil for `null`.
    mutating func readOptionalItem() throws -> DynamoDBItem? {
        try readNull() ? nil : readItem()
    }

    /// A list of items.
    mutating func readItems() throws -> [DynamoDBItem] {
        var items: [DynamoDBItem] = []
        try readArray { reader in items.append(try reader.readItem()) }
        return items
    }

    /// One attribute value: an object with exactly one of the type keys.
    mutating func readAttributeValue() throws -> AttributeValue {
        var value: AttributeValue?
        let start = lexer.index
        try readObject { reader, type in
            guard value == nil else {
                throw reader.error("an AttributeValue must have exactly one type key")
            }
            value = try reader.readTyped(type)
        }
        guard let value else {
            lexer.index = start
            throw error("an AttributeValue must have exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS")
        }
        return value
    }

    private mutating func readTyped(_ type: String) throws -> AttributeValue {
        switch type {
        case "S": return .string(try readString())
        case "N": return .number(try readString())
        case "B": return .binary(try readBinary())
        case "BOOL": return .bool(try readBool())
        case "NULL":
            // DynamoDB always sends `true`; the value carries no information.
            _ = try readBool()
            return .null
        case "M":
            var entries: [String: AttributeValue] = [:]
            try readObject { reader, name in entries[name] = try reader.readAttributeValue() }
            return .map(entries)
        case "L":
            var elements: [AttributeValue] = []
            try readArray { reader in elements.append(try reader.readAttributeValue()) }
            return .list(elements)
        case "SS": return .stringSet(try readStrings())
        case "NS": return .numberSet(try readStrings())
        case "BS":
            var values: [[UInt8]] = []
            try readArray { reader in values.append(try reader.readBinary()) }
            return .binarySet(values)
        default:
            throw error("unknown AttributeValue type \"\(type)\"")
        }
    }

    /// An array of strings.
    mutating func readStrings() throws -> [String] {
        var strings: [String] = []
        try readArray { reader in strings.append(try reader.readString()) }
        return strings
    }

    private mutating func readBinary() throws -> [UInt8] {
        let start = lexer.index
        guard let data = Data(base64Encoded: try readString()) else {
            lexer.index = start
            throw error("binary attribute value is not valid base64")
        }
        return Array(data)
    }

    // MARK: Scalars

    /// `true` or `false`.
    mutating func readBool() throws -> Bool {
        try lexer.readBool()
    }

    /// A JSON number that is an integer in `Int`'s range.
    mutating func readInt() throws -> Int {
        let (range, _) = try lexer.scanNumber()
        guard let value = Int(String(decoding: lexer.bytes[range], as: UTF8.self)) else {
            lexer.index = range.lowerBound
            throw error("expected an integer")
        }
        return value
    }

    /// A JSON string, escapes resolved.
    mutating func readString() throws -> String {
        try lexer.readString()
    }

    /// An error at the current position.
    func error(_ message: String) -> JSONSyntaxError {
        lexer.error(message)
    }
}

/// A DynamoDB JSON answer that could not be read: what was wrong and at which byte.
package struct AttributeJSONError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    package var message: String
    /// The byte offset in the response body where it was found.
    package var offset: Int

    package var description: String { "\(message) at byte \(offset)" }
}
