/// Encodes an `Encodable` value straight into compact JSON text, exactly as `JSONValue.jsonBytes`
/// (the writer) writes the same document: object keys sorted by their UTF-8 bytes, `/` unescaped,
/// integral doubles without `.0`. The API's response types go through this one encoder.
///
/// Strings, integers, booleans, doubles and `JSONValue`s are written where they stand; an object's
/// members are written one after another and put in key order once it ends (one copy of its bytes,
/// no dictionary and no tree). Nested encoders are reused when nothing holds them any more.
///
/// `nil` is `null` where the value encodes it (`encodeNil`, `Nullable`) and absent where
/// synthesized code skips a nil optional (`encodeIfPresent`). A value that encodes nothing is
/// `{}`; under one key given twice, the later value counts. No date, data or key strategies: a
/// response type spells its wire form itself.
///
/// Throws `EncodingError.invalidValue` for a non-finite number or a value that asks one encoder for
/// two kinds of container.
package struct CompactJSONEncoder {
    package init() {}

    package func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let sink = ByteSink()
        if try sink.writePrimitive(value, path: []) { return sink.bytes }
        let encoder = ByteEncoder(sink: sink, parent: nil, key: nil, start: 0)
        try value.encode(to: encoder)
        try encoder.finish()
        return sink.bytes
    }
}

/// An optional that is `null` on the wire when absent, where a plain optional property is left
/// out (synthesized `Encodable` uses `encodeIfPresent`).
@propertyWrapper
package struct Nullable<Wrapped: Encodable>: Encodable {
    package var wrappedValue: Wrapped?

    package init(wrappedValue: Wrapped?) {
        self.wrappedValue = wrappedValue
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue { try container.encode(value) } else { try container.encodeNil() }
    }
}

extension Nullable: Sendable where Wrapped: Sendable {}
extension Nullable: Equatable where Wrapped: Equatable {}

/// The text being written, shared by an encoder and the nested encoders of its values.
///
/// The hot properties here and in `ByteEncoder` are `@exclusivity(unchecked)`: an encode runs on
/// one thread and no access to one of them spans a call that reaches it again, so the run-time
/// check (a sixth of an encode's time) guards nothing.
final class ByteSink {
    @exclusivity(unchecked) var bytes: [UInt8] = []
    /// Where an object or array is put together when it ends (one at a time).
    @exclusivity(unchecked) var scratch: [UInt8] = []
    /// The members' order last found for objects of one `CodingKey` type and member count (their
    /// keys as given, the indices to write, sorted, duplicates dropped, and whether that is the
    /// order given): the next such object with the same keys is not sorted again.
    var orders: [OrderKey: (keys: [String], order: [Int], inPlace: Bool)] = [:]

    /// A `CodingKey` type and a member count (a type's objects differ by the optionals present).
    struct OrderKey: Hashable {
        var type: ObjectIdentifier
        var count: Int
    }

    init() {
        bytes.reserveCapacity(1024)
    }

    /// Writes `value` when its type is a primitive (a type comparison, no dynamic cast); false,
    /// writing nothing, for any other type.
    func writePrimitive<Value>(_ value: Value, path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        if Value.self == String.self {
            JSONValue.writeString(unsafeBitCast(value, to: String.self), to: &bytes)
        } else if Value.self == Int.self {
            JSONValue.writeInteger(unsafeBitCast(value, to: Int.self), to: &bytes)
        } else if Value.self == Bool.self {
            writeBool(unsafeBitCast(value, to: Bool.self))
        } else if Value.self == JSONValue.self {
            let start = bytes.count
            guard unsafeBitCast(value, to: JSONValue.self).write(to: &bytes) else {
                bytes.removeSubrange(start...)
                throw Self.nonFinite(path())
            }
        } else if Value.self == Double.self {
            try writeNumber(unsafeBitCast(value, to: Double.self), path: path())
        } else {
            return false
        }
        return true
    }

    /// Whether `writePrimitive` writes values of `type`.
    static func isPrimitive<Value>(_ type: Value.Type) -> Bool {
        type == String.self || type == Int.self || type == Bool.self || type == JSONValue.self || type == Double.self
    }

    func writeBool(_ value: Bool) { bytes.append(contentsOf: value ? "true".utf8 : "false".utf8) }
    func writeNull() { bytes.append(contentsOf: "null".utf8) }

    func writeNumber(_ value: some BinaryFloatingPoint & CustomStringConvertible, path: [any CodingKey]) throws {
        guard JSONValue.writeNumber(value, to: &bytes) else { throw Self.nonFinite(path, value: value) }
    }

    static func nonFinite(_ path: [any CodingKey], value: Any = Double.nan) -> EncodingError {
        .invalidValue(value, .init(codingPath: path, debugDescription: "JSON cannot spell a non-finite number"))
    }
}

/// One object, array or single value being encoded: its bytes run from `start` to the sink's end.
///
/// Members and elements are written as they come, with their keys and commas; an object whose
/// members did not come in key order is put in order when it ends (its bytes copied once).
final class ByteEncoder: Encoder {
    fileprivate enum Kind { case empty, single, object, array }

    /// A member or element: its key (objects) and its text in the sink (`"key":value` for a
    /// member), or the nested encoder that holds its value when it was handed out as a container
    /// (`nestedContainer`, `superEncoder`).
    fileprivate struct Entry {
        var key: String
        var text: Range<Int>
        var nested: ByteEncoder?
    }

    let sink: ByteSink
    private let parent: ByteEncoder?
    private var key: (any CodingKey)?
    @exclusivity(unchecked) private var start: Int
    @exclusivity(unchecked) private var kind = Kind.empty
    @exclusivity(unchecked) private var entries: [Entry] = []
    /// Whether an entry's bytes are in a handed-out encoder's own sink (the text is then put
    /// together from the entries when this one ends).
    private var handedOut = false
    /// The `CodingKey` type of this object's keyed containers; nil when none or more than one.
    private var keyType: ObjectIdentifier?
    private var mixedKeyTypes = false
    /// The first misuse (two kinds of container), thrown when this encoder finishes.
    private var failure: EncodingError?
    /// A finished nested encoder nobody else holds, reused by the next `encodeNested`.
    @exclusivity(unchecked) private var spare: ByteEncoder?

    init(sink: ByteSink, parent: ByteEncoder?, key: (any CodingKey)?, start: Int) {
        self.sink = sink
        self.parent = parent
        self.key = key
        self.start = start
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var node: ByteEncoder? = self
        while let current = node, let key = current.key {
            path.append(key)
            node = current.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        claim(.object)
        let identifier = ObjectIdentifier(type)
        if keyType == nil, !mixedKeyTypes {
            keyType = identifier
        } else if keyType != identifier {
            keyType = nil
            mixedKeyTypes = true
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        claim(.array)
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    /// Records the kind of container asked for and opens it; a second kind is a failure. A keyed
    /// container asked for twice continues the same object (a type may encode another's members,
    /// then its own).
    fileprivate func claim(_ wanted: Kind) {
        if kind == .empty {
            kind = wanted
            if wanted == .object { sink.bytes.append(UInt8(ascii: "{")) }
            if wanted == .array { sink.bytes.append(UInt8(ascii: "[")) }
        } else if kind != wanted, failure == nil {
            failure = EncodingError.invalidValue(
                wanted, .init(codingPath: codingPath, debugDescription: "A value asked for two kinds of container"))
        }
    }

    /// Starts (or restarts) this encoder's single value.
    fileprivate func beginSingle() {
        claim(.single)
        if kind == .single, sink.bytes.count > start { sink.bytes.removeSubrange(start...) }
    }

    /// Appends a member (`key`) or an element whose value `write` puts at the sink's end.
    fileprivate func entry(_ key: String, _ write: () throws -> Void) rethrows {
        if !entries.isEmpty { sink.bytes.append(UInt8(ascii: ",")) }
        let begin = sink.bytes.count
        if kind == .object {
            JSONValue.writeString(key, to: &sink.bytes)
            sink.bytes.append(UInt8(ascii: ":"))
        }
        try write()
        entries.append(Entry(key: key, text: begin..<sink.bytes.count))
    }

    /// Writes `value`: a primitive directly, anything else through a nested encoder on this sink.
    fileprivate func encodeNested<Value: Encodable>(_ value: Value, key: any CodingKey) throws {
        if try sink.writePrimitive(value, path: codingPath + [key]) { return }
        var child: ByteEncoder
        if let spare {
            child = spare
            self.spare = nil
            child.key = key
            child.start = sink.bytes.count
        } else {
            child = ByteEncoder(sink: sink, parent: self, key: key, start: sink.bytes.count)
        }
        try value.encode(to: child)
        try child.finish()
        // Reusable when no container of `value` outlived its `encode(to:)`.
        if isKnownUniquelyReferenced(&child) {
            child.kind = .empty
            child.entries.removeAll(keepingCapacity: true)
            child.handedOut = false
            child.keyType = nil
            child.mixedKeyTypes = false
            spare = child
        }
    }

    /// A nested encoder handed out as a container, with a sink of its own: its caller may write
    /// to it between this encoder's other entries.
    fileprivate func handOut(_ key: any CodingKey, name: String) -> ByteEncoder {
        let child = ByteEncoder(sink: ByteSink(), parent: self, key: key, start: 0)
        entries.append(Entry(key: name, text: 0..<0, nested: child))
        handedOut = true
        return child
    }

    fileprivate var count: Int { entries.count }

    /// Closes the object or array: in place when its entries stand in order, else put together
    /// from them.
    func finish() throws {
        if let failure { throw failure }
        switch kind {
        case .single:
            return
        case .empty:
            sink.bytes.append(contentsOf: "{}".utf8)
        case .array:
            if handedOut {
                try assemble(Array(entries.indices))
            } else {
                sink.bytes.append(UInt8(ascii: "]"))
            }
        case .object:
            let (order, inPlace) = memberOrder()
            if inPlace && !handedOut {
                sink.bytes.append(UInt8(ascii: "}"))
            } else {
                try assemble(order)
            }
        }
    }

    /// Replaces the bytes since `start` with the object's or array's text: the entries at `order`.
    private func assemble(_ order: [Int]) throws {
        for entry in entries { try entry.nested?.finish() }
        var text = sink.scratch
        sink.scratch = []
        text.removeAll(keepingCapacity: true)
        text.append(kind == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        for (position, index) in order.enumerated() {
            if position > 0 { text.append(UInt8(ascii: ",")) }
            if let nested = entries[index].nested {
                if kind == .object {
                    JSONValue.writeString(entries[index].key, to: &text)
                    text.append(UInt8(ascii: ":"))
                }
                text.append(contentsOf: nested.sink.bytes)
            } else {
                text.append(contentsOf: sink.bytes[entries[index].text])
            }
        }
        text.append(kind == .object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        if start == 0 {
            swap(&text, &sink.bytes)
        } else {
            sink.bytes.replaceSubrange(start..., with: text)
        }
        sink.scratch = text
    }

    /// The indices of the members to write, in key order (of one key given twice, the later),
    /// and whether that is the order they were written in.
    private func memberOrder() -> (order: [Int], inPlace: Bool) {
        let orderKey = keyType.map { ByteSink.OrderKey(type: $0, count: entries.count) }
        if let orderKey, let known = sink.orders[orderKey],
            zip(known.keys, entries).allSatisfy({ $0 == $1.key })
        {
            return (known.order, known.inPlace)
        }
        let sorted = entries.indices.sorted {
            entries[$0].key == entries[$1].key ? $0 < $1 : JSONValue.keyPrecedes(entries[$0].key, entries[$1].key)
        }
        let order = sorted.indices.filter {
            $0 + 1 == sorted.count || entries[sorted[$0 + 1]].key != entries[sorted[$0]].key
        }
        .map { sorted[$0] }
        let inPlace = order.count == entries.count && order.enumerated().allSatisfy { $0 == $1 }
        if let orderKey { sink.orders[orderKey] = (entries.map(\.key), order, inPlace) }
        return (order, inPlace)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ByteEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private var sink: ByteSink { encoder.sink }
    private func path(_ key: Key) -> [any CodingKey] { encoder.codingPath + [key] }

    mutating func encodeNil(forKey key: Key) throws { encoder.entry(key.stringValue) { sink.writeNull() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        encoder.entry(key.stringValue) { sink.writeBool(value) }
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        encoder.entry(key.stringValue) { JSONValue.writeString(value, to: &sink.bytes) }
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        try encoder.entry(key.stringValue) { try sink.writeNumber(value, path: path(key)) }
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        try encoder.entry(key.stringValue) { try sink.writeNumber(value, path: path(key)) }
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { integer(value, key) }
    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        try encoder.entry(key.stringValue) { try encoder.encodeNested(value, key: key) }
    }

    private func integer(_ value: some FixedWidthInteger, _ key: Key) {
        encoder.entry(key.stringValue) { JSONValue.writeInteger(value, to: &sink.bytes) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        encoder.handOut(key, name: key.stringValue).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.handOut(key, name: key.stringValue).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder.handOut(SuperKey(), name: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder.handOut(key, name: key.stringValue) }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer, IntegerWriting {
    let encoder: ByteEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.count }

    private var sink: ByteSink { encoder.sink }
    private var nextKey: IndexKey { IndexKey(intValue: encoder.count) }

    mutating func encodeNil() throws { encoder.entry("") { sink.writeNull() } }
    mutating func encode(_ value: Bool) throws { encoder.entry("") { sink.writeBool(value) } }
    mutating func encode(_ value: String) throws { encoder.entry("") { JSONValue.writeString(value, to: &sink.bytes) } }
    mutating func encode(_ value: Double) throws {
        let path = codingPath + [nextKey]
        try encoder.entry("") { try sink.writeNumber(value, path: path) }
    }
    mutating func encode(_ value: Float) throws {
        let path = codingPath + [nextKey]
        try encoder.entry("") { try sink.writeNumber(value, path: path) }
    }
    mutating func encode<Value: Encodable>(_ value: Value) throws {
        let key = nextKey
        try encoder.entry("") { try encoder.encodeNested(value, key: key) }
    }

    func integer(_ value: some FixedWidthInteger) {
        encoder.entry("") { JSONValue.writeInteger(value, to: &sink.bytes) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        encoder.handOut(nextKey, name: "").container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.handOut(nextKey, name: "").unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { encoder.handOut(nextKey, name: "") }
}

private struct SingleContainer: SingleValueEncodingContainer, IntegerWriting {
    let encoder: ByteEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    private var sink: ByteSink { encoder.sink }

    mutating func encodeNil() throws {
        encoder.beginSingle()
        sink.writeNull()
    }
    mutating func encode(_ value: Bool) throws {
        encoder.beginSingle()
        sink.writeBool(value)
    }
    mutating func encode(_ value: String) throws {
        encoder.beginSingle()
        JSONValue.writeString(value, to: &sink.bytes)
    }
    mutating func encode(_ value: Double) throws {
        encoder.beginSingle()
        try sink.writeNumber(value, path: codingPath)
    }
    mutating func encode(_ value: Float) throws {
        encoder.beginSingle()
        try sink.writeNumber(value, path: codingPath)
    }

    /// A primitive is written; any other value encodes itself into this same encoder, as the
    /// value it wraps (`Nullable`, `Optional`).
    mutating func encode<Value: Encodable>(_ value: Value) throws {
        guard ByteSink.isPrimitive(Value.self) else { return try value.encode(to: encoder) }
        encoder.beginSingle()
        _ = try sink.writePrimitive(value, path: codingPath)
    }

    func integer(_ value: some FixedWidthInteger) {
        encoder.beginSingle()
        JSONValue.writeInteger(value, to: &sink.bytes)
    }
}

/// The integer overloads of the unkeyed and single-value containers, all through `integer`.
private protocol IntegerWriting {
    func integer(_ value: some FixedWidthInteger)
}

extension IntegerWriting {
    mutating func encode(_ value: Int) throws { integer(value) }
    mutating func encode(_ value: Int8) throws { integer(value) }
    mutating func encode(_ value: Int16) throws { integer(value) }
    mutating func encode(_ value: Int32) throws { integer(value) }
    mutating func encode(_ value: Int64) throws { integer(value) }
    mutating func encode(_ value: UInt) throws { integer(value) }
    mutating func encode(_ value: UInt8) throws { integer(value) }
    mutating func encode(_ value: UInt16) throws { integer(value) }
    mutating func encode(_ value: UInt32) throws { integer(value) }
    mutating func encode(_ value: UInt64) throws { integer(value) }
}

/// An array element's place in a coding path.
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

/// `super`, the key of `superEncoder()`.
private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}
