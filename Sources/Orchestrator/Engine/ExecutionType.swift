/// What an execution launches: test instances (a drill) or the real recovery.
package enum ExecutionType: String, Codable, Sendable, CaseIterable {
    case drill = "DRILL"
    case recovery = "RECOVERY"

    /// The `isDrill` of the DRS `StartRecovery` calls the execution makes.
    package var isDrill: Bool { self == .drill }

    /// The type spelled in any case (`drill`, `Recovery`), as start bodies may send it; nil for
    /// anything else.
    package init?(caseInsensitive text: String) {
        self.init(rawValue: text.uppercased())
    }
}
