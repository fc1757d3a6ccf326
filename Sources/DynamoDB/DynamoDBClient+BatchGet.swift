import AWSCore

extension DynamoDBClient {
    /// The most keys one `BatchGetItem` call may carry.
    static let batchGetKeyLimit = 100

    /// Reads many items by primary key, from one or more tables.
    ///
    /// Keys are sent 100 at a time. Keys DynamoDB leaves unprocessed (throttling, or the 16 MB answer
    /// limit) are asked for again with exponential backoff and full jitter (the `AWSClient`'s retry
    /// policy), until all are read, `batchGetMaxRoundsWithoutProgress` rounds in a row bring nothing,
    /// or the next round could not finish before the deadline.
    ///
    /// - Parameter requests: table name → keys and read options. Duplicate keys in one table are a
    ///   `ValidationException` (DynamoDB's rule).
    /// - Returns: table name → the items found, for every requested table (empty when none was
    ///   found), in no particular order; a key without an item is simply absent.
    /// - Throws: `DynamoDBError` with `.throttled` when keys stayed unprocessed, or another code as for
    ///   `getItem`; `TransportError`; `AWSConfigurationError`.
    package func batchGetItem(
        _ requests: [String: KeysAndAttributes],
        deadlineMilliseconds: Int64? = nil
    ) throws -> [String: [DynamoDBItem]] {
        var results: [String: [DynamoDBItem]] = [:]
        for table in requests.keys {
            results[table] = []
        }
        for chunk in Self.batchGetChunks(requests) {
            var pending = chunk
            var roundsWithoutProgress = 0
            while true {
                let sent = Self.keyCount(pending)
                let output = try perform(
                    "BatchGetItem",
                    BatchGetItemRequest(requestItems: pending),
                    deadlineMilliseconds: deadlineMilliseconds,
                    reading: BatchGetItemResponse.read
                )
                for (table, items) in output.responses ?? [:] {
                    results[table, default: []].append(contentsOf: items)
                }
                pending = Self.retryRequests(output.unprocessedKeys ?? [:], options: chunk)
                let left = Self.keyCount(pending)
                guard left > 0 else { break }

                roundsWithoutProgress = left < sent ? 0 : roundsWithoutProgress + 1
                guard roundsWithoutProgress < batchGetMaxRoundsWithoutProgress else {
                    throw unprocessed(left, reason: "after \(roundsWithoutProgress) rounds without progress")
                }
                let delay = aws.retryPolicy.delayMilliseconds(
                    beforeRetry: roundsWithoutProgress + 1,
                    random: aws.random()
                )
                if let deadlineMilliseconds,
                    aws.clock.nowMilliseconds() + delay + aws.retryPolicy.minimumAttemptMilliseconds
                        > deadlineMilliseconds
                {
                    throw unprocessed(left, reason: "and the deadline leaves no time for another round")
                }
                aws.clock.sleep(delay)
            }
        }
        return results
    }

    /// `requests` split into groups of at most `limit` keys, tables in name order and keys in the
    /// given order; a table's options travel with each of its groups.
    static func batchGetChunks(
        _ requests: [String: KeysAndAttributes],
        limit: Int = batchGetKeyLimit
    ) -> [[String: KeysAndAttributes]] {
        var chunks: [[String: KeysAndAttributes]] = []
        var current: [String: KeysAndAttributes] = [:]
        var room = limit
        for table in requests.keys.sorted() {
            guard let request = requests[table] else { continue }
            var keys = request.keys[...]
            while !keys.isEmpty {
                let taken = keys.prefix(room)
                keys = keys.dropFirst(taken.count)
                var part = request
                part.keys = Array(taken)
                current[table] = part
                room -= taken.count
                if room == 0 {
                    chunks.append(current)
                    current = [:]
                    room = limit
                }
            }
        }
        if !current.isEmpty {
            chunks.append(current)
        }
        return chunks
    }

    /// The unprocessed keys with the options they were first sent with: DynamoDB echoes them, but
    /// a peer may send back only `Keys` (moto does), and a retry must not lose `ConsistentRead` or
    /// the projection.
    private static func retryRequests(
        _ unprocessed: [String: KeysAndAttributes],
        options sent: [String: KeysAndAttributes]
    ) -> [String: KeysAndAttributes] {
        var requests: [String: KeysAndAttributes] = [:]
        for (table, leftover) in unprocessed where !leftover.keys.isEmpty {
            var request = sent[table] ?? leftover
            request.keys = leftover.keys
            requests[table] = request
        }
        return requests
    }

    private static func keyCount(_ requests: [String: KeysAndAttributes]) -> Int {
        requests.values.reduce(0) { $0 + $1.keys.count }
    }

    private func unprocessed(_ count: Int, reason: String) -> DynamoDBError {
        DynamoDBError(
            code: .throttled,
            operation: "BatchGetItem",
            message: "\(count) keys are still unprocessed \(reason)"
        )
    }

    private struct BatchGetItemRequest: Encodable {
        var requestItems: [String: KeysAndAttributes]

        enum CodingKeys: String, CodingKey {
            case requestItems = "RequestItems"
        }
    }

    private struct BatchGetItemResponse {
        var responses: [String: [DynamoDBItem]]?
        var unprocessedKeys: [String: KeysAndAttributes]?

        static func read(_ reader: inout AttributeJSONReader) throws -> BatchGetItemResponse {
            var response = BatchGetItemResponse()
            try reader.readObject { reader, key in
                switch key {
                case "Responses":
                    guard try !reader.readNull() else { return }
                    var responses: [String: [DynamoDBItem]] = [:]
                    try reader.readObject { reader, table in responses[table] = try reader.readItems() }
                    response.responses = responses
                case "UnprocessedKeys":
                    guard try !reader.readNull() else { return }
                    var unprocessed: [String: KeysAndAttributes] = [:]
                    try reader.readObject { reader, table in unprocessed[table] = try KeysAndAttributes.read(&reader) }
                    response.unprocessedKeys = unprocessed
                default:
                    try reader.skipValue()
                }
            }
            return response
        }
    }
}
