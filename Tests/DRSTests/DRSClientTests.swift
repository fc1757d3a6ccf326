import AWSCore
import DRS
import Foundation
import TestSupport
import Testing

@Suite("DRSClient: requests, decoding and errors (fake transport)")
struct DRSClientTests {
    static let environment = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_REGION": "us-east-1",
    ]

    static func client(_ transport: FakeTransport, clock: FakeClock = FakeClock()) -> DRSClient {
        DRSClient(
            client: AWSClient(
                configuration: AWSConfiguration(environment: environment, readFile: { _ in nil }),
                transport: transport,
                clock: clock.clock,
                random: { 0.5 }
            ))
    }

    static func body(_ request: AWSHTTPRequest) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    static let job = #"""
        {"job":{"jobID":"drsjob-1234567890abcdefg","arn":"arn:aws:drs:eu-west-1:123456789012:job/drsjob-1234567890abcdefg",
        "type":"LAUNCH","initiatedBy":"START_DRILL","creationDateTime":"2025-11-20T16:00:00.250Z","status":"PENDING",
        "participatingServers":[{"sourceServerID":"s-1234567890abcdefg","launchStatus":"PENDING"}],"tags":{}}}
        """#

    @Test("StartRecovery posts the servers and isDrill to /StartRecovery in the given region, without tags")
    func startRecovery() throws {
        let transport = FakeTransport(replies: [.json(202, Self.job)])
        let job = try Self.client(transport).startRecovery(
            sourceServers: [
                StartRecoveryRequest.Server(sourceServerID: "s-1234567890abcdefg"),
                StartRecoveryRequest.Server(
                    sourceServerID: "s-0000000000000000a", recoverySnapshotID: "pit-1234567890abcdefg"),
            ],
            isDrill: true,
            region: "eu-west-1"
        )
        #expect(job.jobID == "drsjob-1234567890abcdefg")
        #expect(job.status == .pending)
        #expect(job.type == .launch)
        #expect(job.initiatedBy == .startDrill)
        #expect(job.participatingServers.map(\.sourceServerID) == ["s-1234567890abcdefg"])
        #expect(job.creationMilliseconds == 1_763_654_400_250)

        let sent = try #require(transport.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.url == "https://drs.eu-west-1.amazonaws.com/StartRecovery")
        #expect(sent.headers["Content-Type"] == "application/json")
        #expect(sent.headers["Authorization"]?.contains("/eu-west-1/drs/aws4_request") == true)
        #expect(
            String(decoding: sent.body, as: UTF8.self)
                == #"{"isDrill":true,"sourceServers":[{"sourceServerID":"s-1234567890abcdefg"},"#
                + #"{"recoverySnapshotID":"pit-1234567890abcdefg","sourceServerID":"s-0000000000000000a"}]}"#)
    }

    @Test("StartRecovery sends tags only when asked")
    func startRecoveryTags() throws {
        let transport = FakeTransport(replies: [.json(202, Self.job)])
        _ = try Self.client(transport).startRecovery(
            sourceServers: [StartRecoveryRequest.Server(sourceServerID: "s-1234567890abcdefg")],
            isDrill: false,
            tags: ["ExecutionId": "e-1"]
        )
        let body = try Self.body(try #require(transport.requests.first))
        #expect(body["tags"] as? [String: String] == ["ExecutionId": "e-1"])
        #expect(body["isDrill"] as? Bool == false)
    }

    @Test(
        "each operation posts to its path with its body",
        arguments: [
            (
                DRSOperation.describeSourceServers,
                #"{"filters":{"hardwareId":"i-0abc","sourceServerIDs":["s-1"]},"maxResults":50}"#
            ),
            (.describeJobs, #"{"filters":{"fromDate":"2025-11-20T00:00:00.000Z","jobIDs":["drsjob-1"]}}"#),
            (.describeJobLogItems, #"{"jobID":"drsjob-1","nextToken":"t1"}"#),
            (.describeRecoveryInstances, #"{"filters":{"sourceServerIDs":["s-1"]}}"#),
            (.terminateRecoveryInstances, #"{"recoveryInstanceIDs":["i-0123456789abcdef0"]}"#),
        ])
    func requestBodies(operation: DRSOperation, expectedBody: String) throws {
        let reply =
            operation == .terminateRecoveryInstances
            ? FakeTransport.Reply.json(200, #"{"job":{"jobID":"drsjob-1","type":"TERMINATE"}}"#)
            : .json(200, #"{"items":[]}"#)
        let transport = FakeTransport(replies: [reply])
        let client = Self.client(transport)
        switch operation {
        case .describeSourceServers:
            _ = try client.describeSourceServers(
                filters: SourceServerFilters(sourceServerIDs: ["s-1"], hardwareID: "i-0abc"), maxResults: 50)
        case .describeJobs:
            _ = try client.describeJobs(filters: JobFilters(jobIDs: ["drsjob-1"], fromDate: "2025-11-20T00:00:00.000Z"))
        case .describeJobLogItems:
            _ = try client.describeJobLogItems(jobID: "drsjob-1", nextToken: "t1")
        case .describeRecoveryInstances:
            _ = try client.describeRecoveryInstances(filters: RecoveryInstanceFilters(sourceServerIDs: ["s-1"]))
        case .terminateRecoveryInstances:
            let job = try client.terminateRecoveryInstances(recoveryInstanceIDs: ["i-0123456789abcdef0"])
            #expect(job.type == .terminate)
        case .startRecovery:
            Issue.record("covered by its own test")
        }
        let sent = try #require(transport.requests.first)
        #expect(sent.path == operation.path)
        #expect(sent.url == "https://drs.us-east-1.amazonaws.com" + operation.path)
        #expect(String(decoding: sent.body, as: UTF8.self) == expectedBody)
    }

    @Test("a describe call with no filters sends an empty object")
    func emptyFilters() throws {
        let transport = FakeTransport(replies: [.json(200, #"{"items":[]}"#)])
        let page = try Self.client(transport).describeSourceServers()
        #expect(page.items.isEmpty)
        #expect(!page.hasMore)
        #expect(String(decoding: try #require(transport.requests.first).body, as: UTF8.self) == "{}")
    }

    @Test("paginators follow nextToken to the end, through short and empty pages")
    func pagination() throws {
        func server(_ n: Int) -> String {
            #"{"sourceServerID":"s-0000000000000000\#(n)"}"#
        }
        let transport = FakeTransport(replies: [
            .json(200, #"{"items":[\#(server(1)),\#(server(2))],"nextToken":"a"}"#),
            .json(200, #"{"items":[],"nextToken":"b"}"#),
            .json(200, #"{"nextToken":"c"}"#),
            .json(200, #"{"items":[\#(server(3))],"nextToken":""}"#),
        ])
        let servers = try Self.client(transport).allSourceServers(pageSize: 2, region: "us-west-2")
        #expect(servers.map(\.sourceServerID) == ["s-00000000000000001", "s-00000000000000002", "s-00000000000000003"])
        let tokens = try transport.requests.map { try Self.body($0)["nextToken"] as? String }
        #expect(tokens == [nil, "a", "b", "c"])
        #expect(try transport.requests.allSatisfy { try Self.body($0)["maxResults"] as? Int == 2 })
        #expect(transport.requests.allSatisfy { $0.url.hasPrefix("https://drs.us-west-2.amazonaws.com/") })
    }

    @Test(
        "every paginator collects all pages",
        arguments: DRSOperation.allCases.filter { $0.rawValue.hasPrefix("Describe") })
    func everyPaginator(operation: DRSOperation) throws {
        let item =
            switch operation {
            case .describeSourceServers: #"{"sourceServerID":"s-1"}"#
            case .describeJobs: #"{"jobID":"drsjob-1"}"#
            case .describeRecoveryInstances: #"{"recoveryInstanceID":"i-1"}"#
            default: #"{"event":"JOB_START"}"#
            }
        let transport = FakeTransport(replies: [
            .json(200, #"{"items":[\#(item)],"nextToken":"n"}"#), .json(200, #"{"items":[\#(item)]}"#),
        ])
        let client = Self.client(transport)
        let count =
            switch operation {
            case .describeSourceServers: try client.allSourceServers().count
            case .describeJobs: try client.allJobs(filters: JobFilters(jobIDs: ["drsjob-1"])).count
            case .describeRecoveryInstances: try client.allRecoveryInstances().count
            default: try client.allJobLogItems(jobID: "drsjob-1").count
            }
        #expect(count == 2)
        #expect(transport.requests.count == 2)
    }

    @Test("a repeated nextToken stops the paginator with invalidResponse instead of looping")
    func repeatedToken() throws {
        let transport = FakeTransport(handler: { _ in .json(200, #"{"items":[],"nextToken":"same"}"#) })
        let error = try #require(throws: DRSError.self) {
            try Self.client(transport).allJobs()
        }
        #expect(error.code == .invalidResponse)
        #expect(transport.requests.count == 2)
    }

    @Test("UninitializedAccountException becomes .uninitialized with AWS's code, message and status")
    func uninitialized() throws {
        let transport = FakeTransport(replies: [
            .response(
                AWSHTTPResponse(
                    status: 400,
                    headers: ["x-amzn-ErrorType": "UninitializedAccountException:http://internal.amazon.com/coral/"],
                    body: Array(#"{"message":"Account not initialized","code":"UNINITIALIZED"}"#.utf8)
                ))
        ])
        let error = try #require(throws: DRSError.self) {
            try Self.client(transport).describeSourceServers(region: "eu-west-3")
        }
        #expect(error.code == .uninitialized)
        #expect(error.rawCode == "UninitializedAccountException")
        #expect(error.message == "Account not initialized")
        #expect(error.status == 400)
        #expect(error.region == "eu-west-3")
        #expect(error.operation == .describeSourceServers)
        #expect(transport.requests.count == 1)
    }

    @Test("throttling is retried by AWSCore, then surfaces as .throttled")
    func throttled() throws {
        let clock = FakeClock()
        let transport = FakeTransport(handler: { _ in
            .awsError(429, code: "ThrottlingException", message: "Rate exceeded")
        })
        let error = try #require(throws: DRSError.self) {
            try Self.client(transport, clock: clock).describeJobs()
        }
        #expect(error.code == .throttled)
        #expect(error.status == 429)
        #expect(transport.requests.count == RetryPolicy.standard.maxAttempts)
        #expect(clock.sleeps.count == RetryPolicy.standard.maxAttempts - 1)
    }

    @Test("a throttled call that succeeds on retry returns normally")
    func throttledThenOK() throws {
        let transport = FakeTransport(replies: [
            .awsError(429, code: "ThrottlingException"), .json(200, #"{"items":[{"jobID":"drsjob-1"}]}"#),
        ])
        #expect(try Self.client(transport).allJobs().map(\.jobID) == ["drsjob-1"])
    }

    @Test(
        "error codes map to DRSError codes",
        arguments: [
            ("ConflictException", 409, DRSError.Code.conflict),
            ("ServiceQuotaExceededException", 402, .serviceQuotaExceeded),
            ("ValidationException", 400, .validation),
            ("AccessDeniedException", 403, .accessDenied),
            ("ResourceNotFoundException", 404, .resourceNotFound),
            ("InvalidSignatureException", 403, .authentication),
            ("UnrecognizedClientException", 403, .authentication),
            ("SomethingNewException", 400, .other),
        ])
    func errorCodes(rawCode: String, status: Int, expected: DRSError.Code) throws {
        let transport = FakeTransport(replies: [.awsError(status, code: rawCode, message: "nope")])
        let error = try #require(throws: DRSError.self) {
            try Self.client(transport).terminateRecoveryInstances(recoveryInstanceIDs: ["i-0123456789abcdef0"])
        }
        #expect(error.code == expected)
        #expect(error.rawCode == rawCode)
        #expect(error.message == "nope")
        #expect(error.serviceError?.status == status)
    }

    @Test("a 2xx body that is not the operation's output is .invalidResponse")
    func invalidResponse() throws {
        let transport = FakeTransport(replies: [.json(202, #"{"job":{"status":"PENDING"}}"#)])
        let error = try #require(throws: DRSError.self) {
            try Self.client(transport).startRecovery(
                sourceServers: [StartRecoveryRequest.Server(sourceServerID: "s-1234567890abcdefg")], isDrill: true)
        }
        #expect(error.code == .invalidResponse)
        #expect(error.serviceError == nil)
    }

    @Test("a transport failure is not wrapped")
    func transportFailure() throws {
        let transport = FakeTransport(handler: { _ in .transportFailure(.connectionFailed) })
        #expect(throws: TransportError.self) {
            try Self.client(transport).describeRecoveryInstances()
        }
    }
}
