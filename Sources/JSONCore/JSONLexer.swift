/// A JSON text that is not one well-formed value: what was wrong and at which byte.
package struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    package var message: String
    /// The byte offset where it was found.
    package var offset: Int

    /// An error reporting `message` at byte `offset`.
    @inlinable
    package init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    package var description: String { "\(message) at byte \(offset)" }
}

/// The byte-level JSON lexer both of the project's readers build on (`JSONValue.read` and DynamoDB's
/// `AttributeJSONReader`): a position in UTF-8 bytes and the primitives that move it over tokens.
///
/// Strict RFC 8259: strings must be valid UTF-8 without raw control characters, escapes include
/// `\uXXXX` with surrogate pairs, numbers follow the JSON grammar, and objects and arrays nest at most
/// `maximumDepth` levels. Every failure throws `JSONSyntaxError` with the byte offset it was found at.
/// Whitespace before a token is skipped by the primitive that reads it.
///
/// The primitives are `@inlinable` so that readers in other modules compile them inline, as if the
/// lexer were part of their own type (these readers run on every request).
package struct JSONLexer {
    /// The JSON text.
    package let bytes: [UInt8]
    /// The offset of the next byte to read.
    package var index = 0
    /// How many objects and arrays are open.
    package var depth = 0
    /// The deepest nesting of objects and arrays accepted (a guard against stack exhaustion).
    package let maximumDepth: Int

    /// A lexer positioned at the start of `bytes`.
    @inlinable
    package init(_ bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// An error at the current position.
    @inlinable
    package func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: index)
    }

    // MARK: Bytes

    /// Skips spaces, tabs, carriage returns and line feeds.
    @inlinable
    package mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed.
    @inlinable
    package mutating func peek() throws(JSONSyntaxError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of the JSON text") }
        return bytes[index]
    }

    /// The next non-whitespace byte, consumed.
    @inlinable
    package mutating func next() throws(JSONSyntaxError) -> UInt8 {
        let byte = try peek()
        index += 1
        return byte
    }

    /// Consumes `byte` as the next non-whitespace byte, or fails.
    @inlinable
    package mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard try peek() == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    /// Consumes `literal` (`true`, `false`, `null`) as the next token, or fails.
    @inlinable
    package mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        skipWhitespace()
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected in
            index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
        }
        guard matches else { throw error("expected \(literal)") }
        index += count
    }

    /// Fails unless only whitespace is left.
    @inlinable
    package mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected bytes after the JSON value") }
    }

    // MARK: Structure

    /// Consumes the `{` of an object; false when the object is empty (its `}` consumed too).
    /// While it returns true, read each member with `readMemberName`, the value, then `nextMember`.
    @inlinable
    package mutating func beginObject() throws(JSONSyntaxError) -> Bool {
        try expect(UInt8(ascii: "{"))
        try enter()
        if try peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return false
        }
        return true
    }

    /// A member's name and the `:` after it.
    @inlinable
    package mutating func readMemberName() throws(JSONSyntaxError) -> String {
        let name = try readString()
        try expect(UInt8(ascii: ":"))
        return name
    }

    /// After a member's value: true when a `,` announces another member, false at the closing `}`.
    @inlinable
    package mutating func nextMember() throws(JSONSyntaxError) -> Bool {
        switch try next() {
        case UInt8(ascii: ","): return true
        case UInt8(ascii: "}"):
            depth -= 1
            return false
        default: throw error("expected ',' or '}' in an object")
        }
    }

    /// Consumes the `[` of an array; false when the array is empty (its `]` consumed too).
    /// While it returns true, read each element, then call `nextElement`.
    @inlinable
    package mutating func beginArray() throws(JSONSyntaxError) -> Bool {
        try expect(UInt8(ascii: "["))
        try enter()
        if try peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        return true
    }

    /// After an element: true when a `,` announces another element, false at the closing `]`.
    @inlinable
    package mutating func nextElement() throws(JSONSyntaxError) -> Bool {
        switch try next() {
        case UInt8(ascii: ","): return true
        case UInt8(ascii: "]"):
            depth -= 1
            return false
        default: throw error("expected ',' or ']' in an array")
        }
    }

    @inlinable
    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= maximumDepth else {
            throw error("nested deeper than \(maximumDepth) levels")
        }
    }

    /// Skips one JSON value of any type, checking its syntax.
    @inlinable
    package mutating func skipValue() throws(JSONSyntaxError) {
        switch try peek() {
        case UInt8(ascii: "{"):
            guard try beginObject() else { return }
            repeat {
                _ = try readMemberName()
                try skipValue()
            } while try nextMember()
        case UInt8(ascii: "["):
            guard try beginArray() else { return }
            repeat {
                try skipValue()
            } while try nextElement()
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
        case UInt8(ascii: "n"): try expectLiteral("null")
        default: _ = try scanNumber()
        }
    }

    // MARK: Scalars

    /// Whether the next value is `null`; consumes it if so.
    @inlinable
    package mutating func readNull() throws(JSONSyntaxError) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    /// `true` or `false`.
    @inlinable
    package mutating func readBool() throws(JSONSyntaxError) -> Bool {
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

    /// Checks and skips a JSON number, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`,
    /// returning where its text is and whether it has neither fraction nor exponent.
    @inlinable
    package mutating func scanNumber() throws(JSONSyntaxError) -> (text: Range<Int>, integral: Bool) {
        skipWhitespace()
        let start = index
        var integral = true
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
            integral = false
            index += 1
            guard skipDigits() > 0 else { throw error("expected digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard skipDigits() > 0 else { throw error("expected digits in an exponent") }
        }
        return (start..<index, integral)
    }

    @inlinable
    mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            index += 1
        }
        return index - start
    }

    // MARK: Strings

    /// A JSON string, escapes resolved.
    @inlinable
    package mutating func readString() throws(JSONSyntaxError) -> String {
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

    /// The rest of a string from its first escape (at `index`); `start` is just past the opening quote.
    @inlinable
    mutating func readEscapedString(from start: Int) throws(JSONSyntaxError) -> String {
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
                case UInt8(ascii: "u"): try appendUnicodeEscape(to: &utf8)
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

    /// Appends the UTF-8 of `\uXXXX` (the `\u` already read), joining a surrogate pair written as two
    /// escapes.
    @inlinable
    mutating func appendUnicodeEscape(to utf8: inout [UInt8]) throws(JSONSyntaxError) {
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
        UTF8.encode(scalar) { utf8.append($0) }
    }

    @inlinable
    mutating func readHex4() throws(JSONSyntaxError) -> UInt16 {
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

    @inlinable
    func makeString(_ utf8: some Collection<UInt8>, at start: Int) throws(JSONSyntaxError) -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw JSONSyntaxError(message: "string is not valid UTF-8", offset: start)
        }
        return string
    }
}
