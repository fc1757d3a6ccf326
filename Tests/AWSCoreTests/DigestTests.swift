import AWSCore
import Testing

@Suite("Digest (OpenSSL through CCryptoShim)")
struct DigestTests {
    @Test("computes SHA-256 of the FIPS 180-2 examples")
    func sha256() {
        #expect(Digest.hex(Digest.sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.hex(Digest.sha256("")) == SigV4Signer.emptyPayloadHash)
        #expect(
            SigV4Signer.payloadHash(of: Array("Param1=value1".utf8))
                == "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
    }

    @Test("computes HMAC-SHA256 of the RFC 4231 examples")
    func hmac() {
        // RFC 4231 test case 2.
        #expect(
            Digest.hex(Digest.hmacSHA256(key: Array("Jefe".utf8), "what do ya want for nothing?"))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        )
        // RFC 4231 test case 6: a key longer than the block size.
        #expect(
            Digest.hex(
                Digest.hmacSHA256(
                    key: [UInt8](repeating: 0xAA, count: 131),
                    "Test Using Larger Than Block-Size Key - Hash Key First"
                )
            ) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        )
    }
}
