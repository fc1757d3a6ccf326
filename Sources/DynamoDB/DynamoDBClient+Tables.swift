import AWSCore

extension DynamoDBClient {
    /// Creates a table (pay-per-request unless the definition sets billing or capacity). The table is
    /// usually still `CREATING`: call `waitUntilTableActive` before using it.
    ///
    /// - Returns: DynamoDB's description of the new table.
    /// - Throws: `DynamoDBError` with `.resourceInUse` when the table exists, `.validation` for an
    ///   invalid definition, another code as for `getItem`; `TransportError`; `AWSConfigurationError`.
    @discardableResult
    package func createTable(_ definition: TableDefinition, deadlineMilliseconds: Int64? = nil) throws
        -> TableDescription
    {
        var definition = definition
        if definition.billingMode == nil, definition.provisionedThroughput == nil {
            definition.billingMode = .payPerRequest
        }
        return try perform("CreateTable", definition, as: TableOutput.self, deadlineMilliseconds: deadlineMilliseconds)
            .description
    }

    /// Describes a table.
    ///
    /// - Throws: `DynamoDBError` with `.resourceNotFound` when there is no such table, or another code
    ///   as for `getItem`; `TransportError`; `AWSConfigurationError`.
    package func describeTable(_ tableName: String, deadlineMilliseconds: Int64? = nil) throws -> TableDescription {
        try perform(
            "DescribeTable",
            TableNameInput(tableName: tableName),
            as: TableOutput.self,
            deadlineMilliseconds: deadlineMilliseconds
        ).description
    }

    /// Deletes a table and all its items.
    ///
    /// - Throws: as `describeTable` (`.resourceInUse` while the table is being created or updated).
    @discardableResult
    package func deleteTable(_ tableName: String, deadlineMilliseconds: Int64? = nil) throws -> TableDescription {
        try perform(
            "DeleteTable",
            TableNameInput(tableName: tableName),
            as: TableOutput.self,
            deadlineMilliseconds: deadlineMilliseconds
        ).description
    }

    /// The names of every table in the region, following `LastEvaluatedTableName` to the end.
    ///
    /// - Throws: as `getItem`.
    package func listTableNames(deadlineMilliseconds: Int64? = nil) throws -> [String] {
        var names: [String] = []
        var start: String?
        repeat {
            let page = try perform(
                "ListTables",
                ListTablesInput(exclusiveStartTableName: start),
                as: ListTablesOutput.self,
                deadlineMilliseconds: deadlineMilliseconds
            )
            names.append(contentsOf: page.tableNames ?? [])
            start = page.lastEvaluatedTableName == start ? nil : page.lastEvaluatedTableName
        } while start != nil
        return names
    }

    /// Polls `describeTable` until the table and its global indexes are `ACTIVE`.
    ///
    /// A table not found yet counts as not active (DescribeTable can lag CreateTable briefly).
    ///
    /// - Parameters:
    ///   - pollIntervalMilliseconds: the wait between two descriptions.
    ///   - timeoutMilliseconds: how long to wait at most, whatever the deadline.
    /// - Returns: the description of the active table.
    /// - Throws: `DynamoDBError` with `.resourceInUse` when the table did not become active in time
    ///   (`.resourceNotFound` if it never appeared); other errors as `describeTable`.
    @discardableResult
    package func waitUntilTableActive(
        _ tableName: String,
        pollIntervalMilliseconds: Int64 = 250,
        timeoutMilliseconds: Int64 = 120_000,
        deadlineMilliseconds: Int64? = nil
    ) throws -> TableDescription {
        var giveUp = aws.clock.nowMilliseconds() + timeoutMilliseconds
        if let deadlineMilliseconds {
            giveUp = min(giveUp, deadlineMilliseconds)
        }
        var lastStatus = "not found"
        while true {
            do {
                let description = try describeTable(tableName, deadlineMilliseconds: giveUp)
                if description.isActive {
                    return description
                }
                lastStatus = description.tableStatus ?? "unknown"
            } catch let error as DynamoDBError where error.code == .resourceNotFound {
                lastStatus = "not found"
            }
            guard aws.clock.nowMilliseconds() + pollIntervalMilliseconds < giveUp else {
                throw DynamoDBError(
                    code: lastStatus == "not found" ? .resourceNotFound : .resourceInUse,
                    operation: "DescribeTable",
                    message: "table \(tableName) did not become ACTIVE in time (last status: \(lastStatus))"
                )
            }
            aws.clock.sleep(pollIntervalMilliseconds)
        }
    }

    private struct TableNameInput: Encodable {
        var tableName: String

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName"
        }
    }

    /// `CreateTable` and `DeleteTable` answer `TableDescription`, `DescribeTable` answers `Table`.
    private struct TableOutput: Decodable {
        var description: TableDescription

        enum CodingKeys: String, CodingKey {
            case table = "Table"
            case tableDescription = "TableDescription"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let table = try container.decodeIfPresent(TableDescription.self, forKey: .table) {
                description = table
            } else {
                description = try container.decode(TableDescription.self, forKey: .tableDescription)
            }
        }
    }

    private struct ListTablesInput: Encodable {
        var exclusiveStartTableName: String?

        enum CodingKeys: String, CodingKey {
            case exclusiveStartTableName = "ExclusiveStartTableName"
        }
    }

    private struct ListTablesOutput: Decodable {
        var tableNames: [String]?
        var lastEvaluatedTableName: String?

        enum CodingKeys: String, CodingKey {
            case tableNames = "TableNames"
            case lastEvaluatedTableName = "LastEvaluatedTableName"
        }
    }
}
