import Foundation
import LambdaRuntime
import Testing

@Suite("JSONText: escaping bytes into a JSON string")
struct JSONTextTests {
    static let samples: [String] = [
        "", "plain ascii text", #"{"statusCode":200,"body":"x"}"#, "quote \" backslash \\ slash /",
        "controls \u{00}\u{01}\u{08}\u{09}\u{0A}\u{0C}\u{0D}\u{1F} end", "é € 😀 名 \u{7F}", "\"", "\\\\\n",
    ]

    @Test("the byte-array form writes what the generic form writes, and the result reads back", arguments: samples)
    func sameAsGeneric(text: String) throws {
        var fast: [UInt8] = [1, 2]
        JSONText.appendEscaped(Array(text.utf8), to: &fast)
        var generic: [UInt8] = [1, 2]
        JSONText.appendEscaped(text.utf8.lazy.map { $0 }, to: &generic)
        #expect(fast == generic)
        let quoted = Data([UInt8(ascii: "\"")] + fast.dropFirst(2) + [UInt8(ascii: "\"")])
        #expect(try JSONDecoder().decode(String.self, from: quoted) == text)
    }

    @Test("every byte value is escaped as JSON requires")
    func everyByte() {
        var fast: [UInt8] = []
        JSONText.appendEscaped((0...255).map { UInt8($0) }, to: &fast)
        var generic: [UInt8] = []
        JSONText.appendEscaped((0...255).lazy.map { UInt8($0) }, to: &generic)
        #expect(fast == generic)
        #expect(fast.starts(with: Array(#"\u0000\u0001"#.utf8)))
        #expect(!fast.contains { $0 < 0x20 })
    }
}
