/// The simulator's behaviour that can change while it runs (`POST /_simulator/settings`): job
/// timings, page size and injected faults. `POST /_simulator/reset` restores the initial ones.
package struct DRSSimulatorSettings: Codable, Sendable, Equatable {
    /// How long a new job stays `PENDING`.
    package var jobStartDelayMilliseconds: Int64
    /// How long a job stays `STARTED` before it is `COMPLETED`.
    package var jobDurationMilliseconds: Int64
    /// Source servers whose launches end `FAILED` (no recovery instance).
    package var failLaunch: Set<String>
    /// The fraction of DRS calls answered with 429 `ThrottlingException`, in `[0, 1]`.
    package var throttleRate: Double
    /// Regions (besides the inventory's) where every call fails with `UninitializedAccountException`.
    package var uninitializedRegions: Set<String>
    /// Items per page when the caller gives no `maxResults`.
    package var defaultPageSize: Int
    /// The most items in any page, whatever `maxResults` asks (small values exercise pagination).
    package var maxPageSize: Int
    /// The slow-answer fault: a successful `StartRecovery` creates its job at once but its answer
    /// is sent this much later (0: at once). Longer than a client's attempt timeout, it is a lost
    /// answer for a job that exists.
    package var startRecoveryAnswerDelayMilliseconds: Int64

    /// Settings; the defaults give jobs that complete in a few seconds and no faults.
    package init(
        jobStartDelayMilliseconds: Int64 = 2_000,
        jobDurationMilliseconds: Int64 = 5_000,
        failLaunch: Set<String> = [],
        throttleRate: Double = 0,
        uninitializedRegions: Set<String> = [],
        defaultPageSize: Int = 100,
        maxPageSize: Int = 1_000,
        startRecoveryAnswerDelayMilliseconds: Int64 = 0
    ) {
        self.jobStartDelayMilliseconds = jobStartDelayMilliseconds
        self.jobDurationMilliseconds = jobDurationMilliseconds
        self.failLaunch = failLaunch
        self.throttleRate = throttleRate
        self.uninitializedRegions = uninitializedRegions
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
        self.startRecoveryAnswerDelayMilliseconds = startRecoveryAnswerDelayMilliseconds
    }

    /// Decodes settings; fields left out take their defaults.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = DRSSimulatorSettings()
        jobStartDelayMilliseconds =
            try container.decodeIfPresent(Int64.self, forKey: .jobStartDelayMilliseconds)
            ?? defaults.jobStartDelayMilliseconds
        jobDurationMilliseconds =
            try container.decodeIfPresent(Int64.self, forKey: .jobDurationMilliseconds)
            ?? defaults.jobDurationMilliseconds
        failLaunch = try container.decodeIfPresent(Set<String>.self, forKey: .failLaunch) ?? defaults.failLaunch
        throttleRate = try container.decodeIfPresent(Double.self, forKey: .throttleRate) ?? defaults.throttleRate
        uninitializedRegions =
            try container.decodeIfPresent(Set<String>.self, forKey: .uninitializedRegions)
            ?? defaults.uninitializedRegions
        defaultPageSize = try container.decodeIfPresent(Int.self, forKey: .defaultPageSize) ?? defaults.defaultPageSize
        maxPageSize = try container.decodeIfPresent(Int.self, forKey: .maxPageSize) ?? defaults.maxPageSize
        startRecoveryAnswerDelayMilliseconds =
            try container.decodeIfPresent(Int64.self, forKey: .startRecoveryAnswerDelayMilliseconds)
            ?? defaults.startRecoveryAnswerDelayMilliseconds
    }

    /// Problems with these settings, as sentences; empty when they are usable.
    package var problems: [String] {
        var problems: [String] = []
        if jobStartDelayMilliseconds < 0 { problems.append("the job start delay must not be negative") }
        if jobDurationMilliseconds < 0 { problems.append("the job duration must not be negative") }
        if !(0...1).contains(throttleRate) { problems.append("the throttle rate must be between 0 and 1") }
        if defaultPageSize < 1 || maxPageSize < 1 { problems.append("page sizes must be at least 1") }
        if !(0...600_000).contains(startRecoveryAnswerDelayMilliseconds) {
            problems.append("the StartRecovery answer delay must be between 0 and 600000 ms")
        }
        return problems
    }

    /// A partial update: fields present replace the current ones (the body of
    /// `POST /_simulator/settings`).
    struct Update: Codable {
        var jobStartDelayMilliseconds: Int64?
        var jobDurationMilliseconds: Int64?
        var failLaunch: Set<String>?
        var throttleRate: Double?
        var uninitializedRegions: Set<String>?
        var defaultPageSize: Int?
        var maxPageSize: Int?
        var startRecoveryAnswerDelayMilliseconds: Int64?

        func applied(to settings: DRSSimulatorSettings) -> DRSSimulatorSettings {
            var settings = settings
            if let jobStartDelayMilliseconds { settings.jobStartDelayMilliseconds = jobStartDelayMilliseconds }
            if let jobDurationMilliseconds { settings.jobDurationMilliseconds = jobDurationMilliseconds }
            if let failLaunch { settings.failLaunch = failLaunch }
            if let throttleRate { settings.throttleRate = throttleRate }
            if let uninitializedRegions { settings.uninitializedRegions = uninitializedRegions }
            if let defaultPageSize { settings.defaultPageSize = defaultPageSize }
            if let maxPageSize { settings.maxPageSize = maxPageSize }
            if let startRecoveryAnswerDelayMilliseconds {
                settings.startRecoveryAnswerDelayMilliseconds = startRecoveryAnswerDelayMilliseconds
            }
            return settings
        }
    }
}
