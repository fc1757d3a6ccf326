import DynamoDB

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
            throw APIError(
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

    package func write(_ writes: [RecordWrite]) throws {
        guard !writes.isEmpty else { return }
        try translatingErrors {
            if writes.count == 1 {
                try writeOne(writes[0])
            } else {
                try client.transactWriteItems(try writes.map(transactItem))
            }
        }
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

    /// Runs `body`, turning DynamoDB's condition and transaction failures into `StoreError`.
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
                throw failed.isEmpty ? StoreError.contention : StoreError.conditionFailed(indices: failed)
            default:
                throw error
            }
        }
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
