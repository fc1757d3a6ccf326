import CCryptoShim

/// SHA-256 and HMAC-SHA256 from OpenSSL libcrypto (through `CCryptoShim`), plus lowercase hex.
package enum Digest {
    /// Whether libcrypto could be loaded (it is loaded on first use, not at start-up).
    package static var isAvailable: Bool { ccrypto_available() == 1 }

    /// SHA-256 of `bytes` (32 bytes).
    package static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(CCRYPTO_SHA256_LENGTH))
        let done = bytes.withContiguousStorageIfAvailable { input in
            out.withUnsafeMutableBufferPointer { output in
                ccrypto_sha256(input.baseAddress, input.count, output.baseAddress)
            }
        }
        if done == nil {
            let copy = Array(bytes)
            _ = copy.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    ccrypto_sha256(input.baseAddress, input.count, output.baseAddress)
                }
            }
        }
        return out
    }

    /// SHA-256 of the UTF-8 bytes of `text`.
    package static func sha256(_ text: String) -> [UInt8] {
        sha256(Array(text.utf8))
    }

    /// HMAC-SHA256 of `data` under `key` (32 bytes).
    package static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(CCRYPTO_SHA256_LENGTH))
        key.withUnsafeBufferPointer { key in
            data.withUnsafeBufferPointer { data in
                out.withUnsafeMutableBufferPointer { output in
                    _ = ccrypto_hmac_sha256(
                        key.baseAddress, key.count, data.baseAddress, data.count, output.baseAddress)
                }
            }
        }
        return out
    }

    /// HMAC-SHA256 of the UTF-8 bytes of `text` under `key`.
    package static func hmacSHA256(key: [UInt8], _ text: String) -> [UInt8] {
        hmacSHA256(key: key, data: Array(text.utf8))
    }

    /// Lowercase hexadecimal, two digits per byte.
    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
