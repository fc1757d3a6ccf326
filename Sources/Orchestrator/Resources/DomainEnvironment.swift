import FoundationEssentials

/// The clock and id source the domain uses, injected so tests are deterministic.
package struct DomainEnvironment: Sendable {
    /// Milliseconds since the epoch.
    package var now: @Sendable () -> Int64
    /// A new unique id (a lower-case UUID in production).
    package var newID: @Sendable () -> String

    package init(now: @escaping @Sendable () -> Int64, newID: @escaping @Sendable () -> String) {
        self.now = now
        self.newID = newID
    }

    /// The wall clock and random UUIDs.
    package static let live = DomainEnvironment(
        now: { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) },
        newID: { UUID().uuidString.lowercased() })
}
