/// Which attributes a write returns (`ReturnValues`).
package enum ReturnValue: String, Sendable, Codable {
    /// Nothing (the default).
    case none = "NONE"
    /// The whole item as it was before the write (PutItem, UpdateItem, DeleteItem).
    case allOld = "ALL_OLD"
    /// The updated attributes as they were before (UpdateItem).
    case updatedOld = "UPDATED_OLD"
    /// The whole item after the write (UpdateItem).
    case allNew = "ALL_NEW"
    /// The updated attributes after the write (UpdateItem).
    case updatedNew = "UPDATED_NEW"
}
