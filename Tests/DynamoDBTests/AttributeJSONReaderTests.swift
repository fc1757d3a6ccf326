import AWSCore
import DynamoDB
import Foundation
import TestSupport
import Testing

@Suite("AttributeJSONReader: DynamoDB answers read straight from the bytes")
struct AttributeJSONReaderTests {
    static func read(_ json: String) throws -> AttributeValue {
        try AttributeJSONReader.value(from: Array(json.utf8))
    }

    @Test("reads every type as the Codable decoder does", arguments: AttributeValueTests.cases)
    func everyType(value: AttributeValue, json: String) throws {
        #expect(try Self.read(json) == value)
        let encoded = try JSONEncoder().encode(value)
        #expect(try AttributeJSONReader.value(from: Array(encoded)) == value)
    }

    @Test("resolves every string escape, \\u escapes and surrogate pairs included, in values and names")
    func escapes() throws {
        let json = #"{"M":{"k\u00e9y\n":{"S":"q\"b\\s\/ \b\f\n\r\t \u00e9\u20AC \ud83d\ude00 é😀"}}}"#
        let expected = AttributeValue.map(["kéy\n": .string("q\"b\\s/ \u{08}\u{0C}\n\r\t é€ 😀 é😀")])
        #expect(try Self.read(json) == expected)
        #expect(try JSONDecoder().decode(AttributeValue.self, from: Data(json.utf8)) == expected)
    }

    @Test("accepts whitespace between every token")
    func whitespace() throws {
        let json = " \n{ \"L\" :\t[ {\"N\" : \"1\"} ,\r\n{ \"NULL\":true } ] } \n"
        #expect(try Self.read(json) == .list([.number("1"), .null]))
    }

    @Test(
        "rejects values of the wrong JSON type, unknown or several type keys, and bad base64",
        arguments: [
            #"{}"#, #"{"S":"a","N":"1"}"#, #"{"X":"a"}"#, #"{"B":"not base64!"}"#, #"{"N":1}"#,
            #"{"S":null}"#, #"{"BOOL":"true"}"#, #"{"NULL":null}"#, #"{"M":[]}"#, #"{"L":{}}"#,
            #"{"SS":"a"}"#, #"{"NS":[1]}"#, #"{"BS":["AA==",3]}"#, #"{"M":{"a":"S"}}"#, #"["S","a"]"#,
            #""S""#, #"null"#,
        ]
    )
    func rejectsWrongShapes(json: String) {
        #expect(throws: AttributeJSONError.self) { try Self.read(json) }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AttributeValue.self, from: Data(json.utf8))
        }
    }

    @Test(
        "rejects malformed JSON: bad escapes, lone surrogates, control characters, bad UTF-8, trailing bytes",
        arguments: [
            #"{"S":"\x"}"#, #"{"S":"\u12"}"#, #"{"S":"\u12G4"}"#, #"{"S":"\ud83d"}"#, #"{"S":"\ud83dx"}"#,
            #"{"S":"\ude00"}"#, #"{"S":"\ud83d\u0041"}"#, "{\"S\":\"a\u{01}b\"}", #"{"S":"a"} x"#, #"{"S":"a"}}"#,
            #"{"S":"a",}"#, #"{"L":[{"N":"1"},]}"#, #"{"S" "a"}"#, #"{S:"a"}"#, #"{"BOOL":tru}"#, #"{"BOOL":truex}"#,
        ]
    )
    func rejectsMalformed(json: String) {
        #expect(throws: AttributeJSONError.self) { try Self.read(json) }
    }

    @Test("rejects strings that are not UTF-8")
    func rejectsInvalidUTF8() {
        let bytes = Array(#"{"S":"a"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: AttributeJSONError.self) { try AttributeJSONReader.value(from: bytes) }
        let escaped = Array(#"{"S":"\n"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        #expect(throws: AttributeJSONError.self) { try AttributeJSONReader.value(from: escaped) }
    }

    @Test("every truncation of an item is an error, never a crash or a partial item")
    func truncated() throws {
        let bytes =
            Array(#"{"pk":{"S":"PLAN#1"},"n":{"N":"3"},"b":{"B":"aGk="},"ok":{"BOOL":false},"z":{"NULL":true},"#.utf8)
            + Array(#""m":{"M":{"l":{"L":[{"SS":["a","\u00e9"]},{"NS":["1"]},{"BS":["AA=="]}]}}}}"#.utf8)
        _ = try AttributeJSONReader.item(from: bytes)
        for length in 0..<bytes.count {
            #expect(throws: AttributeJSONError.self) { try AttributeJSONReader.item(from: Array(bytes[..<length])) }
        }
    }

    @Test("nesting deeper than any DynamoDB item is an error, not a stack overflow")
    func deepNesting() throws {
        let depth = 100_000
        let json = String(repeating: #"{"L":["#, count: depth) + String(repeating: "]}", count: depth)
        let error = try #require(throws: AttributeJSONError.self) { try Self.read(json) }
        #expect(error.message.contains("nested deeper"))
        // DynamoDB's own limit, 32 levels, is well within reach.
        let allowed = String(repeating: #"{"M":{"a":"#, count: 32) + #"{"N":"1"}"# + String(repeating: "}}", count: 32)
        _ = try Self.read(allowed)
    }

    @Test("reads the same items as the Codable decoder for 300 generated items of every type")
    func generatedItems() throws {
        var random = SplitMix64(seed: 12)
        let encoder = JSONEncoder()
        for _ in 0..<300 {
            let item = Self.item(depth: 0, random: &random)
            let bytes = Array(try encoder.encode(item))
            let expected = try JSONDecoder().decode(DynamoDBItem.self, from: Data(bytes))
            #expect(try AttributeJSONReader.item(from: bytes) == expected)
            #expect(expected == item)
        }
    }

    @Test("queryPage reads a DynamoDB Query answer as the Codable decoder does")
    func queryAnswer() throws {
        let body = #"""
            {"ConsumedCapacity":{"CapacityUnits":1.5,"TableName":"t"},"Count":2,
             "Items":[{"pk":{"S":"PLAN#1"},"name":{"S":"Caf\u00e9 \"A\""},"waves":{"L":[{"M":{"n":{"N":"1"},
             "ids":{"SS":["s-1","s-2"]}}}]},"v":{"N":"3"},"deleted":{"NULL":true}},
             {"pk":{"S":"PLAN#2"},"flag":{"BOOL":false},"raw":{"B":"AAEC/v8="},"nums":{"NS":["1","2.5"]}}],
             "LastEvaluatedKey":{"pk":{"S":"PLAN#2"}},"ScannedCount":7}
            """#
        let fake = FakeDynamoDB(replies: [.json(200, body)])
        let page = try fake.client.queryPage(QueryInput(tableName: "t", keyConditionExpression: "pk = :p"))
        #expect(page == (try JSONDecoder().decode(DynamoDBPage.self, from: Data(body.utf8))))
        #expect(page.items.count == 2)
        #expect(page.items[0]["name"] == .string("Café \"A\""))
        #expect(page.lastEvaluatedKey == ["pk": "PLAN#2"])
        #expect(page.scannedCount == 7)
    }

    @Test("getItem reads Item, or nil when the answer has none; writes read Attributes")
    func itemAnswers() throws {
        let fake = FakeDynamoDB(replies: [
            .json(200, #"{"Item":{"pk":{"S":"a"},"n":{"N":"1"}}}"#), .json(200, "{}"),
            .json(200, #"{"Attributes":{"pk":{"S":"a"}},"ConsumedCapacity":null}"#),
        ])
        #expect(try fake.client.getItem(GetItemInput(tableName: "t", key: ["pk": "a"])) == ["pk": "a", "n": 1])
        #expect(try fake.client.getItem(GetItemInput(tableName: "t", key: ["pk": "a"])) == nil)
        let old = try fake.client.putItem(PutItemInput(tableName: "t", item: ["pk": "a"], returnValues: .allOld))
        #expect(old == ["pk": "a"])
    }

    @Test("batchGetItem reads Responses and UnprocessedKeys with their options")
    func batchAnswer() throws {
        let fake = FakeDynamoDB(replies: [
            .json(
                200,
                #"{"Responses":{"t":[{"pk":{"S":"a"}}]},"UnprocessedKeys":{"t":{"Keys":[{"pk":{"S":"b"}}],"#
                    + ##""ConsistentRead":true,"ProjectionExpression":"#p","ExpressionAttributeNames":{"#p":"pk"}}}}"##
            ),
            .json(200, #"{"Responses":{"t":[{"pk":{"S":"b"}}]},"UnprocessedKeys":{}}"#),
        ])
        let result = try fake.client.batchGetItem(["t": KeysAndAttributes(keys: [["pk": "a"], ["pk": "b"]])])
        #expect(Set(result["t"] ?? []) == [["pk": "a"], ["pk": "b"]])
        #expect(fake.operations == ["BatchGetItem", "BatchGetItem"])
    }

    @Test(
        "a malformed answer to any read is invalidResponse",
        arguments: [
            #"{"Items":[{"pk":{"S":"a"}}"#, #"{"Items":{}}"#, #"{"Items":[],"ScannedCount":"7"}"#,
            #"{"Items":[],"ScannedCount":1.5}"#, #"{"Items":[{"pk":{"S":"\ud800"}}]}"#, "",
        ]
    )
    func malformedAnswer(body: String) throws {
        let fake = FakeDynamoDB(replies: [.json(200, body)])
        let error = try #require(throws: DynamoDBError.self) {
            try fake.client.scanPage(ScanInput(tableName: "t"))
        }
        #expect(error.code == .invalidResponse)
    }

    // MARK: Generated items

    static func item(depth: Int, random: inout SplitMix64) -> DynamoDBItem {
        var item: DynamoDBItem = [:]
        for _ in 0..<random.next(below: 6) {
            item[text(&random)] = value(depth: depth, random: &random)
        }
        return item
    }

    static func value(depth: Int, random: inout SplitMix64) -> AttributeValue {
        let kinds = depth < 3 ? 10 : 8
        switch random.next(below: kinds) {
        case 0: return .string(text(&random))
        case 1: return .number(String(Int64(bitPattern: random.next()) >> random.next(below: 63)))
        case 2: return .binary((0..<random.next(below: 9)).map { _ in UInt8(random.next(below: 256)) })
        case 3: return .bool(random.next(below: 2) == 0)
        case 4: return .null
        case 5: return .stringSet((0...random.next(below: 3)).map { _ in text(&random) })
        case 6: return .numberSet((0...random.next(below: 3)).map { "\($0).5" })
        case 7: return .binarySet([[UInt8(random.next(below: 256))]])
        case 8: return .map(item(depth: depth + 1, random: &random))
        default: return .list((0..<random.next(below: 4)).map { _ in value(depth: depth + 1, random: &random) })
        }
    }

    /// Text mixing ASCII, characters JSON must escape, and multi-byte and astral characters.
    static func text(_ random: inout SplitMix64) -> String {
        let pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "€", "😀", "名", "\u{7F}"]
        return String((0..<random.next(below: 8)).map { _ in pieces[random.next(below: pieces.count)] }.joined())
    }
}

/// A small deterministic generator, so a failure reproduces.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
