import AWSCore
import FoundationEssentials

/// A DynamoDB operation failed in a way the caller may act on: a condition or transaction failed,
/// the table is missing, the request was invalid, DynamoDB kept throttling, or its answer was not
/// understood. Keeps AWS's raw code, message and status (`serviceError`).
///
/// Transport failures and configuration problems are not wrapped: they reach callers as AWSCore's
/// `TransportError` and `AWSConfigurationError`.
package struct DynamoDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the terms a caller branches on.
    package enum Code: String, Sendable, Equatable {
        /// A `ConditionExpression` was false (`ConditionalCheckFailedException`). `item` holds the
        /// existing item when the request asked for `ReturnValuesOnConditionCheckFailure = ALL_OLD`.
        case conditionalCheckFailed
        /// `TransactWriteItems` was cancelled; `cancellationReasons` says, per item, why.
        case transactionCanceled
        /// The table or index does not exist (or is not active yet).
        case resourceNotFound
        /// `CreateTable` of a table that exists, or an operation on a table being created or deleted.
        case resourceInUse
        /// The request was malformed (`ValidationException`: a bad expression, a missing key attribute,
        /// an item too large, …), or could not be encoded.
        case validation
        /// DynamoDB throttled the request and the retries ran out (or the deadline came first); for
        /// BatchGetItem, keys stayed unprocessed.
        case throttled
        /// A successful response could not be decoded.
        case invalidResponse
        /// Any other AWS error; see `serviceError`.
        case other
    }

    /// What went wrong.
    package var code: Code
    /// The operation, e.g. `PutItem`.
    package var operation: String
    /// A readable explanation: AWS's message, or ours when the failure was detected here.
    package var message: String
    /// For `.conditionalCheckFailed`: the item as it was, when the request asked for it.
    package var item: DynamoDBItem?
    /// For `.transactionCanceled`: one reason per transaction item, in request order.
    package var cancellationReasons: [CancellationReason]
    /// The AWS error as received, when the failure came from DynamoDB.
    package var serviceError: AWSServiceError?

    /// An error from its parts.
    package init(
        code: Code,
        operation: String,
        message: String,
        item: DynamoDBItem? = nil,
        cancellationReasons: [CancellationReason] = [],
        serviceError: AWSServiceError? = nil
    ) {
        self.code = code
        self.operation = operation
        self.message = message
        self.item = item
        self.cancellationReasons = cancellationReasons
        self.serviceError = serviceError
    }

    /// Classifies an error response of `operation`, decoding the returned item of a failed condition
    /// and the cancellation reasons of a cancelled transaction from the body.
    package init(operation: String, serviceError: AWSServiceError) {
        let code: Code
        switch serviceError.code {
        case .conditionalCheckFailed: code = .conditionalCheckFailed
        case .transactionCanceled: code = .transactionCanceled
        case .resourceNotFound: code = .resourceNotFound
        case .validation: code = .validation
        case .throttling: code = .throttled
        default: code = serviceError.rawCode == "ResourceInUseException" ? .resourceInUse : .other
        }
        var details: ErrorDetails?
        if code == .conditionalCheckFailed || code == .transactionCanceled {
            // Lenient: a body we cannot read still leaves the caller the code, message and status.
            details = try? Self.decoder.decode(ErrorDetails.self, from: Data(serviceError.body))
        }
        self.init(
            code: code,
            operation: operation,
            message: serviceError.message ?? serviceError.rawCode,
            item: details?.item,
            cancellationReasons: details?.cancellationReasons ?? [],
            serviceError: serviceError
        )
    }

    /// AWS's error code, e.g. `ConditionalCheckFailedException`; nil when the failure was detected here.
    package var rawCode: String? {
        serviceError?.rawCode
    }

    /// The HTTP status of DynamoDB's answer; nil when the failure was detected here.
    package var status: Int? {
        serviceError?.status
    }

    /// For `.transactionCanceled`: the positions (in request order) of the items that caused it.
    package var failedItemIndices: [Int] {
        cancellationReasons.indices.filter { cancellationReasons[$0].isFailure }
    }

    package var description: String {
        var text = "DynamoDB \(operation) failed (\(code.rawValue)"
        if let serviceError {
            text += ", \(serviceError.rawCode), HTTP \(serviceError.status)"
        }
        text += "): \(message)"
        if !cancellationReasons.isEmpty {
            text += " [reasons: \(cancellationReasons.map(\.code).joined(separator: ", "))]"
        }
        if let requestID = serviceError?.requestID {
            text += " [request \(requestID)]"
        }
        return text
    }

    /// The parts of DynamoDB's error bodies beyond code and message.
    private struct ErrorDetails: Decodable {
        var item: DynamoDBItem?
        var cancellationReasons: [CancellationReason]?

        enum CodingKeys: String, CodingKey {
            case item = "Item"
            case cancellationReasons = "CancellationReasons"
        }
    }

    /// Error bodies are rare; one decoder for the process is enough.
    private static let decoder = JSONDecoder()
}
