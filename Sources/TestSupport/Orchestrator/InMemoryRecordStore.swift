import DynamoDB
import Orchestrator
import Synchronization

/// A `RecordStore` in memory with DynamoDB's semantics for what the domain uses: conditional
/// writes, all-or-nothing groups, `if_not_exists` counters. Counts requests so tests can assert
/// that a list is not N+1.
package final class InMemoryRecordStore: RecordStore {
    private struct State {
        var tables: [StoreTable: [String: DynamoDBItem]] = [:]
        var requests: [String] = []
    }

    private let state = Mutex(State())
    /// Items per scan "page", to count pages like DynamoDB would.
    package let scanPageSize: Int

    package init(scanPageSize: Int = 100) {
        self.scanPageSize = scanPageSize
    }

    /// Every request made so far (`GetItem`, `BatchGetItem`, `Scan`, `TransactWriteItems`, …).
    package var requests: [String] { state.withLock { $0.requests } }

    package func resetRequestCount() { state.withLock { $0.requests = [] } }

    /// Every item of `table` (for assertions).
    package func items(_ table: StoreTable) -> [DynamoDBItem] {
        state.withLock { Array(($0.tables[table] ?? [:]).values) }
    }

    package func get(_ table: StoreTable, key: String) throws -> DynamoDBItem? {
        state.withLock {
            $0.requests.append("GetItem")
            return $0.tables[table]?[key]
        }
    }

    package func get(_ table: StoreTable, keys: [String]) throws -> [DynamoDBItem] {
        state.withLock { state in
            let unique = Array(Set(keys))
            for _ in stride(from: 0, to: unique.count, by: 100) { state.requests.append("BatchGetItem") }
            return unique.compactMap { state.tables[table]?[$0] }
        }
    }

    package func scan(_ table: StoreTable, kind: String) throws -> [DynamoDBItem] {
        state.withLock { state in
            let all = (state.tables[table] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            let pages = max(1, (all.count + scanPageSize - 1) / scanPageSize)
            for _ in 0..<pages { state.requests.append("Scan") }
            return all.filter { $0[RecordKey.kind] == .string(kind) }
        }
    }

    /// The index's sort key is taken to be `startTime` (the one index the tables have); its key
    /// attributes are the table key, the partition and that sort key, as DynamoDB's are.
    package func queryIndexDescending(
        _ table: StoreTable, index: String, partition: (attribute: String, value: String), pageSize: Int,
        startKey: DynamoDBItem?
    ) throws -> (items: [DynamoDBItem], lastKey: DynamoDBItem?) {
        state.withLock { state in
            state.requests.append("Query")
            func position(_ item: DynamoDBItem) -> (String, String) {
                (item["startTime"]?.stringValue ?? "", item[RecordKey.attribute]?.stringValue ?? "")
            }
            let sorted = (state.tables[table] ?? [:]).values
                .filter { $0[partition.attribute] == .string(partition.value) && $0["startTime"] != nil }
                .sorted { position($0) > position($1) }
            let remaining = startKey.map { key in sorted.filter { position($0) < position(key) } } ?? sorted
            let page = Array(remaining.prefix(pageSize))
            guard remaining.count > pageSize, let last = page.last else { return (page, nil) }
            let key: DynamoDBItem = [
                RecordKey.attribute: last[RecordKey.attribute] ?? .null, partition.attribute: .string(partition.value),
                "startTime": last["startTime"] ?? .null,
            ]
            return (page, key)
        }
    }

    package func write(_ writes: [RecordWrite]) throws {
        try state.withLock { state in
            state.requests.append(writes.count == 1 ? "WriteItem" : "TransactWriteItems")
            var tables = state.tables
            var failed: [Int] = []
            for (index, write) in writes.enumerated() {
                let current = tables[write.table]?[write.key]
                guard write.condition.holds(for: current) else {
                    failed.append(index)
                    continue
                }
                switch write {
                case .put(let table, let item, _):
                    tables[table, default: [:]][write.key] = item
                case .update(let table, let key, let update, _):
                    var item = current ?? [RecordKey.attribute: .string(key)]
                    for (name, value) in update.set { item[name] = value }
                    for name in update.remove { item[name] = nil }
                    for (name, amount) in update.add {
                        let base = item[name]?.numberText.flatMap { Int($0) } ?? 0
                        item[name] = .number(String(base + amount))
                    }
                    tables[table, default: [:]][key] = item
                case .delete(let table, let key, _):
                    tables[table]?[key] = nil
                case .check:
                    break
                }
            }
            guard failed.isEmpty else { throw StoreError.conditionFailed(indices: failed) }
            state.tables = tables
        }
    }
}
