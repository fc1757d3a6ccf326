import DRS
import DynamoDB
import Orchestrator
import Synchronization
import TestSupport

/// The execution services over an in-memory store and a fake DRS, with a clock the test moves.
final class ExecutionHarness: Sendable {
    let store = InMemoryRecordStore()
    let drs = FakeDRS()
    /// Shared with the services' closures (a `Mutex` itself cannot be captured).
    final class Cell<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func withLock<R>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
    }

    let clock = Cell<Int64>(1_800_000_000_000)
    let ids = Cell(0)
    let metricLines = Cell<[String]>([])
    let groups: ProtectionGroupService
    let plans: RecoveryPlanService
    let runner: ExecutionRunner
    let executions: ExecutionService

    init(engine: ExecutionEngine = ExecutionEngine()) {
        let clock = clock
        let ids = ids
        let metricLines = metricLines
        let environment = DomainEnvironment(
            now: { clock.withLock { $0 } },
            newID: {
                ids.withLock {
                    $0 += 1
                    return "id-\($0)"
                }
            },
            // A lost write race retries at once: time moves only when the test moves it.
            sleep: { _ in })
        groups = ProtectionGroupService(store: store, drs: drs, environment: environment)
        plans = RecoveryPlanService(store: store, groups: groups, environment: environment)
        runner = ExecutionRunner(
            records: ExecutionRecords(store: store), drs: drs, engine: engine, environment: environment,
            metrics: { line in metricLines.withLock { $0.append(line) } })
        executions = ExecutionService(plans: plans, runner: runner)
        drs.add(
            (1...12).map { FakeDRS.server("s-e\($0)", tags: ["Tier": $0 <= 4 ? "DB" : "Web", "Env": "Prod"]) },
            region: "us-east-1")
        drs.add([FakeDRS.server("s-bad", replication: .disconnected)], region: "us-east-1")
        drs.add((1...3).map { FakeDRS.server("s-w\($0)") }, region: "us-west-2")
    }

    /// Moves the clock (and DRS's, which stamps new jobs) on.
    func advance(seconds: Int64) {
        let now = clock.withLock {
            $0 += seconds * 1000
            return $0
        }
        drs.state.withLock { $0.now = now }
    }
    var now: Int64 { clock.withLock { $0 } }

    func catalog() -> ServerCatalog { ServerCatalog(drs: drs) }

    /// A group of explicit servers.
    @discardableResult
    func group(_ name: String, servers: [String], region: String = "us-east-1") throws -> ProtectionGroup {
        try groups.create(
            ProtectionGroupDraft(name: name, region: region, sourceServerIds: servers), catalog: catalog(),
            by: "admin@example.com")
    }

    /// A plan with one wave per group.
    @discardableResult
    func plan(_ name: String, groups: [ProtectionGroup], pauseBefore: Set<Int> = []) throws -> RecoveryPlan {
        try plans.create(
            RecoveryPlanDraft(
                name: name,
                waves: groups.enumerated().map { index, group in
                    RecoveryPlan.Wave(
                        name: "Wave \(index + 1)", protectionGroupId: group.id,
                        pauseBeforeWave: pauseBefore.contains(index + 1))
                }), catalog: catalog(), by: "admin@example.com")
    }

    func start(_ plan: RecoveryPlan, type: String = "DRILL", token: String? = nil) throws -> Execution {
        try executions.start(
            .init(planID: plan.id, executionType: type, initiatedBy: "test", clientToken: token), catalog: catalog())
    }

    /// Every LAUNCH job so far, completed with all its servers launched (or failed for `failing`).
    func finishJobs(failing: Set<String> = []) {
        let ids = drs.state.withLock { state in state.jobs.values.filter { $0.job.type == .launch }.map(\.job.jobID) }
        for id in ids {
            drs.progress(id, status: .completed) { failing.contains($0) ? .failed : .launched }
        }
    }

    func tick() -> ExecutionRunner.Report {
        (try? runner.tickAll()) ?? ExecutionRunner.Report()
    }

    func stored(_ id: String) throws -> Execution { try ExecutionRecords(store: store).get(id) }
}
