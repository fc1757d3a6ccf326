import Primitives

/// Where AWSCore reads the time and how it waits, injected so retry tests run without sleeping.
package struct AWSClock: Sendable {
    /// Milliseconds since the Unix epoch (the unit of the Lambda invocation deadline).
    package var nowMilliseconds: @Sendable () -> Int64
    /// Blocks the calling thread for the given milliseconds.
    package var sleep: @Sendable (_ milliseconds: Int64) -> Void

    /// A clock reading `nowMilliseconds` and waiting with `sleep`.
    package init(
        nowMilliseconds: @escaping @Sendable () -> Int64,
        sleep: @escaping @Sendable (_ milliseconds: Int64) -> Void
    ) {
        self.nowMilliseconds = nowMilliseconds
        self.sleep = sleep
    }

    /// The real-time clock and `nanosleep` (`WallClock`).
    package static let system = AWSClock(
        nowMilliseconds: WallClock.nowMilliseconds, sleep: { WallClock.sleep(milliseconds: $0) })
}

extension AWSDate {
    /// The current time from the real-time clock.
    package static func now() -> AWSDate {
        AWSDate(millisecondsSince1970: WallClock.nowMilliseconds())
    }
}
