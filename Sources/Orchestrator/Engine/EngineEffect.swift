/// The one DRS call an engine decision asks for. The executor makes it only after the decision's
/// state is written (the write that records the intent), and feeds its outcome back through
/// `ExecutionEngine.recordStart(_:for:outcome:now:)`.
package enum EngineEffect: Sendable, Equatable {
    /// `StartRecovery` for one wave's servers in its region.
    case startRecovery(WaveStart)
}

/// What `StartRecovery` for one wave needs, and the intent it answers to.
package struct WaveStart: Sendable, Equatable {
    package var executionID: String
    /// 0-based index into `Execution.waves`.
    package var waveIndex: Int
    package var waveNumber: Int
    package var region: String
    package var serverIDs: [String]
    package var isDrill: Bool
    /// The wave's `startRequestedAt`: the executor may call DRS only while
    /// `ExecutionEngine.mayStill(start:now:)` says so.
    package var requestedAt: Int64
    /// 1 for the first request, 2 after one renewal, …
    package var attempt: Int

    /// A start from its parts.
    package init(
        executionID: String,
        waveIndex: Int,
        waveNumber: Int,
        region: String,
        serverIDs: [String],
        isDrill: Bool,
        requestedAt: Int64,
        attempt: Int
    ) {
        self.executionID = executionID
        self.waveIndex = waveIndex
        self.waveNumber = waveNumber
        self.region = region
        self.serverIDs = serverIDs
        self.isDrill = isDrill
        self.requestedAt = requestedAt
        self.attempt = attempt
    }
}
