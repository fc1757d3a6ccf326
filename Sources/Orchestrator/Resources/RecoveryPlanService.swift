import DRSModel
import DynamoDBModel
import JSONCore

/// Recovery plans (spec §2.2): wave validation against the groups, unique names (a guard item),
/// the groups' reference counts (kept in the plan's own transaction), and the conflict view.
package struct RecoveryPlanService: Sendable {
    package let store: any RecordStore
    package let groups: ProtectionGroupService
    package let environment: DomainEnvironment

    package init(store: any RecordStore, groups: ProtectionGroupService, environment: DomainEnvironment = .live) {
        self.store = store
        self.groups = groups
        self.environment = environment
    }

    /// A plan with what the list and get compute for it.
    package struct View: Sendable {
        package var plan: RecoveryPlan
        package var conflict: ServerConflict?
        /// Why the conflict is unknown (DRS could not say which servers a tag group selects); nil
        /// when `conflict` is the answer.
        package var conflictUnknown: String?

        package init(plan: RecoveryPlan, conflict: ServerConflict?, conflictUnknown: String? = nil) {
            self.plan = plan
            self.conflict = conflict
            self.conflictUnknown = conflictUnknown
        }
    }

    /// The list filters of spec §2.2, AND-combined; nil = not given.
    package struct Filters: Sendable, Equatable {
        package var name: String?
        package var nameExact: String?
        package var tag: (key: String, value: String)?
        package var hasConflict: Bool?
        package var status: String?

        package init(
            name: String? = nil, nameExact: String? = nil, tag: (key: String, value: String)? = nil,
            hasConflict: Bool? = nil, status: String? = nil
        ) {
            self.name = name
            self.nameExact = nameExact
            self.tag = tag
            self.hasConflict = hasConflict
            self.status = status
        }

        package static func == (lhs: Filters, rhs: Filters) -> Bool {
            lhs.name == rhs.name && lhs.nameExact == rhs.nameExact && lhs.tag?.key == rhs.tag?.key
                && lhs.tag?.value == rhs.tag?.value && lhs.hasConflict == rhs.hasConflict && lhs.status == rhs.status
        }
    }

    // MARK: Reads

    /// The plans matching `filters`, by name, a page at a time: the `ByName` index from the token's
    /// position, the groups the page's plans use (one batch read per index page, only when a tag
    /// filter or a conflict needs them), the active executions (the sparse index and one batch
    /// read), and DRS once per region only when a conflict must be computed for a tag group. An
    /// exact name is found by its name guard.
    package func list(_ filters: Filters, limit: Int?, nextToken: String?, catalog: ServerCatalog) throws -> ListPage<
        View
    > {
        let active = try ActiveExecution.all(in: store)
        var groupsByID: [String: ProtectionGroup] = [:]
        let needsGroups = filters.tag != nil || !active.isEmpty
        func select(_ plans: [RecoveryPlan]) throws -> [View] {
            let candidates = plans.filter { plan in
                if let name = filters.name?.lowercased(), !plan.name.lowercased().contains(name) { return false }
                if let exact = filters.nameExact?.lowercased(), plan.name.lowercased() != exact { return false }
                if let status = filters.status?.lowercased(), (plan.lastExecutionStatus ?? "").lowercased() != status {
                    return false
                }
                return true
            }
            if needsGroups {
                let missing = Set(candidates.flatMap(\.protectionGroupIds)).subtracting(groupsByID.keys)
                for item in try store.get(.protectionGroups, keys: missing.sorted()) {
                    let group = try RecordCoding.record(ProtectionGroup.self, item)
                    groupsByID[group.id] = group
                }
            }
            var views: [View] = []
            for plan in candidates {
                if let tag = filters.tag,
                    !plan.waves.contains(where: {
                        groupsByID[$0.protectionGroupId]?.serverSelectionTags[tag.key] == tag.value
                    })
                {
                    continue
                }
                let view = Self.view(of: plan, active: active, groups: groupsByID, catalog: catalog)
                if let wanted = filters.hasConflict, view.conflictUnknown != nil || wanted != (view.conflict != nil) {
                    continue
                }
                views.append(view)
            }
            return views
        }
        if let exact = filters.nameExact {
            // At most one plan has the name: its guard names it.
            var plans: [RecoveryPlan] = []
            if let owner = try store.get(.recoveryPlans, key: Guard.name(exact))?["owner"]?.stringValue,
                let item = try store.get(.recoveryPlans, key: owner), item[RecordKey.kind] == .string(RecoveryPlan.kind)
            {
                plans = [try RecordCoding.record(RecoveryPlan.self, item)]
            }
            return try ListPage(sorted: try select(plans), sortKey: Self.sortKey, limit: limit, after: nextToken)
        }
        return try NameIndexPage.read(
            store, .recoveryPlans, kind: RecoveryPlan.kind, limit: limit, after: nextToken,
            filtered: filters != Filters()
        ) { items in
            try select(try items.map { try RecordCoding.record(RecoveryPlan.self, $0) }).map {
                ($0, Self.sortKey($0))
            }
        }
    }

    static func sortKey(_ view: View) -> String { StoreIndex.nameKey(name: view.plan.name, id: view.plan.id) }

    /// - Throws: 404 `RECOVERY_PLAN_NOT_FOUND`.
    package func get(_ id: String) throws -> RecoveryPlan {
        guard let item = try store.get(.recoveryPlans, key: id), item[RecordKey.kind] == .string(RecoveryPlan.kind)
        else { throw DomainError.recoveryPlanNotFound(id) }
        return try RecordCoding.record(RecoveryPlan.self, item)
    }

    /// The plan with its conflict computed as in the list.
    package func view(_ id: String, catalog: ServerCatalog) throws -> View {
        try view(of: try get(id), catalog: catalog)
    }

    /// `plan` (as just read or written) with its conflict computed as in the list.
    package func view(of plan: RecoveryPlan, catalog: ServerCatalog) throws -> View {
        let active = try ActiveExecution.all(in: store)
        guard active.contains(where: { $0.planId != plan.id }) else { return View(plan: plan, conflict: nil) }
        let referenced = try store.get(.protectionGroups, keys: plan.protectionGroupIds).map {
            try RecordCoding.record(ProtectionGroup.self, $0)
        }
        let groupsByID = Dictionary(referenced.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return Self.view(of: plan, active: active, groups: groupsByID, catalog: catalog)
    }

    /// `plan` with its conflict; when DRS fails while resolving a tag group's servers, the
    /// conflict of this plan is unknown (`conflictUnknown`) instead of failing the whole request.
    static func view(
        of plan: RecoveryPlan, active: [ActiveExecution], groups: [String: ProtectionGroup], catalog: ServerCatalog
    ) -> View {
        do {
            return View(plan: plan, conflict: try conflict(of: plan, active: active, groups: groups, catalog: catalog))
        } catch let error as DomainError {
            return View(plan: plan, conflict: nil, conflictUnknown: error.message)
        } catch {
            return View(plan: plan, conflict: nil, conflictUnknown: "\(error)")
        }
    }

    /// The servers each wave of `plan` recovers now: its `serverIds`, or all its group's servers.
    package static func servers(
        of plan: RecoveryPlan, groups: [String: ProtectionGroup], catalog: ServerCatalog
    ) throws -> [[String]] {
        try plan.waves.map { wave in
            if let ids = wave.serverIds, !ids.isEmpty { return ids }
            guard let group = groups[wave.protectionGroupId] else { return [] }
            return try catalog.serverIDs(of: group)
        }
    }

    /// The first active execution of another plan holding servers of `plan`, with those servers.
    static func conflict(
        of plan: RecoveryPlan, active: [ActiveExecution], groups: [String: ProtectionGroup], catalog: ServerCatalog
    ) throws -> ServerConflict? {
        let others = active.filter { $0.planId != plan.id }
        guard !others.isEmpty else { return nil }
        let mine = Set(try servers(of: plan, groups: groups, catalog: catalog).joined())
        for execution in others {
            let shared = execution.serverIds.filter(mine.contains)
            if !shared.isEmpty { return ServerConflict(servers: Array(Set(shared)).sorted(), execution: execution) }
        }
        return nil
    }

    // MARK: Writes

    /// - Throws: `MISSING_FIELD`, `INVALID_NAME`, `INVALID_WAVE_DATA`, 404 `PROTECTION_GROUP_NOT_FOUND`,
    ///   409 `RP_NAME_EXISTS`.
    /// - Parameter by: who creates it (`createdBy` and `updatedBy`).
    package func create(_ draft: RecoveryPlanDraft, catalog: ServerCatalog, by: String) throws -> RecoveryPlan {
        guard let rawName = draft.name else { throw DomainError.missingField("name") }
        guard let waves = draft.waves else {
            throw DomainError(.missingField, "waves is required: at least one wave", context: [.init("field", "waves")])
        }
        let name = try NameRule.validate(rawName)
        let now = environment.now()
        let plan = RecoveryPlan(
            id: environment.newID(), name: name, description: draft.description ?? "",
            waves: try Self.normalized(waves),
            createdAt: now, updatedAt: now, createdBy: by)
        return try OptimisticWrite.run(sleep: environment.sleep) {
            try validateWaves(plan.waves, catalog: catalog)
            try checkName(plan)
            let item = try RecordCoding.item(plan)
            try Self.checkSize(item)
            var writes: [RecordWrite] = [
                .put(.recoveryPlans, item, .absent),
                Guard.claim(.recoveryPlans, Guard.name(plan.name), owner: plan.id, at: now),
            ]
            writes += Self.referenceChanges(from: [], to: plan.protectionGroupIds)
            try writeClaiming(writes, name: plan.name)
            return plan
        }
    }

    /// - Throws: 404, `VERSION_CONFLICT`, `PLAN_HAS_ACTIVE_EXECUTION`, and the create's errors.
    /// - Parameter by: who changes it (`updatedBy`).
    package func update(_ id: String, _ draft: RecoveryPlanDraft, catalog: ServerCatalog, by: String) throws
        -> RecoveryPlan
    {
        let name = try draft.name.map { rawName throws(DomainError) in try NameRule.validate(rawName) }
        let waves = try draft.waves.map { waves throws(DomainError) in try Self.normalized(waves) }
        return try OptimisticWrite.run(sleep: environment.sleep) {
            let current = try get(id)
            if let expected = draft.version, expected != current.version {
                throw DomainError.versionConflict(id: id, expected: expected, current: current.version)
            }
            try Self.checkNotExecuting(current, action: "modify")
            var updated = current
            if let name { updated.name = name }
            if let description = draft.description { updated.description = description }
            if let waves {
                try validateWaves(waves, catalog: catalog)
                updated.waves = waves
            }
            if Guard.name(updated.name) != Guard.name(current.name) { try checkName(updated) }
            updated.updatedAt = environment.now()
            updated.updatedBy = by
            updated.version = current.version + 1
            var writes: [RecordWrite] = [
                .update(
                    .recoveryPlans, key: id,
                    RecordUpdate(set: try RecordCoding.attributes(updated, RecoveryPlan.editableAttributes)),
                    StoreCondition(version: current.version, absentAttributes: ["activeExecutionId"]))
            ]
            try Self.checkSize(try RecordCoding.item(updated))
            // Names compare as keys: a canonically equivalent or case-changed name keeps its guard.
            if Guard.name(updated.name) != Guard.name(current.name) {
                writes.append(
                    Guard.reclaim(.recoveryPlans, Guard.name(updated.name), owner: id, at: updated.updatedAt))
                writes.append(Guard.release(.recoveryPlans, Guard.name(current.name), heldBy: id))
            }
            writes += Self.referenceChanges(from: current.protectionGroupIds, to: updated.protectionGroupIds)
            try writeClaiming(writes, name: updated.name)
            return updated
        }
    }

    /// - Throws: 404, 409 `PLAN_HAS_ACTIVE_EXECUTION`.
    package func delete(_ id: String) throws {
        try OptimisticWrite.run(sleep: environment.sleep) {
            let plan = try get(id)
            try Self.checkNotExecuting(plan, action: "delete")
            var writes: [RecordWrite] = [
                .delete(
                    .recoveryPlans, key: id,
                    StoreCondition(version: plan.version, absentAttributes: ["activeExecutionId"])),
                Guard.release(.recoveryPlans, Guard.name(plan.name), heldBy: id),
            ]
            writes += Self.referenceChanges(from: plan.protectionGroupIds, to: [])
            try store.write(writes)
        }
    }

    /// Writes a plan's claim of its name, repairing a stale guard; a guard held by another plan
    /// that the read did not see (a race) is that plan's name conflict.
    func writeClaiming(_ writes: [RecordWrite], name: String) throws {
        do {
            try GuardRepair.write(writes, store: store, now: environment.now())
        } catch is GuardHeldError {
            throw DomainError(
                .rpNameExists, "A Recovery Plan named \"\(name)\" already exists",
                context: [.init("existingName", .string(name))])
        }
    }

    /// At most this many distinct protection groups per plan: an edit that swaps every group for
    /// another (the plan, its name guards, one reference change per group) must fit one
    /// transaction of 100 items.
    package static let maxGroupsPerPlan = 48
    /// A plan's stored record stays under this many bytes, so that the execution it starts (the
    /// plan's waves with their servers and progress) stays far below DynamoDB's 400 KB items.
    package static let maxPlanBytes = 64 * 1024

    static func checkSize(_ item: DynamoDBItem) throws(DomainError) {
        let bytes = StoreLimits.size(of: item)
        guard bytes <= maxPlanBytes else {
            throw DomainError(
                .invalidWaveData,
                "The Recovery Plan would be stored as \(bytes) bytes; the limit is \(maxPlanBytes) bytes "
                    + "(keep executions within DynamoDB's 400 KB items): use fewer or shorter waves",
                context: [.init("field", "waves"), .init("limit", .int(maxPlanBytes)), .init("size", .int(bytes))])
        }
    }

    // MARK: Rules

    /// Trimmed names; `INVALID_WAVE_DATA` for what can be judged without the groups.
    static func normalized(_ waves: [RecoveryPlan.Wave]) throws(DomainError) -> [RecoveryPlan.Wave] {
        guard !waves.isEmpty else {
            throw DomainError(
                .invalidWaveData, "A Recovery Plan needs at least one wave", context: [.init("field", "waves")])
        }
        var result: [RecoveryPlan.Wave] = []
        for (index, wave) in waves.enumerated() {
            var wave = wave
            wave.name = wave.name.trimmingWhitespace()
            guard !wave.name.isEmpty else {
                throw DomainError.invalidWave(index, "has no name", field: "name")
            }
            wave.protectionGroupId = wave.protectionGroupId.trimmingWhitespace()
            guard !wave.protectionGroupId.isEmpty else {
                throw DomainError.invalidWave(index, "has no protectionGroupId", field: "protectionGroupId")
            }
            if let ids = wave.serverIds {
                guard Set(ids).count == ids.count else {
                    throw DomainError.invalidWave(
                        index, "lists a server more than once in serverIds", field: "serverIds")
                }
                if ids.isEmpty { wave.serverIds = nil }
            }
            result.append(wave)
        }
        let groups = Set(result.map(\.protectionGroupId)).count
        guard groups <= maxGroupsPerPlan else {
            throw DomainError(
                .invalidWaveData,
                "The waves use \(groups) Protection Groups; a Recovery Plan may use at most \(maxGroupsPerPlan) "
                    + "(one DynamoDB transaction of 100 items must hold a change of all of them)",
                context: [.init("field", "waves"), .init("limit", .int(maxGroupsPerPlan))])
        }
        return result
    }

    /// Every wave's group exists and its `serverIds` are servers of that group.
    func validateWaves(_ waves: [RecoveryPlan.Wave], catalog: ServerCatalog) throws {
        let ids = Array(Set(waves.map(\.protectionGroupId)))
        let found = try store.get(.protectionGroups, keys: ids).map {
            try RecordCoding.record(ProtectionGroup.self, $0)
        }
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, wave) in waves.enumerated() {
            guard let group = byID[wave.protectionGroupId] else {
                var error = DomainError.protectionGroupNotFound(wave.protectionGroupId)
                error.message += " (wave \(index + 1), \(wave.name))"
                error.context.append(.init("waveNumber", .int(index + 1)))
                throw error
            }
            guard let ids = wave.serverIds else { continue }
            let members = Set(try catalog.resolve(group).map(\.sourceServerID)).union(group.sourceServerIds)
            let strangers = ids.filter { !members.contains($0) }
            guard strangers.isEmpty else {
                var error = DomainError.invalidWave(
                    index,
                    "lists servers that are not in Protection Group \(group.name): \(strangers.joined(separator: ", "))",
                    field: "serverIds")
                error.context.append(.init("invalidServerIds", .array(strangers.map { .string($0) })))
                throw error
            }
        }
    }

    /// Reads the name's guard (one item, whatever the table holds) and its owner.
    func checkName(_ plan: RecoveryPlan) throws {
        guard let owner = try store.get(.recoveryPlans, key: Guard.name(plan.name))?["owner"]?.stringValue,
            owner != plan.id
        else { return }
        // A guard whose owner is gone or renamed is stale: the claim's write settles it.
        if let item = try store.get(.recoveryPlans, key: owner), item[RecordKey.kind] == .string(RecoveryPlan.kind),
            case let existing = try RecordCoding.record(RecoveryPlan.self, item),
            Guard.name(existing.name) == Guard.name(plan.name)
        {
            throw DomainError(
                .rpNameExists, "A Recovery Plan named \"\(existing.name)\" already exists",
                context: [.init("existingName", .string(existing.name))])
        }
    }

    static func checkNotExecuting(_ plan: RecoveryPlan, action: String) throws(DomainError) {
        guard let execution = plan.activeExecutionId else { return }
        throw DomainError(
            .planHasActiveExecution, "Cannot \(action) Recovery Plan while an execution is in progress",
            context: [.init("activeExecutions", [.string(execution)]), .init("planId", .string(plan.id))])
    }

    /// Reference-count changes on the groups a plan stops or starts using. Starting to use a group
    /// requires it to exist, in the same transaction, so a group cannot vanish under a new plan.
    static func referenceChanges(from old: [String], to new: [String]) -> [RecordWrite] {
        let added = Set(new).subtracting(old).sorted().map { id in
            RecordWrite.update(.protectionGroups, key: id, RecordUpdate(add: ["planRefs": 1]), .present)
        }
        let removed = Set(old).subtracting(new).sorted().map { id in
            RecordWrite.update(.protectionGroups, key: id, RecordUpdate(add: ["planRefs": -1]), .present)
        }
        return added + removed
    }
}

extension DomainError {
    package static func recoveryPlanNotFound(_ id: String) -> DomainError {
        DomainError(
            .recoveryPlanNotFound, "Recovery Plan with ID \(id) not found", context: [.init("planId", .string(id))])
    }

    /// 400 `INVALID_WAVE_DATA` naming the wave (1-based) and the field.
    package static func invalidWave(_ index: Int, _ problem: String, field: String) -> DomainError {
        DomainError(
            .invalidWaveData, "Wave \(index + 1) \(problem)",
            context: [.init("waveNumber", .int(index + 1)), .init("field", .string("waves[\(index)].\(field)"))])
    }
}
