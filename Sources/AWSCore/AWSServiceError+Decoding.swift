import FoundationEssentials

extension AWSServiceError {
    /// Decodes an error response of the AWS JSON and REST-JSON protocols.
    ///
    /// The code comes from the `X-Amzn-ErrorType` header, else the body's `__type`, `code` or `Code`
    /// (a `namespace#` prefix and a `:…` suffix removed); the message from `message` or `Message`.
    /// A body that is not JSON (a proxy's HTML page, say) yields the status as the code and the start
    /// of the body as the message.
    package init(response: AWSHTTPResponse) {
        let fields = Self.decodeBody(response.body)
        let headerCode = response.headers["X-Amzn-ErrorType"].flatMap { $0.isEmpty ? nil : $0 }
        let rawCode = (headerCode ?? fields?.code).map(Self.strippedCode) ?? ""
        var message = fields?.message
        if fields == nil, !response.body.isEmpty {
            message = String(decoding: response.body.prefix(512), as: UTF8.self)
        }
        self.init(
            rawCode: rawCode.isEmpty ? String(response.status) : rawCode,
            message: message,
            status: response.status,
            requestID: response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"],
            headers: response.headers,
            body: response.body
        )
    }

    /// `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException` → `ResourceNotFoundException`;
    /// `ValidationException:http://internal.amazon.com/…` → `ValidationException`.
    static func strippedCode(_ code: String) -> String {
        var code = Substring(code.trimmingASCIIWhitespace())
        if let colon = code.firstIndex(of: ":") {
            code = code[..<colon]
        }
        if let hash = code.lastIndex(of: "#") {
            code = code[code.index(after: hash)...]
        }
        return String(code)
    }

    private struct ErrorBody: Decodable {
        var type: String?
        var lowerCode: String?
        var upperCode: String?
        var lowerMessage: String?
        var upperMessage: String?
        var nested: Nested?

        /// The `{"Error": {"Code": …, "Message": …}}` shape some services use.
        struct Nested: Decodable {
            var code: String?
            var message: String?

            enum CodingKeys: String, CodingKey {
                case code = "Code"
                case message = "Message"
            }
        }

        enum CodingKeys: String, CodingKey {
            case type = "__type"
            case lowerCode = "code"
            case upperCode = "Code"
            case lowerMessage = "message"
            case upperMessage = "Message"
            case nested = "Error"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // Lenient: a field of an unexpected type is ignored rather than failing the whole decode.
            type = try? container.decodeIfPresent(String.self, forKey: .type)
            lowerCode = try? container.decodeIfPresent(String.self, forKey: .lowerCode)
            upperCode = try? container.decodeIfPresent(String.self, forKey: .upperCode)
            lowerMessage = try? container.decodeIfPresent(String.self, forKey: .lowerMessage)
            upperMessage = try? container.decodeIfPresent(String.self, forKey: .upperMessage)
            nested = try? container.decodeIfPresent(Nested.self, forKey: .nested)
        }
    }

    /// One decoder for the process (a decoder is costly to set up; error responses reuse it).
    private static let decoder = JSONDecoder()

    private static func decodeBody(_ body: [UInt8]) -> (code: String?, message: String?)? {
        let first = body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
        if first == UInt8(ascii: "<") {
            // Query-protocol services (IAM, STS) and some gateways answer errors in XML.
            let text = String(decoding: body, as: UTF8.self)
            let code = xmlElement("Code", in: text)
            return code == nil ? nil : (code, xmlElement("Message", in: text))
        }
        guard first == UInt8(ascii: "{"), let decoded = try? decoder.decode(ErrorBody.self, from: Data(body))
        else { return nil }
        return (
            decoded.type ?? decoded.lowerCode ?? decoded.upperCode ?? decoded.nested?.code,
            decoded.lowerMessage ?? decoded.upperMessage ?? decoded.nested?.message
        )
    }

    /// The text of the first `<name>…</name>` element in `xml` (enough for AWS's flat XML error
    /// and query-protocol answers).
    package static func xmlElement(_ name: String, in xml: String) -> String? {
        guard let open = xml.firstRange(of: "<\(name)>"),
            let close = xml[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}
