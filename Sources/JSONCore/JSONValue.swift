import FoundationEssentials

/// A JSON document held as a value: template properties, proxy events, function responses and
/// JWT claims all pass through this one type so that numbers, booleans and nulls keep their kind.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text (`read`, the one JSON reader); throws `JSONSyntaxError` when the bytes are
    /// not one JSON value.
    package init(parsing bytes: some Collection<UInt8>) throws {
        self = try JSONValue.read(Array(bytes))
    }

    /// Parses JSON text given as a string.
    package init(parsing text: String) throws {
        try self.init(parsing: Array(text.utf8))
    }

    /// The compact JSON text of this value, object keys sorted so that output is reproducible.
    package var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        // Writing a tree of strings, numbers and containers cannot fail except for non-finite
        // doubles, which no parser here produces; fall back to null rather than trap.
        return write(to: &out) ? out : Array("null".utf8)
    }

    /// The compact JSON text of this value as a string.
    package var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// The string when this is a string, else nil.
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer when this is an integer (or a double with no fraction), else nil.
    package var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9e15: return Int(value)
        case .string(let value): return Int(value)
        default: return nil
        }
    }

    /// The dictionary when this is an object, else nil.
    package var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The elements when this is an array, else nil.
    package var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// Member `key` of an object; nil for a missing key or a non-object.
    package subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The value as CloudFormation and API Gateway print scalars: strings as-is, numbers and
    /// booleans in their JSON spelling, null as nil, containers as JSON text.
    package var scalarText: String? {
        switch self {
        case .null: return nil
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value):
            if value.rounded() == value && abs(value) < 9e15 { return String(Int(value)) }
            return String(value)
        case .string(let value): return value
        case .array, .object: return jsonText
        }
    }
}

extension JSONValue: Codable {
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(nilLiteral: ()) { self = .null }
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// A short name of the value's kind for error messages ("a number", "an object", …).
    package var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
