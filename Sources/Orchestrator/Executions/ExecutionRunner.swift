import DRSModel
import DynamoDBModel
import FoundationEssentials

/// The engine's I/O: reads the active executions, asks DRS about their jobs (one `DescribeJobs`
/// per region per tick), applies the engine's decisions as conditional writes, and makes the DRS
/// calls the decisions ask for — only after the write that records the intent has won.
///
/// A tick is bounded by its invocation's deadline (`InvocationDeadline`, less `writeReserve` for
/// the writes that record what the calls returned): no DRS call runs past it, and executions not
/// reached by then wait for the next tick. One execution that cannot be read (a record a newer
/// version wrote) is reported and skipped; the others advance.
package struct ExecutionRunner: Sendable {
    /// Time kept back from the invocation's deadline for the writes after the last DRS call.
    package static let writeReserve: Int64 = 5_000

    package let records: ExecutionRecords
    package let drs: any DRSGateway
    package let engine: ExecutionEngine
    package let environment: DomainEnvironment
    /// Receives one Embedded Metric Format line per finished execution (stdout in Lambda).
    package let metrics: @Sendable (String) -> Void

    package init(
        records: ExecutionRecords, drs: any DRSGateway, engine: ExecutionEngine, environment: DomainEnvironment,
        metrics: @escaping @Sendable (String) -> Void
    ) {
        self.records = records
        self.drs = drs
        self.engine = engine
        self.environment = environment
        self.metrics = metrics
    }

    /// What a tick did.
    package struct Report: Sendable, Equatable {
        package var examined = 0
        package var advanced = 0
        package var wavesStarted = 0
        /// Problems that did not stop the tick (a region DRS could not describe, a lost write).
        package var problems: [String] = []

        package init() {}
    }

    /// Advances every active execution once. An execution record that cannot be decoded is
    /// reported in `problems` and skipped. Finds them without reading the plans: the sparse index
    /// of executing plans and the start register (`ActiveExecution.ids`), then one batch read.
    package func tickAll() throws -> Report {
        var problems: [String] = []
        let sequence = try records.store.get(.executions, key: ExecutionRecords.startSequenceKey)
        let ids = try ActiveExecution.ids(in: records.store, sequence: sequence)
        let executions = decodeEach(try records.store.get(.executions, keys: ids), problems: &problems)
        var report = tick(executions)
        report.problems = problems + report.problems
        return report
    }

    /// The executions among `items`; an item that does not decode (e.g. a status or field a newer
    /// version wrote) is named in `problems` and left out, so that it cannot stop the others.
    package func decodeEach(_ items: [DynamoDBItem], problems: inout [String]) -> [Execution] {
        items.filter { $0[RecordKey.kind] == .string(ActiveExecution.kind) }.compactMap { item in
            do {
                return try ExecutionRecords.execution(item)
            } catch {
                problems.append("execution \(item[RecordKey.attribute]?.stringValue ?? "?") skipped: \(error)")
                return nil
            }
        }
    }

    /// When the DRS calls of a tick started now must be done: the invocation's deadline less
    /// `writeReserve`; nil outside an invocation.
    package var callDeadline: Int64? {
        InvocationDeadline.milliseconds.map { $0 - Self.writeReserve }
    }

    /// Advances `executions` (the active ones) once and returns what happened.
    package func tick(_ executions: [Execution]) -> Report {
        var report = Report()
        let active = executions.filter { $0.status.isActive }
        report.examined = active.count
        guard !active.isEmpty else { return report }
        let now = environment.now()
        let deadline = callDeadline

        // One DescribeJobs per region for every job in flight.
        var jobIDsByRegion: [String: Set<String>] = [:]
        for execution in active {
            for wave in execution.waves where wave.inFlightJobID != nil {
                jobIDsByRegion[wave.region, default: []].insert(wave.jobID ?? "")
            }
        }
        var jobs: [String: Job] = [:]
        for (region, ids) in jobIDsByRegion.sorted(by: { $0.key < $1.key }) {
            do {
                for job in try drs.jobs(JobFilters(jobIDs: ids.sorted()), region: region, deadline: deadline) {
                    jobs[job.jobID] = job
                }
            } catch {
                report.problems.append("DescribeJobs in \(region): \(error)")
            }
        }
        // Reconciliation look-ups, merged per region from the earliest start request.
        var sinceByRegion: [String: Int64] = [:]
        for query in active.compactMap(engine.needsReconciliation) {
            sinceByRegion[query.region] = min(sinceByRegion[query.region] ?? query.since, query.since)
        }
        var candidates: [String: [Job]] = [:]
        for (region, since) in sinceByRegion.sorted(by: { $0.key < $1.key }) {
            do {
                candidates[region] = try drs.jobs(
                    JobFilters(fromDate: Timestamp.iso8601(since)), region: region, deadline: deadline
                ).filter { ($0.creationMilliseconds ?? Int64.max) >= since }
            } catch {
                report.problems.append("DescribeJobs (reconciliation) in \(region): \(error)")
            }
        }
        for execution in active {
            if let deadline, environment.now() >= deadline {
                report.problems.append("\(execution.executionID): left to the next tick (invocation deadline)")
                continue
            }
            let region = engine.needsReconciliation(execution)?.region
            let decision = engine.step(
                execution, jobs: jobs, candidates: region.flatMap { candidates[$0] }, now: now)
            apply(decision, to: execution, report: &report)
        }
        return report
    }

    /// Writes a decision and performs its effect.
    func apply(_ decision: EngineDecision, to old: Execution, report: inout Report) {
        guard case .update(let new, let effect) = decision else { return }
        let written: Execution
        do {
            written = try records.commit(new, over: old)
        } catch {
            // Another tick or a command changed the execution first; the next tick starts from it.
            report.problems.append("\(old.executionID): write lost (\(error))")
            return
        }
        report.advanced += 1
        finished(written, previous: old)
        guard case .startRecovery(let start) = effect else { return }
        guard engine.mayStill(start: start, now: environment.now()) else {
            report.problems.append("\(old.executionID): start of wave \(start.waveNumber) left to reconciliation")
            return
        }
        // The one attempt gets all the time left before the start deadline (or the invocation's).
        var deadline = engine.startDeadline(for: start)
        if let callDeadline { deadline = min(deadline, callDeadline) }
        let outcome: StartRecoveryOutcome
        do {
            outcome = .started(
                try drs.startRecovery(
                    serverIDs: start.serverIDs, isDrill: start.isDrill, region: start.region, deadline: deadline))
            report.wavesStarted += 1
        } catch {
            outcome = Self.outcome(of: error, attempt: start.attempt)
            report.problems.append("\(old.executionID): start of wave \(start.waveNumber): \(outcome)")
        }
        // Record the outcome on the latest state (a concurrent tick may have written meanwhile).
        var current = written
        for _ in 0..<OptimisticWrite.maxAttempts {
            let recorded = engine.recordStart(current, for: start, outcome: outcome, now: environment.now())
            guard recorded != current else { return }
            do {
                let stored = try records.commit(recorded, over: current)
                finished(stored, previous: current)
                return
            } catch {
                guard let fresh = try? records.get(current.executionID) else { return }
                current = fresh
            }
        }
    }

    /// What a failed `StartRecovery` (sent with `RetryPolicy.Mode.onlyWhenNotSent`, so its
    /// retries are spent) says about the wave's job:
    ///
    /// | failure | outcome |
    /// |---|---|
    /// | throttled (429, throttling code), `ServiceQuotaExceededException`, no connection made | deferred |
    /// | timeout, connection lost, 5xx, `RequestTimeout`, undecodable 2xx, anything unknown | inconclusive |
    /// | `ConflictException` on the first request | refused (servers busy in another job) |
    /// | `ConflictException` on a later request | inconclusive (an earlier request's job may hold them) |
    /// | validation, access denied, authentication, uninitialized region, not found, no credentials | refused |
    ///
    /// - Parameter attempt: the request's `WaveStart.attempt` (1 for the first).
    package static func outcome(of error: any Error, attempt: Int) -> StartRecoveryOutcome {
        if let error = error as? DRSError {
            let reason = "\(error.rawCode): \(error.message)"
            switch error.code {
            case .throttled, .serviceQuotaExceeded:
                return .deferred(reason: reason)
            case .conflict:
                return attempt > 1 ? .inconclusive(reason: reason) : .refused(reason: reason)
            case .validation, .accessDenied, .authentication, .uninitialized, .resourceNotFound:
                return .refused(reason: reason)
            case .other, .invalidResponse:
                return .inconclusive(reason: reason)
            }
        }
        if let error = error as? DRSUnreachable {
            switch error.reason {
            case .notSent: return .deferred(reason: "\(error)")
            case .answerLost: return .inconclusive(reason: "\(error)")
            case .notConfigured: return .refused(reason: "\(error)")
            }
        }
        return .inconclusive(reason: "\(error)")
    }

    /// Emits the metrics of an execution that has just finished.
    func finished(_ execution: Execution, previous: Execution) {
        guard execution.status.isTerminal, !previous.status.isTerminal,
            let line = ExecutionMetrics.embeddedMetricLine(for: execution)
        else { return }
        metrics(line)
    }
}
