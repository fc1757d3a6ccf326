extension JSONValue {
    /// The deepest nesting of objects and arrays `read` accepts (a guard against stack exhaustion, far
    /// above real events).
    package static let maximumReadDepth = 512

    /// Reads one JSON value from UTF-8 bytes straight into a `JSONValue`, without `Decodable`
    /// (the Lambda event of every invocation goes through here).
    ///
    /// Strict RFC 8259 (see `JSONLexer`): strings must be valid UTF-8 without raw control characters;
    /// escapes include `\uXXXX` surrogate pairs. Integers that fit `Int` become `.int`, other numbers
    /// `.double`.
    ///
    /// - Throws: `JSONSyntaxError` for anything else, including trailing bytes.
    package static func read(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var lexer = JSONLexer(bytes, maximumDepth: maximumReadDepth)
        let value = try read(&lexer)
        try lexer.expectEnd()
        return value
    }

    private static func read(_ lexer: inout JSONLexer) throws(JSONSyntaxError) -> JSONValue {
        switch try lexer.peek() {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            guard try lexer.beginObject() else { return .object(members) }
            repeat {
                let name = try lexer.readMemberName()
                members[name] = try read(&lexer)
            } while try lexer.nextMember()
            return .object(members)
        case UInt8(ascii: "["):
            var elements: [JSONValue] = []
            guard try lexer.beginArray() else { return .array(elements) }
            repeat {
                elements.append(try read(&lexer))
            } while try lexer.nextElement()
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try lexer.readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try lexer.readBool())
        case UInt8(ascii: "n"):
            try lexer.expectLiteral("null")
            return .null
        default: return try number(&lexer)
        }
    }

    private static func number(_ lexer: inout JSONLexer) throws(JSONSyntaxError) -> JSONValue {
        let (range, integral) = try lexer.scanNumber()
        let text = String(decoding: lexer.bytes[range], as: UTF8.self)
        if integral, let value = Int(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { throw lexer.error("number out of range") }
        if value.rounded() == value, abs(value) < 9e15 { return .int(Int(value)) }
        return .double(value)
    }
}
