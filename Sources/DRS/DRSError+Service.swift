import AWSCore

extension DRSError {
    /// Classifies an error response of `operation`.
    package init(_ serviceError: AWSServiceError, operation: DRSOperation, region: String?) {
        self.init(
            code: Self.code(for: serviceError),
            operation: operation,
            region: region,
            message: serviceError.message ?? serviceError.rawCode,
            serviceError: serviceError
        )
    }

    /// An error from its parts, keeping what AWS sent of `serviceError`.
    package init(
        code: Code,
        operation: DRSOperation,
        region: String? = nil,
        message: String,
        serviceError: AWSServiceError
    ) {
        self.init(
            code: code, operation: operation, region: region, message: message,
            serviceError: ServiceError(serviceError))
    }

    static func code(for error: AWSServiceError) -> Code {
        switch error.rawCode {
        case "UninitializedAccountException": return .uninitialized
        case "ServiceQuotaExceededException": return .serviceQuotaExceeded
        default: break
        }
        switch error.code {
        case .uninitializedAccount: return .uninitialized
        case .throttling: return .throttled
        case .conflict: return .conflict
        case .resourceNotFound: return .resourceNotFound
        case .validation: return .validation
        case .accessDenied: return .accessDenied
        case .authentication: return .authentication
        default: return .other
        }
    }
}

extension DRSError.ServiceError {
    /// The code, message, status and request id of an AWS error response.
    package init(_ error: AWSServiceError) {
        self.init(rawCode: error.rawCode, message: error.message, status: error.status, requestID: error.requestID)
    }
}
