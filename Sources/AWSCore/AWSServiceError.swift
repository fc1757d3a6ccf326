/// An AWS service answered with an error status: the raw code and message AWS sent, the HTTP status
/// and request id, and a coarse `code` to branch on.
package struct AWSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of AWS error callers branch on; anything else is `.other` (see `rawCode`).
    package enum Code: String, Sendable, Equatable {
        /// Throttled (429, `ThrottlingException`, `ProvisionedThroughputExceededException`, …).
        case throttling
        /// The service failed transiently (5xx).
        case serviceUnavailable
        /// Bad or expired credentials or signature (`UnrecognizedClientException`,
        /// `InvalidSignatureException`, `ExpiredTokenException`, …).
        case authentication
        /// `AccessDeniedException` and other authorization failures.
        case accessDenied
        /// `ResourceNotFoundException`.
        case resourceNotFound
        /// `ValidationException` and other malformed-request errors.
        case validation
        /// DynamoDB `ConditionalCheckFailedException`.
        case conditionalCheckFailed
        /// DynamoDB `TransactionCanceledException` (reasons in `body`).
        case transactionCanceled
        /// `ConflictException`.
        case conflict
        /// DRS `UninitializedAccountException`: the service is not initialized in this region.
        case uninitializedAccount
        /// Any other code.
        case other
    }

    /// The kind of error, derived from `rawCode` and `status`.
    package var code: Code
    /// The error code as AWS sent it, namespace and suffix stripped: `ConditionalCheckFailedException`.
    /// The HTTP status as text when the response carried no code.
    package var rawCode: String
    /// AWS's message, when there was one.
    package var message: String?
    /// The HTTP status.
    package var status: Int
    /// `x-amzn-RequestId` (or `x-amz-request-id`), for support cases and logs.
    package var requestID: String?
    /// The response headers (e.g. `Retry-After`).
    package var headers: AWSHTTPHeaders
    /// The raw response body, for operation-specific details (e.g. DynamoDB's `CancellationReasons`).
    package var body: [UInt8]

    /// An error from its parts; `code` is derived from `rawCode` and `status`.
    package init(
        rawCode: String,
        message: String?,
        status: Int,
        requestID: String? = nil,
        headers: AWSHTTPHeaders = AWSHTTPHeaders(),
        body: [UInt8] = []
    ) {
        self.code = Self.classify(rawCode: rawCode, status: status)
        self.rawCode = rawCode
        self.message = message
        self.status = status
        self.requestID = requestID
        self.headers = headers
        self.body = body
    }

    package var description: String {
        var text = "\(rawCode) (HTTP \(status))"
        if let message, !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }

    static func classify(rawCode: String, status: Int) -> Code {
        if RetryPolicy.throttlingErrorCodes.contains(rawCode) { return .throttling }
        switch rawCode {
        case "ConditionalCheckFailedException": return .conditionalCheckFailed
        case "TransactionCanceledException": return .transactionCanceled
        case "ResourceNotFoundException": return .resourceNotFound
        case "ValidationException", "SerializationException", "InvalidParameterValueException",
            "InvalidParameterException", "BadRequestException":
            return .validation
        case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation":
            return .accessDenied
        case "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch",
            "ExpiredTokenException", "ExpiredToken", "InvalidClientTokenId", "MissingAuthenticationToken",
            "MissingAuthenticationTokenException", "IncompleteSignatureException":
            return .authentication
        case "ConflictException": return .conflict
        case "UninitializedAccountException": return .uninitializedAccount
        default: break
        }
        if status == 429 { return .throttling }
        if (500...599).contains(status) { return .serviceUnavailable }
        return .other
    }
}
