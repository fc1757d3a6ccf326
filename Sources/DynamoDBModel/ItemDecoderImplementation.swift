import FoundationEssentials

/// The `Decoder` behind `DynamoDBItemDecoder`: reads straight from `AttributeValue`s.
struct ItemDecoderImplementation: Decoder {
    let value: AttributeValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .map(let entries) = value else {
            throw Self.mismatch([String: AttributeValue].self, expected: "M", value, codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let elements: [AttributeValue]
        switch value {
        case .list(let values): elements = values
        // Sets decode as sequences so `Set<String>` or `[String]` can read an `SS` written by others.
        case .stringSet(let values): elements = values.map(AttributeValue.string)
        case .numberSet(let values): elements = values.map(AttributeValue.number)
        case .binarySet(let values): elements = values.map(AttributeValue.binary)
        default: throw Self.mismatch([AttributeValue].self, expected: "L", value, codingPath)
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, codingPath: codingPath)
    }

    /// `value` as a `T`: types with a DynamoDB form of their own directly, others through `init(from:)`.
    static func decode<T: Decodable>(_ type: T.Type, from value: AttributeValue, codingPath: [any CodingKey]) throws
        -> T
    {
        if let special = try specialValue(type, from: value, codingPath: codingPath) {
            return special
        }
        return try T(from: ItemDecoderImplementation(value: value, codingPath: codingPath))
    }

    /// The counterpart of `ItemEncoderImplementation.specialValue`; nil for other types.
    private static func specialValue<T: Decodable>(
        _ type: T.Type,
        from value: AttributeValue,
        codingPath: [any CodingKey]
    ) throws -> T? {
        if T.self == AttributeValue.self {
            return value as? T
        }
        if T.self == [UInt8].self || T.self == Data.self {
            guard case .binary(let bytes) = value else {
                throw mismatch(T.self, expected: "B", value, codingPath)
            }
            return T.self == Data.self ? Data(bytes) as? T : bytes as? T
        }
        if T.self == Date.self {
            switch value {
            case .string(let text):
                guard let date = ItemDateFormat.date(text) else {
                    throw corrupted("'\(text)' is not an ISO 8601 date", codingPath)
                }
                return date as? T
            case .number(let text):
                guard let seconds = Double(text) else { throw corrupted("'\(text)' is not a number", codingPath) }
                return Date(timeIntervalSince1970: seconds) as? T
            default:
                throw mismatch(T.self, expected: "S", value, codingPath)
            }
        }
        if T.self == Decimal.self {
            guard case .number(let text) = value else { throw mismatch(T.self, expected: "N", value, codingPath) }
            guard let decimal = Decimal(string: text) else { throw corrupted("'\(text)' is not a number", codingPath) }
            return decimal as? T
        }
        return nil
    }

    static func string(_ value: AttributeValue, _ codingPath: [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, expected: "S", value, codingPath) }
        return text
    }

    static func bool(_ value: AttributeValue, _ codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, expected: "BOOL", value, codingPath) }
        return flag
    }

    static func integer<T: FixedWidthInteger>(
        _ type: T.Type,
        _ value: AttributeValue,
        _ codingPath: [any CodingKey]
    ) throws -> T {
        guard case .number(let text) = value else { throw mismatch(T.self, expected: "N", value, codingPath) }
        if let result = T(text) {
            return result
        }
        // Another writer may have stored `1.0` or `1E+3`: accept an integral value that fits.
        if let double = Double(text), double.rounded() == double, let result = T(exactly: double) {
            return result
        }
        throw corrupted("number \(text) does not fit \(T.self)", codingPath)
    }

    static func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ type: T.Type,
        _ value: AttributeValue,
        _ codingPath: [any CodingKey]
    ) throws -> T {
        guard case .number(let text) = value else { throw mismatch(T.self, expected: "N", value, codingPath) }
        guard let result = T(text) else { throw corrupted("'\(text)' is not a number", codingPath) }
        return result
    }

    static func mismatch(
        _ type: Any.Type,
        expected: String,
        _ value: AttributeValue,
        _ codingPath: [any CodingKey]
    ) -> DecodingError {
        DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "expected a DynamoDB \(expected) value for \(type), found \(value.typeName)"
            )
        )
    }

    static func corrupted(_ message: String, _ codingPath: [any CodingKey]) -> DecodingError {
        DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: message))
    }

    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let entries: [String: AttributeValue]
        let codingPath: [any CodingKey]

        var allKeys: [Key] {
            entries.keys.compactMap { Key(stringValue: $0) }
        }

        func contains(_ key: Key) -> Bool {
            entries[key.stringValue] != nil
        }

        private func value(_ key: Key) throws -> AttributeValue {
            guard let value = entries[key.stringValue] else {
                throw DecodingError.keyNotFound(
                    key,
                    DecodingError.Context(
                        codingPath: codingPath,
                        debugDescription: "the item has no attribute '\(key.stringValue)'"
                    )
                )
            }
            return value
        }

        private func path(_ key: Key) -> [any CodingKey] {
            codingPath + [key]
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            try value(key) == .null
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            try ItemDecoderImplementation.bool(value(key), path(key))
        }
        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            try ItemDecoderImplementation.string(value(key), path(key))
        }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
            try ItemDecoderImplementation.floatingPoint(type, value(key), path(key))
        }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
            try ItemDecoderImplementation.floatingPoint(type, value(key), path(key))
        }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
            try ItemDecoderImplementation.integer(type, value(key), path(key))
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try ItemDecoderImplementation.decode(type, from: value(key), codingPath: path(key))
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type,
            forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            try ItemDecoderImplementation(value: value(key), codingPath: path(key)).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try ItemDecoderImplementation(value: value(key), codingPath: path(key)).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            ItemDecoderImplementation(
                value: entries[ItemCodingKey.superKey.stringValue] ?? .null,
                codingPath: codingPath + [ItemCodingKey.superKey]
            )
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            ItemDecoderImplementation(value: entries[key.stringValue] ?? .null, codingPath: path(key))
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        let elements: [AttributeValue]
        let codingPath: [any CodingKey]
        private(set) var currentIndex = 0

        init(elements: [AttributeValue], codingPath: [any CodingKey]) {
            self.elements = elements
            self.codingPath = codingPath
        }

        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        /// The next element and its path, moving past it.
        private mutating func next(_ type: Any.Type) throws -> (AttributeValue, [any CodingKey]) {
            let key = ItemCodingKey(intValue: currentIndex)
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    type,
                    DecodingError.Context(
                        codingPath: codingPath + [key],
                        debugDescription: "the list has only \(elements.count) elements"
                    )
                )
            }
            defer { currentIndex += 1 }
            return (elements[currentIndex], codingPath + [key])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, elements[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool {
            let (value, path) = try next(type)
            return try ItemDecoderImplementation.bool(value, path)
        }
        mutating func decode(_ type: String.Type) throws -> String {
            let (value, path) = try next(type)
            return try ItemDecoderImplementation.string(value, path)
        }
        mutating func decode(_ type: Double.Type) throws -> Double { try floatingPoint(type) }
        mutating func decode(_ type: Float.Type) throws -> Float { try floatingPoint(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

        private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
            let (value, path) = try next(type)
            return try ItemDecoderImplementation.integer(type, value, path)
        }

        private mutating func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(
            _ type: T.Type
        ) throws -> T {
            let (value, path) = try next(type)
            return try ItemDecoderImplementation.floatingPoint(type, value, path)
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, path) = try next(type)
            return try ItemDecoderImplementation.decode(type, from: value, codingPath: path)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type
        ) throws -> KeyedDecodingContainer<NestedKey> {
            let (value, path) = try next([String: AttributeValue].self)
            return try ItemDecoderImplementation(value: value, codingPath: path).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (value, path) = try next([AttributeValue].self)
            return try ItemDecoderImplementation(value: value, codingPath: path).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let (value, path) = try next(AttributeValue.self)
            return ItemDecoderImplementation(value: value, codingPath: path)
        }
    }

    struct SingleValueContainer: SingleValueDecodingContainer {
        let value: AttributeValue
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool { value == .null }
        func decode(_ type: Bool.Type) throws -> Bool { try ItemDecoderImplementation.bool(value, codingPath) }
        func decode(_ type: String.Type) throws -> String { try ItemDecoderImplementation.string(value, codingPath) }
        func decode(_ type: Double.Type) throws -> Double {
            try ItemDecoderImplementation.floatingPoint(type, value, codingPath)
        }
        func decode(_ type: Float.Type) throws -> Float {
            try ItemDecoderImplementation.floatingPoint(type, value, codingPath)
        }
        func decode(_ type: Int.Type) throws -> Int { try ItemDecoderImplementation.integer(type, value, codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try ItemDecoderImplementation.integer(type, value, codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 {
            try ItemDecoderImplementation.integer(type, value, codingPath)
        }
        func decode(_ type: Int32.Type) throws -> Int32 {
            try ItemDecoderImplementation.integer(type, value, codingPath)
        }
        func decode(_ type: Int64.Type) throws -> Int64 {
            try ItemDecoderImplementation.integer(type, value, codingPath)
        }
        func decode(_ type: UInt.Type) throws -> UInt { try ItemDecoderImplementation.integer(type, value, codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 {
            try ItemDecoderImplementation.integer(type, value, codingPath)
        }
        func decode(_ type: UInt16.Type) throws -> UInt16 {
            try ItemDecoderImplementation.integer(type, value, codingPath)
        }
        func decode(_ type: UInt32.Type) throws -> UInt32 {
            try ItemDecoderImplementation.integer(type, value, codingPath)
        }
        func decode(_ type: UInt64.Type) throws -> UInt64 {
            try ItemDecoderImplementation.integer(type, value, codingPath)
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try ItemDecoderImplementation.decode(type, from: value, codingPath: codingPath)
        }
    }
}
