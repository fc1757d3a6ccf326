import DRSModel

/// Reading DRS jobs: which jobs a tick must describe, how a job moves a wave, and which job a
/// recorded start became.
extension ExecutionEngine {
    /// The ids of the DRS jobs in flight for `execution` (its LAUNCHING wave's job), for the
    /// tick's one `DescribeJobs` (filter `jobIDs`) across every active execution. Empty for
    /// terminal and PAUSED executions.
    package func inFlightJobIDs(_ execution: Execution) -> [String] {
        guard execution.status.isActive else { return [] }
        return execution.waves.compactMap(\.inFlightJobID)
    }

    /// The `DescribeJobs` look-up the step needs as `candidates`, when `execution` has a wave whose
    /// start is recorded but whose job is not known (STARTING without `jobID`); nil otherwise.
    /// The executor can merge the queries of one region into one call from the earliest `since`.
    package func needsReconciliation(_ execution: Execution) -> ReconciliationQuery? {
        guard execution.status.isActive, let index = execution.inFlightWaveIndex else { return nil }
        let wave = execution.waves[index]
        guard wave.jobID == nil else { return nil }
        return ReconciliationQuery(region: wave.region, since: reconciliationStart(of: wave, in: execution))
    }

    /// The earliest creation time of a job that may be `wave`'s: its first start request, less the
    /// allowed clock skew.
    func reconciliationStart(of wave: ExecutionWave, in execution: Execution) -> Int64 {
        (wave.startTime ?? wave.startRequestedAt ?? execution.startTime) - configuration.clockSkew
    }

    /// The job a STARTING wave's request became, among `candidates`: a LAUNCH job (of the
    /// execution's kind, drill or recovery, when DRS says which) created at or after
    /// `reconciliationStart(of:in:)` whose participating servers are exactly the wave's servers, and
    /// that no other wave of the execution already has. The earliest such job when there are several.
    func adoptableJob(for wave: ExecutionWave, of execution: Execution, among candidates: [Job]) -> Job? {
        let since = reconciliationStart(of: wave, in: execution)
        let servers = Set(wave.serverIDs)
        let taken = Set(execution.waves.compactMap(\.jobID))
        let initiator: Job.Initiator = execution.executionType.isDrill ? .startDrill : .startRecovery
        let matching = candidates.filter { job in
            guard job.type == .launch, !taken.contains(job.jobID),
                let created = job.creationMilliseconds, created >= since
            else { return false }
            if let initiatedBy = job.initiatedBy, initiatedBy != initiator { return false }
            return Set(job.participatingServers.map(\.sourceServerID)) == servers
        }
        return matching.min { lhs, rhs in
            (lhs.creationMilliseconds ?? 0, lhs.jobID) < (rhs.creationMilliseconds ?? 0, rhs.jobID)
        }
    }

    /// What a job says about its wave.
    enum Verdict: Equatable {
        /// Still going.
        case running
        /// The job COMPLETED with every server of the wave LAUNCHED.
        case completed
        /// A server FAILED or was TERMINATED, or the job COMPLETED without launching them all.
        case failed(String)
    }

    /// Copies each server's launch status and recovery instance from `job` into `wave`'s progress
    /// and judges the wave (spec §3): any FAILED or TERMINATED server fails it at once; otherwise it
    /// completes when the job is COMPLETED and every server is LAUNCHED, and fails when the job is
    /// COMPLETED without that.
    func track(_ wave: inout ExecutionWave, job: Job) -> Verdict {
        for id in wave.serverIDs where !wave.servers.contains(where: { $0.sourceServerID == id }) {
            wave.servers.append(ServerProgress(sourceServerID: id))
        }
        let reported = Dictionary(
            job.participatingServers.map { ($0.sourceServerID, $0) }, uniquingKeysWith: { first, _ in first })
        var failures: [String] = []
        for index in wave.servers.indices {
            let id = wave.servers[index].sourceServerID
            guard let server = reported[id] else { continue }
            if let status = server.launchStatus { wave.servers[index].launchStatus = status.rawValue }
            if let instance = server.recoveryInstanceID { wave.servers[index].recoveryInstanceID = instance }
            if let status = server.launchStatus, status == .failed || status == .terminated {
                wave.servers[index].error = "launch \(status.rawValue)"
                failures.append("\(id) launch \(status.rawValue)")
            } else {
                wave.servers[index].error = nil
            }
        }
        if !failures.isEmpty { return .failed(failures.joined(separator: ", ")) }
        guard job.status == .completed else { return .running }

        let wanted = Set(wave.serverIDs)
        var unlaunched: [String] = []
        for index in wave.servers.indices where wanted.contains(wave.servers[index].sourceServerID) {
            let server = wave.servers[index]
            guard server.launchStatus != LaunchStatus.launched.rawValue else { continue }
            let reason =
                reported[server.sourceServerID] == nil
                ? "not in the job" : "not launched (\(server.launchStatus))"
            wave.servers[index].error = reason
            unlaunched.append("\(server.sourceServerID) \(reason)")
        }
        if unlaunched.isEmpty { return .completed }
        return .failed("DRS job \(job.jobID) completed with " + unlaunched.joined(separator: ", "))
    }
}
