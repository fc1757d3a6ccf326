import DynamoDB
import Orchestrator
import Testing

@Suite("An execution's events: who did what, and when each wave started and ended")
struct ExecutionEventsTests {
    typealias Kind = ExecutionEvent.Kind

    /// `(type, waveNumber, by)` of each event, for comparing sequences.
    static func summary(_ execution: Execution) -> [String] {
        execution.events.map { event in
            [event.type.rawValue, event.waveNumber.map { "w\($0)" }, event.by].compactMap { $0 }.joined(separator: " ")
        }
    }

    static func pause(_ h: ExecutionHarness, _ id: String, by: String) throws -> Execution {
        try h.executions.command(id, by: by) { engine, execution, now throws(EngineRejection) in
            try engine.pause(execution, now: now)
        }
    }

    static func resume(_ h: ExecutionHarness, _ id: String, by: String) throws -> Execution {
        try h.executions.command(id, by: by) { engine, execution, now throws(EngineRejection) in
            try engine.resume(execution, now: now)
        }
    }

    static func cancel(_ h: ExecutionHarness, _ id: String, by: String) throws -> Execution {
        try h.executions.command(id, by: by) { engine, execution, now throws(EngineRejection) in
            try engine.cancel(execution, now: now)
        }
    }

    @Test("a drill paused before wave 2, resumed by one user, paused and cancelled by another, cleaned up by the first")
    func drillTrail() throws {
        let h = ExecutionHarness()
        let groups = try [["s-e1"], ["s-e2"], ["s-e3"]].enumerated().map { index, servers in
            try h.group("G\(index)", servers: servers)
        }
        let execution = try h.start(try h.plan("Three", groups: groups, pauseBefore: [2]))
        let id = execution.executionID
        let started = h.now
        h.advance(seconds: 10)
        _ = h.tick()
        h.advance(seconds: 60)
        h.finishJobs()
        _ = h.tick()
        h.advance(seconds: 5)
        _ = try Self.resume(h, id, by: "operator@example.com")
        h.advance(seconds: 5)
        _ = try Self.pause(h, id, by: "admin@example.com")
        h.advance(seconds: 60)
        h.finishJobs()
        _ = h.tick()
        _ = try Self.cancel(h, id, by: "admin@example.com")
        _ = try h.executions.terminateInstances(id, by: "operator@example.com")

        let stored = try h.stored(id)
        #expect(
            Self.summary(stored) == [
                "STARTED test", "WAVE_STARTED w1", "WAVE_COMPLETED w1", "PAUSED w2", "RESUMED w2 operator@example.com",
                "WAVE_STARTED w2", "PAUSE_REQUESTED admin@example.com", "WAVE_COMPLETED w2", "PAUSED w3",
                "CANCEL_REQUESTED admin@example.com", "CANCELLED", "INSTANCES_TERMINATED operator@example.com",
            ])
        // Each wave's start and end events carry the wave's own times; the start the execution's.
        #expect(stored.events[0].at == started)
        for wave in stored.waves where wave.startTime != nil {
            #expect(
                stored.events.first { $0.type == .waveStarted && $0.waveNumber == wave.waveNumber }?.at
                    == wave.startTime)
            #expect(
                stored.events.first { $0.type == .waveCompleted && $0.waveNumber == wave.waveNumber }?.at
                    == wave.endTime)
        }
        #expect(stored.events.last?.message == "Terminating 2 recovery instance(s)")
        // Oldest first.
        #expect(stored.events.map(\.at) == stored.events.map(\.at).sorted())
        #expect(stored.eventsDropped == 0)
    }

    @Test("a command that changes nothing adds no event; a refused one adds none either")
    func noOpCommands() throws {
        let h = ExecutionHarness()
        let groups = try [["s-e1"], ["s-e2"]].enumerated().map { index, servers in
            try h.group("G\(index)", servers: servers)
        }
        let execution = try h.start(try h.plan("Two", groups: groups))
        _ = h.tick()
        _ = try Self.cancel(h, execution.executionID, by: "a@example.com")
        let before = try h.stored(execution.executionID)
        #expect(before.status == .cancelling)
        _ = try Self.cancel(h, execution.executionID, by: "b@example.com")
        #expect(throws: DomainError.self) { try Self.resume(h, execution.executionID, by: "c@example.com") }
        let after = try h.stored(execution.executionID)
        #expect(after.events == before.events)
        #expect(!after.events.contains { $0.by == "b@example.com" || $0.by == "c@example.com" })
    }

    @Test("a failed wave records WAVE_FAILED and FAILED with the reason")
    func failedWave() throws {
        let h = ExecutionHarness()
        let execution = try h.start(try h.plan("One", groups: [try h.group("G", servers: ["s-e1"])]))
        _ = h.tick()
        h.finishJobs(failing: ["s-e1"])
        _ = h.tick()
        let stored = try h.stored(execution.executionID)
        #expect(stored.status == .failed)
        #expect(Self.summary(stored) == ["STARTED test", "WAVE_STARTED w1", "WAVE_FAILED w1", "FAILED"])
        #expect(stored.events.last?.message == stored.errorMessage)
        #expect(stored.events.last?.message?.contains("s-e1") == true)
    }

    @Test("an execution keeps its newest 100 events and counts the ones it dropped")
    func bounded() throws {
        var execution = Execution(
            executionID: "e-1", planID: "p-1", planName: "P", executionType: .drill, waves: [], startTime: 0,
            initiatedBy: "test")
        let long = String(repeating: "x", count: 10_000)
        for index in 1...150 {
            execution.record([
                ExecutionEvent(at: Int64(index), type: .pauseRequested, by: long + "\(index)", message: long)
            ])
        }
        #expect(execution.events.count == ExecutionEvents.limit)
        #expect(execution.eventsDropped == 51)
        #expect(execution.events.first?.at == 51)
        #expect(execution.events.last?.at == 150)
        #expect(execution.events.allSatisfy { ($0.by?.count ?? 0) <= ExecutionEvent.maxTextLength })
        #expect(execution.events.allSatisfy { ($0.message?.count ?? 0) <= ExecutionEvent.maxTextLength })
        // The fullest trail stays a small part of DynamoDB's 400 KB item.
        let item = try ExecutionRecords.item(execution)
        #expect(StoreLimits.size(of: item) < 64 * 1024)
        #expect(try ExecutionRecords.execution(item) == execution)
    }

    @Test("an execution stored before events existed reads with none and takes new ones")
    func olderRecord() throws {
        let h = ExecutionHarness()
        let execution = try h.start(try h.plan("P", groups: [try h.group("G", servers: ["s-e1"])]))
        var item = try ExecutionRecords.item(execution)
        item["events"] = nil
        item["eventsDropped"] = nil
        let decoded = try ExecutionRecords.execution(item)
        #expect(decoded.events.isEmpty)
        #expect(decoded.eventsDropped == 0)
    }
}
