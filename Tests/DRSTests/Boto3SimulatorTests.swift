import AWSCore
import DRSLocal
import Foundation
import Testing

/// boto3 (botocore's own serializers and SigV4) against the simulator: the simulator accepts what
/// real clients send and answers in shapes they parse.
@Suite(
    "boto3 against drs-local's DRS simulator", .enabled(if: SimulatorHarness.boto3Python != nil, "boto3 not importable")
)
struct Boto3SimulatorTests {
    typealias Harness = SimulatorHarness

    static let script = #"""
        import json, sys, time
        import boto3
        from botocore.config import Config
        from botocore.exceptions import ClientError

        url, key, secret = sys.argv[1:4]
        def client(region="us-east-1", secret=secret):
            return boto3.client("drs", endpoint_url=url, region_name=region, aws_access_key_id=key,
                                aws_secret_access_key=secret, config=Config(retries={"mode": "standard"}))
        drs = client()
        pages = list(drs.get_paginator("describe_source_servers").paginate(PaginationConfig={"PageSize": 4}))
        servers = [s for page in pages for s in page["items"]]
        ids = [s["sourceServerID"] for s in servers[:2]]
        job = drs.start_recovery(sourceServers=[{"sourceServerID": i} for i in ids], isDrill=True)["job"]
        deadline = time.time() + 20
        while True:
            described = drs.describe_jobs(filters={"jobIDs": [job["jobID"]]})["items"][0]
            if described["status"] == "COMPLETED" or time.time() > deadline:
                break
            time.sleep(0.05)
        jobs = [j for page in drs.get_paginator("describe_jobs").paginate() for j in page["items"]]
        instances = drs.describe_recovery_instances(filters={"sourceServerIDs": ids})["items"]
        log = drs.describe_job_log_items(jobID=job["jobID"])["items"]
        errors = {}
        for name, call in [("uninitialized", lambda: client("eu-west-3").describe_source_servers()),
                           ("wrongSecret", lambda: client(secret="wrong").describe_jobs())]:
            try:
                call()
                errors[name] = None
            except ClientError as error:
                errors[name] = [error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
        print(json.dumps({
            "pages": len(pages), "servers": len(servers), "hostnames": [s["sourceProperties"]["identificationHints"]["hostname"] for s in servers],
            "jobID": job["jobID"], "initialStatus": job["status"], "finalStatus": described["status"],
            "launchStatuses": [p["launchStatus"] for p in described["participatingServers"]],
            "jobs": len(jobs), "instances": sorted(i["sourceServerID"] for i in instances), "ids": sorted(ids),
            "drill": [i["isDrill"] for i in instances], "logEvents": [l["event"] for l in log], "errors": errors,
        }))
        """#

    @Test("describe_source_servers with its paginator, start_recovery, describe_jobs and errors work unchanged")
    func boto3() async throws {
        let python = try #require(Harness.boto3Python)
        try await Harness.withSimulator(Harness.quickSettings(maxPageSize: 3)) { service, url in
            let local = Harness.local
            let commandLine =
                (python == "/usr/bin/env" ? ["python3"] : []) + [
                    "-c", Self.script, url, local.accessKeyID, local.secretAccessKey,
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
