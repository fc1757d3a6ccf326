import DRS

/// A job the simulator created. Its progress is not stored but computed from the clock: `PENDING`
/// until `startsAt`, `STARTED` until `endsAt`, then `COMPLETED`, so no timer runs and the same
/// start time and timings always give the same answers.
struct SimulatedJob: Sendable {
    /// One server in the job.
    struct Participant: Sendable {
        var sourceServerID: String
        /// The instance this launch creates (LAUNCH) or the instance being terminated (TERMINATE).
        var recoveryInstanceID: String
        /// A launch chosen to fail (`--drs-fail-launch`); it ends `FAILED` with no instance.
        var fails: Bool
    }

    var jobID: String
    var region: String
    var kind: Job.Kind
    var initiatedBy: Job.Initiator
    var isDrill: Bool
    var createdAt: Int64
    var startsAt: Int64
    var endsAt: Int64
    var participants: [Participant]
    /// Requested servers the region does not have (logged as `SERVER_SKIPPED`).
    var skippedServerIDs: [String]
    var tags: [String: String]

    func status(at now: Int64) -> Job.Status {
        if now < startsAt { return .pending }
        if now < endsAt { return .started }
        return .completed
    }

    func isActive(at now: Int64) -> Bool {
        now < endsAt
    }

    func launchStatus(of participant: Participant, at now: Int64) -> LaunchStatus {
        switch status(at: now) {
        case .pending: return .pending
        case .started: return .inProgress
        default:
            if kind == .terminate { return .terminated }
            return participant.fails ? .failed : .launched
        }
    }

    /// The job as DRS shows it at `now`.
    func job(at now: Int64, accountID: String) -> Job {
        let status = status(at: now)
        return Job(
            jobID: jobID,
            arn: "arn:aws:drs:\(region):\(accountID):job/\(jobID)",
            type: kind,
            initiatedBy: initiatedBy,
            creationDateTime: DRSTimestamp.string(millisecondsSince1970: createdAt),
            endDateTime: status == .completed ? DRSTimestamp.string(millisecondsSince1970: endsAt) : nil,
            status: status,
            participatingServers: participants.map { participant in
                let launchStatus = launchStatus(of: participant, at: now)
                // A launch names its instance once the instance exists; a termination names it throughout.
                let showsInstance = kind == .terminate || launchStatus == .launched
                return Job.ParticipatingServer(
                    sourceServerID: participant.sourceServerID,
                    recoveryInstanceID: showsInstance ? participant.recoveryInstanceID : nil,
                    launchStatus: launchStatus
                )
            },
            tags: tags
        )
    }

    /// The job's log at `now`: the events whose time has come, in time order.
    func logItems(at now: Int64) -> [JobLogItem] {
        var events: [(time: Int64, event: JobLogItem.Event, data: JobLogItem.EventData?)] = []
        for skipped in skippedServerIDs {
            events.append((createdAt, .serverSkipped, JobLogItem.EventData(sourceServerID: skipped)))
        }
        events.append((startsAt, .jobStart, nil))
        let duration = endsAt - startsAt
        for participant in participants {
            let server = participant.sourceServerID
            if kind == .terminate {
                let data = JobLogItem.EventData(
                    sourceServerID: server, targetInstanceID: participant.recoveryInstanceID)
                events.append((startsAt, .cleanupStart, data))
                events.append((endsAt, .cleanupEnd, data))
                continue
            }
            let conversionServer = JobLogItem.EventData(sourceServerID: server)
            events.append((startsAt, .snapshotStart, JobLogItem.EventData(sourceServerID: server)))
            events.append((startsAt + duration / 5, .snapshotEnd, JobLogItem.EventData(sourceServerID: server)))
            events.append((startsAt + duration / 5, .conversionStart, conversionServer))
            events.append((startsAt + duration * 3 / 5, .conversionEnd, conversionServer))
            events.append(
                (
                    startsAt + duration * 3 / 5, .launchStart,
                    JobLogItem.EventData(sourceServerID: server, targetInstanceID: participant.recoveryInstanceID)
                ))
            if participant.fails {
                events.append(
                    (
                        endsAt, .launchFailed,
                        JobLogItem.EventData(
                            sourceServerID: server,
                            rawError: "Failed to launch recovery instance (injected by drs-local --drs-fail-launch)"
                        )
                    ))
            }
        }
        events.append((endsAt, .jobEnd, nil))
        return events.enumerated()
            .filter { $0.element.time <= now }
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map { _, entry in
                JobLogItem(
                    logDateTime: DRSTimestamp.string(millisecondsSince1970: entry.time),
                    event: entry.event,
                    eventData: entry.data
                )
            }
    }
}
