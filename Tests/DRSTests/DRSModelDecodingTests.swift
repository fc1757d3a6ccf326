import DRS
import Foundation
import Testing

@Suite("DRS models: decoding what DRS sends")
struct DRSModelDecodingTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    @Test("a source server decodes the fields we read and ignores the rest")
    func sourceServer() throws {
        let server = try Self.decode(
            SourceServer.self,
            #"""
            {"sourceServerID":"s-3b9401c1cd270a7a8","arn":"arn:aws:drs:us-east-1:123456789012:source-server/s-3b9401c1cd270a7a8",
             "tags":{"Purpose":"DatabaseServers"},"recoveryInstanceId":"i-0123456789abcdef0","lastLaunchResult":"SUCCEEDED",
             "dataReplicationInfo":{"dataReplicationState":"CONTINUOUS","lagDuration":"PT5S",
               "replicatedDisks":[{"deviceName":"/dev/xvda","totalStorageBytes":8589934592,"replicatedStorageBytes":8589934592}],
               "dataReplicationInitiation":{"steps":[]},"brandNewField":{"x":1}},
             "lifeCycle":{"lastSeenByServiceDateTime":"2025-11-20T15:59:58.000Z",
               "lastLaunch":{"initiated":{"jobID":"drsjob-1234567890abcdefg","type":"DRILL"},"status":"LAUNCHED"}},
             "sourceProperties":{"identificationHints":{"hostname":"db-01","fqdn":"db-01.example.com","awsInstanceID":"i-0abc1234def567890"},
               "networkInterfaces":[{"ips":["10.0.0.5"],"isPrimary":true}],"os":{"fullString":"Amazon Linux 2023"},
               "lastUpdatedDateTime":"2025-11-20T15:45:00.000Z","ramBytes":4294967296},
             "sourceCloudProperties":{"originAccountID":"123456789012","originRegion":"us-east-2"},
             "replicationDirection":"FAILOVER","futureTopLevelField":[1,2,3]}
            """#)
        #expect(server.sourceServerID == "s-3b9401c1cd270a7a8")
        #expect(server.tags == ["Purpose": "DatabaseServers"])
        #expect(server.recoveryInstanceID == "i-0123456789abcdef0")
        #expect(server.lastLaunchResult == .succeeded)
        #expect(server.replicationState == .continuous)
        #expect(server.dataReplicationInfo?.replicatedDisks?.first?.totalStorageBytes == 8_589_934_592)
        #expect(server.hostname == "db-01")
        #expect(server.sourceInstanceID == "i-0abc1234def567890")
        #expect(server.sourceProperties?.identificationHints?.fqdn == "db-01.example.com")
        #expect(server.sourceProperties?.primaryIP == "10.0.0.5")
        #expect(server.sourceProperties?.os?.fullString == "Amazon Linux 2023")
        #expect(server.sourceCloudProperties?.originRegion == "us-east-2")
        #expect(server.lifeCycle?.lastLaunch?.initiated?.type == .drill)
        #expect(server.lifeCycle?.lastLaunch?.status == .launched)
        #expect(server.replicationDirection == .failover)
    }

    @Test("unknown enum values are kept, not rejected")
    func unknownEnums() throws {
        let server = try Self.decode(
            SourceServer.self,
            #"{"sourceServerID":"s-1","dataReplicationInfo":{"dataReplicationState":"QUANTUM_SYNC"},"lastLaunchResult":"MAYBE"}"#
        )
        #expect(server.replicationState?.rawValue == "QUANTUM_SYNC")
        #expect(server.lastLaunchResult?.rawValue == "MAYBE")
        #expect(server.tags.isEmpty)
        let job = try Self.decode(
            Job.self,
            #"{"jobID":"drsjob-1","type":"TELEPORT","initiatedBy":"SOMEONE","status":"HALF_DONE","participatingServers":[{"sourceServerID":"s-1","launchStatus":"WARPING"}]}"#
        )
        #expect(job.type?.rawValue == "TELEPORT")
        #expect(job.initiatedBy?.rawValue == "SOMEONE")
        #expect(job.status?.rawValue == "HALF_DONE")
        #expect(job.participatingServers.first?.launchStatus?.rawValue == "WARPING")
        #expect(job.participatingServers.first?.launchStatus?.isFinal == false)
    }

    @Test("a job decodes participating servers with launch actions")
    func job() throws {
        let job = try Self.decode(
            Job.self,
            #"""
            {"jobID":"drsjob-1234567890abcdefg","type":"LAUNCH","initiatedBy":"START_RECOVERY","status":"COMPLETED",
             "creationDateTime":"2025-11-20T16:00:00.123456+00:00","endDateTime":"2025-11-20T16:20:00Z",
             "participatingServers":[
               {"sourceServerID":"s-1","launchStatus":"LAUNCHED","recoveryInstanceID":"i-0123456789abcdef0",
                "launchActionsStatus":{"runs":[{"runId":"r-1","status":"SUCCEEDED","action":{"actionId":"a-1","name":"Validate"}}]}},
               {"sourceServerID":"s-2","launchStatus":"FAILED"}]}
            """#)
        #expect(job.status == .completed)
        #expect(job.creationMilliseconds == 1_763_654_400_123)
        #expect(job.participatingServers.map(\.launchStatus) == [.launched, .failed])
        #expect(job.participatingServers.first?.recoveryInstanceID == "i-0123456789abcdef0")
        #expect(job.participatingServers.first?.launchActionsStatus?.runs?.first?.action?.name == "Validate")
        #expect(job.tags.isEmpty)
    }

    @Test("a recovery instance decodes")
    func recoveryInstance() throws {
        let instance = try Self.decode(
            RecoveryInstance.self,
            #"{"recoveryInstanceID":"i-0123456789abcdef0","ec2InstanceID":"i-0123456789abcdef0","ec2InstanceState":"SHUTTING-DOWN","sourceServerID":"s-1","isDrill":true,"jobID":"drsjob-1","recoveryInstanceProperties":{"identificationHints":{"hostname":"web-01"}}}"#
        )
        #expect(instance.ec2InstanceState == .shuttingDown)
        #expect(instance.isDrill == true)
        #expect(instance.recoveryInstanceProperties?.identificationHints?.hostname == "web-01")
    }

    @Test(
        "timestamps parse in both forms DRS uses and print in the model's form",
        arguments: [
            ("2025-11-20T16:00:00Z", Int64(1_763_654_400_000)),
            ("2025-11-20T16:00:00.5Z", 1_763_654_400_500),
            ("2025-11-20T16:00:00.123456+00:00", 1_763_654_400_123),
            ("2025-11-20T18:00:00.000+02:00", 1_763_654_400_000),
            ("2025-11-20T11:00:00-0500", 1_763_654_400_000),
        ])
    func timestamps(text: String, milliseconds: Int64) {
        #expect(DRSTimestamp.millisecondsSince1970(text) == milliseconds)
    }

    @Test("timestamps format with milliseconds and Z, and reject malformed text")
    func timestampFormat() {
        #expect(DRSTimestamp.string(millisecondsSince1970: 1_763_654_400_007) == "2025-11-20T16:00:00.007Z")
        #expect(DRSTimestamp.string(millisecondsSince1970: 0) == "1970-01-01T00:00:00.000Z")
        for bad in ["2025-11-20", "2025-11-20T16:00:00", "2025-11-20T16:00:00.Z", "2025-11-20T16:00:00+2", "garbage"] {
            #expect(DRSTimestamp.millisecondsSince1970(bad) == nil, "\(bad)")
        }
    }
}
