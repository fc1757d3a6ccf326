/// Runs read–decide–write cycles until one commits: a write whose conditions failed (because
/// another request changed what was read) is retried from a fresh read, which then either finds
/// the conflict and throws the domain's error, or succeeds.
package enum OptimisticWrite {
    package static let maxAttempts = 8

    /// - Throws: the body's errors; `APIError` `THROTTLED` (429) when every attempt lost a race.
    package static func run<T>(_ body: () throws -> T) throws -> T {
        for _ in 1..<maxAttempts {
            do {
                return try body()
            } catch is StoreError {
                continue
            }
        }
        do {
            return try body()
        } catch is StoreError {
            throw APIError(.throttled, "The resource is being changed by many requests at once; retry shortly")
        }
    }
}
