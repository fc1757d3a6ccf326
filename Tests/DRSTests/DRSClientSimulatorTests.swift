import AWSCore
import DRS
import DRSLocal
import Foundation
import TestSupport
import Testing

@Suite("DRSClient against drs-local's DRS simulator (HTTP on loopback)", .tags(.network))
struct DRSClientSimulatorTests {
    typealias Harness = SimulatorHarness

    @Test("pagination over many small pages returns every server once, in order")
    func pagination() async throws {
        try await Harness.withSimulator(Harness.quickSettings(maxPageSize: 3)) { service, url in
            let client = Harness.client(url)
            let servers = try await Harness.blocking { try client.allSourceServers(pageSize: 50) }
            #expect(servers.map(\.sourceServerID) == Harness.eastServerIDs)
            #expect(servers.count == 19)
            let pages = (servers.count + 2) / 3
            #expect(service.simulator.stats.calls("DescribeSourceServers") == pages)

            let west = try await Harness.blocking { try client.allSourceServers(pageSize: 2, region: "us-west-2") }
            #expect(west.count == 10)
            #expect(west.allSatisfy { $0.arn?.contains(":us-west-2:") == true })
            #expect(service.simulator.stats.callsByRegion["us-west-2"]?["DescribeSourceServers"] == 5)

            let first = try await Harness.blocking { try client.describeSourceServers(maxResults: 2) }
            #expect(first.items.count == 2)
            #expect(first.hasMore)
        }
    }

    @Test("the seeded servers carry tags, hostnames and varied replication states")
    func seededInventory() async throws {
        try await Harness.withSimulator { _, url in
            let client = Harness.client(url)
            let servers = try await Harness.blocking { try client.allSourceServers() }
            let databases = servers.filter { $0.tags["Purpose"] == "DatabaseServers" }
            #expect(databases.count >= 3)
            #expect(databases.allSatisfy { $0.tags["Tier"] == "Database" })
            #expect(servers.allSatisfy { $0.hostname != nil && $0.tags["Application"] != nil })
            let states = Set(servers.compactMap(\.replicationState))
            #expect(states.isSuperset(of: [.continuous, .initialSync, .stalled, .disconnected]))
            #expect(servers.filter { $0.replicationState == .continuous }.count > servers.count / 2)

            let one = try #require(servers.first)
            let filtered = try await Harness.blocking {
                try client.allSourceServers(filters: SourceServerFilters(sourceServerIDs: [one.sourceServerID]))
            }
            #expect(filtered.map(\.sourceServerID) == [one.sourceServerID])
            let byHardware = try await Harness.blocking {
                try client.allSourceServers(filters: SourceServerFilters(hardwareID: one.sourceInstanceID))
            }
            #expect(byHardware.map(\.sourceServerID) == [one.sourceServerID])
        }
    }

    @Test("StartRecovery creates a LAUNCH job that completes with LAUNCHED servers and recovery instances")
    func recoveryCompletes() async throws {
        try await Harness.withSimulator { service, url in
            let client = Harness.client(url)
            let ids = Array(Harness.eastServerIDs.prefix(3))
            let job = try await Harness.blocking {
                try client.startRecovery(
                    sourceServers: ids.map { StartRecoveryRequest.Server(sourceServerID: $0) }, isDrill: true)
            }
            #expect(job.jobID.hasPrefix("drsjob-") && job.jobID.count == 24)
            #expect(job.status == .pending)
            #expect(job.type == .launch)
            #expect(job.initiatedBy == .startDrill)
            #expect(job.participatingServers.map(\.launchStatus) == [.pending, .pending, .pending])

            let done = try await Harness.eventually(
                {
                    try client.allJobs(filters: JobFilters(jobIDs: [job.jobID]))
                }, until: { $0.first?.status == .completed })
            let completed = try #require(done.first)
            #expect(completed.status == .completed)
            #expect(completed.endDateTime != nil)
            #expect(completed.participatingServers.map(\.sourceServerID) == ids)
            #expect(completed.participatingServers.allSatisfy { $0.launchStatus == .launched })
            #expect(completed.participatingServers.allSatisfy { $0.recoveryInstanceID?.hasPrefix("i-") == true })

            let instances = try await Harness.blocking {
                try client.allRecoveryInstances(filters: RecoveryInstanceFilters(sourceServerIDs: ids))
            }
            #expect(Set(instances.compactMap(\.sourceServerID)) == Set(ids))
            #expect(instances.allSatisfy { $0.isDrill == true && $0.ec2InstanceState == .running })
            #expect(instances.allSatisfy { $0.ec2InstanceID == $0.recoveryInstanceID && $0.jobID == job.jobID })

            let servers = try await Harness.blocking {
                try client.allSourceServers(filters: SourceServerFilters(sourceServerIDs: ids))
            }
            #expect(servers.allSatisfy { $0.lastLaunchResult == .succeeded && $0.recoveryInstanceID != nil })
            #expect(servers.allSatisfy { $0.lifeCycle?.lastLaunch?.initiated?.jobID == job.jobID })

            let log = try await Harness.blocking { try client.allJobLogItems(jobID: job.jobID, pageSize: 4) }
            #expect(log.first?.event == .jobStart)
            #expect(log.last?.event == .jobEnd)
            #expect(log.filter { $0.event == .launchStart }.count == 3)
            #expect(service.simulator.stats.calls("StartRecovery") == 1)
        }
    }

    @Test("a server chosen to fail ends FAILED without an instance while the others launch")
    func failedLaunch() async throws {
        let failing = Harness.eastServerIDs[1]
        try await Harness.withSimulator(Harness.quickSettings(failLaunch: [failing])) { _, url in
            let client = Harness.client(url)
            let ids = Array(Harness.eastServerIDs.prefix(3))
            let job = try await Harness.blocking {
                try client.startRecovery(
                    sourceServers: ids.map { StartRecoveryRequest.Server(sourceServerID: $0) }, isDrill: false)
            }
            #expect(job.initiatedBy == .startRecovery)
            let done = try await Harness.eventually(
                {
                    try client.describeJobs(filters: JobFilters(jobIDs: [job.jobID])).items
                }, until: { $0.first?.status == .completed })
            let statuses = Dictionary(
                uniqueKeysWithValues: (done.first?.participatingServers ?? []).map {
                    ($0.sourceServerID, $0.launchStatus)
                })
            #expect(statuses[failing] == .failed)
            #expect(statuses[ids[0]] == .launched)
            #expect(statuses[ids[2]] == .launched)
            let instances = try await Harness.blocking { try client.allRecoveryInstances() }
            #expect(Set(instances.compactMap(\.sourceServerID)) == [ids[0], ids[2]])
            #expect(instances.allSatisfy { $0.isDrill == false })
            let log = try await Harness.blocking { try client.allJobLogItems(jobID: job.jobID) }
            #expect(log.contains { $0.event == .launchFailed && $0.eventData?.sourceServerID == failing })
            let server = try await Harness.blocking {
                try client.allSourceServers(filters: SourceServerFilters(sourceServerIDs: [failing])).first
            }
            #expect(server?.lastLaunchResult == .failed)
        }
    }

    @Test("a second StartRecovery for servers still launching is a ConflictException")
    func conflict() async throws {
        var settings = Harness.quickSettings()
        settings.jobDurationMilliseconds = 60_000
        try await Harness.withSimulator(settings) { _, url in
            let client = Harness.client(url)
            let servers = [StartRecoveryRequest.Server(sourceServerID: Harness.eastServerIDs[0])]
            _ = try await Harness.blocking { try client.startRecovery(sourceServers: servers, isDrill: true) }
            let error = try await #require(throws: DRSError.self) {
                try await Harness.blocking { try client.startRecovery(sourceServers: servers, isDrill: true) }
            }
            #expect(error.code == .conflict)
            #expect(error.status == 409)
        }
    }

    @Test("TerminateRecoveryInstances runs a TERMINATE job and the instances disappear when it completes")
    func terminate() async throws {
        try await Harness.withSimulator { service, url in
            let client = Harness.client(url)
            let ids = Array(Harness.eastServerIDs.suffix(2))
            let launch = try await Harness.blocking {
                try client.startRecovery(
                    sourceServers: ids.map { StartRecoveryRequest.Server(sourceServerID: $0) }, isDrill: true)
            }
            let instances = try await Harness.eventually(
                {
                    try client.allRecoveryInstances(filters: RecoveryInstanceFilters(sourceServerIDs: ids))
                }, until: { $0.count == 2 })
            #expect(instances.count == 2)
            let instanceIDs = instances.map(\.recoveryInstanceID)

            let termination = try await Harness.blocking {
                try client.terminateRecoveryInstances(recoveryInstanceIDs: instanceIDs)
            }
            #expect(termination.type == .terminate)
            #expect(termination.initiatedBy == .terminateRecoveryInstances)
            #expect(termination.jobID != launch.jobID)
            #expect(Set(termination.participatingServers.compactMap(\.recoveryInstanceID)) == Set(instanceIDs))

            let again = try await #require(throws: DRSError.self) {
                try await Harness.blocking { try client.terminateRecoveryInstances(recoveryInstanceIDs: instanceIDs) }
            }
            #expect(again.code == .conflict)

            let gone = try await Harness.eventually(
                {
                    try client.allRecoveryInstances(filters: RecoveryInstanceFilters(recoveryInstanceIDs: instanceIDs))
                }, until: { $0.isEmpty })
            #expect(gone.isEmpty)
            let finished = try await Harness.blocking {
                try client.allJobs(filters: JobFilters(jobIDs: [termination.jobID])).first
            }
            #expect(finished?.status == .completed)
            #expect(finished?.participatingServers.allSatisfy { $0.launchStatus == .terminated } == true)
            let all = try await Harness.blocking { try client.allJobs(pageSize: 1) }
            #expect(all.map(\.jobID) == [termination.jobID, launch.jobID])
            #expect(service.simulator.stats.jobsCreated == 2)
        }
    }

    @Test("every operation in an uninitialized region fails with UninitializedAccountException")
    func uninitialized() async throws {
        try await Harness.withSimulator { service, url in
            let client = Harness.client(url)
            for region in ["eu-west-3", "ap-south-1"] {
                let error = try await #require(throws: DRSError.self) {
                    try await Harness.blocking { try client.allSourceServers(region: region) }
                }
                #expect(error.code == .uninitialized)
                #expect(error.rawCode == "UninitializedAccountException")
                #expect(error.status == 400)
                #expect(error.region == region)
            }
            let start = try await #require(throws: DRSError.self) {
                try await Harness.blocking {
                    try client.startRecovery(
                        sourceServers: [StartRecoveryRequest.Server(sourceServerID: "s-1234567890abcdefg")],
                        isDrill: true, region: "eu-west-3")
                }
            }
            #expect(start.code == .uninitialized)
            #expect(service.simulator.stats.jobsCreated == 0)
        }
    }

    @Test("a throttle rate answers about that fraction of calls with 429 ThrottlingException")
    func throttling() async throws {
        try await Harness.withSimulator(Harness.quickSettings(throttleRate: 0.5)) { service, url in
            let noRetry = Harness.client(url, retryPolicy: RetryPolicy(maxAttempts: 1))
            var throttled = 0
            for _ in 0..<20 {
                do {
                    _ = try await Harness.blocking { try noRetry.describeJobs() }
                } catch let error as DRSError {
                    #expect(error.code == .throttled)
                    #expect(error.status == 429)
                    throttled += 1
                }
            }
            #expect(throttled > 0 && throttled < 20)
            #expect(service.simulator.stats.throttled["DescribeJobs"] == throttled)
            #expect(service.simulator.stats.calls("DescribeJobs") == 20 - throttled)
        }
    }

    @Test("unsigned and wrongly signed requests are refused with 403 InvalidSignatureException")
    func signatures() async throws {
        try await Harness.withSimulator { service, url in
            let endpoint = try #require(AWSEndpoint(url: url))
            let transport = CurlTransport()
            let unsigned = AWSHTTPRequest(
                method: "POST", endpoint: endpoint, path: "/DescribeSourceServers",
                headers: ["Host": endpoint.hostHeader, "Content-Type": "application/json"], body: Array("{}".utf8))
            let response = try await Harness.blocking { try transport.send(unsigned, timeoutMilliseconds: 5_000) }
            #expect(response.status == 403)
            #expect(response.headers["x-amzn-ErrorType"] == "InvalidSignatureException")
            let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            #expect(body?["__type"] as? String == "InvalidSignatureException")
            #expect((body?["message"] as? String)?.isEmpty == false)

            let wrongSecret = Harness.client(
                url,
                credentials: AWSCredentials(
                    accessKeyID: Harness.local.accessKeyID, secretAccessKey: "not-the-secret"))
            let error = try await #require(throws: DRSError.self) {
                try await Harness.blocking { try wrongSecret.allSourceServers() }
            }
            #expect(error.code == .authentication)
            #expect(error.rawCode == "InvalidSignatureException")
            #expect(error.status == 403)

            let unknownKey = Harness.client(
                url, credentials: AWSCredentials(accessKeyID: "AKIDSOMEONEELSE", secretAccessKey: "x"))
            let unknown = try await #require(throws: DRSError.self) {
                try await Harness.blocking { try unknownKey.describeJobs() }
            }
            #expect(unknown.code == .authentication)
            #expect(unknown.rawCode == "UnrecognizedClientException")
            #expect(service.simulator.stats.rejected["DescribeSourceServers"] == 2)
            #expect(service.simulator.stats.calls("DescribeSourceServers") == 0)
        }
    }

    @Test("the stats and reset endpoints report and clear what happened")
    func controlEndpoints() async throws {
        try await Harness.withSimulator { service, url in
            let client = Harness.client(url)
            _ = try await Harness.blocking {
                try client.startRecovery(
                    sourceServers: [StartRecoveryRequest.Server(sourceServerID: Harness.eastServerIDs[0])],
                    isDrill: true)
            }
            let endpoint = try #require(AWSEndpoint(url: url))
            let transport = CurlTransport()
            func call(_ method: String, _ path: String, _ body: String = "") async throws -> [String: Any] {
                let request = AWSHTTPRequest(
                    method: method, endpoint: endpoint, path: path, headers: ["Host": endpoint.hostHeader],
                    body: Array(body.utf8))
                let response = try await Harness.blocking { try transport.send(request, timeoutMilliseconds: 5_000) }
                #expect(response.status == 200)
                return try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            }
            let stats = try await call("GET", "/_simulator/stats")
            #expect((stats["calls"] as? [String: Int])?["StartRecovery"] == 1)

            let settings = try await call("POST", "/_simulator/settings", #"{"throttleRate":0.25}"#)
            #expect(settings["throttleRate"] as? Double == 0.25)
            #expect(service.simulator.settings.throttleRate == 0.25)

            _ = try await call("POST", "/_simulator/reset")
            #expect(service.simulator.stats == DRSSimulatorStats())
            #expect(service.simulator.settings.throttleRate == 0)
            let jobs = try await Harness.blocking { try client.allJobs() }
            #expect(jobs.isEmpty)
        }
    }
}
