import Primitives

/// Percent-decoding of path segments and query components (RFC 3986), strict: the API answers a
/// malformed escape with `INVALID_REQUEST` instead of guessing.
package enum PercentEncoding {
    /// Decodes `%XX` escapes; nil when an escape is malformed or the bytes are not UTF-8.
    package static func decode(_ text: Substring) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        return URIEncoding.decodeStrictly(text).flatMap { String(validating: $0, as: UTF8.self) }
    }
}
