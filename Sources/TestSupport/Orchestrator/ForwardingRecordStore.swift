import DynamoDB
import Orchestrator

/// A `RecordStore` that hands every call to `base`; a test store adopts it and implements only the
/// calls it changes (a write that lets another request land first, an index that lags).
package protocol ForwardingRecordStore: RecordStore {
    var base: InMemoryRecordStore { get }
}

extension ForwardingRecordStore {
    package func get(_ table: StoreTable, key: String) throws -> DynamoDBItem? { try base.get(table, key: key) }

    package func get(_ table: StoreTable, keys: [String]) throws -> [DynamoDBItem] {
        try base.get(table, keys: keys)
    }

    package func scan(_ table: StoreTable, kind: String) throws -> [DynamoDBItem] {
        try base.scan(table, kind: kind)
    }

    package func queryIndexDescending(
        _ table: StoreTable, index: String, partition: (attribute: String, value: String), pageSize: Int,
        startKey: DynamoDBItem?
    ) throws -> (items: [DynamoDBItem], lastKey: DynamoDBItem?) {
        try base.queryIndexDescending(table, index: index, partition: partition, pageSize: pageSize, startKey: startKey)
    }

    package func queryIndex(_ table: StoreTable, _ query: IndexQuery) throws -> (
        items: [DynamoDBItem], lastKey: DynamoDBItem?
    ) {
        try base.queryIndex(table, query)
    }

    package func scanIndex(_ table: StoreTable, index: String, keyAttribute: String) throws -> [DynamoDBItem] {
        try base.scanIndex(table, index: index, keyAttribute: keyAttribute)
    }

    package func write(_ writes: [RecordWrite]) throws { try base.write(writes) }
}
