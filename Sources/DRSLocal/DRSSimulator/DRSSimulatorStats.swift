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
    /// Successful answers held back by the slow-answer fault, by operation.
    package var slowAnswers: [String: Int] = [:]
    /// `StartRecovery` calls refused with `ConflictException` because a server was already in an
    /// active job.
    package var conflicts = 0

    package init() {}

    /// Decodes stats; counters added later default to zero.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        calls = try container.decodeIfPresent([String: Int].self, forKey: .calls) ?? [:]
        callsByRegion = try container.decodeIfPresent([String: [String: Int]].self, forKey: .callsByRegion) ?? [:]
        throttled = try container.decodeIfPresent([String: Int].self, forKey: .throttled) ?? [:]
        rejected = try container.decodeIfPresent([String: Int].self, forKey: .rejected) ?? [:]
        jobsCreated = try container.decodeIfPresent(Int.self, forKey: .jobsCreated) ?? 0
        slowAnswers = try container.decodeIfPresent([String: Int].self, forKey: .slowAnswers) ?? [:]
        conflicts = try container.decodeIfPresent(Int.self, forKey: .conflicts) ?? 0
    }

    /// The number of calls of `operation` that reached it.
    package func calls(_ operation: String) -> Int {
        calls[operation, default: 0]
    }

    mutating func recordCall(_ operation: String, region: String) {
        calls[operation, default: 0] += 1
        callsByRegion[region, default: [:]][operation, default: 0] += 1
    }
}
