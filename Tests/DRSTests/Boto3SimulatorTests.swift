import AWSCore
import DRSLocal
import Foundation
import TestSupport
import Testing

/// boto3 (botocore's own serializers and SigV4) against the simulator: the simulator accepts what
/// real clients send and answers in shapes they parse.
@Suite(
    "boto3 against drs-local's DRS simulator",
    .enabled(if: SimulatorHarness.boto3Python != nil, "boto3 not importable"),
    .tags(.process, .network)
)
struct Boto3SimulatorTests {
    typealias Harness = SimulatorHarness

    @Test("describe_source_servers with its paginator, start_recovery, describe_jobs and errors work unchanged")
    func boto3() async throws {
        let python = try #require(Harness.boto3Python)
        try await Harness.withSimulator(Harness.quickSettings(maxPageSize: 3)) { service, url in
            let local = Harness.local
            let commandLine =
                (python == "/usr/bin/env" ? ["python3"] : []) + [
                    TestPrograms.path("boto3_drs_client.py"), url, local.accessKeyID, local.secretAccessKey,
                ]
            let environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "HOME": NSTemporaryDirectory(),
                "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                "AWS_EC2_METADATA_DISABLED": "true",
                "NO_PROXY": "127.0.0.1",
            ]
            let result = try await Harness.blocking { try Harness.run(python, commandLine, environment: environment) }
            #expect(result.status == 0, "boto3 script failed: \(result.errors)")
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
                "unexpected output: \(result.output) \(result.errors)")
            #expect(report["servers"] as? Int == 19)
            #expect(report["pages"] as? Int == 7)
            #expect((report["hostnames"] as? [String])?.contains("orders-db-01") == true)
            #expect(report["initialStatus"] as? String == "PENDING")
            #expect(report["finalStatus"] as? String == "COMPLETED")
            #expect(report["launchStatuses"] as? [String] == ["LAUNCHED", "LAUNCHED"])
            #expect(report["jobs"] as? Int == 1)
            #expect(report["instances"] as? [String] == report["ids"] as? [String])
            #expect(report["drill"] as? [Bool] == [true, true])
            #expect((report["logEvents"] as? [String])?.first == "JOB_START")
            let errors = report["errors"] as? [String: [Any]]
            #expect(errors?["uninitialized"]?.first as? String == "UninitializedAccountException")
            #expect(errors?["uninitialized"]?.last as? Int == 400)
            #expect(errors?["wrongSecret"]?.first as? String == "InvalidSignatureException")
            #expect(errors?["wrongSecret"]?.last as? Int == 403)
            #expect(service.simulator.stats.calls("StartRecovery") == 1)
            #expect(service.simulator.stats.rejected.values.reduce(0, +) == 1)
        }
    }
}
