import FoundationEssentials

// The wire form is a one-key object naming the type: {"S": "text"}, {"N": "42"}, {"B": "<base64>"},
// {"BOOL": true}, {"NULL": true}, {"M": {…}}, {"L": […]}, {"SS": […]}, {"NS": […]}, {"BS": […]}.
// Hand-written because the synthesized form of an enum with payloads is not DynamoDB's.
extension AttributeValue: Codable {
    private enum TypeKey: String, CodingKey {
        case string = "S"
        case number = "N"
        case binary = "B"
        case bool = "BOOL"
        case null = "NULL"
        case map = "M"
        case list = "L"
        case stringSet = "SS"
        case numberSet = "NS"
        case binarySet = "BS"
    }

    /// Decodes DynamoDB's JSON form of a value.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the object does not name exactly one known type,
    ///   or binary data is not base64.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "an AttributeValue must have exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS; "
                        + "found \(container.allKeys.map(\.stringValue))"
                )
            )
        }
        switch key {
        case .string:
            self = .string(try container.decode(String.self, forKey: key))
        case .number:
            self = .number(try container.decode(String.self, forKey: key))
        case .binary:
            self = .binary(try Self.bytes(fromBase64: container.decode(String.self, forKey: key), key, container))
        case .bool:
            self = .bool(try container.decode(Bool.self, forKey: key))
        case .null:
            // DynamoDB always sends `true`; the value carries no information.
            _ = try container.decode(Bool.self, forKey: key)
            self = .null
        case .map:
            self = .map(try container.decode([String: AttributeValue].self, forKey: key))
        case .list:
            self = .list(try container.decode([AttributeValue].self, forKey: key))
        case .stringSet:
            self = .stringSet(try container.decode([String].self, forKey: key))
        case .numberSet:
            self = .numberSet(try container.decode([String].self, forKey: key))
        case .binarySet:
            self = .binarySet(
                try container.decode([String].self, forKey: key).map { try Self.bytes(fromBase64: $0, key, container) }
            )
        }
    }

    /// Encodes DynamoDB's JSON form of the value.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .string(let value): try container.encode(value, forKey: .string)
        case .number(let value): try container.encode(value, forKey: .number)
        case .binary(let value): try container.encode(Data(value).base64EncodedString(), forKey: .binary)
        case .bool(let value): try container.encode(value, forKey: .bool)
        case .null: try container.encode(true, forKey: .null)
        case .map(let value): try container.encode(value, forKey: .map)
        case .list(let value): try container.encode(value, forKey: .list)
        case .stringSet(let value): try container.encode(value, forKey: .stringSet)
        case .numberSet(let value): try container.encode(value, forKey: .numberSet)
        case .binarySet(let value):
            try container.encode(value.map { Data($0).base64EncodedString() }, forKey: .binarySet)
        }
    }

    private static func bytes(
        fromBase64 text: String,
        _ key: TypeKey,
        _ container: KeyedDecodingContainer<TypeKey>
    ) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: container,
                debugDescription: "binary attribute value is not valid base64"
            )
        }
        return Array(data)
    }
}
