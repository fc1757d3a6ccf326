import DRS
import Orchestrator

/// Builders and a tiny in-memory "store + DRS" loop for the engine's tests. Times are fixed
/// milliseconds so every test is deterministic.
enum EngineFixture {
    /// 2023-11-14T22:13:20Z.
    static let t0: Int64 = 1_700_000_000_000
    static let engine = ExecutionEngine()
    static let second: Int64 = 1_000
    static let lease = ExecutionEngine.Configuration().startLease
    static let timeout = ExecutionEngine.Configuration().waveTimeout

    /// Wave `number` with servers `s-<number>a`, `s-<number>b` (or `servers`), in `us-east-1`.
    static func wave(_ number: Int, servers: [String]? = nil, pauseBefore: Bool = false) -> ExecutionWave {
        ExecutionWave(
            waveNumber: number,
            name: ["Database", "App", "Web", "Edge"][(number - 1) % 4],
            protectionGroupID: "pg-\(number)",
            region: number == 2 ? "us-west-2" : "us-east-1",
            serverIDs: servers ?? ["s-\(number)a", "s-\(number)b"],
            pauseBeforeWave: pauseBefore,
            hostnames: ["s-\(number)a": "host-\(number)a"]
        )
    }

    /// A PENDING execution of `waveCount` waves; `pauseBefore` lists the 1-based waves that pause.
    static func execution(
        waves waveCount: Int = 3, pauseBefore: Set<Int> = [], type: ExecutionType = .drill
    ) -> Execution {
        Execution(
            executionID: "exec-1",
            planID: "plan-1",
            planName: "Three tier",
            executionType: type,
            waves: (0..<waveCount).map { wave($0 + 1, pauseBefore: pauseBefore.contains($0 + 1)) },
            startTime: t0,
            initiatedBy: "tester"
        )
    }

    /// A LAUNCH job for `servers` (id → launch status), created at `created`.
    static func job(
        _ id: String,
        status: Job.Status = .started,
        servers: [(String, LaunchStatus?)],
        created: Int64 = t0,
        type: Job.Kind = .launch,
        initiatedBy: Job.Initiator? = .startDrill
    ) -> Job {
        Job(
            jobID: id,
            type: type,
            initiatedBy: initiatedBy,
            creationDateTime: DRSTimestamp.string(millisecondsSince1970: created),
            status: status,
            participatingServers: servers.map { id, launchStatus in
                Job.ParticipatingServer(
                    sourceServerID: id,
                    recoveryInstanceID: launchStatus == .launched ? "i-\(id)" : nil,
                    launchStatus: launchStatus
                )
            }
        )
    }

    /// `wave`'s servers all with `launchStatus`.
    static func job(
        _ id: String, for wave: ExecutionWave, status: Job.Status = .started, launchStatus: LaunchStatus?,
        created: Int64 = t0
    ) -> Job {
        job(id, status: status, servers: wave.serverIDs.map { ($0, launchStatus) }, created: created)
    }

    /// The start a decision asks for, or nil.
    static func start(_ decision: EngineDecision) -> WaveStart? {
        guard case .startRecovery(let start) = decision.effect else { return nil }
        return start
    }

    /// The start of the wave at `index` as its current attempt asked for it (what the executor
    /// holds while it calls DRS).
    static func currentStart(of execution: Execution, wave index: Int) -> WaveStart {
        let wave = execution.waves[index]
        return WaveStart(
            executionID: execution.executionID, waveIndex: index, waveNumber: wave.waveNumber, region: wave.region,
            serverIDs: wave.serverIDs, isDrill: execution.executionType.isDrill,
            requestedAt: wave.startRequestedAt ?? 0, attempt: wave.startAttempts)
    }

    /// A start for a wave index the execution does not have.
    static func start(wave index: Int) -> WaveStart {
        WaveStart(
            executionID: "exec-1", waveIndex: index, waveNumber: index + 1, region: "us-east-1", serverIDs: ["s-1"],
            isDrill: true, requestedAt: 0, attempt: 1)
    }

    /// The execution after a decision was written (the store's version bump included).
    static func applied(_ decision: EngineDecision, to execution: Execution) -> Execution {
        guard var next = decision.execution else { return execution }
        next.version = execution.version + 1
        return next
    }

    /// Steps `execution` and writes the decision; performs a start as DRS would (job `job-<wave>`
    /// created `now`) and records it. Returns the new state and the starts made.
    static func tick(
        _ execution: Execution, jobs: [String: Job] = [:], candidates: [Job]? = nil, now: Int64
    ) -> (Execution, [WaveStart]) {
        let decision = engine.step(execution, jobs: jobs, candidates: candidates, now: now)
        var next = applied(decision, to: execution)
        guard let start = start(decision) else { return (next, []) }
        let created = job(
            "job-\(start.waveNumber)", for: next.waves[start.waveIndex], launchStatus: .pending, created: now)
        next = engine.recordStart(
            next, for: EngineFixture.currentStart(of: next, wave: start.waveIndex), outcome: .started(created), now: now
        )
        return (next, [start])
    }
}
