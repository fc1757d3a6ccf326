import JSONCore

/// One run of a recovery plan (spec §2.3, §3): the plan snapshotted into waves at start, and the
/// state the execution engine moves forward one decision at a time.
///
/// Stored as one item by the execution store, which owns `version` (every write is conditional on
/// it and increments it; the engine never changes it). Timestamps are milliseconds since the epoch;
/// their stored names end in `Ms` (the table's `startTime` index attribute is the store's ISO text).
package struct Execution: Codable, Sendable, Equatable {
    package var executionID: String
    package var planID: String
    package var planName: String
    package var executionType: ExecutionType
    package var status: ExecutionStatus
    /// The plan's waves at start, in order (`waveNumber` 1…n).
    package var waves: [ExecutionWave]
    /// When the execution was created.
    package var startTime: Int64
    /// When it became COMPLETED, FAILED or CANCELLED.
    package var endTime: Int64?
    /// Why it FAILED (or why the wave in flight at a cancel failed).
    package var errorMessage: String?
    /// 1-based number of the wave a resume will start; set while PAUSED.
    package var pausedBeforeWave: Int?
    /// Optimistic lock, 1 at creation; see the type's documentation.
    package var version: Int
    /// Who started it: the caller's identity or `unknown`.
    package var initiatedBy: String
    /// `CLI`, `SSM`, `STEPFUNCTIONS`, … as the start body said.
    package var invocationSource: String?
    /// The start body's `invocationDetails` object, stored as sent.
    package var invocationDetails: JSONValue?
    /// The start body's idempotency token.
    package var clientToken: String?
    /// The audit trail, oldest first: the newest `ExecutionEvents.limit` events (`record(_:)`).
    package var events: [ExecutionEvent]
    /// How many older events were dropped to keep the list within `ExecutionEvents.limit`.
    package var eventsDropped: Int

    enum CodingKeys: String, CodingKey {
        case executionID = "executionId"
        case planID = "planId"
        case startTime = "startTimeMs"
        case endTime = "endTimeMs"
        case planName, executionType, status, waves, errorMessage, pausedBeforeWave, version, initiatedBy
        case invocationSource, invocationDetails, clientToken, events, eventsDropped
    }

    /// Decodes a stored execution; `events` and `eventsDropped` are absent from records written
    /// before the audit trail existed.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        executionID = try container.decode(String.self, forKey: .executionID)
        planID = try container.decode(String.self, forKey: .planID)
        planName = try container.decode(String.self, forKey: .planName)
        executionType = try container.decode(ExecutionType.self, forKey: .executionType)
        status = try container.decode(ExecutionStatus.self, forKey: .status)
        waves = try container.decode([ExecutionWave].self, forKey: .waves)
        startTime = try container.decode(Int64.self, forKey: .startTime)
        endTime = try container.decodeIfPresent(Int64.self, forKey: .endTime)
        errorMessage = try container.decodeIfPresent(String.self, forKey: .errorMessage)
        pausedBeforeWave = try container.decodeIfPresent(Int.self, forKey: .pausedBeforeWave)
        version = try container.decode(Int.self, forKey: .version)
        initiatedBy = try container.decode(String.self, forKey: .initiatedBy)
        invocationSource = try container.decodeIfPresent(String.self, forKey: .invocationSource)
        invocationDetails = try container.decodeIfPresent(JSONValue.self, forKey: .invocationDetails)
        clientToken = try container.decodeIfPresent(String.self, forKey: .clientToken)
        events = try container.decodeIfPresent([ExecutionEvent].self, forKey: .events) ?? []
        eventsDropped = try container.decodeIfPresent(Int.self, forKey: .eventsDropped) ?? 0
    }

    /// A new execution: PENDING, version 1, every wave PENDING; its one event `STARTED` by
    /// `initiatedBy`.
    package init(
        executionID: String,
        planID: String,
        planName: String,
        executionType: ExecutionType,
        waves: [ExecutionWave],
        startTime: Int64,
        initiatedBy: String,
        invocationSource: String? = nil,
        invocationDetails: JSONValue? = nil,
        clientToken: String? = nil
    ) {
        self.executionID = executionID
        self.planID = planID
        self.planName = planName
        self.executionType = executionType
        self.status = .pending
        self.waves = waves
        self.startTime = startTime
        self.version = 1
        self.initiatedBy = initiatedBy
        self.invocationSource = invocationSource
        self.invocationDetails = invocationDetails
        self.clientToken = clientToken
        self.events = [ExecutionEvent(at: startTime, type: .started, by: initiatedBy)]
        self.eventsDropped = 0
    }

    /// The plan's wave count at start.
    package var totalWaves: Int { waves.count }

    /// 0-based index of the wave running, or else of the last one that started; nil before any
    /// wave started. (Waves start in order and `startTime` is set by the first start request.)
    package var currentWaveIndex: Int? {
        waves.lastIndex { $0.startTime != nil }
    }

    /// 1-based `currentWave` of the API: the wave running, or the last one finished; 1 before the
    /// first wave starts (0 for an execution without waves).
    package var currentWave: Int {
        guard let index = currentWaveIndex else { return waves.isEmpty ? 0 : 1 }
        return index + 1
    }

    /// Index of the wave whose DRS job is (or may be) in flight: `STARTING` or `LAUNCHING`.
    package var inFlightWaveIndex: Int? {
        waves.firstIndex { $0.status.isInFlight }
    }

    /// Index of the first wave not yet started.
    package var nextPendingWaveIndex: Int? {
        waves.firstIndex { $0.status == .pending }
    }
}
