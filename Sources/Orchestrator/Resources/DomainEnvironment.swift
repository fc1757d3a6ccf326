import FoundationEssentials
import Primitives

/// The clock and id source the domain uses, injected so tests are deterministic.
package struct DomainEnvironment: Sendable {
    /// Milliseconds since the epoch.
    package var now: @Sendable () -> Int64
    /// A new unique id (a lower-case UUID in production).
    package var newID: @Sendable () -> String
    /// Waits this many milliseconds (a write's back-off after losing a race); tests pass one that
    /// does not block.
    package var sleep: @Sendable (_ milliseconds: Int64) -> Void

    package init(
        now: @escaping @Sendable () -> Int64, newID: @escaping @Sendable () -> String,
        sleep: @escaping @Sendable (_ milliseconds: Int64) -> Void
    ) {
        self.now = now
        self.newID = newID
        self.sleep = sleep
    }

    /// The wall clock, random UUIDs and a real wait.
    package static let live = DomainEnvironment(
        now: { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) },
        newID: { UUID().uuidString.lowercased() },
        sleep: { WallClock.sleep(milliseconds: $0) })
}
