import AWSCore
import Testing

@Suite("SigV4 test vectors")
struct SigV4VectorTests {
    @Test("signs every vector case exactly as the suite expects", arguments: SigV4VectorCase.all())
    func signsVectorCase(_ vector: SigV4VectorCase) throws {
        let loaded = try LoadedVector(vector)
        let request = loaded.request
        let signed = loaded.signer.sign(
            method: request.method,
            path: request.path,
            query: request.query,
            headers: request.headers,
            payloadHash: SigV4Signer.payloadHash(of: request.body),
            date: loaded.date
        )

        #expect(signed.canonicalRequest.text == loaded.expectedCanonicalRequest, "canonical request")
        #expect(signed.stringToSign == loaded.expectedStringToSign, "string to sign")
        #expect(signed.authorization == loaded.expectedAuthorization, "Authorization")
        #expect(signed.headers["Authorization"] == loaded.expectedAuthorization)
        #expect(signed.headers["X-Amz-Date"] == loaded.date.amzDate)
        if let token = loaded.signer.credentials.sessionToken {
            #expect(signed.headers["X-Amz-Security-Token"] == token)
        }
        if let expectedSignature = loaded.expectedSignature {
            #expect(signed.signature == expectedSignature, "signature")
        }
        if let expected = loaded.expectedSignedRequest {
            #expect(Self.fieldSet(signed.headers) == Self.fieldSet(expected.headers), "signed request headers")
            #expect(expected.body == request.body)
        }
    }

    @Test("finds the bundled suite's classic and aws-c-auth cases")
    func findsBundledCases() {
        let cases = SigV4VectorCase.bundledCases()
        #expect(!cases.isEmpty, "no vector cases under \(SigV4VectorCase.bundledRoot)")
        #expect(cases.contains { $0.layout == .classic })
        #expect(cases.contains { $0.layout == .awsC })
        // 34 classic + 38 aws-c-auth when this was written; more is fine, fewer means a walk bug.
        #expect(cases.count >= 72, "found only \(cases.count) cases")
    }

    @Test(
        "finds the extra cases in the folder named by SIGV4_VECTORS",
        .enabled(if: SigV4VectorCase.extraRoot != nil, "SIGV4_VECTORS is not set")
    )
    func findsExtraCases() {
        #expect(!SigV4VectorCase.extraCases().isEmpty, "no case folders under \(SigV4VectorCase.extraRoot ?? "")")
    }

    /// Header fields as a comparable multiset: lowercased name, value with whitespace runs collapsed.
    static func fieldSet(_ headers: AWSHTTPHeaders) -> [String] {
        headers.fields.map { field in
            field.name.lowercased() + ":"
                + field.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }.sorted()
    }
}
