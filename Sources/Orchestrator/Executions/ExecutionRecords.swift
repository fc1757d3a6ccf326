import DynamoDBModel
import JSONCore

/// Executions in the executions table: the engine's `Execution` plus the key, the kind and the
/// `ByStartTime` index attributes; every transition a conditional write on `version`, together
/// with the plan's view of its last execution.
package struct ExecutionRecords: Sendable {
    package let store: any RecordStore

    package init(store: any RecordStore) {
        self.store = store
    }

    /// The one item every start writes with a condition on its version: two starts that could
    /// conflict (shared servers) cannot both commit on the same reading of the active executions.
    static let startSequenceKey = "guard#start-sequence"

    /// The index that lists executions newest first, and its one partition.
    package static let startTimeIndex = "ByStartTime"
    package static let listPartition = (attribute: "listPartition", value: "executions")

    package static func item(_ execution: Execution) throws -> DynamoDBItem {
        var item = try RecordCoding.item(execution)
        item[RecordKey.attribute] = .string(execution.executionID)
        item[RecordKey.kind] = .string(ActiveExecution.kind)
        item[listPartition.attribute] = .string(listPartition.value)
        item["startTime"] = .string(Timestamp.iso8601(execution.startTime))
        return item
    }

    package static func execution(_ item: DynamoDBItem) throws -> Execution {
        try RecordCoding.record(Execution.self, item)
    }

    /// - Throws: 404 `EXECUTION_NOT_FOUND`.
    package func get(_ id: String) throws -> Execution {
        guard let item = try store.get(.executions, key: id), item[RecordKey.kind] == .string(ActiveExecution.kind)
        else { throw DomainError.executionNotFound(id) }
        return try Self.execution(item)
    }

    package func get(ids: [String]) throws -> [Execution] {
        try store.get(.executions, keys: ids).filter { $0[RecordKey.kind] == .string(ActiveExecution.kind) }.map(
            Self.execution)
    }

    /// Writes `new` over `old` (version + 1, on the condition that `old` is still what is stored)
    /// and keeps the plan's `lastExecution*` and `activeExecutionId` in step.
    /// - Returns: the execution as written.
    /// - Throws: `StoreError` when another writer got there first.
    @discardableResult
    package func commit(_ new: Execution, over old: Execution) throws -> Execution {
        var written = new
        written.version = old.version + 1
        var writes: [RecordWrite] = [
            .put(.executions, try Self.item(written), StoreCondition(version: old.version))
        ]
        if written.status != old.status {
            var set: [String: AttributeValue] = ["lastExecutionStatus": .string(written.status.rawValue)]
            var remove: [String] = []
            if written.status.isTerminal {
                set["lastEndTime"] = .number(String(written.endTime ?? written.startTime))
                remove.append("activeExecutionId")
            }
            writes.append(
                .update(
                    .recoveryPlans, key: written.planID, RecordUpdate(set: set, remove: remove),
                    StoreCondition(exists: true, equals: ["lastExecutionId": .string(written.executionID)])))
        }
        do {
            try store.write(writes)
        } catch StoreError.conditionFailed(let indices) where indices == [1] {
            // The plan is gone or has moved on (an execution deleted with its plan): the execution
            // still records its own progress.
            try store.write([writes[0]])
        }
        return written
    }
}

extension DomainError {
    package static func executionNotFound(_ id: String) -> DomainError {
        DomainError(
            .executionNotFound, "Execution with ID \(id) not found", context: [.init("executionId", .string(id))])
    }
}
