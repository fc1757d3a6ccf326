import API
import Foundation
import JSONCore
import LambdaRuntime
import Orchestrator
import Synchronization
import Testing

@Suite("Audit: who created and changed each resource, who commanded each execution, one line per mutation")
struct AuditTests {
    /// Sends `method path` through API Gateway as a caller with `claims` (groups included).
    static func send(
        _ harness: ResourceTestHarness, _ method: String, _ path: String, body: JSONValue? = nil,
        claims: [String: String]
    ) throws -> Reply {
        var event: [String: JSONValue] = [
            "httpMethod": .string(method), "path": .string(path),
            "requestContext": ["authorizer": ["claims": .object(claims.mapValues { .string($0) })], "stage": "dev"],
        ]
        event["body"] = body.map { .string($0.jsonText) } ?? .null
        return try harness.send(event: .object(event))
    }

    static let alice = [
        "email": "alice@example.com", "cognito:username": "alice", "cognito:groups": "DRSOrchestrationAdmin",
    ]
    /// An admin without an email claim: named by `cognito:username`.
    static let bob = ["cognito:username": "bob", "cognito:groups": "DRSOrchestrationAdmin"]
    static let olga = [
        "email": "olga@example.com", "cognito:username": "olga", "cognito:groups": "DRSOrchestrationOperator",
    ]

    @Test("a group and a plan name their creator and last editor; a direct invocation is iam")
    func createdAndUpdatedBy() throws {
        let harness = try ResourceTestHarness()
        let group = try Self.send(
            harness, "POST", "/protection-groups",
            body: ["name": "Web", "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"]], claims: Self.alice)
        #expect(group.status == 201, "\(group)")
        #expect(group["createdBy"] == "alice@example.com")
        #expect(group["updatedBy"] == "alice@example.com")
        let groupID = try #require(group["id"]?.stringValue)
        let edited = try Self.send(
            harness, "PUT", "/protection-groups/\(groupID)", body: ["description": "edited"], claims: Self.bob)
        #expect(edited.status == 200, "\(edited)")
        let fetched = try harness.send("GET", "/protection-groups/\(groupID)")
        #expect(fetched["createdBy"] == "alice@example.com")
        #expect(fetched["updatedBy"] == "bob")
        let listed = try harness.send("GET", "/protection-groups")
        #expect(listed["groups"]?[0]?["updatedBy"] == "bob")

        let plan = try Self.send(
            harness, "POST", "/recovery-plans",
            body: ["name": "P", "waves": [["name": "W", "protectionGroupId": .string(groupID)]]], claims: Self.bob)
        #expect(plan.status == 201, "\(plan)")
        let planID = try #require(plan["id"]?.stringValue)
        let renamed = try harness.send("PUT", "/recovery-plans/\(planID)", body: ["name": "P2"])
        #expect(renamed.status == 200, "\(renamed)")
        let stored = try harness.send("GET", "/recovery-plans/\(planID)")
        #expect(stored["createdBy"] == "bob")
        #expect(stored["updatedBy"] == .string(APIRequest.directInvocationName))
        #expect(try harness.send("GET", "/recovery-plans")["plans"]?[0]?["createdBy"] == "bob")
    }

    @Test("a body cannot name someone else as creator")
    func bodyCannotImpersonate() throws {
        let harness = try ResourceTestHarness()
        let group = try Self.send(
            harness, "POST", "/protection-groups",
            body: [
                "name": "Web", "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"],
                "createdBy": "mallory", "updatedBy": "mallory",
            ], claims: Self.alice)
        #expect(group["createdBy"] == "alice@example.com")
        #expect(group["updatedBy"] == "alice@example.com")
    }

    @Test("GET /executions/{id} lists the events with who paused and resumed; the list leaves them out")
    func executionEvents() throws {
        let (harness, plan) = try ExecutionRoutesTests.twoWavePlan(pauseBeforeSecond: true)
        let start = try Self.send(
            harness, "POST", "/executions", body: ["recoveryPlanId": .string(plan), "executionType": "DRILL"],
            claims: Self.olga)
        #expect(start.status == 202, "\(start)")
        let id = try #require(start["executionId"]?.stringValue)
        _ = try harness.send("GET", "/executions/\(id)")
        ExecutionRoutesTests.finishJobs(harness)
        let paused = try harness.send("GET", "/executions/\(id)")
        #expect(paused["status"] == "paused")
        let resumed = try Self.send(harness, "POST", "/executions/\(id)/resume", claims: Self.alice)
        #expect(resumed.status == 200, "\(resumed)")
        let detail = try harness.send("GET", "/executions/\(id)")
        guard case .array(let events)? = detail["events"] else {
            Issue.record("no events in \(detail)")
            return
        }
        let summary = events.map { event in
            [event["type"]?.stringValue, event["waveNumber"]?.intValue.map { "w\($0)" }, event["by"]?.stringValue]
                .compactMap { $0 }.joined(separator: " ")
        }
        #expect(
            summary == [
                "STARTED olga@example.com", "WAVE_STARTED w1", "WAVE_COMPLETED w1", "PAUSED w2",
                "RESUMED w2 alice@example.com", "WAVE_STARTED w2",
            ])
        #expect(events.allSatisfy { $0["at"]?.stringValue?.hasSuffix("Z") == true })
        #expect(detail["eventsDropped"] == 0)
        let list = try harness.send("GET", "/executions")
        #expect(list["items"]?[0]?["executionId"] == .string(id))
        #expect(list["items"]?[0]?["events"] == nil)
    }
}

/// The audit line each mutation writes beside its request line.
@Suite("The audit log line")
struct AuditLineTests {
    final class Lines: Sendable {
        let lines = Mutex<[[String: Any]]>([])
        var log: RequestLog {
            RequestLog(write: { bytes in
                self.lines.withLock { lines in
                    if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] {
                        lines.append(object)
                    }
                }
            })
        }
        var audit: [[String: Any]] { lines.withLock { $0.filter { $0["logger"] as? String == "audit" } } }
        var all: [[String: Any]] { lines.withLock { $0 } }
    }

    static func event(_ method: String, _ path: String, body: JSONValue?, claims: [String: String]?) -> [UInt8] {
        var event: [String: JSONValue] = ["httpMethod": .string(method), "path": .string(path)]
        if let claims {
            event["requestContext"] = ["authorizer": ["claims": .object(claims.mapValues { .string($0) })]]
        }
        event["body"] = body.map { .string($0.jsonText) } ?? .null
        return JSONValue.object(event).jsonBytes
    }

    /// The harness's application with its request log captured.
    static func application(_ harness: ResourceTestHarness, _ lines: Lines) -> APIApplication {
        var app = harness.app
        app.requestLog = lines.log
        return app
    }

    let context = InvocationContext(requestID: "req-7", deadlineMilliseconds: 0, invokedFunctionARN: "arn")

    @Test("a create writes who, role, action, the new id and the result after the request line")
    func create() throws {
        let harness = try ResourceTestHarness()
        let lines = Lines()
        var app = Self.application(harness, lines)
        let body: JSONValue = ["name": "Web", "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"]]
        _ = app.handle(Self.event("POST", "/protection-groups", body: body, claims: AuditTests.alice), context: context)
        #expect(lines.all.count == 2)
        #expect(lines.all.first?["message"] as? String == "request")
        let audit = try #require(lines.audit.first)
        #expect(audit["level"] as? String == "info")
        #expect(audit["message"] as? String == "audit")
        #expect(audit["requestId"] as? String == "req-7")
        #expect(audit["who"] as? String == "alice@example.com")
        #expect(audit["role"] as? String == "admin")
        #expect(audit["action"] as? String == "POST /protection-groups")
        #expect(audit["resourceId"] as? String == "id-0001")
        #expect(audit["status"] as? Int == 201)
        #expect(audit["result"] as? String == "OK")
    }

    @Test("a refused mutation is audited with its error code and the path's id; the role held is named")
    func forbidden() throws {
        let harness = try ResourceTestHarness()
        let lines = Lines()
        var app = Self.application(harness, lines)
        _ = app.handle(
            Self.event("DELETE", "/recovery-plans/plan-9", body: nil, claims: AuditTests.olga), context: context)
        let audit = try #require(lines.audit.first)
        #expect(audit["who"] as? String == "olga@example.com")
        #expect(audit["role"] as? String == "operator")
        #expect(audit["action"] as? String == "DELETE /recovery-plans/{id}")
        #expect(audit["resourceId"] as? String == "plan-9")
        #expect(audit["status"] as? Int == 403)
        #expect(audit["result"] as? String == "FORBIDDEN")
    }

    @Test("a caller in no group is audited with no role; a direct invocation as iam with admin")
    func roles() throws {
        let harness = try ResourceTestHarness()
        let lines = Lines()
        var app = Self.application(harness, lines)
        _ = app.handle(
            Self.event("DELETE", "/executions/e-1", body: nil, claims: ["email": "eve@example.com"]), context: context)
        _ = app.handle(Self.event("DELETE", "/executions/e-2", body: nil, claims: nil), context: context)
        let audit = lines.audit
        try #require(audit.count == 2)
        #expect(audit[0]["role"] is NSNull)
        #expect(audit[0]["result"] as? String == "FORBIDDEN")
        #expect(audit[1]["who"] as? String == "iam")
        #expect(audit[1]["role"] as? String == "admin")
        #expect(audit[1]["resourceId"] as? String == "e-2")
        #expect(audit[1]["result"] as? String == "EXECUTION_NOT_FOUND")
    }

    @Test(
        "reads and previews write no audit line",
        arguments: [
            ("GET", "/protection-groups"), ("GET", "/executions/e-1"), ("POST", "/protection-groups/resolve"),
            ("GET", "/health"),
        ])
    func reads(method: String, path: String) throws {
        let harness = try ResourceTestHarness()
        let lines = Lines()
        var app = Self.application(harness, lines)
        _ = app.handle(
            Self.event(method, path, body: ["region": "us-east-1", "tags": ["Tier": "Web"]], claims: AuditTests.alice),
            context: context)
        #expect(lines.all.count == 1)
        #expect(lines.audit.isEmpty)
    }
}
