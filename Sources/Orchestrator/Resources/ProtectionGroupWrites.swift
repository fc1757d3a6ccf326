import DRSModel
import DynamoDBModel

/// How a group edit reaches the store: in one transaction when it fits, else in steps that keep
/// every invariant (no server of the group without its guard, no guard taken from another group).
///
/// A transaction holds at most 100 items, and replacing 50 explicit servers by 50 others needs
/// the group, 50 claims and 50 releases. Such an edit
/// 1. claims the new guards in batches (each claim repeatable by the same group);
/// 2. commits the group record in one transaction that also requires each new guard to be held
///    by the group, with as many releases of old guards as fit;
/// 3. releases the remaining old guards, each batch together with a check that the group is
///    still at the version written (so a later edit claiming one again cannot lose it).
///
/// A process dying after step 1 leaves guards held by the group for servers it does not list; a
/// failure before step 2 commits releases them at once; one dying after step 2 leaves old guards
/// the group no longer lists. Either way no server is listed without a guard or guarded twice, and
/// a guard its owner does not claim is repaired by the next claimant (`GuardRepair`) once older
/// than an edit can take.
extension ProtectionGroupService {
    /// Commits `writes` (the record update first, its checks, the name guard changes) with the
    /// guard `claims` and `releases` of a selection change.
    /// - Throws: `StoreError` (the caller retries from a fresh read), `GuardHeldError`, 400
    ///   `INVALID_REQUEST` when even the record and its claims cannot fit one transaction.
    func commitEdit(
        of id: String, writes: [RecordWrite], claims: [String], releases: [String], now: Int64
    ) throws {
        let limit = StoreLimits.maxTransactionItems
        let claimWrites = claims.map { Guard.reclaim(.protectionGroups, $0, owner: id, at: now) }
        let releaseWrites = releases.map { Guard.release(.protectionGroups, $0, heldBy: id) }
        if writes.count + claims.count + releases.count <= limit {
            try GuardRepair.write(writes + claimWrites + releaseWrites, store: store, now: now)
            return
        }
        guard writes.count + claims.count <= limit else {
            throw StoreLimits.limitError(
                "The change claims \(claims.count) servers at once; with the group's own record that exceeds "
                    + "DynamoDB's \(limit) items per transaction",
                limit: limit, size: writes.count + claims.count)
        }
        var attempted: [String] = []
        let room = limit - writes.count - claims.count
        do {
            // Step 1: claim the new guards.
            for start in stride(from: 0, to: claims.count, by: limit) {
                let batch = Array(claimWrites[start..<min(start + limit, claims.count)])
                attempted += batch.map(\.key)
                try GuardRepair.write(batch, store: store, now: now)
            }
            // Step 2: the record, on the condition that the claims still stand.
            try GuardRepair.write(
                writes + claims.map { Guard.held(.protectionGroups, $0, by: id) } + releaseWrites.prefix(room),
                store: store, now: now)
        } catch {
            // The record was not written: give back what was claimed for it (the group as stored
            // does not list it), then let the caller decide.
            try? GuardRepair.releaseUnclaimed(attempted, table: .protectionGroups, owner: id, store: store)
            throw error
        }
        // Step 3: the rest of the old guards. The edit has committed; a guard left behind by a
        // failure here is repaired by whoever claims its server next.
        try? GuardRepair.releaseUnclaimed(
            Array(releases.dropFirst(room)), table: .protectionGroups, owner: id, store: store)
    }

    /// The guard keys an edit from `old` to `new` claims and gives up.
    static func selectionDelta(from old: ProtectionGroup, to new: ProtectionGroup) -> (
        claims: [String], releases: [String]
    ) {
        let oldKeys = Set(claimKeys(old))
        let newKeys = Set(claimKeys(new))
        return (newKeys.subtracting(oldKeys).sorted(), oldKeys.subtracting(newKeys).sorted())
    }

    /// The condition of a group edit: the version read, and the plan references read (a plan
    /// that started to use the group meanwhile makes the edit read again).
    package static func editCondition(_ current: ProtectionGroup) -> StoreCondition {
        current.planReferences == 0
            ? StoreCondition(version: current.version, zeroOrAbsent: ["planRefs"])
            : StoreCondition(version: current.version, equals: ["planRefs": .number(String(current.planReferences))])
    }

    /// The conflict a claim met when another group holds the guard (a race the reads did not
    /// see, or a group between the steps of an edit that will list the server).
    func conflict(_ held: GuardHeldError, for group: ProtectionGroup, known: [SourceServer]) -> any Error {
        guard let item = try? store.get(.protectionGroups, key: held.owner),
            var owner = try? RecordCoding.record(ProtectionGroup.self, item)
        else { return StoreError.contention }
        if let server = group.sourceServerIds.first(where: { Guard.server($0) == held.key }),
            !owner.sourceServerIds.contains(server)
        {
            owner.serverSelectionTags = [:]
            owner.sourceServerIds.append(server)
        }
        do {
            try Self.checkConflicts(group, against: [owner], known: known)
        } catch {
            return error
        }
        return StoreError.contention
    }
}
