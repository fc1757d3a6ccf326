import DynamoDB

/// What the resource rules need of an active execution: whose it is and which servers it holds.
/// Decoded leniently from the executions table (the engine owns the full record).
package struct ActiveExecution: Decodable, Sendable, Equatable {
    package var executionId: String
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
    package static let activeStatuses: Set<String> = ["PENDING", "RUNNING", "PAUSE_PENDING", "PAUSED", "CANCELLING"]

    package init(executionId: String, planId: String, planName: String, status: String, serverIds: [String]) {
        self.executionId = executionId
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
        case executionId = "pk"
        case planId, planName, status, waves
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        executionId = try container.decode(String.self, forKey: .executionId)
        planId = try container.decode(String.self, forKey: .planId)
        planName = try container.decodeIfPresent(String.self, forKey: .planName) ?? ""
        status = try container.decode(String.self, forKey: .status)
        let waves = try container.decodeIfPresent([WaveServers].self, forKey: .waves) ?? []
        serverIds = waves.flatMap { $0.serverIds ?? [] }
        startingWave = waves.first { $0.status == "STARTING" && $0.jobId == nil }.map {
            StartingWave(region: $0.region ?? "", serverIds: $0.serverIds ?? [])
        }
    }

    /// Every active execution: the plans name theirs (`activeExecutionId`), one batch read fetches
    /// them — no scan of the execution history.
    package static func all(in store: any RecordStore, plans: [RecoveryPlan]) throws -> [ActiveExecution] {
        let ids = plans.compactMap(\.activeExecutionId)
        guard !ids.isEmpty else { return [] }
        return try store.get(.executions, keys: ids).compactMap { item in
            guard let status = item["status"]?.stringValue, activeStatuses.contains(status) else { return nil }
            return try RecordCoding.record(ActiveExecution.self, item)
        }
    }
}

/// Why a plan cannot run now: some of its servers are held by another plan's active execution.
package struct ServerConflict: Sendable, Equatable {
    package var servers: [String]
    package var execution: ActiveExecution
}
