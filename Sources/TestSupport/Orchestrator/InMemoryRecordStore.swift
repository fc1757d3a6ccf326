import DynamoDB
import FoundationEssentials
import Orchestrator
import Synchronization

/// A `RecordStore` in memory with DynamoDB's semantics for what the domain uses: conditional
/// writes, all-or-nothing groups, `if_not_exists` counters. Counts requests so tests can assert
/// that a list is not N+1.
package final class InMemoryRecordStore: RecordStore {
    private struct State {
        var tables: [StoreTable: [String: DynamoDBItem]] = [:]
        var requests: [String] = []
        var itemsRead = 0
    }

    private let state = Mutex(State())
    /// Items per scan "page", to count pages like DynamoDB would.
    package let scanPageSize: Int

    package init(scanPageSize: Int = 100) {
        self.scanPageSize = scanPageSize
    }

    /// Every request made so far (`GetItem`, `BatchGetItem`, `Scan`, `TransactWriteItems`, …).
    package var requests: [String] { state.withLock { $0.requests } }

    /// Items read so far, as DynamoDB counts them: one per `GetItem` and per key of a
    /// `BatchGetItem`, every item a `Scan` or `Query` evaluates (its `ScannedCount`).
    package var itemsRead: Int { state.withLock { $0.itemsRead } }

    package func resetRequestCount() {
        state.withLock {
            $0.requests = []
            $0.itemsRead = 0
        }
    }

    /// Every item of `table` (for assertions).
    package func items(_ table: StoreTable) -> [DynamoDBItem] {
        state.withLock { Array(($0.tables[table] ?? [:]).values) }
    }

    package func get(_ table: StoreTable, key: String) throws -> DynamoDBItem? {
        state.withLock {
            $0.requests.append("GetItem")
            $0.itemsRead += 1
            return $0.tables[table]?[key]
        }
    }

    package func get(_ table: StoreTable, keys: [String]) throws -> [DynamoDBItem] {
        state.withLock { state in
            let unique = Array(Set(keys))
            for _ in stride(from: 0, to: unique.count, by: 100) { state.requests.append("BatchGetItem") }
            state.itemsRead += unique.count
            return unique.compactMap { state.tables[table]?[$0] }
        }
    }

    package func scan(_ table: StoreTable, kind: String) throws -> [DynamoDBItem] {
        state.withLock { state in
            let all = (state.tables[table] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            let pages = max(1, (all.count + scanPageSize - 1) / scanPageSize)
            for _ in 0..<pages { state.requests.append("Scan") }
            state.itemsRead += all.count
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
            state.itemsRead += page.count
            guard remaining.count > pageSize, let last = page.last else { return (page, nil) }
            let key: DynamoDBItem = [
                RecordKey.attribute: last[RecordKey.attribute] ?? .null, partition.attribute: .string(partition.value),
                "startTime": last["startTime"] ?? .null,
            ]
            return (page, key)
        }
    }

    /// Items are in an index when they have its partition and sort attributes; its page keys are
    /// the table key and those two, as DynamoDB's are.
    package func queryIndex(_ table: StoreTable, _ query: IndexQuery) throws -> (
        items: [DynamoDBItem], lastKey: DynamoDBItem?
    ) {
        state.withLock { state in
            state.requests.append("Query")
            func position(_ item: DynamoDBItem) -> (String, String) {
                (item[query.sortAttribute]?.stringValue ?? "", item[RecordKey.attribute]?.stringValue ?? "")
            }
            func precedes(_ a: (String, String), _ b: (String, String)) -> Bool { query.ascending ? a < b : a > b }
            var sorted = (state.tables[table] ?? [:]).values
                .filter { $0[query.partition.attribute] == .string(query.partition.value) }
                .filter { $0[query.sortAttribute]?.stringValue != nil }
                .sorted { precedes(position($0), position($1)) }
            if let after = query.after {
                sorted = sorted.filter { item in
                    let key = position(item).0
                    return query.ascending ? key > after : key < after
                }
            }
            let remaining =
                query.startKey.map { key in sorted.filter { precedes(position(key), position($0)) } } ?? sorted
            let page = Array(remaining.prefix(query.pageSize))
            state.itemsRead += page.count
            guard remaining.count > query.pageSize, let last = page.last else { return (page, nil) }
            let key: DynamoDBItem = [
                RecordKey.attribute: last[RecordKey.attribute] ?? .null,
                query.partition.attribute: .string(query.partition.value),
                query.sortAttribute: last[query.sortAttribute] ?? .null,
            ]
            return (page, key)
        }
    }

    /// Counts one `Scan:<index>` per `scanPageSize` items of the index (only the items in it);
    /// returns their keys only, as a keys-only index does.
    package func scanIndex(_ table: StoreTable, index: String, keyAttribute: String) throws -> [DynamoDBItem] {
        state.withLock { state in
            let all = (state.tables[table] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
                .compactMap { item -> DynamoDBItem? in
                    guard let key = item[RecordKey.attribute], let value = item[keyAttribute] else { return nil }
                    return [RecordKey.attribute: key, keyAttribute: value]
                }
            let pages = max(1, (all.count + scanPageSize - 1) / scanPageSize)
            for _ in 0..<pages { state.requests.append("Scan:" + index) }
            state.itemsRead += all.count
            return all
        }
    }

    /// A fault the next matching write meets, as DynamoDB and the network can produce them.
    package enum Fault: Sendable {
        /// The writes are applied but the answer is lost; the client sends them again (moto's
        /// behaviour: the retry is evaluated afresh, usually failing its own conditions).
        case answerLost
        /// DynamoDB answers 5xx to every attempt without applying anything.
        case unavailable
        /// DynamoDB keeps throttling.
        case throttled
    }

    private let faults = Mutex<[(Fault, @Sendable ([RecordWrite]) -> Bool)]>([])

    /// Makes the next write for which `matching` holds meet `fault` (queued in order).
    package func inject(_ fault: Fault, when matching: @escaping @Sendable ([RecordWrite]) -> Bool = { _ in true }) {
        faults.withLock { $0.append((fault, matching)) }
    }

    /// Applies the writes as DynamoDB would (limits first), recognising a write of ours whose
    /// answer was lost as the store over DynamoDB does (`WriteRecognition`).
    package func write(_ writes: [RecordWrite]) throws {
        guard !writes.isEmpty else { return }
        try StoreLimits.check(writes)
        let writeID = UUID().uuidString.lowercased()
        let stamped = WriteRecognition.stamp(writes, id: writeID)
        let fault = faults.withLock { queue -> Fault? in
            guard let index = queue.firstIndex(where: { $0.1(writes) }) else { return nil }
            return queue.remove(at: index).0
        }
        do {
            switch fault {
            case .unavailable?:
                state.withLock { $0.requests.append(writes.count == 1 ? "WriteItem" : "TransactWriteItems") }
                throw DomainError(.serviceUnavailable, "The database did not answer in time (injected); retry shortly")
            case .throttled?:
                state.withLock { $0.requests.append(writes.count == 1 ? "WriteItem" : "TransactWriteItems") }
                throw DomainError(.throttled, "The database is throttling requests (injected); retry shortly")
            case .answerLost?:
                try apply(stamped)
                try apply(stamped)
            case nil:
                try apply(stamped)
            }
        } catch StoreError.conditionFailed(let indices) {
            if try WriteRecognition.wasApplied(stamped, id: writeID, failed: indices, read: { try get($0, keys: $1) }) {
                return
            }
            throw StoreError.conditionFailed(indices: indices)
        }
    }

    private func apply(_ writes: [RecordWrite]) throws {
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
                    try StoreLimits.checkItem(bytes: StoreLimits.size(of: item))
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

    /// Puts `item` as it is, bypassing every rule (for tests that plant data older code wrote).
    package func plant(_ table: StoreTable, _ item: DynamoDBItem) {
        state.withLock { state in
            guard let key = item[RecordKey.attribute]?.stringValue else { return }
            state.tables[table, default: [:]][key] = item
        }
    }
}
