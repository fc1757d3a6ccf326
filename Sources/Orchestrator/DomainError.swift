import JSONCore

/// Why the domain refused or could not do what was asked: a code from the integration guide's
/// catalog, a message for people, and context fields (`field`, `conflicts`, `currentStatus`, …)
/// under the names the guide's example bodies use.
///
/// It knows nothing of HTTP: the API renders it (status, body, headers) in `API/APIError.swift`.
package struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
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
        case invalidRequest = "INVALID_REQUEST"
        // The store or DRS
        case throttled = "THROTTLED"
        case serviceUnavailable = "SERVICE_UNAVAILABLE"
        // General
        case internalError = "INTERNAL_ERROR"
        case deleteFailed = "DELETE_FAILED"
    }

    package var code: Code
    package var message: String
    /// One piece of context, named as the error body shows it.
    package struct Field: Sendable, Equatable {
        package var key: String
        package var value: JSONValue

        package init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The context, in the order the error body shows it (`field`, `conflicts`, `currentStatus`, …).
    package var context: [Field]

    package init(_ code: Code, _ message: String, context: [Field] = []) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// The context field `key`, if the error has one.
    package subscript(field key: String) -> JSONValue? {
        context.first { $0.key == key }?.value
    }

    package var description: String { "\(code.rawValue): \(message)" }
}

extension DomainError {
    /// `INVALID_REQUEST`; `field` names the offending part of the request.
    package static func invalidRequest(_ message: String, field: String? = nil) -> DomainError {
        DomainError(.invalidRequest, message, context: field.map { [.init("field", .string($0))] } ?? [])
    }

    /// `MISSING_FIELD`: "X is required".
    package static func missingField(_ field: String) -> DomainError {
        DomainError(.missingField, "\(field) is required", context: [.init("field", .string(field))])
    }
}
