import AWSCore
import DRS
import DRSLocal
import Foundation
import JSONCore
import TestSupport
import Testing

@Suite("DRSJSONReader: DRS answers read straight from the bytes, as the Codable decoding reads them")
struct DRSJSONReaderTests {
    typealias Rig = DRSSimulatorTests.Rig

    /// The reader's result and the `JSONDecoder`'s for `bytes`: both values, or which of them failed.
    static func both<T: DRSJSONReadable & Decodable & Equatable>(_ type: T.Type, _ bytes: [UInt8]) -> (
        reader: T?, codable: T?
    ) {
        (try? DRSJSONReader.read(T.self, from: bytes), try? JSONDecoder().decode(T.self, from: Data(bytes)))
    }

    /// Reads `bytes` both ways and expects the same, successful, result.
    @discardableResult
    static func expectSame<T: DRSJSONReadable & Decodable & Equatable>(
        _ type: T.Type,
        _ bytes: [UInt8],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> T {
        let expected = try JSONDecoder().decode(T.self, from: Data(bytes))
        let read = try DRSJSONReader.read(T.self, from: bytes)
        #expect(read == expected, sourceLocation: sourceLocation)
        return read
    }

    @Test("reads the simulator's answers to every operation as the Codable decoder does")
    func simulatorAnswers() throws {
        let rig = Rig()
        for region in ["us-east-1", "us-west-2"] {
            let reply = rig.send(.describeSourceServers, region: region)
            #expect(reply.status == 200)
            let page = try Self.expectSame(DRSPage<SourceServer>.self, reply.body)
            #expect(!page.items.isEmpty)
            #expect(page.items.contains { $0.dataReplicationInfo?.replicatedDisks?.isEmpty == false })
        }
        let ids = SimulatorHarness.eastServerIDs.prefix(3).map { #"{"sourceServerID":"\#($0)"}"# }
        let started = rig.send(.startRecovery, #"{"isDrill":true,"sourceServers":[\#(ids.joined(separator: ","))]}"#)
        #expect(started.status == 202)
        let job = try Self.expectSame(DRSJobResponse.self, started.body).job
        #expect(job.participatingServers.count == 3)
        rig.clock.advance(by: 1_000)
        let jobs = try Self.expectSame(DRSPage<Job>.self, rig.send(.describeJobs).body)
        #expect(jobs.items.contains { $0.jobID == job.jobID && $0.status == .completed })
        let log = try Self.expectSame(
            DRSPage<JobLogItem>.self, rig.send(.describeJobLogItems, #"{"jobID":"\#(job.jobID)"}"#).body)
        #expect(!log.items.isEmpty)
        let instances = try Self.expectSame(
            DRSPage<RecoveryInstance>.self, rig.send(.describeRecoveryInstances).body)
        #expect(instances.items.count == 3)
        let instanceIDs = instances.items.map { #""\#($0.recoveryInstanceID)""# }.joined(separator: ",")
        let terminated = rig.send(.terminateRecoveryInstances, #"{"recoveryInstanceIDs":[\#(instanceIDs)]}"#)
        #expect(try Self.expectSame(DRSJobResponse.self, terminated.body).job.type == .terminate)
        // Pages of one server, as a group's create asks for them, with a token to the next.
        let small = try Self.expectSame(
            DRSPage<SourceServer>.self, rig.send(.describeSourceServers, #"{"maxResults":1}"#).body)
        #expect(small.items.count == 1 && small.hasMore)
    }

    @Test("reads every modelled member, skips unknown ones of any shape, keeps unknown enum values")
    func everyMember() throws {
        let server = try Self.expectSame(SourceServer.self, Array(Self.fullServer.utf8))
        #expect(server.sourceServerID == "s-3b9401c1cd270a7a8")
        #expect(server.tags == ["Purpose": "Database \"primary\"", "é": "😀"])
        #expect(server.lastLaunchResult?.rawValue == "MAYBE")
        #expect(server.dataReplicationInfo?.replicatedDisks?.first?.totalStorageBytes == 8_589_934_592)
        #expect(server.dataReplicationInfo?.dataReplicationError?.rawError == "raw")
        #expect(server.lifeCycle?.lastLaunch?.initiated?.type == .drill)
        #expect(server.sourceProperties?.cpus?.first?.cores == 4)
        #expect(server.sourceProperties?.disks?.last?.bytes == 1000)
        #expect(server.sourceProperties?.supportsNitroInstances == false)
        #expect(server.sourceProperties?.identificationHints?.vmWareUUID == "uuid")
        #expect(server.stagingArea?.stagingSourceServerARN == "arn:staging")
        #expect(server.sourceCloudProperties?.sourceOutpostARN == "arn:outpost")
        #expect(server.reversedDirectionSourceServerARN == "arn:reversed")
        #expect(server.agentVersion == "4.1")

        let job = try Self.expectSame(Job.self, Array(Self.fullJob.utf8))
        #expect(job.participatingServers.first?.launchActionsStatus?.runs?.first?.action?.optional == true)
        #expect(job.participatingServers.first?.launchActionsStatus?.runs?.first?.runID == "r-1")
        #expect(job.tags == ["k": "v"])
        let instance = try Self.expectSame(RecoveryInstance.self, Array(Self.fullInstance.utf8))
        #expect(instance.recoveryInstanceProperties?.networkInterfaces?.first?.ips == ["10.0.0.9"])
        #expect(instance.ec2InstanceState == .shuttingDown)
        let item = try Self.expectSame(JobLogItem.self, Array(Self.fullLogItem.utf8))
        #expect(item.eventData?.maxAttemptsCount == 3)
    }

    @Test("reads the same values as the Codable decoder for 300 generated servers and jobs")
    func generated() throws {
        var random = Random(seed: 7)
        let encoder = JSONEncoder()
        for round in 0..<300 {
            let servers = (0..<random.below(4)).map { _ in Self.server(&random) }
            let page = DRSPage(items: servers, nextToken: random.chance() ? "token-\(round)" : nil)
            #expect(try Self.expectSame(DRSPage<SourceServer>.self, Array(encoder.encode(page))) == page)
            let job = Self.job(&random)
            #expect(try Self.expectSame(Job.self, Array(encoder.encode(job))) == job)
        }
    }

    @Test(
        "null for an optional member is nil, as for the Codable decoder",
        arguments: [
            #"{"sourceServerID":"s-1","arn":null,"tags":null,"lifeCycle":null,"sourceProperties":{"disks":null,"ramBytes":null,"os":null}}"#,
            #"{"sourceServerID":"s-1","dataReplicationInfo":{"dataReplicationState":null,"replicatedDisks":[{"deviceName":null}]}}"#,
            #"{"sourceServerID":"s-1","sourceProperties":{"networkInterfaces":[{"ips":null,"isPrimary":null}]}}"#,
        ])
    func nulls(json: String) throws {
        try Self.expectSame(SourceServer.self, Array(json.utf8))
        let page = #"{"items":null,"nextToken":null}"#
        #expect(try Self.expectSame(DRSPage<Job>.self, Array(page.utf8)).items.isEmpty)
    }

    @Test(
        "rejects what the Codable decoder rejects: missing or null required members, wrong JSON types, integers out of range",
        arguments: [
            #"{}"#, #"{"sourceServerID":null}"#, #"{"sourceServerID":1}"#, #"{"sourceServerID":"s","tags":{"a":1}}"#,
            #"{"sourceServerID":"s","tags":[]}"#, #"{"sourceServerID":"s","lifeCycle":"x"}"#,
            #"{"sourceServerID":"s","sourceProperties":{"ramBytes":"1"}}"#,
            #"{"sourceServerID":"s","sourceProperties":{"ramBytes":1.5}}"#,
            #"{"sourceServerID":"s","sourceProperties":{"ramBytes":9223372036854775808}}"#,
            #"{"sourceServerID":"s","sourceProperties":{"ramBytes":1e30}}"#,
            #"{"sourceServerID":"s","sourceProperties":{"supportsNitroInstances":"true"}}"#,
            #"{"sourceServerID":"s","sourceProperties":{"networkInterfaces":[{"ips":["a",null]}]}}"#,
            #"{"sourceServerID":"s","sourceProperties":{"networkInterfaces":{}}}"#,
            #"{"sourceServerID":"s","lastLaunchResult":7}"#, #"["s"]"#, #"null"#,
        ])
    func rejectsWrongShapes(json: String) {
        let bytes = Array(json.utf8)
        #expect(throws: JSONSyntaxError.self) { try DRSJSONReader.read(SourceServer.self, from: bytes) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SourceServer.self, from: Data(bytes)) }
    }

    @Test(
        "agrees with the Codable decoder on the edges of the number grammar",
        arguments: ["0", "-1", "1e3", "1E+2", "-0", "2.0", "9223372036854775807", "-9223372036854775808", "1.0e1"])
    func integers(number: String) {
        let bytes = Array(#"{"sourceServerID":"s","sourceProperties":{"ramBytes":\#(number)}}"#.utf8)
        let (read, decoded) = Self.both(SourceServer.self, bytes)
        #expect(read == decoded)
    }

    @Test(
        "rejects malformed JSON: bad escapes, lone surrogates, control characters, bad UTF-8, commas, trailing bytes",
        arguments: [
            #"{"sourceServerID":"\x"}"#, #"{"sourceServerID":"\ud83d"}"#, "{\"sourceServerID\":\"a\u{01}\"}",
            #"{"sourceServerID":"s"} x"#, #"{"sourceServerID":"s"}}"#, #"{"sourceServerID":"s",}"#,
            #"{"sourceServerID":"s","unknown":[1,]}"#, #"{"sourceServerID":"s","unknown":tru}"#,
            #"{"sourceServerID":"s","unknown":01}"#, #"{"sourceServerID" "s"}"#, "",
        ])
    func rejectsMalformed(json: String) {
        #expect(throws: JSONSyntaxError.self) { try DRSJSONReader.read(SourceServer.self, from: Array(json.utf8)) }
        let invalidUTF8 = Array(#"{"sourceServerID":"a"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try DRSJSONReader.read(SourceServer.self, from: invalidUTF8) }
    }

    @Test("every truncation of a page is an error, never a crash or a partial page")
    func truncated() throws {
        let bytes = Array(#"{"items":[\#(Self.fullServer)],"nextToken":"n"}"#.utf8)
        _ = try DRSJSONReader.read(DRSPage<SourceServer>.self, from: bytes)
        for length in 0..<bytes.count {
            #expect(throws: JSONSyntaxError.self) {
                try DRSJSONReader.read(DRSPage<SourceServer>.self, from: Array(bytes[..<length]))
            }
        }
    }

    @Test("nesting deeper than any DRS answer, even in an unknown member, is an error, not a stack overflow")
    func deepNesting() throws {
        let depth = 100_000
        let json =
            #"{"sourceServerID":"s","future":"# + String(repeating: "[", count: depth)
            + String(repeating: "]", count: depth) + "}"
        let error = try #require(throws: JSONSyntaxError.self) {
            try DRSJSONReader.read(SourceServer.self, from: Array(json.utf8))
        }
        #expect(error.message.contains("nested deeper"))
        let deepest = #"{"items":[\#(Self.fullJob)]}"#
        _ = try DRSJSONReader.read(DRSPage<Job>.self, from: Array(deepest.utf8))
    }

    @Test("a malformed or truncated 2xx answer is DRSError invalidResponse naming the byte")
    func clientInvalidResponse() throws {
        let body = #"{"items":[{"sourceServerID":"s-1","tags":{"a":"b"}"#
        let transport = FakeTransport(replies: [.json(200, body)])
        let error = try #require(throws: DRSError.self) {
            try DRSClientTests.client(transport).describeSourceServers()
        }
        #expect(error.code == .invalidResponse)
        #expect(error.message.contains("at byte"))
    }

    // MARK: Fixtures

    static let fullServer = #"""
        {"sourceServerID":"s-3b9401c1cd270a7a8","arn":"arn:aws:drs:us-east-1:123456789012:source-server/s-3b9401c1cd270a7a8",
         "tags":{"Purpose":"Database \"primary\"","\u00e9":"\ud83d\ude00"},"recoveryInstanceId":"i-0123456789abcdef0",
         "lastLaunchResult":"MAYBE","replicationDirection":"FAILBACK","reversedDirectionSourceServerArn":"arn:reversed",
         "sourceNetworkID":"sn-1","agentVersion":"4.1",
         "dataReplicationInfo":{"dataReplicationState":"CONTINUOUS","lagDuration":"PT5S","etaDateTime":"2025-11-20T16:00:00Z",
           "replicatedDisks":[{"deviceName":"/dev/xvda","totalStorageBytes":8589934592,"replicatedStorageBytes":1,
             "rescannedStorageBytes":0,"backloggedStorageBytes":-1,"future":{"a":[1,2.5e3,true,null]}}],
           "dataReplicationError":{"error":"AGENT_NOT_SEEN","rawError":"raw"},"stagingAvailabilityZone":"us-east-1a",
           "dataReplicationInitiation":{"steps":[{"name":"WAIT","status":"SUCCEEDED"}]}},
         "lifeCycle":{"addedToServiceDateTime":"a","firstByteDateTime":"b","elapsedReplicationDuration":"c",
           "lastSeenByServiceDateTime":"d","lastLaunch":{"initiated":{"apiCallDateTime":"e","jobID":"drsjob-1","type":"DRILL"},
           "status":"LAUNCHED"}},
         "sourceProperties":{"lastUpdatedDateTime":"f","recommendedInstanceType":"m5.large",
           "identificationHints":{"fqdn":"db.example.com","hostname":"db","vmWareUuid":"uuid","awsInstanceID":"i-1"},
           "networkInterfaces":[{"macAddress":"00:11","ips":["10.0.0.5","10.0.0.6"],"isPrimary":true}],
           "disks":[{"deviceName":"/dev/sda","bytes":1000}],"cpus":[{"cores":4,"modelName":"Xeon"}],"ramBytes":4294967296,
           "os":{"fullString":"Amazon Linux 2023","future":null},"supportsNitroInstances":false},
         "stagingArea":{"status":"EXTENDED","stagingAccountID":"1","stagingSourceServerArn":"arn:staging","errorMessage":"m"},
         "sourceCloudProperties":{"originAccountID":"2","originRegion":"us-east-2","originAvailabilityZone":"us-east-2a",
           "sourceOutpostArn":"arn:outpost"},
         "futureTopLevelField":[1,{"x":[]},"s",false]}
        """#

    static let fullJob = #"""
        {"jobID":"drsjob-1","arn":"arn:job","type":"LAUNCH","initiatedBy":"START_RECOVERY","status":"COMPLETED",
         "creationDateTime":"2025-11-20T16:00:00.123456+00:00","endDateTime":"2025-11-20T16:20:00Z","tags":{"k":"v"},
         "participatingServers":[
           {"sourceServerID":"s-1","launchStatus":"LAUNCHED","recoveryInstanceID":"i-0123456789abcdef0",
            "launchActionsStatus":{"ssmAgentDiscoveryDatetime":"g","runs":[{"runId":"r-1","status":"SUCCEEDED",
              "failureReason":"none","action":{"actionId":"a-1","actionCode":"c","name":"Validate","type":"SSM_COMMAND",
              "optional":true,"future":{"deep":[[{"x":1}]]}}}]}},
           {"sourceServerID":"s-2","launchStatus":"FAILED"}]}
        """#

    static let fullInstance = #"""
        {"recoveryInstanceID":"i-0123456789abcdef0","ec2InstanceID":"i-0123456789abcdef0","ec2InstanceState":"SHUTTING-DOWN",
         "jobID":"drsjob-1","sourceServerID":"s-1","arn":"arn:ri","tags":{},"isDrill":true,
         "pointInTimeSnapshotDateTime":"h","originEnvironment":"AWS","originAvailabilityZone":"us-east-1b","agentVersion":"4",
         "recoveryInstanceProperties":{"lastUpdatedDateTime":"i","identificationHints":{"hostname":"web-01"},
           "networkInterfaces":[{"ips":["10.0.0.9"]}],"ramBytes":2,"os":{"fullString":"Windows"}}}
        """#

    static let fullLogItem = #"""
        {"logDateTime":"j","event":"LAUNCH_FAILED","eventData":{"sourceServerID":"s-1","conversionServerID":"c-1",
         "targetInstanceID":"i-2","rawError":"boom","attemptCount":1,"maxAttemptsCount":3,"conversionProperties":{}}}
        """#

    // MARK: Generated values

    static func server(_ random: inout Random) -> SourceServer {
        SourceServer(
            sourceServerID: random.text(),
            arn: random.optionalText(),
            tags: random.tags(),
            recoveryInstanceID: random.optionalText(),
            lastLaunchResult: random.chance() ? .init(rawValue: random.text()) : nil,
            dataReplicationInfo: random.chance()
                ? SourceServer.DataReplicationInfo(
                    dataReplicationState: random.chance() ? .continuous : nil,
                    lagDuration: random.optionalText(),
                    etaDateTime: random.optionalText(),
                    replicatedDisks: random.chance()
                        ? (0..<random.below(3)).map { _ in
                            SourceServer.ReplicatedDisk(
                                deviceName: random.optionalText(), totalStorageBytes: random.optionalInteger(),
                                replicatedStorageBytes: random.optionalInteger(),
                                rescannedStorageBytes: random.optionalInteger(),
                                backloggedStorageBytes: random.optionalInteger())
                        } : nil,
                    dataReplicationError: random.chance()
                        ? SourceServer.DataReplicationError(
                            error: random.optionalText(), rawError: random.optionalText())
                        : nil,
                    stagingAvailabilityZone: random.optionalText())
                : nil,
            lifeCycle: random.chance()
                ? SourceServer.LifeCycle(
                    addedToServiceDateTime: random.optionalText(),
                    lastSeenByServiceDateTime: random.optionalText(),
                    lastLaunch: SourceServer.LastLaunch(
                        initiated: random.chance()
                            ? SourceServer.LastLaunch.Initiated(
                                apiCallDateTime: random.optionalText(), jobID: random.optionalText(),
                                type: random.chance() ? .recovery : nil) : nil,
                        status: random.chance() ? .launched : nil))
                : nil,
            sourceProperties: random.chance()
                ? SourceServer.SourceProperties(
                    recommendedInstanceType: random.optionalText(),
                    identificationHints: SourceServer.IdentificationHints(
                        fqdn: random.optionalText(), hostname: random.optionalText(),
                        vmWareUUID: random.optionalText(), awsInstanceID: random.optionalText()),
                    networkInterfaces: (0..<random.below(3)).map { _ in
                        SourceServer.NetworkInterface(
                            macAddress: random.optionalText(),
                            ips: random.chance() ? [random.text(), random.text()] : nil,
                            isPrimary: random.chance() ? random.chance() : nil)
                    },
                    disks: random.chance()
                        ? [SourceServer.Disk(deviceName: random.optionalText(), bytes: random.optionalInteger())] : nil,
                    cpus: random.chance()
                        ? [SourceServer.CPU(cores: random.optionalInteger(), modelName: random.optionalText())] : nil,
                    ramBytes: random.optionalInteger(),
                    os: random.chance() ? SourceServer.OperatingSystem(fullString: random.optionalText()) : nil,
                    supportsNitroInstances: random.chance() ? random.chance() : nil)
                : nil,
            stagingArea: random.chance()
                ? SourceServer.StagingArea(
                    status: random.optionalText(), stagingAccountID: random.optionalText(),
                    stagingSourceServerARN: random.optionalText(), errorMessage: random.optionalText())
                : nil,
            sourceCloudProperties: random.chance()
                ? SourceServer.SourceCloudProperties(
                    originAccountID: random.optionalText(), originRegion: random.optionalText(),
                    originAvailabilityZone: random.optionalText(), sourceOutpostARN: random.optionalText())
                : nil,
            replicationDirection: random.chance() ? .failback : nil,
            reversedDirectionSourceServerARN: random.optionalText(),
            sourceNetworkID: random.optionalText(),
            agentVersion: random.optionalText()
        )
    }

    static func job(_ random: inout Random) -> Job {
        Job(
            jobID: random.text(),
            arn: random.optionalText(),
            type: random.chance() ? .launch : nil,
            initiatedBy: random.chance() ? .init(rawValue: random.text()) : nil,
            creationDateTime: random.optionalText(),
            endDateTime: random.optionalText(),
            status: random.chance() ? .started : nil,
            participatingServers: (0..<random.below(3)).map { _ in
                Job.ParticipatingServer(
                    sourceServerID: random.text(),
                    recoveryInstanceID: random.optionalText(),
                    launchStatus: random.chance() ? .inProgress : nil,
                    launchActionsStatus: random.chance()
                        ? Job.LaunchActionsStatus(
                            ssmAgentDiscoveryDatetime: random.optionalText(),
                            runs: [
                                Job.LaunchActionRun(
                                    runID: random.optionalText(), status: random.optionalText(),
                                    failureReason: random.optionalText(),
                                    action: Job.LaunchAction(
                                        actionID: random.optionalText(), name: random.optionalText(),
                                        optional: random.chance() ? random.chance() : nil))
                            ]) : nil)
            },
            tags: random.tags()
        )
    }

    /// A small deterministic generator, so a failure reproduces.
    struct Random {
        var state: UInt64

        init(seed: UInt64) { state = seed | 1 }

        /// xorshift64*: enough spread for test data.
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

        mutating func chance() -> Bool { below(2) == 0 }

        /// Text mixing ASCII, characters JSON must escape, and multi-byte and astral characters.
        mutating func text() -> String {
            let pieces = ["s-", "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{01}", "é", "€", "😀", "\u{7F}"]
            return (0..<below(8)).map { _ in pieces[below(pieces.count)] }.joined()
        }

        mutating func optionalText() -> String? { chance() ? text() : nil }

        mutating func tags() -> [String: String] {
            Dictionary((0..<below(3)).map { _ in (text(), text()) }, uniquingKeysWith: { first, _ in first })
        }

        mutating func optionalInteger() -> Int64? {
            chance() ? Int64(bitPattern: next()) >> Int64(below(63)) : nil
        }
    }
}
