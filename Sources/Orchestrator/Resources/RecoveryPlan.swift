/// Ordered waves, each recovering one protection group (spec §2.2). Stored as one item of the
/// recovery-plans table (`pk` = id, `kind` = `plan`).
package struct RecoveryPlan: Codable, Sendable, Equatable {
    /// One wave as stored: its position in `waves` is its order.
    package struct Wave: Codable, Sendable, Equatable {
        package var name: String
        package var description: String
        package var protectionGroupId: String
        /// Narrows the wave to these servers of the group; nil for all of them.
        package var serverIds: [String]?
        package var pauseBeforeWave: Bool

        package init(
            name: String, description: String = "", protectionGroupId: String, serverIds: [String]? = nil,
            pauseBeforeWave: Bool = false
        ) {
            self.name = name
            self.description = description
            self.protectionGroupId = protectionGroupId
            self.serverIds = serverIds
            self.pauseBeforeWave = pauseBeforeWave
        }
    }

    package var id: String
    package var name: String
    package var description: String
    package var waves: [Wave]
    package var createdAt: Int64
    package var updatedAt: Int64
    /// Who created it and who last changed it (spec §5 identity, `iam` for direct invocations);
    /// nil in records written before the fields existed.
    package var createdBy: String?
    package var updatedBy: String?
    package var version: Int
    /// Set while an execution of the plan is active: the start of an execution claims it with a
    /// conditional write, edits and deletes require it absent.
    package var activeExecutionId: String?
    package var lastExecutionId: String?
    /// UPPERCASE, as stored on the execution.
    package var lastExecutionStatus: String?
    package var lastStartTime: Int64?
    package var lastEndTime: Int64?

    package static let kind = "plan"
    /// Attributes an edit of the plan replaces; the others belong to executions.
    package static let editableAttributes = [
        "name", "nameKey", "description", "waves", "updatedAt", "updatedBy", "version",
    ]

    /// The distinct protection groups the waves recover, in wave order.
    package var protectionGroupIds: [String] {
        var seen = Set<String>()
        return waves.map(\.protectionGroupId).filter { seen.insert($0).inserted }
    }

    enum CodingKeys: String, CodingKey {
        case id = "pk"
        case kind, name, nameKey, description, waves, createdAt, updatedAt, version, activeExecutionId, lastExecutionId
        case lastExecutionStatus, lastStartTime, lastEndTime, createdBy, updatedBy
    }

    package init(
        id: String, name: String, description: String = "", waves: [Wave], createdAt: Int64, updatedAt: Int64,
        createdBy: String? = nil, version: Int = 1
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.waves = waves
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.updatedBy = createdBy
        self.version = version
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        waves = try container.decodeIfPresent([Wave].self, forKey: .waves) ?? []
        createdAt = try container.decode(Int64.self, forKey: .createdAt)
        updatedAt = try container.decode(Int64.self, forKey: .updatedAt)
        createdBy = try container.decodeIfPresent(String.self, forKey: .createdBy)
        updatedBy = try container.decodeIfPresent(String.self, forKey: .updatedBy)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        activeExecutionId = try container.decodeIfPresent(String.self, forKey: .activeExecutionId)
        lastExecutionId = try container.decodeIfPresent(String.self, forKey: .lastExecutionId)
        lastExecutionStatus = try container.decodeIfPresent(String.self, forKey: .lastExecutionStatus)
        lastStartTime = try container.decodeIfPresent(Int64.self, forKey: .lastStartTime)
        lastEndTime = try container.decodeIfPresent(Int64.self, forKey: .lastEndTime)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(Self.kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(StoreIndex.nameKey(name: name, id: id), forKey: .nameKey)
        try container.encode(description, forKey: .description)
        try container.encode(waves, forKey: .waves)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(createdBy, forKey: .createdBy)
        try container.encodeIfPresent(updatedBy, forKey: .updatedBy)
        try container.encode(version, forKey: .version)
        try container.encodeIfPresent(activeExecutionId, forKey: .activeExecutionId)
        try container.encodeIfPresent(lastExecutionId, forKey: .lastExecutionId)
        try container.encodeIfPresent(lastExecutionStatus, forKey: .lastExecutionStatus)
        try container.encodeIfPresent(lastStartTime, forKey: .lastStartTime)
        try container.encodeIfPresent(lastEndTime, forKey: .lastEndTime)
    }
}
