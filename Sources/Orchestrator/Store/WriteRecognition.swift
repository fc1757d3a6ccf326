import DynamoDBModel

/// How a store recognises its own write after an ambiguous failure.
///
/// Every group of writes gets a random write id, stamped (attribute `writeId`) on every item it
/// puts or updates. When DynamoDB applied the writes but the answer was lost, the client's retry
/// fails its own conditions (or the call ends in a timeout or a 5xx): the store then reads the
/// stamped items back, and if one carries the id, the whole group was applied (a transaction is
/// all or nothing) and the caller gets the success it was. A group that only deletes counts as
/// applied when the items whose conditions failed are gone.
package enum WriteRecognition {
    package static let attribute = "writeId"

    /// `writes` with `id` stamped on every item they put or update.
    package static func stamp(_ writes: [RecordWrite], id: String) -> [RecordWrite] {
        writes.map { write in
            switch write {
            case .put(let table, var item, let condition):
                item[attribute] = .string(id)
                return .put(table, item, condition)
            case .update(let table, let key, var update, let condition):
                update.set[attribute] = .string(id)
                return .update(table, key: key, update, condition)
            case .delete, .check:
                return write
            }
        }
    }

    /// Whether the stamped `writes` were applied, judged from the items as they are now.
    ///
    /// - Parameters:
    ///   - failed: the indices whose conditions failed, when known (nil after a timeout or 5xx).
    ///   - read: the items of `table` with these keys that exist (strongly consistent).
    package static func wasApplied(
        _ writes: [RecordWrite], id: String, failed: [Int]?,
        read: (StoreTable, [String]) throws -> [DynamoDBItem]
    ) throws -> Bool {
        let stamped = writes.filter {
            if case .put = $0 { return true }
            if case .update = $0 { return true }
            return false
        }
        if !stamped.isEmpty {
            for table in StoreTable.allCases {
                let keys = stamped.filter { $0.table == table }.map(\.key)
                guard !keys.isEmpty else { continue }
                if try read(table, keys).contains(where: { $0[attribute] == .string(id) }) { return true }
            }
            return false
        }
        // Only deletes (and checks): applied when what had to be deleted is gone.
        let deletes = writes.enumerated().filter { index, write in
            guard case .delete = write else { return false }
            return failed.map { $0.contains(index) } ?? true
        }.map(\.element)
        guard !deletes.isEmpty, failed.map({ $0.allSatisfy { index in deletes.contains(writes[index]) } }) ?? true
        else { return false }
        for table in StoreTable.allCases {
            let keys = deletes.filter { $0.table == table }.map(\.key)
            guard !keys.isEmpty else { continue }
            if try !read(table, keys).isEmpty { return false }
        }
        return true
    }
}
