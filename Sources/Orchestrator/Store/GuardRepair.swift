import DynamoDBModel

/// A claim failed on a guard that another record holds (or is in the middle of claiming).
package struct GuardHeldError: Error, Sendable, Equatable {
    package var table: StoreTable
    package var key: String
    package var owner: String
}

/// Guards whose owner no longer claims them, found when a claim fails on them, and repaired.
///
/// A guard is valid while its owner exists and claims its key (a name's key, a server, a tag
/// set). It can be left behind without one by a process that died between the steps of an edit
/// too large for one transaction, or by data written under older key rules. Such a guard is
/// deleted in a transaction that also checks the owner is still at the version read (or still
/// absent), so an edit of the owner committing meanwhile cannot lose its guard. A guard claimed
/// less than `graceMilliseconds` ago is left alone: its owner may be between two steps of an edit
/// that will reference it.
package enum GuardRepair {
    package static let graceMilliseconds: Int64 = 60_000

    package enum Verdict: Sendable, Equatable {
        /// Nobody holds the key (any more): claim again.
        case free
        /// `owner` holds the key.
        case held(owner: String)
    }

    /// Writes `writes`; when guard claims among them fail, looks at those guards and repairs the
    /// stale ones.
    /// - Throws: `StoreError` to have the caller's `OptimisticWrite` read again and retry (also
    ///   after a repair); `GuardHeldError` when a claimed guard is validly held by another owner.
    package static func write(_ writes: [RecordWrite], store: any RecordStore, now: Int64) throws {
        do {
            try store.write(writes)
        } catch StoreError.conditionFailed(let indices) {
            let claims = indices.filter { writes.indices.contains($0) && Guard.isClaim(writes[$0]) }
            for index in claims {
                let write = writes[index]
                let claimant: String? =
                    if case .put(_, let item, _) = write { item["owner"]?.stringValue } else { nil }
                if case .held(let owner) = try inspect(write.table, write.key, store: store, now: now),
                    owner != claimant
                {
                    // Unless another failed condition explains the failure, the guard does.
                    if indices.count == claims.count {
                        throw GuardHeldError(table: write.table, key: write.key, owner: owner)
                    }
                }
            }
            throw StoreError.conditionFailed(indices: indices)
        }
    }

    /// Who holds `key` in `table` now; a stale guard is deleted first (and reported free).
    package static func inspect(_ table: StoreTable, _ key: String, store: any RecordStore, now: Int64) throws
        -> Verdict
    {
        guard let guardItem = try store.get(table, key: key), let owner = guardItem["owner"]?.stringValue else {
            return .free
        }
        // Execution guards (client tokens) are not claims of a record's value.
        guard let ownerTable = ownerTable(ofGuardIn: table, key: key) else { return .held(owner: owner) }
        let record = try store.get(ownerTable, key: owner)
        if let record, try claims(record, table: ownerTable).contains(key) { return .held(owner: owner) }
        let claimedAt = guardItem["claimedAt"]?.numberText.flatMap { Int64($0) }
        if let claimedAt, now - claimedAt < graceMilliseconds { return .held(owner: owner) }
        var guardCondition = StoreCondition(equals: ["owner": .string(owner)])
        if let claimedAt {
            guardCondition.equals["claimedAt"] = .number(String(claimedAt))
        } else {
            guardCondition.absentAttributes = ["claimedAt"]
        }
        let ownerCondition: StoreCondition =
            if let version = record?["version"]?.numberText.flatMap({ Int($0) }) {
                StoreCondition(version: version)
            } else if record != nil {
                StoreCondition(exists: true, absentAttributes: ["version"])
            } else {
                .absent
            }
        do {
            try store.write([.check(ownerTable, key: owner, ownerCondition), .delete(table, key: key, guardCondition)])
        } catch is StoreError {
            // The owner or the guard changed meanwhile: look again on the next attempt.
            throw StoreError.contention
        }
        return .free
    }

    /// The table of the records owning the guards of `table` with `key`; nil for guards that are
    /// not claims of a record's value.
    static func ownerTable(ofGuardIn table: StoreTable, key: String) -> StoreTable? {
        switch table {
        case .protectionGroups, .recoveryPlans: table
        case .executions: nil
        }
    }

    /// The guard keys `record` (an item of `table`) claims.
    static func claims(_ record: DynamoDBItem, table: StoreTable) throws -> Set<String> {
        switch table {
        case .protectionGroups:
            guard record[RecordKey.kind] == .string(ProtectionGroup.kind) else { return [] }
            let group = try RecordCoding.record(ProtectionGroup.self, record)
            return Set([Guard.name(group.name)] + ProtectionGroupService.claimKeys(group))
        case .recoveryPlans:
            guard record[RecordKey.kind] == .string(RecoveryPlan.kind) else { return [] }
            return [Guard.name(try RecordCoding.record(RecoveryPlan.self, record).name)]
        case .executions:
            return []
        }
    }

    /// Releases those of `keys` that group `owner` holds but no longer claims: each batch in a
    /// transaction that checks the group is still at the version read, so an edit that claims a
    /// key again cannot lose it. Used after the last step of a large edit, and to undo the claims
    /// of an edit that failed between its steps.
    package static func releaseUnclaimed(
        _ keys: [String], table: StoreTable, owner: String, store: any RecordStore
    ) throws {
        var remaining = keys
        var attempts = 0
        while !remaining.isEmpty {
            attempts += 1
            let record = try store.get(table, key: owner)
            let claimed = try record.map { try claims($0, table: table) } ?? []
            remaining.removeAll { claimed.contains($0) }
            // Only guards still held by `owner` (one may be gone, or repaired and claimed again).
            let held = Set(
                try store.get(table, keys: remaining).filter { $0["owner"] == .string(owner) }.compactMap {
                    $0[RecordKey.attribute]?.stringValue
                })
            remaining.removeAll { !held.contains($0) }
            guard !remaining.isEmpty else { return }
            let ownerCondition: StoreCondition =
                if let version = record?["version"]?.numberText.flatMap({ Int($0) }) {
                    StoreCondition(version: version)
                } else {
                    .absent
                }
            let batch = Array(remaining.prefix(StoreLimits.maxTransactionItems - 1))
            do {
                try store.write(
                    [.check(table, key: owner, ownerCondition)]
                        + batch.map { Guard.release(table, $0, heldBy: owner) })
                remaining.removeFirst(batch.count)
            } catch is StoreError where attempts < OptimisticWrite.maxAttempts {
                // The group changed meanwhile (or a guard moved on): read again.
                continue
            }
        }
    }
}
