import Foundation
import JSONCore
import Testing

@Suite("JSONValue.jsonBytes: compact, sorted JSON text without an encoder")
struct JSONValueWritingTests {
    static func encoded(_ value: JSONValue) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    @Test(
        "writes what JSONEncoder with sorted keys and unescaped slashes writes",
        arguments: [
            JSONValue.null, true, false, 0, -1, .int(.max), .int(.min), .double(0.1), .double(-0.0), .double(1e20),
            .double(1e-7), .double(123_456_789.0), .double(2.5), .double(1e300), .double(-1.5e-300),
            .double(.leastNonzeroMagnitude), .double(9_007_199_254_740_993), "", "a/b \"q\" \\ \u{00}\u{1F}\u{7F}",
            "\u{08}\u{0C}\n\r\t é € 😀", [], [:], [1, "two", [.double(3.5)], ["k": nil]],
            ["z": 1, "Z": 2, "é": 3, "e\u{301}": 4, "a": ["b": [], "a": [:]], "": 5, "😀": 6, "\u{FF}": 7],
        ]
    )
    func sameAsEncoder(value: JSONValue) throws {
        #expect(value.jsonBytes == (try Self.encoded(value)))
    }

    @Test("writes the same as JSONEncoder for 300 generated documents")
    func generated() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let value = Self.value(depth: 0, random: &random)
            #expect(value.jsonBytes == (try Self.encoded(value)))
        }
    }

    @Test("a non-finite double, which JSON cannot spell, makes the document null rather than a crash")
    func nonFinite() {
        #expect(JSONValue.array([1, .double(.nan)]).jsonText == "null")
        #expect(JSONValue.object(["a": .double(.infinity)]).jsonText == "null")
    }

    static func value(depth: Int, random: inout SplitMix64) -> JSONValue {
        switch random.next(below: depth < 3 ? 7 : 5) {
        case 0: return .null
        case 1: return .bool(random.next(below: 2) == 0)
        case 2: return .int(Int(Int64(bitPattern: random.next()) >> random.next(below: 63)))
        case 3: return .string(AttributeJSONReaderTests.text(&random))
        case 4:
            let double = Double(Int64(bitPattern: random.next()) >> 20) / Double(1 << random.next(below: 40))
            return .double(double)
        case 5: return .array((0..<random.next(below: 4)).map { _ in value(depth: depth + 1, random: &random) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<random.next(below: 5) {
                members[AttributeJSONReaderTests.text(&random)] = value(depth: depth + 1, random: &random)
            }
            return .object(members)
        }
    }
}
