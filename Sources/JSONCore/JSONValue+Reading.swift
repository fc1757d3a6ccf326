/// A JSON text that is not one well-formed value: what was wrong and at which byte.
package struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    package var message: String
    /// The byte offset where it was found.
    package var offset: Int

    package var description: String { "\(message) at byte \(offset)" }
}

extension JSONValue {
    /// The deepest nesting `read` accepts (a guard against stack exhaustion, far above real events).
    package static let maximumReadDepth = 512

    /// Reads one JSON value from UTF-8 bytes straight into a `JSONValue`, without `Decodable`
    /// (the Lambda event of every invocation goes through here).
    ///
    /// Strict RFC 8259: strings must be valid UTF-8 without raw control characters; escapes include
    /// `\uXXXX` surrogate pairs. Integers that fit `Int` become `.int`, other numbers `.double`.
    ///
    /// - Throws: `JSONSyntaxError` for anything else, including trailing bytes.
    package static func read(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var reader = Reader(bytes: bytes)
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.error("unexpected bytes after the JSON value") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, offset: index) }

        mutating func skipWhitespace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
            {
                index += 1
            }
        }

        mutating func next() throws(JSONSyntaxError) -> UInt8 {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of the JSON text") }
            return bytes[index]
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth < JSONValue.maximumReadDepth else { throw error("nested too deeply") }
            switch try next() {
            case UInt8(ascii: "{"):
                index += 1
                var members: [String: JSONValue] = [:]
                if try next() == UInt8(ascii: "}") {
                    index += 1
                    return .object(members)
                }
                while true {
                    guard try next() == UInt8(ascii: "\"") else { throw error("expected a member name") }
                    let name = try string()
                    guard try next() == UInt8(ascii: ":") else { throw error("expected ':'") }
                    index += 1
                    members[name] = try value(depth: depth + 1)
                    let separator = try next()
                    index += 1
                    if separator == UInt8(ascii: "}") { return .object(members) }
                    guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [JSONValue] = []
                if try next() == UInt8(ascii: "]") {
                    index += 1
                    return .array(elements)
                }
                while true {
                    elements.append(try value(depth: depth + 1))
                    let separator = try next()
                    index += 1
                    if separator == UInt8(ascii: "]") { return .array(elements) }
                    guard separator == UInt8(ascii: ",") else { throw error("expected ',' or ']'") }
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default: return try number()
            }
        }

        mutating func literal(_ text: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
            let count = text.utf8CodeUnitCount
            let matches = text.withUTF8Buffer { expected in
                index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
            }
            guard matches else { throw error("expected \(text)") }
            index += count
            return value
        }

        mutating func number() throws(JSONSyntaxError) -> JSONValue {
            let start = index
            var integral = true
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digitsStart = index
            let digits = skipDigits()
            guard digits > 0 else { throw error("expected a JSON value") }
            guard digits == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { throw error("leading zero") }
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
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if integral, let value = Int(text) { return .int(value) }
            guard let value = Double(text), value.isFinite else { throw error("number out of range") }
            if value.rounded() == value, abs(value) < 9e15 { return .int(Int(value)) }
            return .double(value)
        }

        mutating func skipDigits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return index - start
        }

        /// A string; `index` is at its opening quote.
        mutating func string() throws(JSONSyntaxError) -> String {
            index += 1
            let start = index
            var utf8: [UInt8] = []
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    let text =
                        escaped
                        ? String(validating: utf8, as: UTF8.self)
                        : String(validating: bytes[start..<index - 1], as: UTF8.self)
                    guard let text else { throw JSONSyntaxError(message: "string is not valid UTF-8", offset: start) }
                    return text
                case UInt8(ascii: "\\"):
                    if !escaped {
                        utf8 = Array(bytes[start..<index])
                        escaped = true
                    }
                    index += 1
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
                    case UInt8(ascii: "u"): utf8.append(contentsOf: try unicodeEscape())
                    default: throw error("invalid escape in a string")
                    }
                case 0..<0x20:
                    throw error("raw control character in a string")
                default:
                    if escaped { utf8.append(byte) }
                    index += 1
                }
            }
            throw error("unterminated string")
        }

        /// The UTF-8 of `\uXXXX` (already past `\u`), joining a surrogate pair.
        mutating func unicodeEscape() throws(JSONSyntaxError) -> [UInt8] {
            let first = try hex4()
            var scalar = UInt32(first)
            if (0xD800...0xDBFF).contains(first) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw error("unpaired surrogate in a \\u escape") }
                index += 2
                let second = try hex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw error("unpaired surrogate in a \\u escape") }
                scalar = 0x10000 + ((UInt32(first) - 0xD800) << 10) + (UInt32(second) - 0xDC00)
            }
            guard let value = Unicode.Scalar(scalar) else { throw error("unpaired surrogate in a \\u escape") }
            return Array(String(Character(value)).utf8)
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt16 {
            guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
            var value: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt16(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt16(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value << 4 | UInt16(byte - UInt8(ascii: "A") + 10)
                default: throw error("invalid hex digit in a \\u escape")
                }
                index += 1
            }
            return value
        }
    }
}
