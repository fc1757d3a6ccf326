import Foundation
import JSONCore

/// The HTTP response API Gateway makes of a Lambda proxy integration's answer.
package struct APIGatewayProxyResponse: Sendable, Equatable {
    package var statusCode: Int
    /// Header fields in order; a name may repeat (from `multiValueHeaders`).
    package var headers: [Header]
    package var body: [UInt8]

    package struct Header: Sendable, Equatable {
        package var name: String
        package var value: String

        package init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    package init(statusCode: Int, headers: [Header] = [], body: [UInt8] = []) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }

    /// API Gateway's answer when the function failed or returned a malformed envelope.
    package static let internalServerError = APIGatewayProxyResponse(
        statusCode: 502,
        headers: [
            Header("Content-Type", "application/json"), Header("x-amzn-ErrorType", "InternalServerErrorException"),
        ],
        body: Array(#"{"message": "Internal server error"}"#.utf8)
    )

    /// API Gateway's answer when no route matches the method and path.
    package static let missingAuthenticationToken = APIGatewayProxyResponse(
        statusCode: 403,
        headers: [
            Header("Content-Type", "application/json"),
            Header("x-amzn-ErrorType", "MissingAuthenticationTokenException"),
        ],
        body: Array(#"{"message":"Missing Authentication Token"}"#.utf8)
    )

    /// Maps an invocation's outcome: a function error or a malformed envelope gives
    /// `internalServerError`; otherwise the envelope's status, headers and (decoded) body, with
    /// `Content-Type: application/json` when the function set none.
    package init(invocation result: InvokeResult) {
        guard !result.isFunctionError, let response = Self(envelope: result.payload) else {
            self = .internalServerError
            return
        }
        self = response
    }

    /// Parses `{statusCode, headers, multiValueHeaders, body, isBase64Encoded}`; nil when malformed.
    package init?(envelope: [UInt8]) {
        guard case .object(let members)? = try? JSONValue(parsing: envelope),
            let statusCode = members["statusCode"]?.intValue, (100...599).contains(statusCode)
        else { return nil }

        var headers: [Header] = []
        var multiValueNames: Set<String> = []
        switch members["multiValueHeaders"] {
        case nil, .null?:
            break
        case .object(let fields)?:
            for name in fields.keys.sorted() {
                guard case .array(let values)? = fields[name] else { return nil }
                multiValueNames.insert(name.lowercased())
                headers += values.compactMap(\.scalarText).map { Header(name, $0) }
            }
        default:
            return nil
        }
        switch members["headers"] {
        case nil, .null?:
            break
        case .object(let fields)?:
            // A header in both maps is sent with the multi-value list only.
            for name in fields.keys.sorted() where !multiValueNames.contains(name.lowercased()) {
                guard let value = fields[name], let text = value.scalarText else { continue }
                if case .array = value { return nil }
                if case .object = value { return nil }
                headers.append(Header(name, text))
            }
        default:
            return nil
        }
        // The server computes framing; a function's own value would be wrong after base64 decoding.
        let framing: Set<String> = ["content-length", "transfer-encoding", "connection"]
        headers.removeAll { framing.contains($0.name.lowercased()) }

        var body: [UInt8] = []
        switch members["body"] {
        case nil, .null?:
            break
        case .string(let text)?:
            if members["isBase64Encoded"] == .bool(true) {
                guard let data = Data(base64Encoded: text) else { return nil }
                body = Array(data)
            } else {
                body = Array(text.utf8)
            }
        default:
            return nil
        }
        switch members["isBase64Encoded"] {
        case nil, .null?, .bool?: break
        default: return nil
        }

        if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headers.append(Header("Content-Type", "application/json"))
        }
        self.init(statusCode: statusCode, headers: headers, body: body)
    }
}
