import AWSCore
import Testing

@Suite("SigV4Signer")
struct SigV4SignerTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let date = AWSDate(secondsSince1970: 1_440_938_160)

    @Test("derives the signing key of the AWS documentation example")
    func signingKey() {
        // "Examples of how to derive a signing key for Signature Version 4" (IAM user guide).
        let signer = SigV4Signer(credentials: Self.credentials, service: "iam", region: "us-east-1")
        #expect(
            Digest.hex(signer.signingKey(date: Self.date))
                == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        )
    }

    @Test(
        "normalizes path segments",
        arguments: [
            ("", "/"), ("/", "/"), ("//", "/"), ("/./", "/"), ("/a/..", "/"), ("/a/b/../..", "/"),
            ("/../a", "/a"), ("//a//b//", "/a/b/"), ("/./a", "/a"), ("/a/./b/../c", "/a/c"),
        ]
    )
    func normalizesPath(path: String, expected: String) {
        #expect(SigV4Signer.normalizedPath(path) == expected)
    }

    @Test("double-encodes the path for most services and leaves it alone for S3-style options")
    func encodesPath() {
        let standard = SigV4Signer(credentials: Self.credentials, service: "drs", region: "us-east-1")
        #expect(standard.canonicalURI(path: "/tags/arn%3Aaws%3Adrs") == "/tags/arn%253Aaws%253Adrs")
        #expect(standard.canonicalURI(path: "/a b/$") == "/a%20b/%24")
        let s3 = SigV4Signer(
            credentials: Self.credentials,
            service: "s3",
            region: "us-east-1",
            options: SigV4Signer.Options(normalizesPath: false, doubleEncodesPath: false)
        )
        #expect(s3.canonicalURI(path: "/my-object//example//photo.user") == "/my-object//example//photo.user")
        #expect(s3.canonicalURI(path: "/key%3A1") == "/key%3A1")
    }

    @Test("sorts and re-encodes the canonical query")
    func canonicalQuery() {
        #expect(SigV4Signer.canonicalQuery(nil) == "")
        #expect(SigV4Signer.canonicalQuery("b=2&a=1&a=0") == "a=0&a=1&b=2")
        #expect(SigV4Signer.canonicalQuery("k=a b&x=%7e&y=a+b&flag") == "flag=&k=a%20b&x=~&y=a%2Bb")
        #expect(SigV4Signer.canonicalQuery("nextToken=abc%2F%3D&maxResults=10") == "maxResults=10&nextToken=abc%2F%3D")
    }

    @Test("adds X-Amz-Date, the session token, the content hash and Authorization")
    func addsHeaders() {
        var credentials = Self.credentials
        credentials.sessionToken = "TOKEN"
        let signer = SigV4Signer(
            credentials: credentials,
            service: "dynamodb",
            region: "eu-west-1",
            options: SigV4Signer.Options(addsContentSHA256Header: true)
        )
        let body = Array(#"{"TableName":"t"}"#.utf8)
        let signed = signer.sign(
            method: "POST",
            path: "/",
            query: nil,
            headers: ["Host": "dynamodb.eu-west-1.amazonaws.com", "User-Agent": "test", "X-Amz-Date": "stale"],
            payloadHash: SigV4Signer.payloadHash(of: body),
            date: Self.date
        )
        #expect(signed.headers.values(for: "X-Amz-Date") == ["20150830T123600Z"])
        #expect(signed.headers["X-Amz-Security-Token"] == "TOKEN")
        #expect(signed.headers["x-amz-content-sha256"] == SigV4Signer.payloadHash(of: body))
        #expect(signed.canonicalRequest.signedHeaders == "host;x-amz-content-sha256;x-amz-date;x-amz-security-token")
        #expect(
            signed.headers["Authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/dynamodb/aws4_request, "
                + "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "
                + "Signature=\(signed.signature)"
        )
    }

    @Test("adds the session token after signing when the options say so")
    func unsignedToken() {
        var credentials = Self.credentials
        credentials.sessionToken = "TOKEN"
        let signer = SigV4Signer(
            credentials: credentials,
            service: "service",
            region: "us-east-1",
            options: SigV4Signer.Options(signsSessionToken: false)
        )
        let signed = signer.sign(
            method: "GET",
            path: "/",
            query: nil,
            headers: ["Host": "example.amazonaws.com"],
            payloadHash: SigV4Signer.emptyPayloadHash,
            date: Self.date
        )
        #expect(signed.headers["X-Amz-Security-Token"] == "TOKEN")
        #expect(signed.canonicalRequest.signedHeaders == "host;x-amz-date")
    }

    @Test("recomputes a request's signature from its SignedHeaders, as a verifying server does")
    func verifiesWithSignedHeaderNames() {
        let signer = SigV4Signer(credentials: Self.credentials, service: "drs", region: "us-east-1")
        let signed = signer.sign(
            method: "POST",
            path: "/DescribeJobs",
            query: nil,
            headers: ["Host": "127.0.0.1:9002", "Content-Type": "application/json"],
            payloadHash: SigV4Signer.payloadHash(of: Array("{}".utf8)),
            date: Self.date
        )
        var received = signed.headers
        received.add("Accept-Encoding", "gzip")  // added on the way, not signed
        let canonical = signer.canonicalRequest(
            method: "POST",
            path: "/DescribeJobs",
            query: nil,
            headers: received,
            payloadHash: SigV4Signer.payloadHash(of: Array("{}".utf8)),
            signedHeaderNames: signed.canonicalRequest.signedHeaders.split(separator: ";").map(String.init)
        )
        let signature = signer.signature(
            stringToSign: signer.stringToSign(canonicalRequest: canonical.text, date: Self.date),
            signingKey: signer.signingKey(date: Self.date)
        )
        #expect(signature == signed.signature)
    }

    @Test("hides the secret and the token when credentials are printed")
    func redactsCredentials() {
        let text = String(
            describing: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "SECRET", sessionToken: "TOKEN"))
        #expect(text.contains("AKID"))
        #expect(!text.contains("SECRET"))
        #expect(!text.contains("TOKEN"))
    }
}
