/// A named set of DRS source servers in one region, chosen by explicit ids or by tags (spec §2.1).
/// Stored as one item of the protection-groups table (`pk` = id, `kind` = `group`).
package struct ProtectionGroup: Codable, Sendable, Equatable {
    package var id: String
    package var name: String
    package var description: String
    package var region: String
    /// AND of exact key=value matches against the DRS source server's tags; empty in explicit mode.
    package var serverSelectionTags: [String: String]
    /// Explicit DRS source server ids; empty in tag mode.
    package var sourceServerIds: [String]
    package var accountId: String
    package var owner: String
    /// Milliseconds since the epoch.
    package var createdAt: Int64
    package var updatedAt: Int64
    /// Who created it and who last changed it (spec §5 identity, `iam` for direct invocations);
    /// nil in records written before the fields existed.
    package var createdBy: String?
    package var updatedBy: String?
    package var version: Int
    /// How many recovery plans reference the group: kept by the plans' own transactions, so a
    /// group in use cannot be deleted even by a delete racing a plan's creation.
    package var planReferences: Int

    package static let kind = "group"

    package var selectsByTags: Bool { !serverSelectionTags.isEmpty }

    enum CodingKeys: String, CodingKey {
        case id = "pk"
        case kind, name, nameKey, description, region, serverSelectionTags, sourceServerIds, accountId, owner, createdAt
        case updatedAt, version, createdBy, updatedBy
        case planReferences = "planRefs"
    }

    package init(
        id: String, name: String, description: String = "", region: String,
        serverSelectionTags: [String: String] = [:], sourceServerIds: [String] = [], accountId: String = "",
        owner: String = "", createdAt: Int64, updatedAt: Int64, createdBy: String? = nil, version: Int = 1,
        planReferences: Int = 0
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.region = region
        self.serverSelectionTags = serverSelectionTags
        self.sourceServerIds = sourceServerIds
        self.accountId = accountId
        self.owner = owner
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.updatedBy = createdBy
        self.version = version
        self.planReferences = planReferences
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        region = try container.decode(String.self, forKey: .region)
        serverSelectionTags = try container.decodeIfPresent([String: String].self, forKey: .serverSelectionTags) ?? [:]
        sourceServerIds = try container.decodeIfPresent([String].self, forKey: .sourceServerIds) ?? []
        accountId = try container.decodeIfPresent(String.self, forKey: .accountId) ?? ""
        owner = try container.decodeIfPresent(String.self, forKey: .owner) ?? ""
        createdAt = try container.decode(Int64.self, forKey: .createdAt)
        updatedAt = try container.decode(Int64.self, forKey: .updatedAt)
        createdBy = try container.decodeIfPresent(String.self, forKey: .createdBy)
        updatedBy = try container.decodeIfPresent(String.self, forKey: .updatedBy)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        planReferences = try container.decodeIfPresent(Int.self, forKey: .planReferences) ?? 0
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(Self.kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(StoreIndex.nameKey(name: name, id: id), forKey: .nameKey)
        try container.encode(description, forKey: .description)
        try container.encode(region, forKey: .region)
        try container.encode(serverSelectionTags, forKey: .serverSelectionTags)
        try container.encode(sourceServerIds, forKey: .sourceServerIds)
        try container.encode(accountId, forKey: .accountId)
        try container.encode(owner, forKey: .owner)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(createdBy, forKey: .createdBy)
        try container.encodeIfPresent(updatedBy, forKey: .updatedBy)
        try container.encode(version, forKey: .version)
        try container.encode(planReferences, forKey: .planReferences)
    }
}
