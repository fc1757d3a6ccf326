import JSONCore

/// Minimal JSON text writing for the few places that build JSON by hand to avoid an encoder pass
/// (error bodies for the Runtime API, the response envelope, log lines): JSONCore's escaping.
package enum JSONText {
    /// Appends `value` as a quoted JSON string, escaping what RFC 8259 requires.
    package static func appendString(_ value: String, to out: inout [UInt8]) {
        JSONEscaping.appendQuoted(value, to: &out)
    }

    /// Appends the escaped contents of UTF-8 bytes, without quotes: runs that need no escape (most of
    /// a response body) are copied in one go.
    package static func appendEscaped(_ bytes: [UInt8], to out: inout [UInt8]) {
        JSONEscaping.append(bytes, to: &out)
    }
}
