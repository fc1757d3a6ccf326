import JSONCore

/// An error the API answers with: `{"error": CODE, "message": …, …context}` and the code's status.
///
/// Codes and statuses are the integration guide's catalog plus the ones `spec/API.md` §1.4 adds;
/// context fields carry the names the guide's example bodies use.
package struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable, CaseIterable {
        // Protection groups
        case pgNameExists = "PG_NAME_EXISTS"
        case tagConflict = "TAG_CONFLICT"
        case serverConflict = "SERVER_CONFLICT"
        case pgInActiveExecution = "PG_IN_ACTIVE_EXECUTION"
        case pgInUse = "PG_IN_USE"
        case protectionGroupNotFound = "PROTECTION_GROUP_NOT_FOUND"
        case invalidTags = "INVALID_TAGS"
        case invalidServers = "INVALID_SERVERS"
        // Recovery plans
        case rpNameExists = "RP_NAME_EXISTS"
        case planHasActiveExecution = "PLAN_HAS_ACTIVE_EXECUTION"
        case invalidWaveData = "INVALID_WAVE_DATA"
        case recoveryPlanNotFound = "RECOVERY_PLAN_NOT_FOUND"
        case planHasNoWaves = "PLAN_HAS_NO_WAVES"
        // Executions
        case planAlreadyExecuting = "PLAN_ALREADY_EXECUTING"
        case waveSizeLimitExceeded = "WAVE_SIZE_LIMIT_EXCEEDED"
        case concurrentJobsLimitExceeded = "CONCURRENT_JOBS_LIMIT_EXCEEDED"
        case serversInJobsLimitExceeded = "SERVERS_IN_JOBS_LIMIT_EXCEEDED"
        case unhealthyServerReplication = "UNHEALTHY_SERVER_REPLICATION"
        case executionNotFound = "EXECUTION_NOT_FOUND"
        case executionNotCancellable = "EXECUTION_NOT_CANCELLABLE"
        case executionNotPausable = "EXECUTION_NOT_PAUSABLE"
        case executionNoWaves = "EXECUTION_NO_WAVES"
        case singleWaveNotPausable = "SINGLE_WAVE_NOT_PAUSABLE"
        case noPendingWaves = "NO_PENDING_WAVES"
        case executionNotPaused = "EXECUTION_NOT_PAUSED"
        case executionActive = "EXECUTION_ACTIVE"
        case idempotencyConflict = "IDEMPOTENCY_CONFLICT"
        // DRS
        case drsNotInitialized = "DRS_NOT_INITIALIZED"
        case drsError = "DRS_ERROR"
        // Validation
        case missingField = "MISSING_FIELD"
        case invalidName = "INVALID_NAME"
        case invalidExecutionType = "INVALID_EXECUTION_TYPE"
        case versionConflict = "VERSION_CONFLICT"
        // Transport
        case notFound = "NOT_FOUND"
        case methodNotAllowed = "METHOD_NOT_ALLOWED"
        case invalidRequest = "INVALID_REQUEST"
        case payloadTooLarge = "PAYLOAD_TOO_LARGE"
        case throttled = "THROTTLED"
        case serviceUnavailable = "SERVICE_UNAVAILABLE"
        // Authorization (spec §5)
        case forbidden = "FORBIDDEN"
        // General
        case internalError = "INTERNAL_ERROR"
        case deleteFailed = "DELETE_FAILED"

        /// The HTTP status this code is answered with.
        package var status: Int {
            switch self {
            case .invalidTags, .invalidServers, .invalidWaveData, .planHasNoWaves, .waveSizeLimitExceeded,
                .unhealthyServerReplication, .executionNotCancellable, .executionNotPausable, .executionNoWaves,
                .singleWaveNotPausable, .noPendingWaves, .executionNotPaused, .drsNotInitialized, .missingField,
                .invalidName, .invalidExecutionType, .invalidRequest:
                400
            case .protectionGroupNotFound, .recoveryPlanNotFound, .executionNotFound, .notFound:
                404
            case .forbidden:
                403
            case .methodNotAllowed:
                405
            case .pgNameExists, .tagConflict, .serverConflict, .pgInActiveExecution, .pgInUse, .rpNameExists,
                .planHasActiveExecution, .planAlreadyExecuting, .executionActive, .idempotencyConflict,
                .versionConflict:
                409
            case .payloadTooLarge:
                413
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
    /// One extra member of the error body.
    package struct Field: Sendable, Equatable {
        package var key: String
        package var value: JSONValue

        package init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Extra members of the error body, in order (`field`, `conflicts`, `currentStatus`, …).
    package var context: [Field]
    /// Extra response headers (`Allow` for 405).
    package var headers: [(name: String, value: String)]

    package init(
        _ code: Code, _ message: String, context: [Field] = [],
        headers: [(name: String, value: String)] = []
    ) {
        self.code = code
        self.message = message
        self.context = context
        self.headers = headers
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
        APIError(.notFound, "No route for \(method) \(path)", context: [.init("path", .string(path))])
    }

    /// 405 `METHOD_NOT_ALLOWED` with `allowedMethods` and the `Allow` header.
    package static func methodNotAllowed(method: String, path: String, allowed: [String]) -> APIError {
        APIError(
            .methodNotAllowed, "Method \(method) is not allowed on \(path)",
            context: [.init("path", .string(path)), .init("allowedMethods", .array(allowed.map { .string($0) }))],
            headers: [("Allow", allowed.joined(separator: ", "))])
    }

    /// 400 `INVALID_REQUEST`; `field` names the offending part of the event or body.
    package static func invalidRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(.invalidRequest, message, context: field.map { [.init("field", .string($0))] } ?? [])
    }

    /// 413 `PAYLOAD_TOO_LARGE`.
    package static func payloadTooLarge(size: Int, limit: Int) -> APIError {
        APIError(
            .payloadTooLarge, "Request body is \(size) bytes; the limit is \(limit) bytes",
            context: [.init("size", .int(size)), .init("limit", .int(limit))])
    }

    /// 400 `MISSING_FIELD`: "X is required".
    package static func missingField(_ field: String) -> APIError {
        APIError(.missingField, "\(field) is required", context: [.init("field", .string(field))])
    }

    /// 500 `INTERNAL_ERROR`; the message is fixed so nothing internal leaks.
    package static func internalError(requestID: String) -> APIError {
        APIError(
            .internalError, "An unexpected error occurred; quote request id \(requestID) when reporting it",
            context: [.init("requestId", .string(requestID))])
    }
}
