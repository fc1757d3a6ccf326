/// What the simulator has been asked, for tests that check how a client behaves
/// (`GET /_simulator/stats`), e.g. that `StartRecovery` is issued once per wave.
package struct DRSSimulatorStats: Codable, Sendable, Equatable {
    /// Calls that reached an operation (signed correctly, not throttled), by operation name.
    package var calls: [String: Int] = [:]
    /// The same calls by region, then operation.
    package var callsByRegion: [String: [String: Int]] = [:]
    /// Calls answered with an injected `ThrottlingException`, by operation.
    package var throttled: [String: Int] = [:]
    /// Calls refused for their signature or credentials, by operation.
    package var rejected: [String: Int] = [:]
    /// Jobs created by `StartRecovery` and `TerminateRecoveryInstances`.
    package var jobsCreated = 0

    package init() {}

    /// The number of calls of `operation` that reached it.
    package func calls(_ operation: String) -> Int {
        calls[operation, default: 0]
    }

    mutating func recordCall(_ operation: String, region: String) {
        calls[operation, default: 0] += 1
        callsByRegion[region, default: [:]][operation, default: 0] += 1
    }
}
