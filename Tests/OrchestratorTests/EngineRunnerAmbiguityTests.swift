import AWSAdapters
import AWSCore
import DRS
import DynamoDB
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

/// The runner's side of a start under ambiguity: how a failed `StartRecovery` is classified, that a
/// lost answer is settled by `DescribeJobs` instead of a second call, the time the one call gets,
/// later waves waiting out DRS's throttling and quotas, and ticks that survive a bad record.
@Suite("Engine runner: ambiguous starts, limits and tick isolation")
struct EngineRunnerAmbiguityTests {
    static func drsError(_ code: DRSError.Code, _ rawCode: String, status: Int) -> DRSError {
        DRSError(
            code: code, operation: .startRecovery, region: "us-east-1", message: rawCode,
            serviceError: AWSServiceError(rawCode: rawCode, message: rawCode, status: status))
    }

    /// A transport failure as the DRS gateway reports it (AWSAdapters' mapping).
    static func transport(_ code: TransportError.Code) -> DRSUnreachable {
        DRSUnreachable(TransportError(code: code, message: "\(code)", origin: "https://drs.us-east-1.amazonaws.com"))!
    }

    enum Kind: String { case deferred, inconclusive, refused }

    static func kind(_ outcome: StartRecoveryOutcome) -> Kind? {
        switch outcome {
        case .deferred: .deferred
        case .inconclusive: .inconclusive
        case .refused: .refused
        case .started: nil
        }
    }

    static let policy: [(String, any Error, Int, Kind)] = [
        ("throttled", drsError(.throttled, "ThrottlingException", status: 429), 1, .deferred),
        ("quota", drsError(.serviceQuotaExceeded, "ServiceQuotaExceededException", status: 402), 2, .deferred),
        ("no connection", transport(.connectionFailed), 1, .deferred),
        ("timeout", transport(.timedOut), 1, .inconclusive),
        ("reset after sending", transport(.connectionLost), 1, .inconclusive),
        ("5xx", drsError(.other, "InternalServerException", status: 500), 1, .inconclusive),
        (
            "undecodable 2xx",
            DRSError(code: .invalidResponse, operation: .startRecovery, message: "bad body"), 1, .inconclusive
        ),
        ("conflict on a first request", drsError(.conflict, "ConflictException", status: 409), 1, .refused),
        ("conflict on a later request", drsError(.conflict, "ConflictException", status: 409), 2, .inconclusive),
        ("validation", drsError(.validation, "ValidationException", status: 400), 1, .refused),
        ("access denied", drsError(.accessDenied, "AccessDeniedException", status: 403), 1, .refused),
    ]

    @Test(
        "a failed StartRecovery is deferred only when no job can exist, refused only when final",
        arguments: policy.indices)
    func classification(index: Int) {
        let (_, error, attempt, expected) = Self.policy[index]
        #expect(Self.kind(ExecutionRunner.outcome(of: error, attempt: attempt)) == expected)
    }

    static let lostAnswers: [any Error] = [
        transport(.timedOut), transport(.connectionLost), drsError(.other, "InternalServerException", status: 500),
        DRSError(code: .invalidResponse, operation: .startRecovery, message: "bad body"),
    ]

    @Test(
        "a StartRecovery whose answer is lost after DRS created the job: the job is adopted, DRS is not asked again",
        arguments: lostAnswers.indices)
    func lostAnswerAdopted(index: Int) throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("A", servers: ["s-e1", "s-e2"])])
        let execution = try h.start(plan)
        h.drs.state.withLock { $0.lostStartAnswers = [Self.lostAnswers[index]] }
        _ = h.tick()
        #expect(h.drs.calls(.startRecovery) == 1)
        let unsettled = try h.stored(execution.executionID)
        #expect(unsettled.waves[0].status == .starting)
        #expect(unsettled.waves[0].startError != nil)
        h.advance(seconds: 5)
        _ = h.tick()
        let adopted = try h.stored(execution.executionID)
        #expect(adopted.waves[0].status == .launching)
        #expect(adopted.waves[0].jobID != nil)
        h.advance(seconds: ExecutionEngine.Configuration().startLease / 1000 + 1)
        h.finishJobs()
        _ = h.tick()
        #expect(try h.stored(execution.executionID).status == .completed)
        #expect(h.drs.calls(.startRecovery) == 1)
        let launchJobs = h.drs.state.withLock { $0.jobs.values.filter { $0.job.type == .launch }.count }
        #expect(launchJobs == 1)
    }

    @Test("the one StartRecovery attempt gets the time left before the start deadline, or the invocation's")
    func startDeadline() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("A", servers: ["s-e1"])])
        _ = try h.start(plan)
        let requestedAt = h.now
        _ = h.tick()
        let lease = ExecutionEngine.Configuration().startLease
        #expect(h.drs.state.withLock { $0.startDeadlines } == [requestedAt + lease * 3 / 4])

        let other = try h.plan("Q", groups: [try h.group("B", servers: ["s-e2"])])
        _ = try h.start(other)
        let invocationDeadline = h.now + 30_000
        InvocationDeadline.$milliseconds.withValue(invocationDeadline) { _ = h.tick() }
        #expect(
            h.drs.state.withLock { $0.startDeadlines.last } == invocationDeadline - ExecutionRunner.writeReserve)
    }

    @Test("a throttled or quota-refused StartRecovery on wave 2 waits and retries; the execution completes")
    func laterWaveWaits() throws {
        let h = ExecutionHarness()
        let plan = try h.plan(
            "P", groups: [try h.group("A", servers: ["s-e1"]), try h.group("B", servers: ["s-e2"])])
        let execution = try h.start(plan)
        _ = h.tick()
        h.finishJobs()
        h.drs.state.withLock {
            $0.failures[.startRecovery] = [
                Self.drsError(.throttled, "ThrottlingException", status: 429),
                Self.drsError(.serviceQuotaExceeded, "ServiceQuotaExceededException", status: 402),
            ]
        }
        _ = h.tick()
        let waiting = try h.stored(execution.executionID)
        #expect(waiting.status == .running)
        #expect(waiting.waves[1].status == .starting)
        #expect(waiting.waves[1].startDeferrals == 1)
        // Nothing is asked again before the retry delay.
        _ = h.tick()
        #expect(h.drs.calls(.startRecovery) == 2)
        let delay = ExecutionEngine.Configuration().startRetryDelay / 1000 + 1
        h.advance(seconds: delay)
        _ = h.tick()
        #expect(try h.stored(execution.executionID).waves[1].startDeferrals == 2)
        h.advance(seconds: delay)
        _ = h.tick()
        #expect(try h.stored(execution.executionID).waves[1].status == .launching)
        h.finishJobs()
        _ = h.tick()
        let done = try h.stored(execution.executionID)
        #expect(done.status == .completed)
        #expect(h.drs.calls(.startRecovery) == 4)
    }

    @Test("servers already in another DRS job refuse a first start with ConflictException: the wave fails")
    func busyServersRefused() throws {
        let h = ExecutionHarness()
        h.drs.state.withLock { $0.conflictOnBusyServers = true }
        _ = try h.drs.startRecovery(serverIDs: ["s-e1"], isDrill: true, region: "us-east-1")
        let plan = try h.plan("P", groups: [try h.group("A", servers: ["s-e1"])])
        let execution = try h.start(plan)
        _ = h.tick()
        let failed = try h.stored(execution.executionID)
        #expect(failed.status == .failed)
        #expect(failed.errorMessage?.contains("ConflictException") == true)
    }

    @Test("reconciliation reads DRS's jobs from the wave's first request on, not the whole history")
    func reconciliationWindow() throws {
        let h = ExecutionHarness()
        let plan = try h.plan("P", groups: [try h.group("A", servers: ["s-e1"])])
        let execution = try h.start(plan)
        h.drs.state.withLock { $0.lostStartAnswers = [Self.transport(.timedOut)] }
        _ = h.tick()
        _ = h.tick()
        let reconciliation = h.drs.jobFilters.filter { $0.jobIDs == nil }
        #expect(!reconciliation.isEmpty)
        #expect(reconciliation.allSatisfy { $0.fromDate != nil })
        #expect(try h.stored(execution.executionID).waves[0].jobID != nil)
    }

    @Test("an execution record that does not decode is reported and skipped; the others advance")
    func undecodableRecordSkipped() throws {
        let h = ExecutionHarness()
        let broken = try h.start(try h.plan("P", groups: [try h.group("A", servers: ["s-e1"])]))
        let healthy = try h.start(try h.plan("Q", groups: [try h.group("B", servers: ["s-e2"])]))
        var item = try #require(try h.store.get(.executions, key: broken.executionID))
        item["status"] = .string("SOME_FUTURE_STATUS")
        try h.store.write([.put(.executions, item, .none)])
        let report = try h.runner.tickAll()
        #expect(report.problems.contains { $0.contains(broken.executionID) && $0.contains("skipped") })
        #expect(try h.stored(healthy.executionID).status == .running)
        #expect(h.drs.calls(.startRecovery) == 1)
    }

    @Test("DRS's 20-job limit counts our own execution whose wave start is requested but not yet listed by DRS")
    func capacityCountsStarting() throws {
        let h = ExecutionHarness()
        for index in 0..<19 {
            _ = try h.drs.startRecovery(serverIDs: ["s-x\(index)"], isDrill: true, region: "us-east-1")
        }
        let first = try h.start(try h.plan("P", groups: [try h.group("A", servers: ["s-e1"])]))
        // The start of its wave 1 is recorded; DRS has not been called (or its answer is late).
        let intent = try #require(h.runner.engine.step(first, jobs: [:], now: h.now).execution)
        try ExecutionRecords(store: h.store).commit(intent, over: first)
        let second = try h.plan("Q", groups: [try h.group("B", servers: ["s-e2"])])
        let error = try #require(throws: DomainError.self) { try h.start(second) }
        #expect(error.code == .concurrentJobsLimitExceeded)
        #expect(error[field: "currentJobs"] == 20)
        // Once DRS lists that wave's job it is counted once, not twice.
        _ = try h.drs.startRecovery(serverIDs: ["s-e1"], isDrill: true, region: "us-east-1")
        let again = try #require(throws: DomainError.self) { try h.start(second) }
        #expect(again[field: "currentJobs"] == 20)
    }

    @Test("a start reads DRS's jobs of the last day only, not its whole history")
    func startReadsAWindow() throws {
        let h = ExecutionHarness()
        _ = try h.start(try h.plan("P", groups: [try h.group("A", servers: ["s-e1"])]))
        let filters = try #require(h.drs.jobFilters.last)
        let since = try #require(filters.fromDate.flatMap(DRSTimestamp.millisecondsSince1970))
        #expect(since == h.now - ExecutionService.activeJobWindow)
    }
}
