/// One entry of an execution's audit trail (spec §2.3 `events`, §5): what happened, when, to which
/// wave, and who asked for it when a person or a caller did.
///
/// Stored with the execution, oldest first, append-only; the list keeps the newest
/// `ExecutionEvents.limit` entries so that the item stays small (see `Execution.record(_:)`).
package struct ExecutionEvent: Codable, Sendable, Equatable {
    package enum Kind: String, Codable, Sendable, CaseIterable {
        case started = "STARTED"
        case waveStarted = "WAVE_STARTED"
        case waveCompleted = "WAVE_COMPLETED"
        case waveFailed = "WAVE_FAILED"
        case pauseRequested = "PAUSE_REQUESTED"
        case paused = "PAUSED"
        case resumed = "RESUMED"
        case cancelRequested = "CANCEL_REQUESTED"
        case cancelled = "CANCELLED"
        case completed = "COMPLETED"
        case failed = "FAILED"
        case instancesTerminated = "INSTANCES_TERMINATED"
    }

    /// Milliseconds since the epoch.
    package var at: Int64
    package var type: Kind
    /// 1-based: the wave the event is about (a wave's start or end, the wave a pause waits before).
    package var waveNumber: Int?
    /// Who asked for it: the caller of a command (spec §5 identity); nil for the engine's own steps.
    package var by: String?
    package var message: String?

    enum CodingKeys: String, CodingKey {
        case at = "atMs"
        case type, waveNumber, by, message
    }

    /// `by` and `message` are cut to `maxTextLength` characters: an event stays a few hundred bytes.
    package init(at: Int64, type: Kind, waveNumber: Int? = nil, by: String? = nil, message: String? = nil) {
        self.at = at
        self.type = type
        self.waveNumber = waveNumber
        self.by = by.map(Self.bounded)
        self.message = message.map(Self.bounded)
    }

    /// The longest `by` or `message` kept.
    package static let maxTextLength = 256

    static func bounded(_ text: String) -> String {
        text.count <= maxTextLength ? text : String(text.prefix(maxTextLength - 1)) + "…"
    }
}

/// The events a change of an execution's state amounts to.
package enum ExecutionEvents {
    /// How many events an execution keeps (the newest); older ones are counted in `eventsDropped`.
    /// At most a few hundred bytes each, so the list stays well within the execution's item.
    package static let limit = 100

    /// The events of the change from `old` to `new` at `now`, in the order they happened: the
    /// waves' starts and ends, then the execution's own transition.
    ///
    /// - Parameter by: who asked for the change (a pause, resume or cancel command); nil for the
    ///   engine's steps. A command's request is recorded with `by` (`PAUSE_REQUESTED`, `RESUMED`,
    ///   `CANCEL_REQUESTED`); what it led to at once (`PAUSED`, `CANCELLED`) follows it.
    package static func transitions(from old: Execution, to new: Execution, at now: Int64, by: String? = nil)
        -> [ExecutionEvent]
    {
        var events: [ExecutionEvent] = []
        for (before, after) in zip(old.waves, new.waves) {
            if before.startTime == nil && after.startTime != nil {
                events.append(ExecutionEvent(at: now, type: .waveStarted, waveNumber: after.waveNumber))
            }
            guard before.status != after.status else { continue }
            switch after.status {
            case .completed:
                events.append(ExecutionEvent(at: now, type: .waveCompleted, waveNumber: after.waveNumber))
            case .failed:
                events.append(
                    ExecutionEvent(at: now, type: .waveFailed, waveNumber: after.waveNumber, message: new.errorMessage))
            case .pending, .starting, .launching, .cancelled:
                break
            }
        }
        guard old.status != new.status else { return events }
        switch new.status {
        case .pending:
            break
        case .running:
            if old.status == .paused || old.status == .pausePending {
                events.append(ExecutionEvent(at: now, type: .resumed, waveNumber: old.pausedBeforeWave, by: by))
            }
        case .pausePending:
            events.append(ExecutionEvent(at: now, type: .pauseRequested, by: by))
        case .paused:
            if let by, old.status != .pausePending {
                events.append(ExecutionEvent(at: now, type: .pauseRequested, by: by))
            }
            let reason =
                by != nil || old.status == .pausePending
                ? "Paused as requested" : "pauseBeforeWave is set on the next wave"
            events.append(ExecutionEvent(at: now, type: .paused, waveNumber: new.pausedBeforeWave, message: reason))
        case .cancelling:
            events.append(ExecutionEvent(at: now, type: .cancelRequested, by: by))
        case .cancelled:
            if let by, old.status != .cancelling {
                events.append(ExecutionEvent(at: now, type: .cancelRequested, by: by))
            }
            events.append(ExecutionEvent(at: now, type: .cancelled, message: new.errorMessage))
        case .completed:
            events.append(ExecutionEvent(at: now, type: .completed))
        case .failed:
            events.append(ExecutionEvent(at: now, type: .failed, message: new.errorMessage))
        }
        return events
    }
}

extension Execution {
    /// Appends `events`, keeping the newest `ExecutionEvents.limit` and counting the ones dropped.
    package mutating func record(_ events: [ExecutionEvent]) {
        guard !events.isEmpty else { return }
        self.events += events
        let excess = self.events.count - ExecutionEvents.limit
        if excess > 0 {
            self.events.removeFirst(excess)
            eventsDropped += excess
        }
    }

    /// `new` with the events of the change from `self` to it appended.
    package func recording(_ new: Execution, at now: Int64, by: String? = nil) -> Execution {
        var next = new
        next.record(ExecutionEvents.transitions(from: self, to: new, at: now, by: by))
        return next
    }
}
