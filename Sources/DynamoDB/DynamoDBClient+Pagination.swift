extension DynamoDBClient {
    /// One page of a query: up to 1 MB of items (or `limit` items evaluated).
    ///
    /// Pass the page's `lastEvaluatedKey` as the next input's `exclusiveStartKey` to continue (e.g.
    /// as an API's pagination token); nil means the query is complete.
    ///
    /// - Throws: `DynamoDBError` (`.resourceNotFound`, `.validation` for a bad expression or index,
    ///   `.throttled`, …); `TransportError`; `AWSConfigurationError`.
    package func queryPage(_ input: QueryInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBPage {
        try perform("Query", input, deadlineMilliseconds: deadlineMilliseconds, reading: DynamoDBPage.read)
    }

    /// Every item the query matches, following `LastEvaluatedKey` from the input's `exclusiveStartKey`
    /// (nil: the start) to the end. `limit`, if set, is the page size.
    ///
    /// - Throws: as `queryPage`, for any page; `.invalidResponse` if DynamoDB repeats a page key.
    package func queryAll(_ input: QueryInput, deadlineMilliseconds: Int64? = nil) throws -> [DynamoDBItem] {
        try collectPages(operation: "Query", from: input.exclusiveStartKey) { startKey in
            var page = input
            page.exclusiveStartKey = startKey
            return try queryPage(page, deadlineMilliseconds: deadlineMilliseconds)
        }
    }

    /// One page of a scan: up to 1 MB of items (or `limit` items evaluated).
    ///
    /// Continue as with `queryPage`.
    ///
    /// - Throws: as `queryPage`.
    package func scanPage(_ input: ScanInput, deadlineMilliseconds: Int64? = nil) throws -> DynamoDBPage {
        try perform("Scan", input, deadlineMilliseconds: deadlineMilliseconds, reading: DynamoDBPage.read)
    }

    /// Every item of the table (or segment) that passes the filter, following `LastEvaluatedKey` to
    /// the end. `limit`, if set, is the page size.
    ///
    /// - Throws: as `queryAll`.
    package func scanAll(_ input: ScanInput, deadlineMilliseconds: Int64? = nil) throws -> [DynamoDBItem] {
        try collectPages(operation: "Scan", from: input.exclusiveStartKey) { startKey in
            var page = input
            page.exclusiveStartKey = startKey
            return try scanPage(page, deadlineMilliseconds: deadlineMilliseconds)
        }
    }

    private func collectPages(
        operation: String,
        from firstKey: DynamoDBItem?,
        page: (DynamoDBItem?) throws -> DynamoDBPage
    ) throws -> [DynamoDBItem] {
        var items: [DynamoDBItem] = []
        var startKey = firstKey
        repeat {
            let result = try page(startKey)
            items.append(contentsOf: result.items)
            if let next = result.lastEvaluatedKey, next == startKey {
                // A peer that hands back the key it was given would keep us here until the deadline.
                throw DynamoDBError(
                    code: .invalidResponse,
                    operation: operation,
                    message: "LastEvaluatedKey repeats the ExclusiveStartKey; pagination would not end"
                )
            }
            startKey = result.lastEvaluatedKey
        } while startKey != nil
        return items
    }
}
