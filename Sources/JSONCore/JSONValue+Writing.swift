extension JSONValue {
    /// Writes the compact JSON text of this value straight into bytes, as `JSONEncoder` with
    /// `[.sortedKeys, .withoutEscapingSlashes]` writes it (object keys in UTF-8 byte order, `/`
    /// unescaped, integral doubles without `.0`), without the `Encodable` machinery that cost a third
    /// of a list response's CPU.
    ///
    /// - Returns: false (leaving `out` partly written) when the value holds a non-finite double,
    ///   which JSON cannot spell.
    func write(to out: inout [UInt8]) -> Bool {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case .int(let value): Self.writeInteger(value, to: &out)
        case .double(let value): return Self.writeNumber(value, to: &out)
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                guard element.write(to: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted(by: Self.keyPrecedes)
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                guard members[key].unsafelyUnwrapped.write(to: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// `value` quoted and escaped, as `JSONEncoder` writes it.
    static func writeString(_ value: String, to out: inout [UInt8]) {
        JSONEscaping.appendQuoted(value, to: &out)
    }

    static func writeInteger(_ value: some FixedWidthInteger, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    /// `value` as `JSONEncoder` spells it (no `.0` on an integral value); false, writing nothing,
    /// for a non-finite value.
    static func writeNumber(_ value: some BinaryFloatingPoint & CustomStringConvertible, to out: inout [UInt8]) -> Bool
    {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out.append(contentsOf: text.utf8)
        return true
    }

    /// The order of an object's keys in the text: by their UTF-8 bytes, as `.sortedKeys` sorts.
    static func keyPrecedes(_ first: String, _ second: String) -> Bool {
        first.utf8.lexicographicallyPrecedes(second.utf8)
    }
}
