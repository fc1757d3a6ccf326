/// DRS answered an operation with an error, or with a body that is not what the operation returns.
///
/// `code` is what callers branch on; `serviceError` keeps AWS's raw code, message, status and
/// request id (the client's `AWSServiceError` reduced to them, so the domain can read it without an
/// AWS client). (Failures below the service — no connection, a passed deadline, missing credentials —
/// are not wrapped: they surface as AWSCore's `TransportError` and `AWSConfigurationError`.)
package struct DRSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of DRS failure callers treat differently.
    package enum Code: String, Sendable, Equatable {
        /// `UninitializedAccountException`: DRS has not been initialized in this region.
        case uninitialized
        /// Throttled (`ThrottlingException`, HTTP 429) even after AWSCore's retries.
        case throttled
        /// `ConflictException`, e.g. a server already in a running job, or an instance already
        /// being terminated.
        case conflict
        /// `ResourceNotFoundException`.
        case resourceNotFound
        /// `ValidationException`: the request broke a constraint of the API.
        case validation
        /// `AccessDeniedException`: the caller's role may not do this.
        case accessDenied
        /// The signature or credentials were rejected (`InvalidSignatureException`,
        /// `UnrecognizedClientException`, `ExpiredTokenException`, …).
        case authentication
        /// `ServiceQuotaExceededException`, e.g. more than 100 servers in one job or 20 jobs at once.
        case serviceQuotaExceeded
        /// A successful response whose body is not the operation's output.
        case invalidResponse
        /// Anything else, e.g. `InternalServerException`.
        case other
    }

    package var code: Code
    /// The operation that failed.
    package var operation: DRSOperation
    /// The region the call went to, when known.
    package var region: String?
    /// AWS's message, or what was wrong with the response.
    package var message: String
    /// The error as AWS sent it; nil for `.invalidResponse`.
    package var serviceError: ServiceError?

    /// What AWS sent with an error response.
    package struct ServiceError: Sendable, Equatable {
        /// The error code, namespace and suffix stripped: `ConflictException`.
        package var rawCode: String
        /// AWS's message, when there was one.
        package var message: String?
        /// The HTTP status.
        package var status: Int
        /// `x-amzn-RequestId`, for support cases and logs.
        package var requestID: String?

        package init(rawCode: String, message: String?, status: Int, requestID: String? = nil) {
            self.rawCode = rawCode
            self.message = message
            self.status = status
            self.requestID = requestID
        }
    }

    /// An error from its parts.
    package init(
        code: Code,
        operation: DRSOperation,
        region: String? = nil,
        message: String,
        serviceError: ServiceError? = nil
    ) {
        self.code = code
        self.operation = operation
        self.region = region
        self.message = message
        self.serviceError = serviceError
    }

    /// The error code as AWS sent it (`UninitializedAccountException`); `InvalidResponse` when DRS
    /// answered 2xx with an unusable body.
    package var rawCode: String { serviceError?.rawCode ?? "InvalidResponse" }

    /// The HTTP status DRS answered with.
    package var status: Int? { serviceError?.status }

    package var description: String {
        var text = "DRS \(operation.rawValue)"
        if let region { text += " in \(region)" }
        text += " failed: \(rawCode)"
        if let status { text += " (HTTP \(status))" }
        return text + ": \(message)"
    }
}
