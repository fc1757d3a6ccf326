import JSONCore

/// The fields of a create or update request for a protection group; nil = not sent.
package struct ProtectionGroupDraft: Sendable, Equatable {
    package var name: String?
    package var description: String?
    package var region: String?
    package var serverSelectionTags: [String: String]?
    package var sourceServerIds: [String]?
    package var accountId: String?
    package var owner: String?
    /// The version the caller last read (optimistic concurrency); nil to skip the check.
    package var version: Int?

    package init(
        name: String? = nil, description: String? = nil, region: String? = nil,
        serverSelectionTags: [String: String]? = nil, sourceServerIds: [String]? = nil, accountId: String? = nil,
        owner: String? = nil, version: Int? = nil
    ) {
        self.name = name
        self.description = description
        self.region = region
        self.serverSelectionTags = serverSelectionTags
        self.sourceServerIds = sourceServerIds
        self.accountId = accountId
        self.owner = owner
        self.version = version
    }
}

/// The fields of a create or update request for a recovery plan; nil = not sent.
package struct RecoveryPlanDraft: Sendable, Equatable {
    package var name: String?
    package var description: String?
    package var waves: [RecoveryPlan.Wave]?
    package var version: Int?

    package init(
        name: String? = nil, description: String? = nil, waves: [RecoveryPlan.Wave]? = nil, version: Int? = nil
    ) {
        self.name = name
        self.description = description
        self.waves = waves
        self.version = version
    }
}

/// Checks shared by every named resource.
package enum NameRule {
    package static let maxLength = 256

    /// The trimmed name.
    /// - Throws: `INVALID_NAME` when it is empty or too long.
    package static func validate(_ name: String, field: String = "name") throws(DomainError) -> String {
        let trimmed = name.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw DomainError(
                .invalidName, "\(field) cannot be empty or whitespace-only", context: [.init("field", .string(field))])
        }
        guard trimmed.count <= maxLength else {
            throw DomainError(
                .invalidName, "\(field) must be \(maxLength) characters or fewer",
                context: [
                    .init("field", .string(field)), .init("maxLength", .int(maxLength)),
                    .init("actualLength", .int(trimmed.count)),
                ])
        }
        return trimmed
    }
}

extension String {
    /// Without leading and trailing white space (FoundationEssentials has no `trimmingCharacters`).
    package func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension DomainError {
    /// 409 `VERSION_CONFLICT`: the caller's copy is stale.
    package static func versionConflict(id: String, expected: Int, current: Int) -> DomainError {
        DomainError(
            .versionConflict, "Resource was modified by another user. Please refresh and try again.",
            context: [
                .init("expectedVersion", .int(expected)), .init("currentVersion", .int(current)),
                .init("resourceId", .string(id)),
            ])
    }
}
