/// The ID formats of the DRS model, checked the way DRS validates requests.
enum DRSIdentifiers {
    /// `s-` and 17 letters or digits.
    static func isSourceServerID(_ text: String) -> Bool {
        hasPrefix("s-", then: 17, in: text, where: isAlphanumeric)
    }

    /// `drsjob-` and 17 letters or digits.
    static func isJobID(_ text: String) -> Bool {
        hasPrefix("drsjob-", then: 17, in: text, where: isAlphanumeric)
    }

    /// `i-` and 8 to 17 hex digits.
    static func isInstanceID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes.count <= 19, text.hasPrefix("i-") else { return false }
        return bytes.dropFirst(2).allSatisfy(isHex)
    }

    private static func hasPrefix(_ prefix: String, then count: Int, in text: String, where valid: (UInt8) -> Bool)
        -> Bool
    {
        let bytes = Array(text.utf8)
        guard text.hasPrefix(prefix), bytes.count == prefix.utf8.count + count else { return false }
        return bytes.dropFirst(prefix.utf8.count).allSatisfy(valid)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
