import AWSCore
import FoundationEssentials

/// Calls DynamoDB (AWS JSON 1.0: `POST /` with `X-Amz-Target: DynamoDB_20120810.<Operation>`) through
/// an `AWSClient`, which signs, retries throttling and transient failures, and honours
/// `AWS_ENDPOINT_URL_DYNAMODB`.
///
/// Only the operations the store and the local tools use are here: items (`getItem`, `putItem`,
/// `updateItem`, `deleteItem`), reads (`queryPage`/`queryAll`, `scanPage`/`scanAll`, `batchGetItem`),
/// `transactWriteItems`, and tables (`createTable`, `describeTable`, …). Every operation blocks until
/// done and takes the caller's deadline (epoch milliseconds, e.g. the Lambda invocation's), past which
/// no attempt, retry or backoff runs.
///
/// Errors: `DynamoDBError` for DynamoDB's answers (conditional check failed, transaction cancelled,
/// table not found, validation, throttled after the retries, …) and undecodable responses;
/// AWSCore's `TransportError` when no answer arrived, and `AWSConfigurationError` when credentials,
/// region or endpoint are missing or invalid.
package struct DynamoDBClient: Sendable {
    /// Sends the requests: signing, retries, endpoint, error decoding. Its clock, random source and
    /// retry policy also pace `batchGetItem`'s retries of unprocessed keys.
    package let aws: AWSClient
    /// The region to call; the configured one when nil.
    package let region: String?
    /// How many `BatchGetItem` rounds in a row may return nothing but unprocessed keys before
    /// `batchGetItem` gives up with `.throttled`.
    package let batchGetMaxRoundsWithoutProgress: Int

    /// A client over `aws` (one per process, so connections are reused across invocations).
    package init(aws: AWSClient, region: String? = nil, batchGetMaxRoundsWithoutProgress: Int = 8) {
        self.aws = aws
        self.region = region
        self.batchGetMaxRoundsWithoutProgress = max(1, batchGetMaxRoundsWithoutProgress)
    }

    /// The `X-Amz-Target` prefix of every operation.
    static let targetPrefix = "DynamoDB_20120810."

    // One encoder and decoder for the process: setting them up costs more than a small request.
    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Sends `operation` with `input` as its JSON body and decodes the successful answer.
    ///
    /// - Throws: `DynamoDBError` (AWS errors, `.validation` when `input` cannot be encoded,
    ///   `.invalidResponse` when the answer cannot be decoded); `TransportError`; `AWSConfigurationError`.
    func perform<Output: Decodable>(
        _ operation: String,
        _ input: some Encodable,
        as output: Output.Type,
        deadlineMilliseconds: Int64?
    ) throws -> Output {
        let response = try send(operation, input, deadlineMilliseconds: deadlineMilliseconds)
        do {
            return try Self.decoder.decode(Output.self, from: Data(response.body))
        } catch {
            throw DynamoDBError(
                code: .invalidResponse,
                operation: operation,
                message: "the \(operation) response could not be decoded: \(error)"
            )
        }
    }

    /// Sends `operation` with `input` as its JSON body and reads the successful answer with `read`
    /// straight from the response bytes (items and attribute values without `Codable`).
    ///
    /// - Throws: as the `Decodable` form; `.invalidResponse` when the answer is not well-formed.
    func perform<Output>(
        _ operation: String,
        _ input: some Encodable,
        deadlineMilliseconds: Int64?,
        reading read: (inout AttributeJSONReader) throws -> Output
    ) throws -> Output {
        let response = try send(operation, input, deadlineMilliseconds: deadlineMilliseconds)
        do {
            var reader = AttributeJSONReader(response.body)
            let output = try read(&reader)
            try reader.expectEnd()
            return output
        } catch {
            throw DynamoDBError(
                code: .invalidResponse,
                operation: operation,
                message: "the \(operation) response could not be decoded: \(error)"
            )
        }
    }

    /// Reads the answer object, handing the value of `field` to `read` and skipping the rest.
    static func readField<Output>(
        _ field: String,
        from reader: inout AttributeJSONReader,
        _ read: (inout AttributeJSONReader) throws -> Output?
    ) throws -> Output? {
        var output: Output?
        try reader.readObject { reader, key in
            if key == field {
                output = try read(&reader)
            } else {
                try reader.skipValue()
            }
        }
        return output
    }

    /// Sends `operation` with `input` as its JSON body and returns the successful (2xx) response.
    ///
    /// - Throws: as `perform`, but never `.invalidResponse`.
    func send(_ operation: String, _ input: some Encodable, deadlineMilliseconds: Int64?) throws -> AWSHTTPResponse {
        let body: Data
        do {
            body = try Self.encoder.encode(input)
        } catch {
            throw DynamoDBError(
                code: .validation,
                operation: operation,
                message: "the \(operation) request could not be encoded: \(error)"
            )
        }
        let request = AWSRequest(headers: ["X-Amz-Target": Self.targetPrefix + operation], body: Array(body))
        do {
            return try aws.send(request, to: .dynamoDB, region: region, deadlineMilliseconds: deadlineMilliseconds)
        } catch let error as AWSServiceError {
            throw DynamoDBError(operation: operation, serviceError: error)
        }
    }
}
