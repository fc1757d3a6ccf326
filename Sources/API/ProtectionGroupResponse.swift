import DRSModel
import JSONCore
import Orchestrator

/// A protection group on the wire (spec §2.1): camelCase, ISO-8601 timestamps, `id` and
/// `protectionGroupId` both naming it, `createdBy`/`updatedBy` null for records written before
/// the audit fields.
package struct ProtectionGroupResponse: ListItem {
    package static let listKey = "groups"

    package var id: String
    package var protectionGroupId: String
    package var name: String
    package var description: String
    package var region: String
    package var serverSelectionTags: [String: String]
    package var sourceServerIds: [String]
    package var accountId: String
    package var owner: String
    package var createdAt: String
    package var updatedAt: String
    package var version: Int
    @Nullable package var createdBy: String?
    @Nullable package var updatedBy: String?

    package init(_ group: ProtectionGroup) {
        id = group.id
        protectionGroupId = group.id
        name = group.name
        description = group.description
        region = group.region
        serverSelectionTags = group.serverSelectionTags
        sourceServerIds = group.sourceServerIds
        accountId = group.accountId
        owner = group.owner
        createdAt = Timestamp.iso8601(group.createdAt)
        updatedAt = Timestamp.iso8601(group.updatedAt)
        version = group.version
        createdBy = group.createdBy
        updatedBy = group.updatedBy
    }
}

/// The servers a tag selection resolves to (`POST /protection-groups/{id}/resolve` and
/// `POST /protection-groups/resolve`); `protectionGroupId` is null for a selection not yet saved.
package struct ServerResolutionResponse: Encodable {
    @Nullable package var protectionGroupId: String?
    package var region: String
    package var tags: [String: String]
    package var servers: [SourceServerResponse]
    package var serverCount: Int
    package var resolvedAt: String

    package init(groupID: String?, region: String, tags: [String: String], servers: [SourceServer], at now: Int64) {
        protectionGroupId = groupID
        self.region = region
        self.tags = tags
        self.servers = servers.map(SourceServerResponse.init)
        serverCount = servers.count
        resolvedAt = Timestamp.iso8601(now)
    }
}
