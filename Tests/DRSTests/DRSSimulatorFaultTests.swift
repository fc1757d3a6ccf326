import AWSCore
import DRS
import DRSLocal
import Foundation
import TestSupport
import Testing

@Suite("DRS simulator: the slow-answer fault, busy servers and the job time window")
struct DRSSimulatorFaultTests {
    typealias Rig = DRSSimulatorTests.Rig
    typealias Harness = SimulatorHarness

    static func start(_ rig: Rig, _ ids: [String]) -> DRSSimulatorReply {
        let servers = ids.map { #"{"sourceServerID":"\#($0)"}"# }.joined(separator: ",")
        return rig.send(.startRecovery, #"{"isDrill":true,"sourceServers":[\#(servers)]}"#)
    }

    static func jobs(_ rig: Rig, _ filters: String) throws -> [Job] {
        try rig.decode(DRSPage<Job>.self, rig.send(.describeJobs, #"{"filters":\#(filters)}"#)).items
    }

    @Test("with a slow answer StartRecovery creates its job at once and holds the answer back")
    func slowAnswer() throws {
        var settings = Harness.quickSettings()
        settings.startRecoveryAnswerDelayMilliseconds = 20_000
        let rig = Rig(settings: settings)
        let reply = Self.start(rig, [Harness.eastServerIDs[0]])
        #expect(reply.status == 202)
        #expect(reply.delayMilliseconds == 20_000)
        // The job is listed before the answer is sent.
        let job = try rig.decode(DRSJobResponse.self, reply).job
        #expect(try Self.jobs(rig, "{}").map(\.jobID) == [job.jobID])
        #expect(rig.simulator.stats.slowAnswers["StartRecovery"] == 1)
        // Other operations answer at once.
        #expect(rig.send(.describeJobs).delayMilliseconds == 0)
    }

    @Test("the answer delay is a setting changed at run time and validated")
    func slowAnswerSetting() throws {
        let rig = Rig()
        let update = DRSSimulatorRequest(
            method: "POST", path: "/_simulator/settings", headers: [:],
            body: Array(#"{"startRecoveryAnswerDelayMilliseconds":1500}"#.utf8))
        #expect(rig.simulator.handle(update).status == 200)
        #expect(rig.simulator.settings.startRecoveryAnswerDelayMilliseconds == 1_500)
        #expect(Self.start(rig, [Harness.eastServerIDs[0]]).delayMilliseconds == 1_500)
        let negative = DRSSimulatorRequest(
            method: "POST", path: "/_simulator/settings", headers: [:],
            body: Array(#"{"startRecoveryAnswerDelayMilliseconds":-1}"#.utf8))
        #expect(rig.simulator.handle(negative).status == 400)
        #expect(rig.simulator.settings.startRecoveryAnswerDelayMilliseconds == 1_500)
    }

    @Test("a StartRecovery for a server in an active job is a ConflictException and is counted")
    func busyServerConflict() {
        let rig = Rig()
        let id = Harness.eastServerIDs[0]
        #expect(Self.start(rig, [id]).status == 202)
        let refused = Self.start(rig, [id, Harness.eastServerIDs[1]])
        #expect(refused.status == 409)
        #expect(refused.headers["x-amzn-ErrorType"] == "ConflictException")
        #expect(rig.simulator.stats.conflicts == 1)
        #expect(rig.simulator.stats.jobsCreated == 1)
    }

    @Test("DescribeJobs keeps the jobs created within fromDate and toDate, both inclusive")
    func timeWindow() throws {
        let rig = Rig()
        var created: [(String, Int64)] = []
        for id in Harness.eastServerIDs.prefix(3) {
            let job = try rig.decode(DRSJobResponse.self, Self.start(rig, [id])).job
            created.append((job.jobID, rig.clock.nowMilliseconds))
            rig.clock.advance(by: 600)
        }
        func text(_ milliseconds: Int64) -> String { DRSTimestamp.string(millisecondsSince1970: milliseconds) }
        let fromSecond = try Self.jobs(rig, #"{"fromDate":"\#(text(created[1].1))"}"#).map(\.jobID)
        #expect(Set(fromSecond) == [created[1].0, created[2].0])
        let window = try Self.jobs(
            rig, #"{"fromDate":"\#(text(created[0].1 + 1))","toDate":"\#(text(created[1].1))"}"#
        ).map(\.jobID)
        #expect(window == [created[1].0])
        let bad = rig.send(.describeJobs, #"{"filters":{"fromDate":"yesterday"}}"#)
        #expect(bad.status == 400)
    }
}
