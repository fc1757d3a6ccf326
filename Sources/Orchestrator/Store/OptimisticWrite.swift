/// Runs read–decide–write cycles until one commits: a write whose conditions failed (because
/// another request changed what was read) is retried from a fresh read, which then either finds
/// the conflict and throws the domain's error, or succeeds. Retries back off with full jitter so
/// that requests racing for one item take turns instead of colliding again.
package enum OptimisticWrite {
    package static let maxAttempts = 12
    /// The first retry waits up to this long; each further one up to twice as long, capped.
    static let baseDelayMilliseconds = 10
    static let maxDelayMilliseconds = 400

    /// - Parameter sleep: how a back-off waits (the domain environment's `sleep`).
    /// - Throws: the body's errors; `DomainError` `THROTTLED` (429) when every attempt lost a race.
    package static func run<T>(sleep: (_ milliseconds: Int64) -> Void, _ body: () throws -> T) throws -> T {
        for attempt in 1...maxAttempts {
            do {
                return try body()
            } catch is StoreError where attempt < maxAttempts {
                sleep(Int64.random(in: 0...ceiling(before: attempt)))
            } catch is StoreError {
                break
            }
        }
        throw DomainError(.throttled, "The resource is being changed by many requests at once; retry shortly")
    }

    /// The longest wait before retry number `attempt` (1 for the first retry).
    package static func ceiling(before attempt: Int) -> Int64 {
        Int64(min(maxDelayMilliseconds, baseDelayMilliseconds << min(attempt - 1, 10)))
    }
}
