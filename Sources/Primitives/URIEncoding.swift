/// Percent-encoding as SigV4 and AWS URLs want it: RFC 3986, only `A–Z a–z 0–9 - . _ ~` left as is,
/// uppercase hex digits.
package enum URIEncoding {
    /// Percent-encodes the UTF-8 bytes of `text`; `/` is kept when `keepingSlash`.
    package static func encode(_ text: some StringProtocol, keepingSlash: Bool = false) -> String {
        encode(bytes: Array(text.utf8), keepingSlash: keepingSlash)
    }

    /// Percent-encodes `bytes`; `/` is kept when `keepingSlash`.
    package static func encode(bytes: [UInt8], keepingSlash: Bool = false) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes; malformed escapes and `+` are kept literally (AWS does not treat `+`
    /// as a space).
    package static func decode(_ text: some StringProtocol) -> [UInt8] {
        decode(text, strict: false) ?? Array(text.utf8)
    }

    /// Decodes `%XX` escapes; nil when one is malformed (`%` not followed by two hex digits).
    package static func decodeStrictly(_ text: some StringProtocol) -> [UInt8]? {
        decode(text, strict: true)
    }

    private static func decode(_ text: some StringProtocol, strict: Bool) -> [UInt8]? {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                if index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                {
                    out.append(high << 4 | low)
                    index += 3
                    continue
                }
                if strict { return nil }
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }

    /// A query string from name/value pairs, each percent-encoded, in the given order.
    package static func query(_ items: [(name: String, value: String)]) -> String {
        items.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
