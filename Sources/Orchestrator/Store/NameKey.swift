/// The form of a name that uniqueness compares: Unicode NFC, lower-cased, NFC again (lower-casing
/// can leave a sequence that composes).
///
/// DynamoDB compares key bytes, while Swift's `==` compares canonical equivalence: "Café" with
/// "é" as one code point and "Café" with "e" + U+0301 are equal strings with different bytes.
/// Every name becomes its key here before it is stored in, or compared as, a key; renames compare
/// keys, never strings. NFC comes from the standard library's own normaliser (`_nfcCodeUnits`,
/// public though underscored; FoundationEssentials has none).
package enum NameKey {
    package static func of(_ name: String) -> String {
        let composed = String(decoding: name._nfcCodeUnits, as: UTF8.self)
        return String(decoding: composed.lowercased()._nfcCodeUnits, as: UTF8.self)
    }

    /// Whether `a` and `b` claim the same key.
    package static func same(_ a: String, _ b: String) -> Bool { of(a) == of(b) }
}
