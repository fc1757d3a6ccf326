import AWSCore
import DRS
import DRSLocal
import Foundation
import TestSupport
import Testing

@Suite("DRS simulator: state, timing and signatures without a server")
struct DRSSimulatorTests {
    typealias Harness = SimulatorHarness

    /// A simulator on a fake clock, and a way to send it signed requests.
    struct Rig {
        let clock = FakeClock(startMilliseconds: 1_763_654_400_000)
        let simulator: DRSSimulator

        init(settings: DRSSimulatorSettings = Harness.quickSettings()) {
            var configuration = DRSSimulatorConfiguration(inventory: Harness.seed)
            configuration.settings = settings
            configuration.clock = clock.clock
            simulator = DRSSimulator(configuration: configuration)
        }

        func send(
            _ operation: DRSOperation,
            _ body: String = "{}",
            region: String = "us-east-1",
            credentials: AWSCredentials = Harness.local
        ) -> DRSSimulatorReply {
            let signer = SigV4Signer(credentials: credentials, service: "drs", region: region)
            let bytes = Array(body.utf8)
            let signed = signer.sign(
                method: "POST",
                path: operation.path,
                query: nil,
                headers: ["Host": "127.0.0.1:4599", "Content-Type": "application/json"],
                payloadHash: SigV4Signer.payloadHash(of: bytes),
                date: AWSDate(millisecondsSince1970: clock.nowMilliseconds)
            )
            return simulator.handle(
                DRSSimulatorRequest(method: "POST", path: operation.path, headers: signed.headers, body: bytes))
        }

        func decode<T: Decodable>(_ type: T.Type, _ reply: DRSSimulatorReply) throws -> T {
            try JSONDecoder().decode(T.self, from: Data(reply.body))
        }
    }

    @Test("a job is PENDING, then STARTED, then COMPLETED exactly at its configured times")
    func jobTimeline() throws {
        let rig = Rig()
        let id = Harness.eastServerIDs[0]
        let started = rig.send(.startRecovery, #"{"isDrill":true,"sourceServers":[{"sourceServerID":"\#(id)"}]}"#)
        #expect(started.status == 202)
        let job = try rig.decode(DRSJobResponse.self, started).job
        #expect(job.creationDateTime == "2025-11-20T16:00:00.000Z")

        func status() throws -> (Job.Status?, LaunchStatus?) {
            let page = try rig.decode(
                DRSPage<Job>.self, rig.send(.describeJobs, #"{"filters":{"jobIDs":["\#(job.jobID)"]}}"#))
            return (page.items.first?.status, page.items.first?.participatingServers.first?.launchStatus)
        }
        #expect(try status() == (.pending, .pending))
        rig.clock.advance(by: 39)
        #expect(try status() == (.pending, .pending))
        rig.clock.advance(by: 1)
        #expect(try status() == (.started, .inProgress))
        rig.clock.advance(by: 119)
        #expect(try status() == (.started, .inProgress))
        rig.clock.advance(by: 1)
        #expect(try status() == (.completed, .launched))
    }

    @Test("the same calls give the same job and instance IDs on every run")
    func deterministicIDs() throws {
        func run() throws -> (String, [String]) {
            let rig = Rig()
            let ids = Harness.eastServerIDs.prefix(2).map { #"{"sourceServerID":"\#($0)"}"# }.joined(separator: ",")
            let job = try rig.decode(
                DRSJobResponse.self, rig.send(.startRecovery, #"{"sourceServers":[\#(ids)]}"#)
            ).job
            rig.clock.advance(by: 1_000)
            let instances = try rig.decode(DRSPage<RecoveryInstance>.self, rig.send(.describeRecoveryInstances))
            return (job.jobID, instances.items.map(\.recoveryInstanceID))
        }
        let first = try run()
        let second = try run()
        #expect(first.0 == second.0)
        #expect(first.1 == second.1)
        #expect(first.1.count == 2)
    }

    @Test("a newer launch of a server replaces its recovery instance")
    func relaunchReplaces() throws {
        let rig = Rig()
        let id = Harness.eastServerIDs[0]
        let body = #"{"isDrill":true,"sourceServers":[{"sourceServerID":"\#(id)"}]}"#
        #expect(rig.send(.startRecovery, body).status == 202)
        rig.clock.advance(by: 1_000)
        let first = try rig.decode(DRSPage<RecoveryInstance>.self, rig.send(.describeRecoveryInstances)).items
        #expect(rig.send(.startRecovery, body).status == 202)
        rig.clock.advance(by: 1_000)
        let second = try rig.decode(DRSPage<RecoveryInstance>.self, rig.send(.describeRecoveryInstances)).items
        #expect(first.count == 1 && second.count == 1)
        #expect(first.first?.recoveryInstanceID != second.first?.recoveryInstanceID)
    }

    @Test("unknown servers are skipped and logged; malformed IDs are a ValidationException")
    func validation() throws {
        let rig = Rig()
        let known = Harness.eastServerIDs[0]
        let reply = rig.send(
            .startRecovery,
            #"{"sourceServers":[{"sourceServerID":"\#(known)"},{"sourceServerID":"s-00000000000000000"}]}"#)
        let job = try rig.decode(DRSJobResponse.self, reply).job
        #expect(job.participatingServers.map(\.sourceServerID) == [known])
        let log = try rig.decode(
            DRSPage<JobLogItem>.self, rig.send(.describeJobLogItems, #"{"jobID":"\#(job.jobID)"}"#))
        #expect(log.items.first?.event == .serverSkipped)
        #expect(log.items.first?.eventData?.sourceServerID == "s-00000000000000000")

        let invalid = rig.send(.startRecovery, #"{"sourceServers":[{"sourceServerID":"server-1"}]}"#)
        #expect(invalid.status == 400)
        #expect(invalid.headers["x-amzn-ErrorType"] == "ValidationException")
        #expect(rig.send(.startRecovery, #"{"sourceServers":[]}"#).status == 400)
        #expect(rig.send(.describeJobs, "not json").status == 400)
        #expect(rig.send(.describeJobs, #"{"maxResults":0}"#).status == 400)
        #expect(rig.send(.describeJobs, #"{"nextToken":"bogus"}"#).status == 400)
    }

    @Test("more than 100 servers in one job exceed the quota")
    func quota() throws {
        let rig = Rig()
        let servers = (0..<101).map { String(format: #"{"sourceServerID":"s-%017d"}"#, $0) }
        let reply = rig.send(.startRecovery, #"{"sourceServers":[\#(servers.joined(separator: ","))]}"#)
        #expect(reply.status == 402)
        #expect(reply.headers["x-amzn-ErrorType"] == "ServiceQuotaExceededException")
    }

    @Test("a stale X-Amz-Date, a wrong service scope and a tampered body are refused")
    func signatureChecks() throws {
        let rig = Rig()
        let signer = SigV4Signer(credentials: Harness.local, service: "drs", region: "us-east-1")
        let body = Array("{}".utf8)
        func request(date: AWSDate, signer: SigV4Signer = signer, sentBody: [UInt8] = body) -> DRSSimulatorRequest {
            let signed = signer.sign(
                method: "POST", path: "/DescribeJobs", query: nil, headers: ["Host": "127.0.0.1:1"],
                payloadHash: SigV4Signer.payloadHash(of: body), date: date)
            return DRSSimulatorRequest(method: "POST", path: "/DescribeJobs", headers: signed.headers, body: sentBody)
        }
        let now = AWSDate(millisecondsSince1970: rig.clock.nowMilliseconds)
        #expect(rig.simulator.handle(request(date: now)).status == 200)
        let stale = rig.simulator.handle(request(date: AWSDate(secondsSince1970: now.secondsSince1970 - 16 * 60)))
        #expect(stale.status == 403)
        #expect(String(decoding: stale.body, as: UTF8.self).contains("Signature expired"))
        let s3 = SigV4Signer(credentials: Harness.local, service: "s3", region: "us-east-1")
        #expect(rig.simulator.handle(request(date: now, signer: s3)).status == 403)
        let tampered = rig.simulator.handle(request(date: now, sentBody: Array(#"{"maxResults":1}"#.utf8)))
        #expect(tampered.status == 403)
        #expect(tampered.headers["x-amzn-ErrorType"] == "InvalidSignatureException")
        #expect(rig.simulator.stats.rejected["DescribeJobs"] == 3)
    }

    @Test("unknown paths and methods are UnknownOperationException")
    func unknownOperation() {
        let rig = Rig()
        let reply = rig.simulator.handle(
            DRSSimulatorRequest(method: "POST", path: "/GetLaunchConfiguration", headers: ["Host": "x"]))
        #expect(reply.status == 404)
        #expect(reply.headers["x-amzn-ErrorType"] == "UnknownOperationException")
        #expect(
            rig.simulator.handle(DRSSimulatorRequest(method: "GET", path: "/DescribeJobs", headers: ["Host": "x"]))
                .status == 404)
    }
}
