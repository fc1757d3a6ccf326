import AWSCore
import DRS
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

/// `/drs/source-servers` and `/drs/quotas` through the real router (spec §4).
@Suite("DRS view routes")
struct DRSRoutesTests {
    /// The servers of a listing by hostname.
    static func byHostname(_ reply: Reply) -> [String: JSONValue] {
        Dictionary(
            (reply["servers"]?.arrayValue ?? []).map { ($0["hostname"]?.stringValue ?? "", $0) },
            uniquingKeysWith: { first, _ in first })
    }

    // MARK: Source servers

    /// An explicit group (CRM, `id-0001`), a tag group (Orders DB, `id-0002`), a later tag group that
    /// also matches (Prod DB, `id-0003`) and a group in us-west-2.
    static func assignedHarness() throws -> ResourceTestHarness {
        let harness = try ResourceTestHarness()
        try harness.createGroup("CRM", servers: ["s-crm-web-01", "s-crm-db-01"])
        harness.clock.advance(milliseconds: 1_000)
        try harness.createGroup("Orders DB", tags: ["Application": "Orders", "Tier": "Database"])
        harness.clock.advance(milliseconds: 1_000)
        try harness.createGroup("Prod DB", tags: ["Tier": "Database", "Environment": "Production"])
        try harness.createGroup("West Web", region: "us-west-2", tags: ["Tier": "Web"])
        return harness
    }

    @Test("lists every server of the region with the spec's fields and counts, none assigned")
    func listUnassigned() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send("GET", "/drs/source-servers", query: ["region": "us-east-1"])
        #expect(reply.status == 200, "\(reply)")
        #expect(reply["region"] == "us-east-1")
        #expect(reply["initialized"] == true)
        #expect(reply["totalCount"] == 12)
        #expect(reply["availableCount"] == 12)
        #expect(reply["assignedCount"] == 0)
        let servers = Self.byHostname(reply)
        #expect(servers.count == 12)
        let web = try #require(servers["orders-web-01"])
        #expect(
            web
                == [
                    "sourceServerID": "s-orders-web-01", "hostname": "orders-web-01",
                    "sourceInstanceId": "i-s-orders-web-01", "sourceIp": "", "os": "", "replicationState": "CONTINUOUS",
                    "lagDuration": "PT1S", "lastSeen": "",
                    "tags": .tags(ResourceTestHarness.tags("Orders", "Web", "Production", purpose: "Frontend")),
                    "assignedToProtectionGroup": nil, "selectable": true,
                ])
        #expect(servers["crm-db-01"]?["replicationState"] == "STOPPED")
        #expect(servers["legacy-01"]?["tags"] == [:])
    }

    @Test("marks explicit before tag-based assignment, the earliest tag group first, and counts them")
    func assignments() throws {
        let harness = try Self.assignedHarness()
        let reply = try harness.send("GET", "/drs/source-servers", query: ["region": "us-east-1"])
        #expect(reply.status == 200, "\(reply)")
        #expect(reply["totalCount"] == 12)
        #expect(reply["assignedCount"] == 5)
        #expect(reply["availableCount"] == 7)
        let servers = Self.byHostname(reply)
        let explicit: JSONValue = [
            "protectionGroupId": "id-0001", "protectionGroupName": "CRM", "assignmentType": "explicit",
        ]
        let ordersDB: JSONValue = [
            "protectionGroupId": "id-0002", "protectionGroupName": "Orders DB", "assignmentType": "tag-based",
        ]
        #expect(servers["crm-web-01"]?["assignedToProtectionGroup"] == explicit)
        #expect(servers["crm-db-01"]?["assignedToProtectionGroup"] == explicit)
        for host in ["orders-db-01", "orders-db-02", "orders-db-03"] {
            #expect(servers[host]?["assignedToProtectionGroup"] == ordersDB, "\(host)")
            #expect(servers[host]?["selectable"] == false, "\(host)")
        }
        for host in ["orders-web-01", "orders-web-02", "orders-web-03", "orders-app-01", "legacy-01"] {
            #expect(servers[host]?["assignedToProtectionGroup"] == .null, "\(host)")
            #expect(servers[host]?["selectable"] == true, "\(host)")
        }
        let west = try harness.send("GET", "/drs/source-servers", query: ["region": "us-west-2"])
        #expect(west["totalCount"] == 3)
        #expect(west["assignedCount"] == 1)
        #expect(Self.byHostname(west)["dr-web-01"]?["assignedToProtectionGroup"]?["protectionGroupName"] == "West Web")
    }

    @Test("leaves out the group named by currentProtectionGroupId, so its servers become selectable")
    func excludingCurrentGroup() throws {
        let harness = try Self.assignedHarness()
        let withoutCRM = try harness.send(
            "GET", "/drs/source-servers", query: ["region": "us-east-1", "currentProtectionGroupId": "id-0001"])
        #expect(withoutCRM.status == 200, "\(withoutCRM)")
        let servers = Self.byHostname(withoutCRM)
        #expect(servers["crm-web-01"]?["selectable"] == true)
        #expect(servers["crm-web-01"]?["assignedToProtectionGroup"] == .null)
        #expect(servers["crm-db-01"]?["assignedToProtectionGroup"]?["protectionGroupId"] == "id-0003")
        #expect(servers["crm-db-01"]?["assignedToProtectionGroup"]?["assignmentType"] == "tag-based")
        #expect(withoutCRM["assignedCount"] == 4)
        #expect(withoutCRM["availableCount"] == 8)

        let withoutOrdersDB = try harness.send(
            "GET", "/drs/source-servers", query: ["region": "us-east-1", "currentProtectionGroupId": "id-0002"])
        let others = Self.byHostname(withoutOrdersDB)
        #expect(others["orders-db-01"]?["assignedToProtectionGroup"]?["protectionGroupName"] == "Prod DB")
        #expect(others["orders-db-02"]?["assignedToProtectionGroup"]?["protectionGroupName"] == "Prod DB")
        #expect(others["orders-db-03"]?["selectable"] == true)
        #expect(withoutOrdersDB["assignedCount"] == 4)
    }

    @Test("answers a missing region with MISSING_FIELD and an uninitialized one with DRS_NOT_INITIALIZED")
    func sourceServerErrors() throws {
        let harness = try ResourceTestHarness()
        for query in [nil, [:], ["region": ""], ["currentProtectionGroupId": "x"]] as [[String: String]?] {
            let reply = try harness.send("GET", "/drs/source-servers", query: query)
            expectError(reply, 400, "MISSING_FIELD")
            #expect(reply["field"] == "region", "\(String(describing: query))")
        }
        let paris = try harness.send("GET", "/drs/source-servers", query: ["region": "eu-west-3"])
        expectError(paris, 400, "DRS_NOT_INITIALIZED")
        #expect(paris["region"] == "eu-west-3")
        #expect(paris["consoleUrl"] == "https://eu-west-3.console.aws.amazon.com/drs/home?region=eu-west-3#/welcome")
    }

    @Test("answers DRS throttling with 429 THROTTLED, a 5xx after retries with 503, another error with 502")
    func sourceServerDRSFailures() throws {
        let harness = try ResourceTestHarness()
        harness.drs.state.withLock {
            $0.failures[.describeSourceServers] = [
                DRSError(
                    code: .throttled, operation: .describeSourceServers, region: "us-east-1", message: "Rate exceeded"),
                DRSError(
                    code: .other, operation: .describeSourceServers, region: "us-east-1", message: "Something broke",
                    serviceError: AWSServiceError(
                        rawCode: "InternalServerException", message: "Something broke", status: 500)),
                DRSError(
                    code: .accessDenied, operation: .describeSourceServers, region: "us-east-1", message: "Denied",
                    serviceError: AWSServiceError(rawCode: "AccessDeniedException", message: "Denied", status: 403)),
            ]
        }
        let throttled = try harness.send("GET", "/drs/source-servers", query: ["region": "us-east-1"])
        expectError(throttled, 429, "THROTTLED")
        let failed = try harness.send("GET", "/drs/source-servers", query: ["region": "us-east-1"])
        expectError(failed, 503, "SERVICE_UNAVAILABLE")
        #expect(failed["drsErrorType"] == "InternalServerException")
        #expect(failed["drsMessage"] == "Something broke")
        let denied = try harness.send("GET", "/drs/source-servers", query: ["region": "us-east-1"])
        expectError(denied, 502, "DRS_ERROR")
        #expect(denied["drsErrorType"] == "AccessDeniedException")
        #expect(try harness.send("GET", "/drs/source-servers", query: ["region": "us-east-1"]).status == 200)
    }

    @Test("reads DRS once per request")
    func sourceServersReadOnce() throws {
        let harness = try Self.assignedHarness()
        harness.drs.state.withLock { $0.calls = [] }
        _ = try harness.send("GET", "/drs/source-servers", query: ["region": "us-east-1"])
        #expect(harness.drs.state.withLock { $0.calls } == ["DescribeSourceServers us-east-1"])
    }

    // MARK: Quotas

    static let limits: JSONValue = [
        "MAX_SERVERS_PER_JOB": 100, "MAX_CONCURRENT_JOBS": 20, "MAX_SERVERS_IN_ALL_JOBS": 500,
        "MAX_REPLICATING_SERVERS": 300, "MAX_SOURCE_SERVERS": 4000,
    ]

    @Test("reports limits, capacity and jobs of a region")
    func quotas() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send("GET", "/drs/quotas", query: ["region": "us-east-1"])
        #expect(reply.status == 200, "\(reply)")
        #expect(reply["region"] == "us-east-1")
        #expect(reply["limits"] == Self.limits)
        #expect(reply["capacity"]?["totalSourceServers"] == 12)
        #expect(reply["capacity"]?["replicatingServers"] == 9)
        #expect(reply["capacity"]?["availableReplicatingSlots"] == 291)
        #expect(reply["capacity"]?["status"] == "OK")
        #expect(reply["capacity"]?["message"]?.stringValue?.contains("9/300") == true)
        #expect(reply["concurrentJobs"] == ["current": 0, "max": 20, "available": 20])
        #expect(reply["serversInJobs"] == ["current": 0, "max": 500])
    }

    @Test(
        "grades capacity on replicating servers: 250 INFO, 280 WARNING, 300 CRITICAL",
        arguments: [
            (0, "OK"), (249, "OK"), (250, "INFO"), (279, "INFO"), (280, "WARNING"), (299, "WARNING"), (300, "CRITICAL"),
            (310, "CRITICAL"),
        ])
    func capacityThresholds(_ replicating: Int, _ status: String) throws {
        let harness = try ResourceTestHarness(seed: false)
        let states: [DataReplicationState] = [.continuous, .initialSync, .rescan, .creatingSnapshot]
        harness.drs.add(
            (0..<replicating).map {
                FakeDRS.server("s-r\($0)", tags: [:], replication: states[$0 % states.count])
            }, region: "ap-southeast-2")
        let idle: [DataReplicationState] = [.stopped, .disconnected, .backlog, .stalled, .paused, .initiating]
        harness.drs.add(
            idle.enumerated().map { FakeDRS.server("s-idle\($0.offset)", replication: $0.element) },
            region: "ap-southeast-2")
        let reply = try harness.send("GET", "/drs/quotas", query: ["region": "ap-southeast-2"])
        #expect(reply.status == 200, "\(reply)")
        #expect(reply["capacity"]?["status"]?.stringValue == status)
        #expect(reply["capacity"]?["replicatingServers"]?.intValue == replicating)
        #expect(reply["capacity"]?["totalSourceServers"]?.intValue == replicating + idle.count)
        #expect(reply["capacity"]?["availableReplicatingSlots"]?.intValue == max(0, 300 - replicating))
        #expect(reply["capacity"]?["message"]?.stringValue?.contains("\(replicating)/300") == true)
    }

    @Test("counts PENDING and STARTED jobs of the region and the servers in them")
    func activeJobs() throws {
        let harness = try ResourceTestHarness()
        _ = try harness.drs.startRecovery(
            serverIDs: ["s-orders-web-01", "s-orders-web-02"], isDrill: true, region: "us-east-1")
        _ = try harness.drs.startRecovery(
            serverIDs: ["s-orders-db-01", "s-orders-db-02", "s-orders-db-03"], isDrill: true, region: "us-east-1")
        let started = try harness.drs.startRecovery(serverIDs: ["s-crm-web-01"], isDrill: false, region: "us-east-1")
        harness.drs.progress(started.jobID, status: .started) { _ in .inProgress }
        let done = try harness.drs.startRecovery(serverIDs: ["s-legacy-01"], isDrill: true, region: "us-east-1")
        harness.drs.progress(done.jobID, status: .completed) { _ in .launched }
        _ = try harness.drs.startRecovery(serverIDs: ["s-dr-web-01"], isDrill: true, region: "us-west-2")
        let reply = try harness.send("GET", "/drs/quotas", query: ["region": "us-east-1"])
        #expect(reply.status == 200, "\(reply)")
        #expect(reply["concurrentJobs"] == ["current": 3, "max": 20, "available": 17])
        #expect(reply["serversInJobs"] == ["current": 6, "max": 500])
        let west = try harness.send("GET", "/drs/quotas", query: ["region": "us-west-2"])
        #expect(west["concurrentJobs"] == ["current": 1, "max": 20, "available": 19])
        #expect(west["serversInJobs"] == ["current": 1, "max": 500])
    }

    @Test("reports an uninitialized region as NOT_INITIALIZED with zeros, not as an error")
    func quotasNotInitialized() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send("GET", "/drs/quotas", query: ["region": "eu-west-3"])
        #expect(reply.status == 200, "\(reply)")
        #expect(reply["region"] == "eu-west-3")
        #expect(reply["limits"] == Self.limits)
        #expect(
            reply["capacity"]
                == [
                    "totalSourceServers": 0, "replicatingServers": 0, "availableReplicatingSlots": 300,
                    "status": "NOT_INITIALIZED",
                    "message":
                        "DRS not initialized in eu-west-3. Initialize DRS in the AWS Console to use this region.",
                ])
        #expect(reply["concurrentJobs"] == ["current": 0, "max": 20, "available": 20])
        #expect(reply["serversInJobs"] == ["current": 0, "max": 500])
    }

    @Test("answers quotas without a region with MISSING_FIELD and DRS failures with 429 or 502")
    func quotaErrors() throws {
        let harness = try ResourceTestHarness()
        let missing = try harness.send("GET", "/drs/quotas")
        expectError(missing, 400, "MISSING_FIELD")
        #expect(missing["field"] == "region")
        harness.drs.state.withLock {
            $0.failures[.describeJobs] = [
                DRSError(code: .throttled, operation: .describeJobs, region: "us-east-1", message: "Rate exceeded"),
                DRSError(code: .other, operation: .describeJobs, region: "us-east-1", message: "Jobs unavailable"),
            ]
        }
        expectError(try harness.send("GET", "/drs/quotas", query: ["region": "us-east-1"]), 429, "THROTTLED")
        let failed = try harness.send("GET", "/drs/quotas", query: ["region": "us-east-1"])
        expectError(failed, 502, "DRS_ERROR")
        #expect(failed["drsMessage"] == "Jobs unavailable")
        #expect(failed["drsErrorType"]?.stringValue?.isEmpty == false)
        harness.drs.state.withLock {
            $0.failures[.describeSourceServers] = [
                DRSError(code: .throttled, operation: .describeSourceServers, region: "us-east-1", message: "Slow down")
            ]
        }
        expectError(try harness.send("GET", "/drs/quotas", query: ["region": "us-east-1"]), 429, "THROTTLED")
        #expect(try harness.send("GET", "/drs/quotas", query: ["region": "us-east-1"]).status == 200)
    }
}
