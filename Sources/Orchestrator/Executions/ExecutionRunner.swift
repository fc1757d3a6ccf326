import AWSCore
import DRS
import FoundationEssentials

/// The engine's I/O: reads the active executions, asks DRS about their jobs (one `DescribeJobs`
/// per region per tick), applies the engine's decisions as conditional writes, and makes the DRS
/// calls the decisions ask for — only after the write that records the intent has won.
package struct ExecutionRunner: Sendable {
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

    /// Advances every active execution once.
    package func tickAll() throws -> Report {
        let plans = try records.store.scan(.recoveryPlans, kind: RecoveryPlan.kind).map {
            try RecordCoding.record(RecoveryPlan.self, $0)
        }
        let executions = try records.get(ids: plans.compactMap(\.activeExecutionId))
        return tick(executions)
    }

    /// Advances `executions` (the active ones) once and returns what happened.
    package func tick(_ executions: [Execution]) -> Report {
        var report = Report()
        let active = executions.filter { $0.status.isActive }
        report.examined = active.count
        guard !active.isEmpty else { return report }
        let now = environment.now()

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
                for job in try drs.jobs(JobFilters(jobIDs: ids.sorted()), region: region) { jobs[job.jobID] = job }
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
                    JobFilters(fromDate: Timestamp.iso8601(since)), region: region
                ).filter { ($0.creationMilliseconds ?? Int64.max) >= since }
            } catch {
                report.problems.append("DescribeJobs (reconciliation) in \(region): \(error)")
            }
        }
        for execution in active {
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
        let outcome: StartRecoveryOutcome
        do {
            outcome = .started(
                try drs.startRecovery(
                    serverIDs: start.serverIDs, isDrill: start.isDrill, region: start.region,
                    deadline: engine.startDeadline(for: start)))
            report.wavesStarted += 1
        } catch let error as DRSError {
            switch error.code {
            case .throttled, .other, .invalidResponse:
                outcome = .inconclusive(reason: error.message)
            default:
                outcome = .refused(reason: "\(error.serviceError?.rawCode ?? error.code.rawValue): \(error.message)")
            }
        } catch {
            outcome = .inconclusive(reason: "\(error)")
        }
        // Record the outcome on the latest state (a concurrent tick may have written meanwhile).
        var current = written
        for _ in 0..<OptimisticWrite.maxAttempts {
            let recorded = engine.recordStart(
                current, waveIndex: start.waveIndex, outcome: outcome, now: environment.now())
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

    /// Emits the metrics of an execution that has just finished.
    func finished(_ execution: Execution, previous: Execution) {
        guard execution.status.isTerminal, !previous.status.isTerminal,
            let line = ExecutionMetrics.embeddedMetricLine(for: execution)
        else { return }
        metrics(line)
    }
}
