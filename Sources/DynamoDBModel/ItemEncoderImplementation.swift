import FoundationEssentials

/// The `Encoder` behind `DynamoDBItemEncoder`.
///
/// Containers write into a tree of reference `Node`s (nested containers and `superEncoder` hand out
/// child nodes before their content is known); the tree is turned into an `AttributeValue` at the end.
struct ItemEncoderImplementation: Encoder {
    /// What a container wrote: a finished value, or a node still being filled.
    enum Slot {
        case value(AttributeValue)
        case node(Node)

        var resolved: AttributeValue {
            switch self {
            case .value(let value): value
            case .node(let node): node.resolved
            }
        }
    }

    /// One value under construction.
    final class Node {
        enum Kind {
            case empty, single, map, list
        }

        var kind = Kind.empty
        var single = AttributeValue.null
        var map: [String: Slot] = [:]
        var list: [Slot] = []

        /// Keeps what an earlier keyed container wrote: a type may ask for its container more than once.
        func becomeMap() {
            if kind != .map {
                kind = .map
                map = [:]
            }
        }

        func becomeList() {
            if kind != .list {
                kind = .list
                list = []
            }
        }

        func set(_ value: AttributeValue) {
            kind = .single
            single = value
        }

        var resolved: AttributeValue {
            switch kind {
            // Nothing written: an empty map, as JSONEncoder writes `{}`.
            case .empty: .map([:])
            case .single: single
            case .map: .map(map.mapValues(\.resolved))
            case .list: .list(list.map(\.resolved))
            }
        }
    }

    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeMap()
        return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeList()
        return UnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(node: node, codingPath: codingPath)
    }

    /// The slot for `value`: types with a DynamoDB form of their own directly, others through their
    /// `encode(to:)` into a new node.
    static func slot<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> Slot {
        if let special = specialValue(value) {
            return .value(special)
        }
        let child = Node()
        try value.encode(to: ItemEncoderImplementation(node: child, codingPath: codingPath))
        return .node(child)
    }

    /// Types whose own `Codable` form is wrong for DynamoDB: bytes would become a list of numbers,
    /// `Date` a count of seconds since 2001, `Decimal` a map of its internals.
    static func specialValue<T: Encodable>(_ value: T) -> AttributeValue? {
        // Compared by type first: a dynamic cast of an empty array to `[UInt8]` would succeed for any element type.
        if T.self == [UInt8].self, let bytes = value as? [UInt8] {
            return .binary(bytes)
        }
        switch value {
        case let value as AttributeValue: return value
        case let value as Data: return .binary(Array(value))
        case let value as Date: return .string(ItemDateFormat.text(value))
        case let value as Decimal: return .number(value.description)
        default: return nil
        }
    }

    static func number(_ value: Double, codingPath: [any CodingKey]) throws -> AttributeValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "DynamoDB numbers cannot be NaN or infinite"
                )
            )
        }
        return .number(AttributeValue.numberText(value))
    }

    /// A `Float` written from its own shortest text: widened to `Double` first, 0.1 would become
    /// 0.10000000149011612.
    static func number(_ value: Float, codingPath: [any CodingKey]) throws -> AttributeValue {
        guard value.isFinite, value != value.rounded() || abs(value) >= 1e7 else {
            return try number(Double(value), codingPath: codingPath)
        }
        return .number(String(value))
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        private func put(_ value: AttributeValue, _ key: Key) {
            node.map[key.stringValue] = .value(value)
        }

        mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws {
            put(try ItemEncoderImplementation.number(value, codingPath: codingPath + [key]), key)
        }
        mutating func encode(_ value: Float, forKey key: Key) throws {
            put(try ItemEncoderImplementation.number(value, codingPath: codingPath + [key]), key)
        }
        mutating func encode(_ value: Int, forKey key: Key) throws { put(AttributeValue(value), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { put(AttributeValue(value), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { put(AttributeValue(value), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { put(AttributeValue(value), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { put(AttributeValue(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { put(AttributeValue(value), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { put(AttributeValue(value), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { put(AttributeValue(value), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { put(AttributeValue(value), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { put(AttributeValue(value), key) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            node.map[key.stringValue] = try ItemEncoderImplementation.slot(for: value, codingPath: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type,
            forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let child = Node()
            child.becomeMap()
            node.map[key.stringValue] = .node(child)
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Node()
            child.becomeList()
            node.map[key.stringValue] = .node(child)
            return UnkeyedContainer(node: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            childEncoder(ItemCodingKey.superKey)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            childEncoder(key)
        }

        private func childEncoder(_ key: any CodingKey) -> any Encoder {
            let child = Node()
            node.map[key.stringValue] = .node(child)
            return ItemEncoderImplementation(node: child, codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int { node.list.count }

        private var nextKey: any CodingKey { ItemCodingKey(intValue: node.list.count) }

        private func append(_ value: AttributeValue) {
            node.list.append(.value(value))
        }

        mutating func encodeNil() throws { append(.null) }
        mutating func encode(_ value: Bool) throws { append(.bool(value)) }
        mutating func encode(_ value: String) throws { append(.string(value)) }
        mutating func encode(_ value: Double) throws {
            append(try ItemEncoderImplementation.number(value, codingPath: codingPath + [nextKey]))
        }
        mutating func encode(_ value: Float) throws {
            append(try ItemEncoderImplementation.number(value, codingPath: codingPath + [nextKey]))
        }
        mutating func encode(_ value: Int) throws { append(AttributeValue(value)) }
        mutating func encode(_ value: Int8) throws { append(AttributeValue(value)) }
        mutating func encode(_ value: Int16) throws { append(AttributeValue(value)) }
        mutating func encode(_ value: Int32) throws { append(AttributeValue(value)) }
        mutating func encode(_ value: Int64) throws { append(AttributeValue(value)) }
        mutating func encode(_ value: UInt) throws { append(AttributeValue(value)) }
        mutating func encode(_ value: UInt8) throws { append(AttributeValue(value)) }
        mutating func encode(_ value: UInt16) throws { append(AttributeValue(value)) }
        mutating func encode(_ value: UInt32) throws { append(AttributeValue(value)) }
        mutating func encode(_ value: UInt64) throws { append(AttributeValue(value)) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            let slot = try ItemEncoderImplementation.slot(for: value, codingPath: codingPath + [nextKey])
            node.list.append(slot)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type
        ) -> KeyedEncodingContainer<NestedKey> {
            let key = nextKey
            let child = Node()
            child.becomeMap()
            node.list.append(.node(child))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let key = nextKey
            let child = Node()
            child.becomeList()
            node.list.append(.node(child))
            return UnkeyedContainer(node: child, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            let key = nextKey
            let child = Node()
            node.list.append(.node(child))
            return ItemEncoderImplementation(node: child, codingPath: codingPath + [key])
        }
    }

    struct SingleValueContainer: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.set(.null) }
        mutating func encode(_ value: Bool) throws { node.set(.bool(value)) }
        mutating func encode(_ value: String) throws { node.set(.string(value)) }
        mutating func encode(_ value: Double) throws {
            node.set(try ItemEncoderImplementation.number(value, codingPath: codingPath))
        }
        mutating func encode(_ value: Float) throws {
            node.set(try ItemEncoderImplementation.number(value, codingPath: codingPath))
        }
        mutating func encode(_ value: Int) throws { node.set(AttributeValue(value)) }
        mutating func encode(_ value: Int8) throws { node.set(AttributeValue(value)) }
        mutating func encode(_ value: Int16) throws { node.set(AttributeValue(value)) }
        mutating func encode(_ value: Int32) throws { node.set(AttributeValue(value)) }
        mutating func encode(_ value: Int64) throws { node.set(AttributeValue(value)) }
        mutating func encode(_ value: UInt) throws { node.set(AttributeValue(value)) }
        mutating func encode(_ value: UInt8) throws { node.set(AttributeValue(value)) }
        mutating func encode(_ value: UInt16) throws { node.set(AttributeValue(value)) }
        mutating func encode(_ value: UInt32) throws { node.set(AttributeValue(value)) }
        mutating func encode(_ value: UInt64) throws { node.set(AttributeValue(value)) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            if let special = ItemEncoderImplementation.specialValue(value) {
                node.set(special)
            } else {
                // Same node: a wrapper type (an enum with a raw value, say) is its wrapped value.
                try value.encode(to: ItemEncoderImplementation(node: node, codingPath: codingPath))
            }
        }
    }
}
