import JSONCore
import Orchestrator

/// An error as the API answers it: the code's HTTP status, `{"error": CODE, "message": …,
/// …context}` and any extra headers.
///
/// Most are the domain's refusals (`DomainError`) rendered here; the rest belong to HTTP alone:
/// no route, a method the route lacks, a body too large, a caller without the role, a failure the
/// handler did not expect. Codes and statuses are the integration guide's catalog plus the ones
/// `spec/API.md` §1.4 and §5 add.
package struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The codes only HTTP gives.
    package enum TransportCode: String, Sendable, CaseIterable {
        case notFound = "NOT_FOUND"
        case methodNotAllowed = "METHOD_NOT_ALLOWED"
        case payloadTooLarge = "PAYLOAD_TOO_LARGE"
        case forbidden = "FORBIDDEN"
    }

    package enum Code: Hashable, Sendable, CaseIterable {
        case domain(DomainError.Code)
        case transport(TransportCode)

        package static var allCases: [Code] {
            DomainError.Code.allCases.map(Code.domain) + TransportCode.allCases.map(Code.transport)
        }

        package var rawValue: String {
            switch self {
            case .domain(let code): code.rawValue
            case .transport(let code): code.rawValue
            }
        }

        /// The HTTP status this code is answered with.
        package var status: Int {
            switch self {
            case .transport(.notFound): 404
            case .transport(.methodNotAllowed): 405
            case .transport(.payloadTooLarge): 413
            case .transport(.forbidden): 403
            case .domain(let code): Self.status(of: code)
            }
        }

        private static func status(of code: DomainError.Code) -> Int {
            switch code {
            case .invalidTags, .invalidServers, .invalidWaveData, .planHasNoWaves, .waveSizeLimitExceeded,
                .unhealthyServerReplication, .executionNotCancellable, .executionNotPausable, .executionNoWaves,
                .singleWaveNotPausable, .noPendingWaves, .executionNotPaused, .drsNotInitialized, .missingField,
                .invalidName, .invalidExecutionType, .invalidRequest:
                400
            case .protectionGroupNotFound, .recoveryPlanNotFound, .executionNotFound:
                404
            case .pgNameExists, .tagConflict, .serverConflict, .pgInActiveExecution, .pgInUse, .rpNameExists,
                .planHasActiveExecution, .planAlreadyExecuting, .executionActive, .idempotencyConflict,
                .versionConflict:
                409
            case .concurrentJobsLimitExceeded, .serversInJobsLimitExceeded, .throttled:
                429
            case .internalError, .deleteFailed:
                500
            case .drsError:
                502
            case .serviceUnavailable:
                503
            }
        }
    }

    package var code: Code
    package var message: String
    /// Extra members of the error body, in order.
    package var context: [DomainError.Field]
    /// Extra response headers (`Allow` for 405).
    package var headers: [(name: String, value: String)]

    package init(
        _ code: Code, _ message: String, context: [DomainError.Field] = [],
        headers: [(name: String, value: String)] = []
    ) {
        self.code = code
        self.message = message
        self.context = context
        self.headers = headers
    }

    /// The rendering of the domain's refusal.
    package init(_ error: DomainError) {
        self.init(.domain(error.code), error.message, context: error.context)
    }

    package var status: Int { code.status }

    /// The error body, `{"error","message",…context}`, written in that order so it reads as the
    /// guide's examples do.
    package var bodyText: [UInt8] {
        var out = Array(#"{"error":"#.utf8)
        out.append(contentsOf: JSONValue.string(code.rawValue).jsonBytes)
        out.append(contentsOf: #","message":"#.utf8)
        out.append(contentsOf: JSONValue.string(message).jsonBytes)
        for field in context {
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: JSONValue.string(field.key).jsonBytes)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: field.value.jsonBytes)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The context field `key`, if the error has one.
    package subscript(field key: String) -> JSONValue? {
        context.first { $0.key == key }?.value
    }

    package var description: String { "\(code.rawValue): \(message)" }

    package static func == (lhs: APIError, rhs: APIError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.context == rhs.context
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

extension APIError {
    /// 404 `NOT_FOUND`: no route has this path.
    package static func notFound(method: String, path: String) -> APIError {
        APIError(
            .transport(.notFound), "No route for \(method) \(path)", context: [.init("path", .string(path))])
    }

    /// 405 `METHOD_NOT_ALLOWED` with `allowedMethods` and the `Allow` header.
    package static func methodNotAllowed(method: String, path: String, allowed: [String]) -> APIError {
        APIError(
            .transport(.methodNotAllowed), "Method \(method) is not allowed on \(path)",
            context: [.init("path", .string(path)), .init("allowedMethods", .array(allowed.map { .string($0) }))],
            headers: [("Allow", allowed.joined(separator: ", "))])
    }

    /// 413 `PAYLOAD_TOO_LARGE`.
    package static func payloadTooLarge(size: Int, limit: Int) -> APIError {
        APIError(
            .transport(.payloadTooLarge), "Request body is \(size) bytes; the limit is \(limit) bytes",
            context: [.init("size", .int(size)), .init("limit", .int(limit))])
    }

    /// 400 `INVALID_REQUEST`: the event itself is malformed; `field` names the offending part.
    package static func invalidRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(DomainError.invalidRequest(message, field: field))
    }

    /// 500 `INTERNAL_ERROR`; the message is fixed so nothing internal leaks.
    package static func internalError(requestID: String) -> APIError {
        APIError(
            .domain(.internalError),
            "An unexpected error occurred; quote request id \(requestID) when reporting it",
            context: [.init("requestId", .string(requestID))])
    }
}
