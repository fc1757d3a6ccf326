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

    /// Settings; the defaults give jobs that complete in a few seconds and no faults.
    package init(
        jobStartDelayMilliseconds: Int64 = 2_000,
        jobDurationMilliseconds: Int64 = 5_000,
        failLaunch: Set<String> = [],
        throttleRate: Double = 0,
        uninitializedRegions: Set<String> = [],
        defaultPageSize: Int = 100,
        maxPageSize: Int = 1_000
    ) {
        self.jobStartDelayMilliseconds = jobStartDelayMilliseconds
        self.jobDurationMilliseconds = jobDurationMilliseconds
        self.failLaunch = failLaunch
        self.throttleRate = throttleRate
        self.uninitializedRegions = uninitializedRegions
        self.defaultPageSize = defaultPageSize
        self.maxPageSize = maxPageSize
    }

    /// Problems with these settings, as sentences; empty when they are usable.
    package var problems: [String] {
        var problems: [String] = []
        if jobStartDelayMilliseconds < 0 { problems.append("the job start delay must not be negative") }
        if jobDurationMilliseconds < 0 { problems.append("the job duration must not be negative") }
        if !(0...1).contains(throttleRate) { problems.append("the throttle rate must be between 0 and 1") }
        if defaultPageSize < 1 || maxPageSize < 1 { problems.append("page sizes must be at least 1") }
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

        func applied(to settings: DRSSimulatorSettings) -> DRSSimulatorSettings {
            var settings = settings
            if let jobStartDelayMilliseconds { settings.jobStartDelayMilliseconds = jobStartDelayMilliseconds }
            if let jobDurationMilliseconds { settings.jobDurationMilliseconds = jobDurationMilliseconds }
            if let failLaunch { settings.failLaunch = failLaunch }
            if let throttleRate { settings.throttleRate = throttleRate }
            if let uninitializedRegions { settings.uninitializedRegions = uninitializedRegions }
            if let defaultPageSize { settings.defaultPageSize = defaultPageSize }
            if let maxPageSize { settings.maxPageSize = maxPageSize }
            return settings
        }
    }
}
