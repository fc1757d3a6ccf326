import FoundationEssentials

/// Reads DynamoDB's JSON answers straight from the response bytes into `AttributeValue`s and items,
/// without `Codable`: the generic `JSONDecoder` path spent most of a list request's CPU in keyed
/// containers and metadata lookups for every attribute of every item.
///
/// Strict JSON (RFC 8259): strings must be valid UTF-8 without raw control characters, escapes
/// include `\uXXXX` with surrogate pairs, and anything malformed, truncated, nested deeper than
/// `maximumDepth` or followed by trailing bytes throws `AttributeJSONError`. Attribute values follow
/// the wire form `AttributeValue`'s `Codable` conformance reads, with the same results.
package struct AttributeJSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    /// DynamoDB nests documents at most 32 levels; every level here is two (the value object and its
    /// `M`/`L` container), plus the response's own envelope.
    static let maximumDepth = 80

    /// A reader positioned at the start of `bytes`.
    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// One attribute value (`{"S": "text"}`, …) making up the whole of `bytes`.
    ///
    /// - Throws: `AttributeJSONError` when the bytes are not exactly one well-formed value.
    package static func value(from bytes: [UInt8]) throws -> AttributeValue {
        var reader = AttributeJSONReader(bytes)
        let value = try reader.readAttributeValue()
        try reader.expectEnd()
        return value
    }

    /// One item (`{"name": {"S": "text"}, …}`) making up the whole of `bytes`.
    ///
    /// - Throws: `AttributeJSONError` when the bytes are not exactly one well-formed item.
    package static func item(from bytes: [UInt8]) throws -> DynamoDBItem {
        var reader = AttributeJSONReader(bytes)
        let item = try reader.readItem()
        try reader.expectEnd()
        return item
    }

    // MARK: Structure

    /// Calls `member` with each key of the object that starts here; `member` must read the value.
    mutating func readObject(_ member: (inout AttributeJSONReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        try enter()
        defer { depth -= 1 }
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            let key = try readString()
            try expect(UInt8(ascii: ":"))
            try member(&self, key)
            switch try next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    /// Calls `element` for each element of the array that starts here; `element` must read it.
    mutating func readArray(_ element: (inout AttributeJSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        try enter()
        defer { depth -= 1 }
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try element(&self)
            switch try next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    /// Whether the next value is `null`; consumes it if so.
    mutating func readNull() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    /// Skips one JSON value of any type, checking its syntax.
    mutating func skipValue() throws {
        switch try peek() {
        case UInt8(ascii: "{"): try readObject { reader, _ in try reader.skipValue() }
        case UInt8(ascii: "["): try readArray { reader in try reader.skipValue() }
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
        case UInt8(ascii: "n"): try expectLiteral("null")
        default: try skipNumber()
        }
    }

    /// Fails unless only whitespace is left.
    mutating func expectEnd() throws {
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected bytes after the JSON value") }
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
        let start = index
        try readObject { reader, type in
            guard value == nil else {
                throw reader.error("an AttributeValue must have exactly one type key")
            }
            value = try reader.readTyped(type)
        }
        guard let value else {
            index = start
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
        let start = index
        guard let data = Data(base64Encoded: try readString()) else {
            index = start
            throw error("binary attribute value is not valid base64")
        }
        return Array(data)
    }

    // MARK: Scalars

    /// `true` or `false`.
    mutating func readBool() throws -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return false
        default:
            throw error("expected true or false")
        }
    }

    /// A JSON number that is an integer in `Int`'s range.
    mutating func readInt() throws -> Int {
        skipWhitespace()
        let start = index
        try skipNumber()
        guard let value = Int(String(decoding: bytes[start..<index], as: UTF8.self)) else {
            index = start
            throw error("expected an integer")
        }
        return value
    }

    /// A JSON string, escapes resolved.
    mutating func readString() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        // The common case: no escapes, one copy of the bytes (validated only when not ASCII).
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                if ascii {
                    let end = index
                    return bytes.withUnsafeBufferPointer { buffer in
                        String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
                    }
                }
                return try makeString(bytes[start..<index], at: start)
            }
            ascii = ascii && byte < 0x80
            if byte == UInt8(ascii: "\\") {
                return try readEscapedString(from: start)
            }
            if byte < 0x20 {
                throw error("raw control character in a string")
            }
            index += 1
        }
        throw error("unterminated string")
    }

    private mutating func readEscapedString(from start: Int) throws -> String {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return try makeString(utf8[...], at: start)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: try readUnicodeEscape())
                default:
                    index -= 2
                    throw error("invalid escape in a string")
                }
            case 0..<0x20:
                index -= 1
                throw error("raw control character in a string")
            default:
                utf8.append(byte)
            }
        }
        throw error("unterminated string")
    }

    /// The UTF-8 of `\uXXXX` (the `\u` already read), joining a surrogate pair written as two escapes.
    private mutating func readUnicodeEscape() throws -> [UInt8] {
        let escapeStart = index - 2
        let first = try readHex4()
        var scalarValue = UInt32(first)
        if (0xD800...0xDBFF).contains(first) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                index = escapeStart
                throw error("unpaired surrogate in a \\u escape")
            }
            index += 2
            let second = try readHex4()
            guard (0xDC00...0xDFFF).contains(second) else {
                index = escapeStart
                throw error("unpaired surrogate in a \\u escape")
            }
            scalarValue = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else {
            index = escapeStart
            throw error("unpaired surrogate in a \\u escape")
        }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func readHex4() throws -> UInt16 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in a \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private func makeString(_ utf8: some Collection<UInt8>, at start: Int) throws -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw AttributeJSONError(message: "string is not valid UTF-8", offset: start)
        }
        return string
    }

    /// Checks and skips a JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func skipNumber() throws {
        skipWhitespace()
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let digits = skipDigits()
        guard digits > 0 else {
            index = start
            throw error("expected a JSON value")
        }
        guard digits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            index = start
            throw error("leading zero in a number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw error("expected digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard skipDigits() > 0 else { throw error("expected digits in an exponent") }
        }
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            index += 1
        }
        return index - start
    }

    // MARK: Bytes

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw error("nested deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed.
    private mutating func peek() throws -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of the JSON text") }
        return bytes[index]
    }

    /// The next non-whitespace byte, consumed.
    private mutating func next() throws -> UInt8 {
        let byte = try peek()
        index += 1
        return byte
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        skipWhitespace()
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected in
            index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
        }
        guard matches else { throw error("expected \(literal)") }
        index += count
    }

    func error(_ message: String) -> AttributeJSONError {
        AttributeJSONError(message: message, offset: index)
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
