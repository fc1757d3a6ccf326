import AWSCore
import DRS
import Foundation
import TestSupport
import Testing

/// The other direction: what our `DRSClient` sends is signed the way botocore's own SigV4 code
/// computes it (not only our signer checking itself).
@Suite(
    "DRSClient signatures match botocore's",
    .enabled(if: SimulatorHarness.boto3Python != nil, "botocore not importable"), .tags(.process))
struct BotocoreSignatureTests {
    @Test("botocore computes the same signature for every DRS operation we send", arguments: DRSOperation.allCases)
    func matchesBotocore(operation: DRSOperation) async throws {
        let python = try #require(SimulatorHarness.boto3Python)
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: "SESSION/TOKEN+1")
        let transport = FakeTransport(handler: { request in
            request.path.hasSuffix("StartRecovery") || request.path.hasSuffix("TerminateRecoveryInstances")
                ? .json(200, #"{"job":{"jobID":"drsjob-1"}}"#) : .json(200, #"{"items":[]}"#)
        })
        let client = DRSClient(
            client: AWSClient(
                configuration: AWSConfiguration(
                    environment: [
                        "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
                        "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
                        "AWS_SESSION_TOKEN": credentials.sessionToken ?? "",
                        "AWS_REGION": "ap-southeast-2",
                    ],
                    readFile: { _ in nil }),
                transport: transport))
        switch operation {
        case .describeSourceServers:
            _ = try client.describeSourceServers(filters: SourceServerFilters(sourceServerIDs: ["s-1"]), maxResults: 7)
        case .startRecovery:
            _ = try client.startRecovery(
                sourceServers: [StartRecoveryRequest.Server(sourceServerID: "s-1234567890abcdefg")], isDrill: true)
        case .describeJobs:
            _ = try client.describeJobs(filters: JobFilters(fromDate: "2025-11-20T00:00:00.000Z"))
        case .describeJobLogItems:
            _ = try client.describeJobLogItems(jobID: "drsjob-1234567890abcdefg")
        case .describeRecoveryInstances:
            _ = try client.describeRecoveryInstances()
        case .terminateRecoveryInstances:
            _ = try client.terminateRecoveryInstances(recoveryInstanceIDs: ["i-0123456789abcdef0"])
        }
        let sent = try #require(transport.requests.first)
        let input: [String: Any] = [
            "method": sent.method, "url": sent.url, "body": sent.body.map(Int.init),
            "headers": sent.headers.fields.map { [$0.name, $0.value] },
            "key": credentials.accessKeyID, "secret": credentials.secretAccessKey,
            "token": credentials.sessionToken ?? "", "region": "ap-southeast-2",
        ]
        let stdin = try JSONSerialization.data(withJSONObject: input)
        let arguments = (python == "/usr/bin/env" ? ["python3"] : []) + [TestPrograms.path("botocore_signature.py")]
        let result = try await SimulatorHarness.blocking {
            try SimulatorHarness.run(python, arguments, input: stdin)
        }
        #expect(result.status == 0, "\(result.errors)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: String], "\(result.errors)")
        #expect(report["botocore"] == report["ours"])
        #expect(report["signedHeaders"] == report["oursSigned"])
    }
}
