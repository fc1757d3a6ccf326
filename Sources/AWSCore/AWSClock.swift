#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// The real-time clock and `nanosleep`.
    package static let system = AWSClock(nowMilliseconds: systemNowMilliseconds, sleep: systemSleep)

    static func systemNowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    static func systemSleep(_ milliseconds: Int64) {
        guard milliseconds > 0 else { return }
        var request = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int(milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        // nanosleep returns early on a signal; sleep out the rest.
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
