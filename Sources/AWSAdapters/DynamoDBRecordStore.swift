import AWSCore
import DynamoDB
import FoundationEssentials
import JSONCore
import Orchestrator

/// `RecordStore` on DynamoDB: conditions become `ConditionExpression`s, a group of writes one
/// `TransactWriteItems` (a single write a plain conditional put, update or delete).
package struct DynamoDBRecordStore: RecordStore {
    package let client: DynamoDBClient
    package let tableNames: [StoreTable: String]
    /// Items per scan page (DynamoDB stops at 1 MB anyway).
    package var scanPageSize: Int?

    /// A store over `client` with each table's name (from `PROTECTION_GROUPS_TABLE`, …).
    package init(client: DynamoDBClient, tableNames: [StoreTable: String], scanPageSize: Int? = nil) {
        self.client = client
        self.tableNames = tableNames
        self.scanPageSize = scanPageSize
    }

    /// The environment variable naming each table.
    package static let environmentVariables: [StoreTable: String] = [
        .protectionGroups: "PROTECTION_GROUPS_TABLE", .recoveryPlans: "RECOVERY_PLANS_TABLE",
        .executions: "EXECUTION_HISTORY_TABLE",
    ]

    /// A store whose table names come from `environment` (`PROTECTION_GROUPS_TABLE`, …).
    package init(client: DynamoDBClient, environment: [String: String]) {
        var names: [StoreTable: String] = [:]
        for (table, variable) in Self.environmentVariables {
            if let name = environment[variable], !name.isEmpty { names[table] = name }
        }
        self.init(client: client, tableNames: names)
    }

    private func name(_ table: StoreTable) throws -> String {
        guard let name = tableNames[table] else {
            throw DomainError(
                .internalError,
                "The function is not configured: \(Self.environmentVariables[table] ?? table.rawValue) is not set")
        }
        return name
    }

    private static func key(_ key: String) -> DynamoDBItem { [RecordKey.attribute: .string(key)] }

    package func get(_ table: StoreTable, key: String) throws -> DynamoDBItem? {
        try translatingErrors {
            try client.getItem(GetItemInput(tableName: try name(table), key: Self.key(key), consistentRead: true))
        }
    }

    package func get(_ table: StoreTable, keys: [String]) throws -> [DynamoDBItem] {
        let unique = Array(Set(keys))
        guard !unique.isEmpty else { return [] }
        return try translatingErrors {
            let tableName = try name(table)
            let found = try client.batchGetItem([
                tableName: KeysAndAttributes(keys: unique.map(Self.key), consistentRead: true)
            ])
            return found[tableName] ?? []
        }
    }

    package func scan(_ table: StoreTable, kind: String) throws -> [DynamoDBItem] {
        try translatingErrors {
            try client.scanAll(
                ScanInput(
                    tableName: try name(table), filterExpression: "#kind = :kind",
                    expressionAttributeNames: ["#kind": RecordKey.kind],
                    expressionAttributeValues: [":kind": .string(kind)], limit: scanPageSize, consistentRead: true))
        }
    }

    package func queryIndexDescending(
        _ table: StoreTable, index: String, partition: (attribute: String, value: String), pageSize: Int,
        startKey: DynamoDBItem?
    ) throws -> (items: [DynamoDBItem], lastKey: DynamoDBItem?) {
        let page = try translatingErrors {
            try client.queryPage(
                QueryInput(
                    tableName: try name(table), indexName: index, keyConditionExpression: "#partition = :partition",
                    expressionAttributeNames: ["#partition": partition.attribute],
                    expressionAttributeValues: [":partition": .string(partition.value)], scanIndexForward: false,
                    limit: pageSize, exclusiveStartKey: startKey))
        }
        return (page.items, page.lastEvaluatedKey)
    }

    package func queryIndex(_ table: StoreTable, _ query: IndexQuery) throws -> (
        items: [DynamoDBItem], lastKey: DynamoDBItem?
    ) {
        var condition = "#partition = :partition"
        var names = ["#partition": query.partition.attribute]
        var values: DynamoDBItem = [":partition": .string(query.partition.value)]
        if let after = query.after {
            condition += query.ascending ? " AND #sort > :after" : " AND #sort < :after"
            names["#sort"] = query.sortAttribute
            values[":after"] = .string(after)
        }
        let page = try translatingErrors {
            try client.queryPage(
                QueryInput(
                    tableName: try name(table), indexName: query.index, keyConditionExpression: condition,
                    expressionAttributeNames: names, expressionAttributeValues: values,
                    scanIndexForward: query.ascending, limit: query.pageSize, exclusiveStartKey: query.startKey))
        }
        return (page.items, page.lastEvaluatedKey)
    }

    package func scanIndex(_ table: StoreTable, index: String, keyAttribute: String) throws -> [DynamoDBItem] {
        try translatingErrors {
            try client.scanAll(ScanInput(tableName: try name(table), indexName: index, limit: scanPageSize))
        }
    }

    /// Applies the writes (one conditional write, or one transaction whose `ClientRequestToken`
    /// is the write id) and, when the answer is a failed condition, a timeout or a 5xx, reads the
    /// stamped items back: a write the client's retry reported as failed, but that DynamoDB
    /// applied, is the success it was (`WriteRecognition`).
    package func write(_ writes: [RecordWrite]) throws {
        guard !writes.isEmpty else { return }
        try StoreLimits.check(writes)
        let writeID = UUID().uuidString.lowercased()
        let stamped = WriteRecognition.stamp(writes, id: writeID)
        do {
            try translatingErrors {
                if stamped.count == 1 {
                    try writeOne(stamped[0])
                } else {
                    try client.transactWriteItems(try stamped.map(transactItem), clientRequestToken: writeID)
                }
            }
        } catch StoreError.conditionFailed(let indices) {
            if try WriteRecognition.wasApplied(stamped, id: writeID, failed: indices, read: readBack) { return }
            throw StoreError.conditionFailed(indices: indices)
        } catch let error as DomainError where error.code == .serviceUnavailable {
            // No answer: DynamoDB may have applied the writes; if the read-back fails too, the
            // caller learns that the outcome is unknown (503, safe to retry).
            if (try? WriteRecognition.wasApplied(stamped, id: writeID, failed: nil, read: readBack)) == true { return }
            throw error
        }
    }

    private func readBack(_ table: StoreTable, _ keys: [String]) throws -> [DynamoDBItem] {
        try get(table, keys: keys)
    }

    private func writeOne(_ write: RecordWrite) throws {
        let condition = ConditionExpression(write.condition)
        switch write {
        case .put(let table, let item, _):
            _ = try client.putItem(
                PutItemInput(
                    tableName: try name(table), item: item, conditionExpression: condition.text,
                    expressionAttributeNames: condition.names, expressionAttributeValues: condition.values))
        case .update(let table, let key, let update, _):
            let expression = UpdateExpression(update, condition: condition)
            _ = try client.updateItem(
                UpdateItemInput(
                    tableName: try name(table), key: Self.key(key), updateExpression: expression.text,
                    conditionExpression: condition.text, expressionAttributeNames: expression.names,
                    expressionAttributeValues: expression.values))
        case .delete(let table, let key, _):
            _ = try client.deleteItem(
                DeleteItemInput(
                    tableName: try name(table), key: Self.key(key), conditionExpression: condition.text,
                    expressionAttributeNames: condition.names, expressionAttributeValues: condition.values))
        case .check(let table, let key, _):
            // A lone check writes nothing: read and evaluate.
            let item = try client.getItem(
                GetItemInput(tableName: try name(table), key: Self.key(key), consistentRead: true))
            if !write.condition.holds(for: item) { throw StoreError.conditionFailed(indices: [0]) }
        }
    }

    private func transactItem(_ write: RecordWrite) throws -> TransactWriteItem {
        let condition = ConditionExpression(write.condition)
        switch write {
        case .put(let table, let item, _):
            return .put(
                tableName: try name(table), item: item, conditionExpression: condition.text,
                expressionAttributeNames: condition.names, expressionAttributeValues: condition.values)
        case .update(let table, let key, let update, _):
            let expression = UpdateExpression(update, condition: condition)
            return .update(
                tableName: try name(table), key: Self.key(key), updateExpression: expression.text,
                conditionExpression: condition.text, expressionAttributeNames: expression.names,
                expressionAttributeValues: expression.values)
        case .delete(let table, let key, _):
            return .delete(
                tableName: try name(table), key: Self.key(key), conditionExpression: condition.text,
                expressionAttributeNames: condition.names, expressionAttributeValues: condition.values)
        case .check(let table, let key, _):
            return .conditionCheck(
                tableName: try name(table), key: Self.key(key),
                conditionExpression: condition.text ?? "attribute_exists(pk) OR attribute_not_exists(pk)",
                expressionAttributeNames: condition.names, expressionAttributeValues: condition.values)
        }
    }

    /// Runs `body`, turning DynamoDB's condition and transaction failures into `StoreError`, and
    /// what is left after the client's retries into the API's answers: throttling 429
    /// `THROTTLED`, 5xx and lost connections 503 `SERVICE_UNAVAILABLE`, an item over 400 KB 400.
    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DynamoDBError {
            switch error.code {
            case .conditionalCheckFailed:
                throw StoreError.conditionFailed(indices: [0])
            case .transactionCanceled:
                let failed = error.cancellationReasons.enumerated().filter { $0.element.isConditionalCheckFailed }
                    .map(\.offset)
                if failed.isEmpty,
                    error.cancellationReasons.contains(where: {
                        $0.code == "ThrottlingError" || $0.code == "ProvisionedThroughputExceeded"
                    })
                {
                    throw DomainError.storeThrottled
                }
                throw failed.isEmpty ? StoreError.contention : StoreError.conditionFailed(indices: failed)
            case .throttled:
                throw DomainError.storeThrottled
            case .validation where error.message.lowercased().contains("item size"):
                throw StoreLimits.limitError(
                    "A record exceeds DynamoDB's item size limit of 400 KB: \(error.message)",
                    limit: StoreLimits.maxItemBytes, size: StoreLimits.maxItemBytes + 1)
            default:
                if let status = error.status, status >= 500 { throw DomainError.storeUnavailable(error.message) }
                throw error
            }
        } catch let error as TransportError {
            throw DomainError.storeUnavailable(error.message)
        }
    }
}

extension DomainError {
    /// 429 `THROTTLED`: DynamoDB kept throttling after the client's retries.
    static let storeThrottled = DomainError(
        .throttled, "The database is throttling requests; retry shortly", context: [.init("service", "dynamodb")])

    /// 503 `SERVICE_UNAVAILABLE`: DynamoDB kept failing or did not answer after the retries.
    static func storeUnavailable(_ detail: String) -> DomainError {
        DomainError(
            .serviceUnavailable, "The database did not answer in time (\(detail)); retry shortly",
            context: [.init("service", "dynamodb")])
    }
}

/// A `StoreCondition` as a DynamoDB condition expression with its placeholders.
struct ConditionExpression {
    var text: String?
    var names: [String: String]?
    var values: DynamoDBItem?

    init(_ condition: StoreCondition) {
        var clauses: [String] = []
        var names: [String: String] = [:]
        var values: DynamoDBItem = [:]
        switch condition.exists {
        case true?: clauses.append("attribute_exists(#pk)")
        case false?: clauses.append("attribute_not_exists(#pk)")
        case nil: break
        }
        if condition.exists != nil { names["#pk"] = RecordKey.attribute }
        if let version = condition.version {
            clauses.append("#cversion = :cversion")
            names["#cversion"] = "version"
            values[":cversion"] = .number(String(version))
        }
        for (index, attribute) in condition.absentAttributes.enumerated() {
            clauses.append("attribute_not_exists(#cabsent\(index))")
            names["#cabsent\(index)"] = attribute
        }
        for (index, attribute) in condition.zeroOrAbsent.enumerated() {
            clauses.append("(attribute_not_exists(#czero\(index)) OR #czero\(index) = :czero)")
            names["#czero\(index)"] = attribute
            values[":czero"] = .number("0")
        }
        for (index, (attribute, value)) in condition.equals.sorted(by: { $0.key < $1.key }).enumerated() {
            clauses.append("#cequal\(index) = :cequal\(index)")
            names["#cequal\(index)"] = attribute
            values[":cequal\(index)"] = value
        }
        if let absentOrEquals = condition.absentOrEquals, !absentOrEquals.isEmpty {
            names["#pk"] = RecordKey.attribute
            let equal = absentOrEquals.sorted(by: { $0.key < $1.key }).enumerated().map { index, pair in
                names["#cor\(index)"] = pair.key
                values[":cor\(index)"] = pair.value
                return "#cor\(index) = :cor\(index)"
            }
            clauses.append("(attribute_not_exists(#pk) OR (" + equal.joined(separator: " AND ") + "))")
        }
        text = clauses.isEmpty ? nil : clauses.joined(separator: " AND ")
        self.names = names.isEmpty ? nil : names
        self.values = values.isEmpty ? nil : values
    }
}

/// A `RecordUpdate` as a DynamoDB update expression, sharing placeholders with its condition.
struct UpdateExpression {
    var text: String
    var names: [String: String]?
    var values: DynamoDBItem?

    init(_ update: RecordUpdate, condition: ConditionExpression) {
        var names = condition.names ?? [:]
        var values = condition.values ?? [:]
        var sets: [String] = []
        for (index, (attribute, value)) in update.set.sorted(by: { $0.key < $1.key }).enumerated() {
            names["#uset\(index)"] = attribute
            values[":uset\(index)"] = value
            sets.append("#uset\(index) = :uset\(index)")
        }
        for (index, (attribute, amount)) in update.add.sorted(by: { $0.key < $1.key }).enumerated() {
            names["#uadd\(index)"] = attribute
            values[":uadd\(index)"] = .number(String(amount))
            values[":uzero"] = .number("0")
            sets.append("#uadd\(index) = if_not_exists(#uadd\(index), :uzero) + :uadd\(index)")
        }
        var parts: [String] = []
        if !sets.isEmpty { parts.append("SET " + sets.joined(separator: ", ")) }
        if !update.remove.isEmpty {
            let removed = update.remove.enumerated().map { index, attribute in
                names["#urem\(index)"] = attribute
                return "#urem\(index)"
            }
            parts.append("REMOVE " + removed.joined(separator: ", "))
        }
        text = parts.joined(separator: " ")
        self.names = names.isEmpty ? nil : names
        self.values = values.isEmpty ? nil : values
    }
}
