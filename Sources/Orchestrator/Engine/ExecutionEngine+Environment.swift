extension ExecutionEngine.Configuration {
    /// The defaults with the timings a deployment may override, for drills on the simulator:
    /// `WAVE_TIMEOUT_SECONDS` (default 1800), `START_LEASE_SECONDS` (default 300) and
    /// `START_RETRY_SECONDS` (default 30: the wait before a throttled or quota-refused wave start is
    /// requested again). A value that is not a positive whole number of seconds (or too large to count
    /// in milliseconds) keeps the default.
    package init(environment: [String: String]) {
        self.init()
        if let seconds = Self.seconds(environment["WAVE_TIMEOUT_SECONDS"]) { waveTimeout = seconds * 1000 }
        if let seconds = Self.seconds(environment["START_LEASE_SECONDS"]) { startLease = seconds * 1000 }
        if let seconds = Self.seconds(environment["START_RETRY_SECONDS"]) { startRetryDelay = seconds * 1000 }
    }

    private static func seconds(_ text: String?) -> Int64? {
        guard let seconds = text.flatMap({ Int64($0) }), seconds > 0, seconds <= Int64.max / 1000 else { return nil }
        return seconds
    }
}
