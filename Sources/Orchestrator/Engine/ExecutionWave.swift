/// One wave of an execution: the plan's wave as snapshotted at start (one protection group in one
/// region, narrowed to `serverIDs`), and how its one DRS `StartRecovery` job is going.
///
/// Timestamps are milliseconds since the epoch; their stored names end in `Ms`.
package struct ExecutionWave: Codable, Sendable, Equatable {
    /// 1-based position in the execution.
    package var waveNumber: Int
    package var name: String
    package var protectionGroupID: String
    /// The DRS region of the protection group; the job runs there.
    package var region: String
    /// The source servers the wave launches, resolved at start.
    package var serverIDs: [String]
    /// Whether the execution pauses (PAUSED) before starting this wave, until resumed.
    package var pauseBeforeWave: Bool
    package var status: WaveStatus
    /// The DRS job, once known (`LAUNCHING` and after).
    package var jobID: String?
    /// When the current request to start the wave was recorded: the engine's intent, written before
    /// `StartRecovery` is called. Renewed when the engine requests the start again.
    package var startRequestedAt: Int64?
    /// How many times the engine has requested the start (0 before the first). With
    /// `startRequestedAt` it identifies the current attempt, so that a late outcome of an earlier
    /// one is not applied to it.
    package var startAttempts: Int
    /// How many of those requests DRS surely refused for now (throttled, a quota reached, no
    /// connection made): they created no job and do not count against the engine's limit.
    package var startDeferrals: Int
    /// Set when the current request was deferred: when to request the start again.
    package var startRetryAt: Int64?
    /// The last answer of an inconclusive `StartRecovery` (throttled, no answer), kept for the
    /// failure message should the start never succeed.
    package var startError: String?
    /// When the wave was first requested to start; the wave timeout counts from here.
    package var startTime: Int64?
    /// When the wave reached COMPLETED, FAILED or CANCELLED after starting.
    package var endTime: Int64?
    /// One entry per `serverIDs` element, in the same order.
    package var servers: [ServerProgress]

    enum CodingKeys: String, CodingKey {
        case protectionGroupID = "protectionGroupId"
        case serverIDs = "serverIds"
        case jobID = "jobId"
        case startRequestedAt = "startRequestedAtMs"
        case startRetryAt = "startRetryAtMs"
        case startTime = "startTimeMs"
        case endTime = "endTimeMs"
        case waveNumber, name, region, pauseBeforeWave, status, startAttempts, startDeferrals, startError, servers
    }

    /// Decodes a stored wave; `startDeferrals` is absent from records written before it existed.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        waveNumber = try container.decode(Int.self, forKey: .waveNumber)
        name = try container.decode(String.self, forKey: .name)
        protectionGroupID = try container.decode(String.self, forKey: .protectionGroupID)
        region = try container.decode(String.self, forKey: .region)
        serverIDs = try container.decode([String].self, forKey: .serverIDs)
        pauseBeforeWave = try container.decode(Bool.self, forKey: .pauseBeforeWave)
        status = try container.decode(WaveStatus.self, forKey: .status)
        jobID = try container.decodeIfPresent(String.self, forKey: .jobID)
        startRequestedAt = try container.decodeIfPresent(Int64.self, forKey: .startRequestedAt)
        startAttempts = try container.decode(Int.self, forKey: .startAttempts)
        startDeferrals = try container.decodeIfPresent(Int.self, forKey: .startDeferrals) ?? 0
        startRetryAt = try container.decodeIfPresent(Int64.self, forKey: .startRetryAt)
        startError = try container.decodeIfPresent(String.self, forKey: .startError)
        startTime = try container.decodeIfPresent(Int64.self, forKey: .startTime)
        endTime = try container.decodeIfPresent(Int64.self, forKey: .endTime)
        servers = try container.decode([ServerProgress].self, forKey: .servers)
    }

    /// A wave not yet started, from the plan's wave and its resolved servers.
    ///
    /// - Parameter hostnames: hostnames by source server id, for the progress entries; missing ones
    ///   stay nil.
    package init(
        waveNumber: Int,
        name: String,
        protectionGroupID: String,
        region: String,
        serverIDs: [String],
        pauseBeforeWave: Bool = false,
        hostnames: [String: String] = [:]
    ) {
        self.waveNumber = waveNumber
        self.name = name
        self.protectionGroupID = protectionGroupID
        self.region = region
        self.serverIDs = serverIDs
        self.pauseBeforeWave = pauseBeforeWave
        self.status = .pending
        self.startAttempts = 0
        self.startDeferrals = 0
        self.servers = serverIDs.map { ServerProgress(sourceServerID: $0, hostname: hostnames[$0]) }
    }

    /// How messages name the wave: `Wave 2 (App)`.
    package var label: String { "Wave \(waveNumber) (\(name))" }

    /// The DRS job id when the wave's job is running (a `LAUNCHING` wave).
    package var inFlightJobID: String? {
        status.isInFlight ? jobID : nil
    }
}
