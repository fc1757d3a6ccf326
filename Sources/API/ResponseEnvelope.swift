import JSONCore
import LambdaRuntime

/// Writes the Lambda proxy response envelope of spec §1.2:
/// `{"statusCode","headers","body","isBase64Encoded"}`, plus, for direct invocations, the body's
/// top-level members copied beside them.
package enum ResponseEnvelope {
    /// Lambda's limit on a synchronous response.
    package static let maxBytes = 6 * 1024 * 1024

    /// Headers every answer carries (the CORS set of the earlier implementation, unchanged).
    package static let standardHeaders: [(name: String, value: String)] = [
        ("Content-Type", "application/json"),
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Headers", "Content-Type,Authorization"),
        ("Access-Control-Allow-Methods", "GET,POST,PUT,DELETE,OPTIONS"),
    ]

    /// `,"headers":{…standard…,"X-Request-Id":` — written once, copied into every envelope.
    private static let standardHeadersJSON: [UInt8] = {
        var out = Array(#","headers":{"#.utf8)
        for (name, value) in standardHeaders {
            JSONEscaping.appendQuoted(name, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONEscaping.appendQuoted(value, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: #""X-Request-Id":"#.utf8)
        return out
    }()

    /// Envelope keys that a mirrored body member must not shadow.
    private static let reservedKeys: [[UInt8]] = [
        "statusCode", "headers", "body", "isBase64Encoded", "multiValueHeaders",
    ]
    .map { Array($0.utf8) }

    /// The envelope's JSON text.
    /// - Parameter mirror: copy the body's top-level members beside the envelope's own (direct
    ///   invocations); skipped when that would take the envelope over `maxBytes`.
    package static func encode(_ response: APIResponse, requestID: String, mirror: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(response.body.count * 2 + 400)
        out.append(contentsOf: #"{"statusCode":"#.utf8)
        out.append(contentsOf: String(response.status).utf8)
        out.append(contentsOf: standardHeadersJSON)
        JSONEscaping.appendQuoted(requestID, to: &out)
        for (name, value) in response.headers {
            out.append(UInt8(ascii: ","))
            JSONEscaping.appendQuoted(name, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONEscaping.appendQuoted(value, to: &out)
        }
        out.append(contentsOf: #"},"body":""#.utf8)
        JSONEscaping.append(response.body, to: &out)
        out.append(contentsOf: #"","isBase64Encoded":false"#.utf8)
        if mirror, let members = JSONMembers.topLevel(of: response.body) {
            let extra = members.reduce(0) { $0 + $1.key.count + $1.value.count + 4 }
            if out.count + extra + 1 <= maxBytes {
                for member in members
                where !reservedKeys.contains(where: { $0.elementsEqual(response.body[member.key]) }) {
                    out.append(contentsOf: #",""#.utf8)
                    out.append(contentsOf: response.body[member.key])
                    out.append(contentsOf: #"":"#.utf8)
                    out.append(contentsOf: response.body[member.value])
                }
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
