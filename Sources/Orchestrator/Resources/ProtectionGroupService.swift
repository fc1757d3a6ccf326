import DRSModel
import DynamoDBModel
import JSONCore

/// Protection groups (spec §2.1): validation, the uniqueness invariants (names, tag sets, explicit
/// servers — each a guard item claimed in the group's own transaction) and tag resolution.
package struct ProtectionGroupService: Sendable {
    package let store: any RecordStore
    package let drs: any DRSGateway
    package let environment: DomainEnvironment

    /// At most this many explicit servers per group: a group, its name guard and one guard per
    /// server must fit in one transaction (100 items). Larger sets select by tags.
    package static let maxExplicitServers = 95

    package init(store: any RecordStore, drs: any DRSGateway, environment: DomainEnvironment = .live) {
        self.store = store
        self.drs = drs
        self.environment = environment
    }

    // MARK: Reads

    /// Every group, by name (the `ByName` index, page by page; never the guard items).
    package func all() throws -> [ProtectionGroup] {
        try list(name: nil, region: nil, limit: nil, nextToken: nil).items
    }

    /// Groups whose name contains `name` (case-insensitive) and whose region is `region`, by name,
    /// a page at a time through the `ByName` index.
    package func list(name: String?, region: String?, limit: Int?, nextToken: String?) throws -> ListPage<
        ProtectionGroup
    > {
        let needle = name?.lowercased()
        return try NameIndexPage.read(
            store, .protectionGroups, kind: ProtectionGroup.kind, limit: limit, after: nextToken,
            filtered: needle != nil || region != nil
        ) { items in
            try items.map { try RecordCoding.record(ProtectionGroup.self, $0) }.filter { group in
                (needle.map { group.name.lowercased().contains($0) } ?? true)
                    && (region.map { group.region == $0 } ?? true)
            }.map { ($0, Self.sortKey($0)) }
        }
    }

    static func sortKey(_ group: ProtectionGroup) -> String { StoreIndex.nameKey(name: group.name, id: group.id) }

    /// The other groups holding a guard `group` claims (its name, its tag set or an explicit
    /// server): one batch read of those guards and one of their owners, whatever the table holds.
    func claimants(of group: ProtectionGroup) throws -> [ProtectionGroup] {
        let keys = [Guard.name(group.name)] + Self.claimKeys(group)
        let owners = Set(try store.get(.protectionGroups, keys: keys).compactMap { $0["owner"]?.stringValue })
            .subtracting([group.id])
        guard !owners.isEmpty else { return [] }
        return try store.get(.protectionGroups, keys: owners.sorted())
            .filter { $0[RecordKey.kind] == .string(ProtectionGroup.kind) }
            .map { try RecordCoding.record(ProtectionGroup.self, $0) }.sorted { $0.id < $1.id }
    }

    /// - Throws: 404 `PROTECTION_GROUP_NOT_FOUND`.
    package func get(_ id: String) throws -> ProtectionGroup {
        guard let item = try store.get(.protectionGroups, key: id),
            item[RecordKey.kind] == .string(ProtectionGroup.kind)
        else { throw DomainError.protectionGroupNotFound(id) }
        return try RecordCoding.record(ProtectionGroup.self, item)
    }

    /// The servers `id` selects now.
    package func resolve(_ id: String, catalog: ServerCatalog) throws -> (ProtectionGroup, [SourceServer]) {
        let group = try get(id)
        return (group, try catalog.resolve(group))
    }

    // MARK: Writes

    /// Creates a group.
    /// - Throws: `DomainError`: `MISSING_FIELD`, `INVALID_NAME`, `INVALID_TAGS`, `INVALID_SERVERS`,
    ///   `DRS_NOT_INITIALIZED`, `PG_NAME_EXISTS`, `TAG_CONFLICT`, `SERVER_CONFLICT`.
    /// - Parameter by: who creates it (`createdBy` and `updatedBy`).
    package func create(_ draft: ProtectionGroupDraft, catalog: ServerCatalog, by: String) throws -> ProtectionGroup {
        guard let rawName = draft.name else { throw DomainError.missingField("name") }
        guard let region = draft.region?.trimmingWhitespace(), !region.isEmpty else {
            throw DomainError.missingField("region")
        }
        let name = try NameRule.validate(rawName)
        guard
            let selection = try Selection(
                tags: draft.serverSelectionTags, servers: draft.sourceServerIds, required: true)
        else { throw DomainError.missingField("serverSelectionTags") }
        let now = environment.now()
        let group = ProtectionGroup(
            id: environment.newID(), name: name, description: draft.description ?? "", region: region,
            serverSelectionTags: selection.tags, sourceServerIds: selection.servers, accountId: draft.accountId ?? "",
            owner: draft.owner ?? "", createdAt: now, updatedAt: now, createdBy: by)
        // DRS first: the region must be initialized, explicit servers must exist.
        let known = try Self.servers(of: group, catalog: catalog)
        try Self.checkServersExist(selection.servers, known: known)
        return try OptimisticWrite.run(sleep: environment.sleep) {
            try Self.checkConflicts(group, against: try claimants(of: group), known: known)
            var writes: [RecordWrite] = [
                .put(.protectionGroups, try RecordCoding.item(group), .absent),
                Guard.claim(.protectionGroups, Guard.name(name), owner: group.id, at: now),
            ]
            writes += Self.claimKeys(group).map { Guard.claim(.protectionGroups, $0, owner: group.id, at: now) }
            do {
                try GuardRepair.write(writes, store: store, now: now)
            } catch let held as GuardHeldError {
                throw conflict(held, for: group, known: known)
            }
            return group
        }
    }

    /// Changes the fields sent; switching between tags and explicit servers replaces the other.
    /// - Throws: `DomainError`: 404, `VERSION_CONFLICT`, `PG_IN_ACTIVE_EXECUTION`, region change
    ///   (`INVALID_REQUEST`), and the create's validation and conflict errors.
    /// - Parameter by: who changes it (`updatedBy`).
    package func update(_ id: String, _ draft: ProtectionGroupDraft, catalog: ServerCatalog, by: String) throws
        -> ProtectionGroup
    {
        let name = try draft.name.map { rawName throws(DomainError) in try NameRule.validate(rawName) }
        let selection = try Selection(tags: draft.serverSelectionTags, servers: draft.sourceServerIds, required: false)
        return try OptimisticWrite.run(sleep: environment.sleep) {
            let current = try get(id)
            if let expected = draft.version, expected != current.version {
                throw DomainError.versionConflict(id: id, expected: expected, current: current.version)
            }
            if let region = draft.region?.trimmingWhitespace(), region != current.region {
                throw DomainError.invalidRequest(
                    "Cannot change region after creation (the group is in \(current.region))", field: "region")
            }
            // The plans using the group that are executing: the executing plans (the sparse index
            // and the start register), not every plan.
            let sequence = try store.get(.executions, key: ExecutionRecords.startSequenceKey)
            if current.planReferences > 0 {
                let indexed = try ActiveExecution.executingPlans(in: store)
                let active = try ActiveExecution.all(in: store, sequence: sequence, indexed: indexed)
                let executing = Set(indexed.map(\.planId) + active.map(\.planId)).sorted()
                let users = try store.get(.recoveryPlans, keys: executing)
                    .filter { $0[RecordKey.kind] == .string(RecoveryPlan.kind) }
                    .map { try RecordCoding.record(RecoveryPlan.self, $0) }
                    .filter { $0.protectionGroupIds.contains(id) }.sorted { $0.id < $1.id }
                if let busy = users.first(where: { $0.activeExecutionId != nil }) {
                    throw DomainError(
                        .pgInActiveExecution, "Cannot modify Protection Group while it is part of an active execution",
                        context: [
                            .init(
                                "activeExecution",
                                [
                                    "executionId": .string(busy.activeExecutionId ?? ""), "planId": .string(busy.id),
                                    "planName": .string(busy.name),
                                ]),
                            .init("protectionGroupId", .string(id)),
                        ])
                }
            }
            var updated = current
            if let name { updated.name = name }
            if let description = draft.description { updated.description = description }
            if let accountId = draft.accountId { updated.accountId = accountId }
            if let owner = draft.owner { updated.owner = owner }
            if let selection {
                updated.serverSelectionTags = selection.tags
                updated.sourceServerIds = selection.servers
            }
            updated.updatedAt = environment.now()
            updated.updatedBy = by
            updated.version = current.version + 1
            let known = try Self.servers(of: updated, catalog: catalog)
            let added = Set(updated.sourceServerIds).subtracting(current.sourceServerIds)
            try Self.checkServersExist(updated.sourceServerIds.filter(added.contains), known: known)
            try Self.checkConflicts(updated, against: try claimants(of: updated), known: known)

            var writes: [RecordWrite] = [
                .update(
                    .protectionGroups, key: id,
                    RecordUpdate(
                        set: try RecordCoding.attributes(
                            updated,
                            [
                                "name", "description", "serverSelectionTags", "sourceServerIds", "accountId", "owner",
                                "updatedAt", "updatedBy", "version",
                            ])), Self.editCondition(current))
            ]
            // Names compare as keys: a canonically equivalent or case-changed name keeps its guard.
            let now = environment.now()
            if Guard.name(updated.name) != Guard.name(current.name) {
                writes.append(Guard.reclaim(.protectionGroups, Guard.name(updated.name), owner: id, at: now))
                writes.append(Guard.release(.protectionGroups, Guard.name(current.name), heldBy: id))
            }
            let delta = Self.selectionDelta(from: current, to: updated)
            // No plan using the group may start an execution in between: every start advances the
            // start sequence (and checks the group's version the other way round).
            let sequenceVersion = sequence?["version"]?.numberText.flatMap { Int($0) }
            writes.append(
                .check(
                    .executions, key: ExecutionRecords.startSequenceKey,
                    sequenceVersion.map { StoreCondition(version: $0) } ?? .absent))
            do {
                try commitEdit(of: id, writes: writes, claims: delta.claims, releases: delta.releases, now: now)
            } catch let held as GuardHeldError {
                throw conflict(held, for: updated, known: known)
            }
            return updated
        }
    }

    /// Deletes a group no plan uses.
    /// - Throws: 404, 409 `PG_IN_USE` with the names of the plans using it.
    package func delete(_ id: String) throws {
        try OptimisticWrite.run(sleep: environment.sleep) {
            let group = try get(id)
            if group.planReferences > 0 {
                // Only a refused delete reads every plan (by name, through the index).
                let plans = try NameIndexPage.read(
                    store, .recoveryPlans, kind: RecoveryPlan.kind, limit: nil, after: nil, filtered: true
                ) { items in
                    try items.map { try RecordCoding.record(RecoveryPlan.self, $0) }
                        .filter { $0.protectionGroupIds.contains(id) }.map { ($0, "") }
                }.items
                throw DomainError(
                    .pgInUse, "Cannot delete Protection Group - it is used in \(plans.count) Recovery Plan(s)",
                    context: [
                        .init("plans", .array(plans.map { .string($0.name) })),
                        .init(
                            "details",
                            .array(
                                plans.map { plan in
                                    [
                                        "planId": .string(plan.id), "planName": .string(plan.name),
                                        "waveName": .string(
                                            plan.waves.first { $0.protectionGroupId == id }?.name ?? ""),
                                    ]
                                })),
                    ])
            }
            var writes: [RecordWrite] = [
                .delete(
                    .protectionGroups, key: id,
                    StoreCondition(version: group.version, zeroOrAbsent: ["planRefs"])),
                Guard.release(.protectionGroups, Guard.name(group.name), heldBy: id),
            ]
            writes += Self.selectionReleases(group)
            try store.write(writes)
        }
    }

    // MARK: Rules

    /// Tags or explicit servers, never both; empty counts as not sent.
    struct Selection {
        var tags: [String: String]
        var servers: [String]

        /// nil when neither was sent and neither is required (an update leaving the selection alone).
        init?(tags: [String: String]?, servers: [String]?, required: Bool) throws(DomainError) {
            if let tags, tags.isEmpty, (servers ?? []).isEmpty {
                throw DomainError.invalidTags("ServerSelectionTags must be a non-empty object with tag key-value pairs")
            }
            if let servers, servers.isEmpty, (tags ?? [:]).isEmpty {
                throw DomainError(
                    .invalidServers, "SourceServerIds must be a non-empty array",
                    context: [.init("field", "sourceServerIds")])
            }
            let tags = tags ?? [:]
            let servers = servers ?? []
            if !tags.isEmpty && !servers.isEmpty {
                throw DomainError.invalidRequest(
                    "Select servers either by serverSelectionTags or by sourceServerIds, not both",
                    field: "serverSelectionTags")
            }
            if tags.isEmpty && servers.isEmpty {
                guard !required else {
                    throw DomainError(
                        .missingField, "serverSelectionTags or sourceServerIds is required",
                        context: [.init("field", "serverSelectionTags")])
                }
                return nil
            }
            for (key, _) in tags where key.trimmingWhitespace().isEmpty {
                throw DomainError.invalidTags("ServerSelectionTags keys must be non-empty strings")
            }
            var seen = Set<String>()
            for server in servers where !seen.insert(server).inserted {
                throw DomainError(
                    .invalidServers, "SourceServerIds lists \(server) more than once",
                    context: [.init("duplicateServerIds", [.string(server)])])
            }
            guard servers.count <= ProtectionGroupService.maxExplicitServers else {
                throw DomainError(
                    .invalidServers,
                    "A Protection Group may list at most \(ProtectionGroupService.maxExplicitServers) servers by id; "
                        + "select larger sets with serverSelectionTags",
                    context: [.init("limit", .int(ProtectionGroupService.maxExplicitServers))])
            }
            self.tags = tags
            self.servers = servers
        }
    }

    /// What DRS knows of the servers `group` may name: an explicit group's own servers, described by
    /// id (a constant cost, whatever the region holds); for a tag group, the region's inventory (DRS
    /// has no tag filter). Either way an uninitialized region fails here, before any write.
    static func servers(of group: ProtectionGroup, catalog: ServerCatalog) throws(DomainError) -> [SourceServer] {
        group.selectsByTags
            ? try catalog.servers(in: group.region) : try catalog.servers(ids: group.sourceServerIds, in: group.region)
    }

    static func checkServersExist(_ ids: [String], known: [SourceServer]) throws(DomainError) {
        let knownIDs = Set(known.map(\.sourceServerID))
        let unknown = ids.filter { !knownIDs.contains($0) }
        guard unknown.isEmpty else {
            throw DomainError(
                .invalidServers, "Invalid server IDs (not found in DRS): \(unknown.joined(separator: ", "))",
                context: [.init("invalidServerIds", .array(unknown.map { .string($0) }))])
        }
    }

    /// Name, tag-set and explicit-server conflicts of `group` with `others`, as the guide's bodies.
    static func checkConflicts(_ group: ProtectionGroup, against others: [ProtectionGroup], known: [SourceServer])
        throws(DomainError)
    {
        if let existing = others.first(where: { NameKey.same($0.name, group.name) }) {
            throw DomainError(
                .pgNameExists, "A Protection Group named \"\(existing.name)\" already exists",
                context: [.init("existingName", .string(existing.name))])
        }
        if group.selectsByTags, let same = others.first(where: { $0.serverSelectionTags == group.serverSelectionTags })
        {
            throw DomainError(
                .tagConflict, "Another Protection Group already uses these exact tags",
                context: [
                    .init(
                        "conflicts",
                        [
                            [
                                "protectionGroupId": .string(same.id), "protectionGroupName": .string(same.name),
                                "conflictingTags": .object(same.serverSelectionTags.mapValues { .string($0) }),
                                "conflictType": "exact_match",
                            ]
                        ])
                ])
        }
        let owners = Dictionary(
            others.flatMap { other in other.sourceServerIds.map { ($0, other) } },
            uniquingKeysWith: { first, _ in first })
        let hostnames = Dictionary(
            known.map { ($0.sourceServerID, $0.hostname ?? "") }, uniquingKeysWith: { a, _ in a })
        let conflicts: [JSONValue] = group.sourceServerIds.compactMap { server in
            owners[server].map { owner in
                [
                    "serverId": .string(server), "hostname": .string(hostnames[server] ?? ""),
                    "assignedToGroupId": .string(owner.id), "assignedToGroupName": .string(owner.name),
                ]
            }
        }
        guard conflicts.isEmpty else {
            throw DomainError(
                .serverConflict, "One or more servers are already assigned to another Protection Group",
                context: [.init("conflicts", .array(conflicts))])
        }
    }

    /// The guards a deleted group gives up (only while it holds them).
    static func selectionReleases(_ group: ProtectionGroup) -> [RecordWrite] {
        claimKeys(group).map { Guard.release(.protectionGroups, $0, heldBy: group.id) }
    }

    static func claimKeys(_ group: ProtectionGroup) -> [String] {
        group.selectsByTags ? [Guard.tags(group.serverSelectionTags)] : group.sourceServerIds.map(Guard.server)
    }
}

extension DomainError {
    package static func protectionGroupNotFound(_ id: String) -> DomainError {
        DomainError(
            .protectionGroupNotFound, "Protection Group \(id) not found",
            context: [.init("protectionGroupId", .string(id))])
    }

    package static func invalidTags(_ message: String) -> DomainError {
        DomainError(.invalidTags, message, context: [.init("field", "serverSelectionTags")])
    }
}
