import DRSLocal
import DynamoDB
import Foundation
import JSONCore
import Testing

@Suite("AttributeValue: DynamoDB's JSON form")
struct AttributeValueTests {
    static let cases: [(AttributeValue, String)] = [
        (.string("héllo \"x\""), #"{"S":"héllo \"x\""}"#),
        (.number("-12.5e3"), #"{"N":"-12.5e3"}"#),
        (.number("9223372036854775807"), #"{"N":"9223372036854775807"}"#),
        (.binary([0, 1, 2, 254, 255]), #"{"B":"AAEC/v8="}"#),
        (.binary([]), #"{"B":""}"#),
        (.bool(true), #"{"BOOL":true}"#),
        (.bool(false), #"{"BOOL":false}"#),
        (.null, #"{"NULL":true}"#),
        (.map(["a": .string("x"), "b": .map(["c": .null])]), #"{"M":{"a":{"S":"x"},"b":{"M":{"c":{"NULL":true}}}}}"#),
        (.map([:]), #"{"M":{}}"#),
        (.list([.number("1"), .string("two"), .list([])]), #"{"L":[{"N":"1"},{"S":"two"},{"L":[]}]}"#),
        (.stringSet(["a", "b"]), #"{"SS":["a","b"]}"#),
        (.numberSet(["1", "2.5"]), #"{"NS":["1","2.5"]}"#),
        (.binarySet([[104, 105], [0]]), #"{"BS":["aGk=","AA=="]}"#),
    ]

    @Test("encodes every type to DynamoDB's JSON and decodes it back", arguments: cases)
    func roundTrip(value: AttributeValue, json: String) throws {
        let encoded = try JSONEncoder().encode(value)
        #expect(try JSONValue.parse(Array(encoded)) == JSONValue.parse(json))
        #expect(try JSONDecoder().decode(AttributeValue.self, from: Data(json.utf8)) == value)
        #expect(try JSONDecoder().decode(AttributeValue.self, from: encoded) == value)
    }

    @Test(
        "rejects objects that do not name exactly one known type, and bad base64",
        arguments: [#"{}"#, #"{"S":"a","N":"1"}"#, #"{"X":"a"}"#, #"{"B":"not base64!"}"#, #"{"N":1}"#]
    )
    func rejectsMalformed(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AttributeValue.self, from: Data(json.utf8))
        }
    }

    @Test("reads a whole item with every type from a GetItem-shaped answer")
    func decodesItem() throws {
        let json = #"""
            {"Item": {"pk": {"S": "PLAN#1"}, "version": {"N": "3"}, "blob": {"B": "aGk="},
                      "ok": {"BOOL": true}, "gone": {"NULL": true}, "tags": {"SS": ["a"]},
                      "waves": {"L": [{"M": {"n": {"N": "1"}}}]}}}
            """#
        let item = try JSONDecoder().decode([String: DynamoDBItem].self, from: Data(json.utf8))["Item"]
        #expect(
            item == [
                "pk": "PLAN#1", "version": 3, "blob": .binary(Array("hi".utf8)), "ok": true, "gone": .null,
                "tags": .stringSet(["a"]), "waves": [["n": 1]],
            ]
        )
    }

    @Test("literals and initializers build the expected values; accessors read them")
    func literalsAndAccessors() {
        let value: AttributeValue = ["name": "x", "count": 2, "ratio": 0.5, "on": false, "list": [1, "a"]]
        #expect(
            value
                == .map([
                    "name": .string("x"), "count": .number("2"), "ratio": .number("0.5"), "on": .bool(false),
                    "list": .list([.number("1"), .string("a")]),
                ])
        )
        #expect(AttributeValue(Int64.min) == .number("-9223372036854775808"))
        #expect(AttributeValue(2.0) == .number("2"))
        #expect(AttributeValue(1e20) == .number("1e+20"))
        #expect(AttributeValue(0.1) == .number("0.1"))
        #expect(AttributeValue("s").stringValue == "s")
        #expect(AttributeValue.number("42").int64Value == 42)
        #expect(AttributeValue.number("4.5").doubleValue == 4.5)
        #expect(AttributeValue.bool(true).boolValue == true)
        #expect(value.mapValue?["count"] == 2)
        #expect(AttributeValue.list([1]).listValue == [1])
        #expect(AttributeValue.null.isNull)
        #expect(AttributeValue.string("1").int64Value == nil)
    }
}
