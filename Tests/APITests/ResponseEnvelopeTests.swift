import API
import Foundation
import Testing

@Suite("The response envelope")
struct ResponseEnvelopeTests {
    func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test("carries status, JSON content type, CORS headers, the request id and the body as a string")
    func standardShape() throws {
        let response = APIResponse(status: 201, body: Array(#"{"id":"pg-1"}"#.utf8))
        let envelope = try object(ResponseEnvelope.encode(response, requestID: "req-9", mirror: false))
        #expect(envelope["statusCode"] as? Int == 201)
        #expect(envelope["isBase64Encoded"] as? Bool == false)
        #expect(envelope["body"] as? String == #"{"id":"pg-1"}"#)
        #expect(
            envelope["headers"] as? [String: String] == [
                "Content-Type": "application/json",
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Headers": "Content-Type,Authorization",
                "Access-Control-Allow-Methods": "GET,POST,PUT,DELETE,OPTIONS",
                "X-Request-Id": "req-9",
            ])
        #expect(envelope["id"] == nil)
    }

    @Test("copies the body's top-level members beside the envelope for direct invocations")
    func mirror() throws {
        let body =
            #"{"status":"completed","currentWave":3,"waves":[{"a":"}"}],"nested":{"x":[1,2]},"ok":true,"none":null}"#
        let envelope = try object(
            ResponseEnvelope.encode(APIResponse(status: 200, body: Array(body.utf8)), requestID: "r", mirror: true))
        #expect(envelope["status"] as? String == "completed")
        #expect(envelope["currentWave"] as? Int == 3)
        #expect((envelope["waves"] as? [[String: String]]) == [["a": "}"]])
        #expect((envelope["nested"] as? [String: [Int]]) == ["x": [1, 2]])
        #expect(envelope["ok"] as? Bool == true)
        #expect(envelope.keys.contains("none"))
        #expect(envelope["body"] as? String == body)
    }

    @Test("never lets a mirrored member shadow the envelope's own keys")
    func reservedKeys() throws {
        let body = #"{"statusCode":1,"headers":2,"body":3,"isBase64Encoded":4,"kept":5}"#
        let text = ResponseEnvelope.encode(
            APIResponse(status: 200, body: Array(body.utf8)), requestID: "r", mirror: true)
        let envelope = try object(text)
        #expect(envelope["statusCode"] as? Int == 200)
        #expect(envelope["body"] as? String == body)
        #expect(envelope["kept"] as? Int == 5)
        #expect(String(decoding: text, as: UTF8.self).components(separatedBy: #""statusCode""#).count == 2)
    }

    @Test("adds extra headers such as Allow")
    func extraHeaders() throws {
        let response = APIResponse(status: 405, body: Array("{}".utf8), headers: [("Allow", "GET, OPTIONS")])
        let headers =
            try object(ResponseEnvelope.encode(response, requestID: "r", mirror: false))["headers"] as? [String: String]
        #expect(headers?["Allow"] == "GET, OPTIONS")
    }

    @Test("skips the mirror when it would take the envelope over 6 MB, keeping the body")
    func mirrorSkippedWhenLarge() throws {
        let big = String(repeating: "x", count: 3_500_000)
        let body = Array(#"{"blob":""#.utf8) + Array(big.utf8) + Array(#""}"#.utf8)
        let text = ResponseEnvelope.encode(APIResponse(status: 200, body: body), requestID: "r", mirror: true)
        #expect(text.count <= ResponseEnvelope.maxBytes)
        #expect(try object(text)["blob"] == nil)
    }

    @Test(
        "finds top-level members of JSON text, and nothing in non-objects",
        arguments: [
            (#"{}"#, 0), (#" { "a" : 1 , "b":"x\"}" } "#, 2), (#"[1]"#, -1), (#""s""#, -1), (#"{"a":}"#, -1),
        ])
    func scanner(text: String, count: Int) {
        let members = JSONMembers.topLevel(of: Array(text.utf8))
        #expect((members?.count ?? -1) == count)
    }
}
