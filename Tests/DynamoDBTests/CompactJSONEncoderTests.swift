import Foundation
import JSONCore
import Testing

@Suite("CompactJSONEncoder: Encodable values as the text JSONValue's writer writes")
struct CompactJSONEncoderTests {
    /// What `CompactJSONEncoder` writes, read back as a tree.
    static func tree(_ value: some Encodable) throws -> JSONValue {
        try JSONValue(parsing: try CompactJSONEncoder().encode(value))
    }

    /// The encoder's text against `JSONEncoder` with sorted keys and unescaped slashes.
    static func expectSameAsFoundation(
        _ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = String(decoding: try foundation.encode(value), as: UTF8.self)
        let text = String(decoding: try CompactJSONEncoder().encode(value), as: UTF8.self)
        #expect(text == expected, sourceLocation: sourceLocation)
    }

    struct Primitives: Encodable {
        var string = "a/b \"q\" é \n"
        var bool = true
        var int = -7
        var double = 2.5
        var integral = 3.0
        var float: Float = 0.1
        var int8: Int8 = -8
        var int16: Int16 = -16
        var int32: Int32 = -32
        var int64: Int64 = -64
        var uint: UInt = 1
        var uint8: UInt8 = 8
        var uint16: UInt16 = 16
        var uint32: UInt32 = 32
        var uint64: UInt64 = 64
        var json: JSONValue = ["k": [1, nil, .double(0.5)], "a": "b"]
    }

    @Test("every primitive keeps its kind, as a member, an array element and a single value")
    func primitives() throws {
        let expected: JSONValue = [
            "string": "a/b \"q\" é \n", "bool": true, "int": -7, "double": .double(2.5), "integral": 3,
            "float": .double(0.1), "int8": -8, "int16": -16, "int32": -32, "int64": -64, "uint": 1,
            "uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64,
            "json": ["k": [1, nil, .double(0.5)], "a": "b"],
        ]
        #expect(try Self.tree(Primitives()) == expected)
        #expect(try Self.tree([Primitives()]) == [expected])
        try Self.expectSameAsFoundation(Primitives())
        try Self.expectSameAsFoundation([Int8(1), 2])
        try Self.expectSameAsFoundation([UInt64.max, 0])
        try Self.expectSameAsFoundation([Int64.min, .max])
        try Self.expectSameAsFoundation([Float(1.5), 0.1])
        try Self.expectSameAsFoundation([true, false])
        #expect(try CompactJSONEncoder().encode("a\"b") == Array(#""a\"b""#.utf8))
        #expect(try CompactJSONEncoder().encode(42) == Array("42".utf8))
        #expect(try CompactJSONEncoder().encode(Int16(-3)) == Array("-3".utf8))
        #expect(try CompactJSONEncoder().encode(0.25) == Array("0.25".utf8))
        #expect(try CompactJSONEncoder().encode(false) == Array("false".utf8))
        #expect(try CompactJSONEncoder().encode(JSONValue.null) == Array("null".utf8))
    }

    struct Optionals: Encodable {
        var absent: String?
        var present: String? = "here"
        @Nullable var nullable: String?
        @Nullable var nullableSet: Int? = 3
        @Nullable var nullableObject: Primitives?
    }

    @Test("an absent optional is left out, an absent Nullable is null, present ones are their value")
    func optionals() throws {
        #expect(
            try Self.tree(Optionals())
                == ["present": "here", "nullable": nil, "nullableSet": 3, "nullableObject": nil])
        let set = try Self.tree(Optionals(absent: "a", nullable: "n", nullableObject: Primitives()))
        #expect(set["absent"] == "a")
        #expect(set["nullable"] == "n")
        #expect(set["nullableObject"]?["uint16"] == 16)
        try Self.expectSameAsFoundation([Int?.none, 1])
        try Self.expectSameAsFoundation(["k": String?.none])
    }

    @Test("objects of one type with different members present are each in key order")
    func varyingMembers() throws {
        let values = [
            Optionals(), Optionals(absent: "a"), Optionals(present: nil), Optionals(absent: "a", present: nil),
            Optionals(),
        ]
        #expect(
            try Self.tree(values) == [
                ["present": "here", "nullable": nil, "nullableSet": 3, "nullableObject": nil],
                ["absent": "a", "present": "here", "nullable": nil, "nullableSet": 3, "nullableObject": nil],
                ["nullable": nil, "nullableSet": 3, "nullableObject": nil],
                ["absent": "a", "nullable": nil, "nullableSet": 3, "nullableObject": nil],
                ["present": "here", "nullable": nil, "nullableSet": 3, "nullableObject": nil],
            ])
        try Self.expectSameAsFoundation(values.map { [$0.absent, $0.present] })
        try Self.expectSameAsFoundation([["b": 1, "a": 2], ["z": 3, "é": 4, "Z": 5], ["b": 6, "a": 7], [:]])
    }

    struct Outer: Encodable {
        var name = "outer"
        var inner = Inner()
        var list = [Inner(), Inner(value: 2, path: ["x", "y"])]
        var map = ["b": Inner(value: 3), "a": Inner(value: 4)]
        var tags = ["Env": "prod", "App": "web", "": "empty"]
        var matrix = [[1, 2], [], [3]]
        var empty: [String] = []
    }

    struct Inner: Encodable {
        var value = 1
        var path: [String] = []
    }

    @Test("structs, arrays and dictionaries nest as objects and arrays, keys in order at every level")
    func nested() throws {
        #expect(
            try Self.tree(Outer()) == [
                "name": "outer", "inner": ["value": 1, "path": []],
                "list": [["value": 1, "path": []], ["value": 2, "path": ["x", "y"]]],
                "map": ["b": ["value": 3, "path": []], "a": ["value": 4, "path": []]],
                "tags": ["Env": "prod", "App": "web", "": "empty"], "matrix": [[1, 2], [], [3]], "empty": [],
            ])
        try Self.expectSameAsFoundation(Outer())
        try Self.expectSameAsFoundation([Outer(), Outer()])
    }

    /// Uses every container an `encode(to:)` can ask for by hand, writing to a nested container
    /// after its parent's later members.
    struct Handwritten: Encodable {
        enum Key: String, CodingKey { case id, nested, list, base, emptyList, zeta }
        enum NestedKey: String, CodingKey { case deep, flag }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode("h-1", forKey: .id)
            var nested = container.nestedContainer(keyedBy: NestedKey.self, forKey: .nested)
            try container.encode(26, forKey: .zeta)
            try nested.encode(true, forKey: .flag)
            var deep = nested.nestedUnkeyedContainer(forKey: .deep)
            try deep.encode(1)
            var deepObject = deep.nestedContainer(keyedBy: NestedKey.self)
            var deepList = deep.nestedUnkeyedContainer()
            try deep.encode(2)
            try deepObject.encodeNil(forKey: .flag)
            try deepList.encode("x")
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encodeNil()
            var listSuper = list.superEncoder().singleValueContainer()
            try listSuper.encode("from super")
            _ = container.nestedUnkeyedContainer(forKey: .emptyList)
            var base = container.superEncoder(forKey: .base).container(keyedBy: NestedKey.self)
            try base.encode(false, forKey: .flag)
            var superDefault = container.superEncoder().singleValueContainer()
            try superDefault.encode(5)
        }
    }

    @Test("nested keyed and unkeyed containers and super encoders land in their places")
    func handwritten() throws {
        #expect(
            try Self.tree(Handwritten()) == [
                "id": "h-1", "zeta": 26,
                "nested": ["flag": true, "deep": [1, ["flag": nil], ["x"], 2]],
                "list": [nil, "from super"], "emptyList": [], "base": ["flag": false], "super": 5,
            ])
        try Self.expectSameAsFoundation(Handwritten())
    }

    /// A type that writes another's members and then its own into the same object.
    struct Extended: Encodable {
        enum Key: String, CodingKey { case message, value }
        var inner = Inner(value: 9)

        func encode(to encoder: any Encoder) throws {
            try inner.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode("added", forKey: .message)
        }
    }

    /// Gives one key twice.
    struct Overwriting: Encodable {
        enum Key: String, CodingKey { case a, b }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(1, forKey: .b)
            try container.encode(2, forKey: .a)
            try container.encode(3, forKey: .b)
        }
    }

    @Test("a keyed container asked for twice continues the same object; of one key given twice, the later")
    func extended() throws {
        #expect(try Self.tree(Extended()) == ["value": 9, "path": [], "message": "added"])
        #expect(try CompactJSONEncoder().encode(Overwriting()) == Array(#"{"a":2,"b":3}"#.utf8))
        #expect(
            try CompactJSONEncoder().encode([Overwriting(), Overwriting()])
                == Array(#"[{"a":2,"b":3},{"a":2,"b":3}]"#.utf8))
    }

    struct Nothing: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    @Test("a value that encodes nothing is an empty object")
    func nothing() throws {
        #expect(try CompactJSONEncoder().encode(Nothing()) == Array("{}".utf8))
        #expect(try CompactJSONEncoder().encode([Nothing(), Nothing()]) == Array("[{},{}]".utf8))
    }

    struct TwoKinds: Encodable {
        enum Key: String, CodingKey { case a }
        func encode(to encoder: any Encoder) throws {
            var keyed = encoder.container(keyedBy: Key.self)
            try keyed.encode(1, forKey: .a)
            var unkeyed = encoder.unkeyedContainer()
            try unkeyed.encode(2)
        }
    }

    struct Holder<Value: Encodable>: Encodable {
        var value: Value
    }

    @Test("what JSON cannot carry is an EncodingError naming the path, not a crash")
    func failures() throws {
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode(Double.nan) }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([Float.infinity]) }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode(TwoKinds()) }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode(["a": JSONValue.double(.nan)]) }
        do {
            _ = try CompactJSONEncoder().encode(Holder(value: ["ok": [1.0, .infinity]]))
            Issue.record("a non-finite double was encoded")
        } catch EncodingError.invalidValue(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["value", "ok", "Index 1"])
        }
    }

    @Test("a JSONValue member is written as JSONValue.jsonBytes writes it")
    func jsonValues() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let value = JSONValueWritingTests.value(depth: 0, random: &random)
            #expect(
                try CompactJSONEncoder().encode(Holder(value: value)) == JSONValue.object(["value": value]).jsonBytes)
            #expect(try CompactJSONEncoder().encode(value) == value.jsonBytes)
        }
    }
}
