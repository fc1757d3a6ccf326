import FoundationEssentials
import JSONCore
import Orchestrator

/// Turns a raw Lambda event into an `APIRequest`, accepting the three shapes of spec §1.1.
///
/// Every malformed event becomes an `APIError` (`INVALID_REQUEST` or `PAYLOAD_TOO_LARGE`), never a crash.
package struct EventDecoder: Sendable {
    /// Largest accepted request body.
    package static let maxBodyBytes = 1024 * 1024

    package init() {}

    /// - Throws: `APIError` `.invalidRequest` (with `field`) or `.payloadTooLarge`.
    package func decode(_ event: [UInt8], using codec: JSONCodec) throws(APIError) -> APIRequest {
        let raw: RawEvent
        do {
            raw = try codec.decoder.decode(RawEvent.self, from: Data(event))
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw .invalidRequest("The event is not valid JSON")
        }

        let isHTTPAPI = raw.version == "2.0" && raw.requestContext?.http != nil
        let method: String
        var path: String
        var query: [String: String] = [:]
        if isHTTPAPI {
            method = raw.requestContext?.http?.method ?? ""
            path = raw.rawPath ?? raw.path ?? ""
            if let stage = raw.requestContext?.stage, stage != "$default", path.hasPrefix("/\(stage)/") {
                path.removeFirst(stage.utf8.count + 1)
            }
            query = try Self.parseQueryString(Substring(raw.rawQueryString ?? ""))
        } else {
            method = raw.httpMethod ?? ""
            path = raw.path ?? ""
        }
        guard !method.isEmpty else { throw .invalidRequest("The event has no httpMethod", field: "httpMethod") }
        guard !path.isEmpty else { throw .invalidRequest("The event has no path", field: "path") }
        if let mark = path.firstIndex(of: "?") {
            // A direct caller may write the query into the path; explicit parameters win below.
            query.merge(try Self.parseQueryString(path[path.index(after: mark)...])) { current, _ in current }
            path = String(path[..<mark])
        }
        guard path.hasPrefix("/") else { throw .invalidRequest("path must start with '/'", field: "path") }

        var segments: [String] = []
        for segment in path.split(separator: "/") {
            guard let decoded = PercentEncoding.decode(segment) else {
                throw .invalidRequest("path has a malformed percent-encoding", field: "path")
            }
            segments.append(decoded)
        }

        for (name, value) in raw.queryStringParameters ?? [:] where !isHTTPAPI || query[name] == nil {
            guard let text = try Self.scalarText(value, field: "queryStringParameters.\(name)") else { continue }
            query[name] = text
        }
        var headers: [String: String] = [:]
        for (name, value) in raw.headers ?? [:] {
            guard let text = try Self.scalarText(value, field: "headers.\(name)") else { continue }
            headers[name.lowercased()] = text
        }
        var pathParameters: [String: String] = [:]
        for (name, value) in raw.pathParameters ?? [:] {
            guard let text = try Self.scalarText(value, field: "pathParameters.\(name)") else { continue }
            pathParameters[name] = text
        }

        let body = try Self.body(of: raw, using: codec)
        guard body.count <= Self.maxBodyBytes else {
            throw .payloadTooLarge(size: body.count, limit: Self.maxBodyBytes)
        }

        var claims: [String: String] = [:]
        let authorizer = raw.requestContext?.authorizer
        for (name, value) in authorizer?.claims ?? authorizer?.jwt?.claims ?? [:] {
            // A list claim (`cognito:groups` as a JSON array) is kept as its JSON text.
            if case .array = value {
                claims[name] = value.jsonText
            } else if let text = try? Self.scalarText(value, field: name) {
                claims[name] = text
            }
        }

        return APIRequest(
            method: method.uppercased(), path: path, segments: segments, query: query, headers: headers, body: body,
            pathParameters: pathParameters, isDirectInvocation: raw.requestContext == nil, claims: claims)
    }

    // MARK: - Parts

    private static func body(of raw: RawEvent, using codec: JSONCodec) throws(APIError) -> [UInt8] {
        switch raw.body {
        case nil, .null:
            return Array("{}".utf8)
        case .string(let text) where text.isEmpty:
            return Array("{}".utf8)
        case .string(let text):
            guard raw.isBase64Encoded == true else { return Array(text.utf8) }
            // The base64 form is 4/3 of the body: refuse it before decoding what we would refuse anyway.
            guard text.utf8.count <= maxBodyBytes / 3 * 4 + 4 else {
                throw .payloadTooLarge(size: text.utf8.count / 4 * 3, limit: maxBodyBytes)
            }
            guard let data = Data(base64Encoded: text) else {
                throw .invalidRequest("body is marked isBase64Encoded but is not base64", field: "body")
            }
            return Array(data)
        case .some(let value):
            guard case .object = value else {
                throw .invalidRequest(
                    "body must be a JSON string or object, not \(value.typeDescription)", field: "body")
            }
            do {
                return Array(try codec.encoder.encode(value))
            } catch {
                throw .invalidRequest("body could not be serialized", field: "body")
            }
        }
    }

    /// Text of a scalar header / query / path value; nil for JSON null.
    private static func scalarText(_ value: JSONValue, field: String) throws(APIError) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .array, .object:
            throw .invalidRequest("\(field) must be a string, not \(value.typeDescription)", field: field)
        }
    }

    private static func parseQueryString(_ text: Substring) throws(APIError) -> [String: String] {
        var query: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentEncoding.decode(parts[0]),
                let value = PercentEncoding.decode(parts.count > 1 ? parts[1] : "")
            else { throw .invalidRequest("query string has a malformed percent-encoding", field: "queryString") }
            if query[name] == nil { query[name] = value }
        }
        return query
    }

    private static func describe(_ error: DecodingError) -> APIError {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            if field.isEmpty { return .invalidRequest("The event must be a JSON object") }
            return .invalidRequest("\(field) has the wrong type", field: field)
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return .invalidRequest("\(field) is malformed", field: field)
        default:
            return .invalidRequest("The event is not valid JSON")
        }
    }
}

/// The members of the three event shapes that the API reads; everything else is ignored.
private struct RawEvent: Decodable {
    var version: String?
    var httpMethod: String?
    var path: String?
    var rawPath: String?
    var rawQueryString: String?
    var headers: [String: JSONValue]?
    var queryStringParameters: [String: JSONValue]?
    var pathParameters: [String: JSONValue]?
    var requestContext: RequestContext?
    var body: JSONValue?
    var isBase64Encoded: Bool?

    struct RequestContext: Decodable {
        var stage: String?
        var http: HTTP?
        var authorizer: Authorizer?
    }

    struct HTTP: Decodable {
        var method: String?
    }

    struct Authorizer: Decodable {
        var claims: [String: JSONValue]?
        var jwt: JWT?
    }

    struct JWT: Decodable {
        var claims: [String: JSONValue]?
    }
}
