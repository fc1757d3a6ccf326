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
    package func decode(_ event: [UInt8]) throws(APIError) -> APIRequest {
        // Read with JSONCore's byte reader, not JSONDecoder: it was half of a warm invocation's own CPU.
        let root: JSONValue
        do {
            root = try JSONValue.read(event)
        } catch {
            throw .invalidRequest("The event is not valid JSON")
        }
        guard case .object(let members) = root else { throw .invalidRequest("The event must be a JSON object") }
        let raw = try RawEvent(members)

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

        let body = try Self.body(of: raw)
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

    private static func body(of raw: RawEvent) throws(APIError) -> [UInt8] {
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
            return value.jsonBytes
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
}

/// The members of the three event shapes that the API reads; everything else is ignored. A member
/// that is absent or null reads as nil; one of another JSON type is `INVALID_REQUEST` naming it.
private struct RawEvent {
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

    struct RequestContext {
        var stage: String?
        var http: HTTP?
        var authorizer: Authorizer?
    }

    struct HTTP {
        var method: String?
    }

    struct Authorizer {
        var claims: [String: JSONValue]?
        var jwt: JWT?
    }

    struct JWT {
        var claims: [String: JSONValue]?
    }

    init(_ event: [String: JSONValue]) throws(APIError) {
        version = try Self.string(event, "version")
        httpMethod = try Self.string(event, "httpMethod")
        path = try Self.string(event, "path")
        rawPath = try Self.string(event, "rawPath")
        rawQueryString = try Self.string(event, "rawQueryString")
        headers = try Self.object(event, "headers")
        queryStringParameters = try Self.object(event, "queryStringParameters")
        pathParameters = try Self.object(event, "pathParameters")
        if let context = try Self.object(event, "requestContext") {
            var authorizer: Authorizer?
            if let members = try Self.object(context, "authorizer", in: "requestContext") {
                let jwt = try Self.object(members, "jwt", in: "requestContext.authorizer").map { jwt throws(APIError) in
                    JWT(claims: try Self.object(jwt, "claims", in: "requestContext.authorizer.jwt"))
                }
                authorizer = Authorizer(
                    claims: try Self.object(members, "claims", in: "requestContext.authorizer"), jwt: jwt)
            }
            requestContext = RequestContext(
                stage: try Self.string(context, "stage", in: "requestContext"),
                http: try Self.object(context, "http", in: "requestContext").map { http throws(APIError) in
                    HTTP(method: try Self.string(http, "method", in: "requestContext.http"))
                },
                authorizer: authorizer)
        }
        body = event["body"].flatMap { $0 == .null ? nil : $0 }
        switch event["isBase64Encoded"] {
        case nil, .null: isBase64Encoded = nil
        case .bool(let flag): isBase64Encoded = flag
        default: throw Self.wrongType("isBase64Encoded")
        }
    }

    private static func string(_ members: [String: JSONValue], _ key: String, in parent: String? = nil)
        throws(APIError) -> String?
    {
        switch members[key] {
        case nil, .null: return nil
        case .string(let text): return text
        default: throw wrongType(parent.map { "\($0).\(key)" } ?? key)
        }
    }

    private static func object(_ members: [String: JSONValue], _ key: String, in parent: String? = nil)
        throws(APIError) -> [String: JSONValue]?
    {
        switch members[key] {
        case nil, .null: return nil
        case .object(let object): return object
        default: throw wrongType(parent.map { "\($0).\(key)" } ?? key)
        }
    }

    private static func wrongType(_ field: String) -> APIError {
        .invalidRequest("\(field) has the wrong type", field: field)
    }
}
