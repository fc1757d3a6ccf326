import DynamoDBModel

/// What the resource rules need of an active execution: whose it is and which servers it holds.
/// Decoded leniently from the executions table (the engine owns the full record).
package struct ActiveExecution: Decodable, Sendable, Equatable {
    package var executionID: String
    package var planId: String
    package var planName: String
    /// UPPERCASE.
    package var status: String
    /// Every server of every wave of the execution's snapshot.
    package var serverIds: [String]
    /// Its wave whose start is requested but whose DRS job is not known yet (STARTING without a
    /// job id), if any: DRS's limits count it as a job before DRS lists one.
    package var startingWave: StartingWave?

    /// A wave's requested start: where, and for which servers.
    package struct StartingWave: Sendable, Equatable {
        package var region: String
        package var serverIds: [String]

        package init(region: String, serverIds: [String]) {
            self.region = region
            self.serverIds = serverIds
        }
    }

    package static let kind = "execution"

    package init(executionID: String, planId: String, planName: String, status: String, serverIds: [String]) {
        self.executionID = executionID
        self.planId = planId
        self.planName = planName
        self.status = status
        self.serverIds = serverIds
    }

    private struct WaveServers: Decodable {
        var serverIds: [String]?
        var status: String?
        var jobId: String?
        var region: String?
    }

    enum CodingKeys: String, CodingKey {
        case executionID = "pk"
        case planId, planName, status, waves
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        executionID = try container.decode(String.self, forKey: .executionID)
        planId = try container.decode(String.self, forKey: .planId)
        planName = try container.decodeIfPresent(String.self, forKey: .planName) ?? ""
        status = try container.decode(String.self, forKey: .status)
        let waves = try container.decodeIfPresent([WaveServers].self, forKey: .waves) ?? []
        serverIds = waves.flatMap { $0.serverIds ?? [] }
        startingWave = waves.first { $0.status == "STARTING" && $0.jobId == nil }.map {
            StartingWave(region: $0.region ?? "", serverIds: $0.serverIds ?? [])
        }
    }

    /// The active executions of the plans the sparse `ByActiveExecution` index names: one scan of
    /// the index and one batch read, whatever the tables hold. Eventually consistent (an execution
    /// started a moment ago may be missing): for what a read shows, not for what a write decides.
    package static func all(in store: any RecordStore) throws -> [ActiveExecution] {
        try read(Array(Set(try executingPlans(in: store).map(\.executionID))).sorted(), in: store)
    }

    /// Every active execution, strongly consistent (see `ids(in:sequence:indexed:)`).
    package static func all(
        in store: any RecordStore, sequence: DynamoDBItem?, indexed: [ExecutingPlan]? = nil
    ) throws -> [ActiveExecution] {
        try read(try ids(in: store, sequence: sequence, indexed: indexed), in: store)
    }

    /// The executions with these ids that are active.
    static func read(_ ids: [String], in store: any RecordStore) throws -> [ActiveExecution] {
        guard !ids.isEmpty else { return [] }
        return try store.get(.executions, keys: ids).compactMap { item in
            guard item[RecordKey.kind] == .string(kind), let status = item["status"]?.stringValue,
                ExecutionStatus(rawValue: status)?.isActive == true
            else { return nil }
            return try RecordCoding.record(ActiveExecution.self, item)
        }
    }

    /// The ids of every execution that may be active (a superset; read the executions to know):
    /// the plans' `activeExecutionId`s through the sparse `ByActiveExecution` index, and the start
    /// register — the executions the last start saw active plus its own, kept on the start-sequence
    /// item. The index is eventually consistent; the register is read strongly consistently, so an
    /// execution started a moment ago counts before the index shows it.
    package static func ids(
        in store: any RecordStore, sequence: DynamoDBItem?, indexed: [ExecutingPlan]? = nil
    ) throws -> [String] {
        let indexed = try indexed ?? executingPlans(in: store)
        return Array(Set(indexed.map(\.executionID) + registered(in: sequence))).sorted()
    }

    /// A plan the sparse index names as executing, and the execution.
    package struct ExecutingPlan: Sendable, Equatable {
        package var planId: String
        package var executionID: String
    }

    /// Every entry of the sparse `ByActiveExecution` index (eventually consistent).
    package static func executingPlans(in store: any RecordStore) throws -> [ExecutingPlan] {
        try store.scanIndex(
            .recoveryPlans, index: StoreIndex.byActiveExecution, keyAttribute: StoreIndex.activeExecutionID
        ).compactMap { item in
            guard let plan = item[RecordKey.attribute]?.stringValue,
                let execution = item[StoreIndex.activeExecutionID]?.stringValue
            else { return nil }
            return ExecutingPlan(planId: plan, executionID: execution)
        }
    }

    /// The start-sequence item's attribute holding the start register.
    package static let registerAttribute = "active"

    /// The execution ids in the start register of `sequence`.
    package static func registered(in sequence: DynamoDBItem?) -> [String] {
        guard case .list(let values)? = sequence?[registerAttribute] else { return [] }
        return values.compactMap(\.stringValue)
    }

    /// The register a start writes: the executions it saw active, and its own.
    package static func register(_ active: [ActiveExecution], adding id: String) -> AttributeValue {
        .list((Set(active.map(\.executionID)).sorted() + [id]).map { .string($0) })
    }
}

/// Why a plan cannot run now: some of its servers are held by another plan's active execution.
package struct ServerConflict: Sendable, Equatable {
    package var servers: [String]
    package var execution: ActiveExecution
}
