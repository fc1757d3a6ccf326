import Foundation
import JSONCore
import Testing

@Suite("JSONValue.read: JSON bytes to a JSONValue without a decoder")
struct JSONValueReadingTests {
    @Test("reads what the JSONDecoder-based parser reads, for 300 generated documents")
    func generated() throws {
        var random = SplitMix64(seed: 99)
        for _ in 0..<300 {
            let text = JSONValueWritingTests.value(depth: 0, random: &random).jsonBytes
            #expect(try JSONValue.read(text) == JSONValue(parsing: text))
        }
    }

    @Test("reads an API Gateway event with whitespace, escapes and every JSON type")
    func event() throws {
        let text = #"""
             { "httpMethod" : "GET", "path": "/a\/b\u00e9\ud83d\ude00", "headers": {"x": "1\n2", "n": 3},
               "queryStringParameters": null, "multi": [true, false, -1.5e3, 2.25, 0, 12345678901234567],
               "body": "{\"k\":\"v\"}" }
            """#
        let value = try JSONValue.read(Array(text.utf8))
        #expect(value == (try JSONValue(parsing: text)))
        #expect(value["path"] == "/a/bé😀")
        #expect(value["headers"]?["x"] == "1\n2")
        #expect(value["multi"] == [true, false, -1500, .double(2.25), 0, .int(12_345_678_901_234_567)])
    }

    @Test(
        "rejects malformed JSON with an error, never a crash",
        arguments: [
            "", " ", "{", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, "{a:1}", "01", "1.", "1e", "-", "+1", "tru", "nul",
            #""\x""#, #""\u12G4""#, #""\ud83d""#, #""\ude00""#, "\"a\u{01}\"", "1 2", "[1]]", "1e999", #""\u"#,
        ]
    )
    func malformed(text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.read(Array(text.utf8)) }
    }

    @Test("rejects invalid UTF-8, every truncation of a document, and nesting deeper than the limit")
    func hostile() throws {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.read([0x22, 0xC3, 0x28, 0x22]) }
        let document = Array(#"{"a":[1,{"b":"c\"d"},null,true,2.5],"e":"\u00e9"}"#.utf8)
        _ = try JSONValue.read(document)
        for length in 0..<document.count {
            #expect(throws: JSONSyntaxError.self) { try JSONValue.read(Array(document[..<length])) }
        }
        let deep = Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.read(deep) }
    }
}
