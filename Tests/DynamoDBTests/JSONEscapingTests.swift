import Foundation
import JSONCore
import Testing

@Suite("JSONEscaping: escaping bytes into a JSON string")
struct JSONEscapingTests {
    static let samples: [String] = [
        "", "plain ascii text", #"{"statusCode":200,"body":"x"}"#, "quote \" backslash \\ slash /",
        "controls \u{00}\u{01}\u{08}\u{09}\u{0A}\u{0C}\u{0D}\u{1F} end", "é € 😀 名 \u{7F}", "\"", "\\\\\n",
    ]

    @Test("a string is written as JSONEncoder writes it and reads back as itself", arguments: samples)
    func sameAsEncoder(text: String) throws {
        var written: [UInt8] = [1, 2]
        JSONEscaping.appendQuoted(text, to: &written)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        #expect(Array(written.dropFirst(2)) == Array(try encoder.encode(text)))
        #expect(try JSONDecoder().decode(String.self, from: Data(written.dropFirst(2))) == text)
    }

    @Test("the escaped bytes of a body are the quoted string's contents", arguments: samples)
    func escapedBytes(text: String) {
        var escaped: [UInt8] = []
        JSONEscaping.append(Array(text.utf8), to: &escaped)
        var quoted: [UInt8] = []
        JSONEscaping.appendQuoted(text, to: &quoted)
        #expect([UInt8(ascii: "\"")] + escaped + [UInt8(ascii: "\"")] == quoted)
    }

    @Test("every byte value is escaped as JSON requires")
    func everyByte() {
        var escaped: [UInt8] = []
        JSONEscaping.append((0...255).map { UInt8($0) }, to: &escaped)
        #expect(escaped.starts(with: Array(#"\u0000\u0001"#.utf8)))
        #expect(!escaped.contains { $0 < 0x20 })
        let text = String(decoding: escaped, as: UTF8.self)
        #expect(text.contains(#"\b\t\n\u000b\f\r"#))
        #expect(text.contains(##"!\"#"##) && text.contains(#"[\\]"#))
    }
}
