import API
import DRS
import JSONCore
import LambdaRuntime
import Orchestrator
import Synchronization
import TestSupport
import Testing

/// `/executions…` and `POST /recovery-plans/{id}/execute` through the real router, on fakes.
@Suite("Execution routes")
struct ExecutionRoutesTests {
    /// A harness with a two-wave plan (`orders-web-01`, then `orders-app-01`) and its id.
    static func twoWavePlan(pauseBeforeSecond: Bool = false) throws -> (ResourceTestHarness, String) {
        let harness = try ResourceTestHarness()
        let web = try harness.createGroupID("Web", servers: ["s-orders-web-01"])
        let app = try harness.createGroupID("App", servers: ["s-orders-app-01"])
        let reply = try harness.send(
            "POST", "/recovery-plans",
            body: [
                "name": "Two",
                "waves": [
                    ["name": "Web", "protectionGroupId": .string(web)],
                    ["name": "App", "protectionGroupId": .string(app), "pauseBeforeWave": .bool(pauseBeforeSecond)],
                ],
            ])
        return (harness, try #require(reply["id"]?.stringValue))
    }

    /// Completes every LAUNCH job the fake DRS has, all servers launched.
    static func finishJobs(_ harness: ResourceTestHarness) {
        let ids = harness.drs.state.withLock { $0.jobs.values.filter { $0.job.type == .launch }.map(\.job.jobID) }
        for id in ids { harness.drs.progress(id, status: .completed) { _ in .launched } }
    }

    @Test("the guide's start body answers 202 with executionId and ExecutionId, status pending")
    func start() throws {
        let (harness, plan) = try Self.twoWavePlan()
        let reply = try harness.send(
            "POST", "/executions",
            body: [
                "recoveryPlanId": .string(plan), "executionType": "DRILL", "initiatedBy": "cli-automation",
                "invocationSource": "CLI", "invocationDetails": ["ticket": "CHG-1"],
            ])
        #expect(reply.status == 202)
        let id = try #require(reply["executionId"]?.stringValue)
        #expect(reply["ExecutionId"] == .string(id))
        #expect(reply["status"] == "pending")
        #expect(reply["statusUrl"] == .string("/executions/\(id)"))
        #expect(reply["planId"] == .string(plan))
        let detail = try harness.send("GET", "/executions/\(id)")
        #expect(detail["initiatedBy"] == "cli-automation")
        #expect(detail["invocationSource"] == "CLI")
        #expect(detail["invocationDetails"] == ["ticket": "CHG-1"])
    }

    @Test("the earlier implementation's PascalCase body starts an execution too")
    func pascalCase() throws {
        let (harness, plan) = try Self.twoWavePlan()
        let reply = try harness.send(
            "POST", "/executions", body: ["PlanId": .string(plan), "ExecutionType": "drill", "InitiatedBy": "ui"])
        #expect(reply.status == 202)
        #expect(reply["executionType"] == "DRILL")
    }

    @Test("POST /recovery-plans/{id}/execute takes the plan from the path")
    func executeRoute() throws {
        let (harness, plan) = try Self.twoWavePlan()
        let reply = try harness.send("POST", "/recovery-plans/\(plan)/execute", body: ["executionType": "RECOVERY"])
        #expect(reply.status == 202)
        #expect(reply["planId"] == .string(plan))
        let again = try harness.send("POST", "/recovery-plans/\(plan)/execute", body: ["executionType": "DRILL"])
        #expect(again.status == 409)
        #expect(again.error == "PLAN_ALREADY_EXECUTING")
    }

    @Test(
        "start errors come in the spec's order with their codes",
        arguments: [
            (JSONValue.object([:]), 400, "MISSING_FIELD"),
            (JSONValue.object(["recoveryPlanId": "x"]), 400, "MISSING_FIELD"),
            (JSONValue.object(["recoveryPlanId": "x", "executionType": "TEST"]), 400, "INVALID_EXECUTION_TYPE"),
            (JSONValue.object(["recoveryPlanId": "x", "executionType": "DRILL"]), 404, "RECOVERY_PLAN_NOT_FOUND"),
            (JSONValue.object(["recoveryPlanId": "x", "executionType": 5]), 400, "INVALID_REQUEST"),
            (
                JSONValue.object(["recoveryPlanId": "x", "executionType": "DRILL", "invocationDetails": "text"]), 400,
                "INVALID_REQUEST"
            ),
        ] as [(JSONValue, Int, String)])
    func startErrors(body: JSONValue, status: Int, code: String) throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send("POST", "/executions", body: body)
        #expect(reply.status == status)
        #expect(reply.error == code)
    }

    @Test("through API Gateway, initiatedBy is the Cognito identity")
    func initiatedByDefault() throws {
        let (harness, plan) = try Self.twoWavePlan()
        let body = JSONValue.object(["recoveryPlanId": .string(plan), "executionType": "DRILL"]).jsonText
        let event: JSONValue = [
            "resource": "/executions", "path": "/executions", "httpMethod": "POST", "body": .string(body),
            "headers": ["Content-Type": "application/json"],
            "requestContext": [
                "authorizer": [
                    "claims": ["email": "dr-lead@example.com", "cognito:groups": "DRSOrchestrationOperator"]
                ]
            ],
        ]
        let reply = try harness.send(event: event)
        #expect(reply.status == 202)
        let id = try #require(reply["executionId"]?.stringValue)
        #expect(try harness.send("GET", "/executions/\(id)")["initiatedBy"] == "dr-lead@example.com")
    }

    @Test("a GET advances an active execution; statuses are lowercase, waves 1-based with server detail")
    func getAdvances() throws {
        let (harness, plan) = try Self.twoWavePlan()
        let id = try #require(
            try harness.send("POST", "/executions", body: ["planId": .string(plan), "executionType": "DRILL"])[
                "executionId"]?.stringValue)
        let running = try harness.send("GET", "/executions/\(id)")
        #expect(running["status"] == "running")
        #expect(running["currentWave"] == 1)
        #expect(running["totalWaves"] == 2)
        #expect(running["waves"]?[0]?["status"] == "launching")
        #expect(running["waves"]?[0]?["servers"]?[0]?["hostname"] == "orders-web-01")
        #expect(running["waves"]?[1]?["jobId"] == .null)
        Self.finishJobs(harness)
        _ = try harness.send("GET", "/executions/\(id)")
        Self.finishJobs(harness)
        let done = try harness.send("GET", "/executions/\(id)")
        #expect(done["status"] == "completed")
        #expect(done["currentWave"] == 2)
        #expect(done["waves"]?[1]?["servers"]?[0]?["launchStatus"] == "LAUNCHED")
        #expect(done["waves"]?[1]?["servers"]?[0]?["recoveryInstanceId"] == "i-rec-s-orders-app-01")
        #expect(done["endTime"]?.stringValue != nil)
        #expect(try harness.send("GET", "/recovery-plans/\(plan)")["lastExecutionStatus"] == "completed")
    }

    @Test("pause before a wave, resume, and the refusals with the guide's bodies")
    func pauseAndResume() throws {
        let (harness, plan) = try Self.twoWavePlan()
        let id = try #require(
            try harness.send("POST", "/executions", body: ["planId": .string(plan), "executionType": "DRILL"])[
                "executionId"]?.stringValue)
        _ = try harness.send("GET", "/executions/\(id)")
        let notPaused = try harness.send("POST", "/executions/\(id)/resume", body: [:])
        #expect(notPaused.status == 400)
        #expect(notPaused.error == "EXECUTION_NOT_PAUSED")
        #expect(notPaused["currentStatus"] == "RUNNING")
        let pausing = try harness.send("POST", "/executions/\(id)/pause", body: [:])
        #expect(pausing.status == 200)
        #expect(pausing["status"] == "pause_pending")
        Self.finishJobs(harness)
        let paused = try harness.send("GET", "/executions/\(id)")
        #expect(paused["status"] == "paused")
        #expect(paused["pausedBeforeWave"] == 2)
        let resumed = try harness.send("POST", "/executions/\(id)/resume", body: [:])
        #expect(resumed.status == 200)
        #expect(resumed["status"] == "running")
        #expect(harness.drs.calls(.startRecovery) == 2)
        let lastWave = try harness.send("POST", "/executions/\(id)/pause")
        #expect(lastWave.error == "NO_PENDING_WAVES")
        Self.finishJobs(harness)
        _ = try harness.send("GET", "/executions/\(id)")
        let finished = try harness.send("POST", "/executions/\(id)/pause")
        #expect(finished.status == 400)
        #expect(finished.error == "EXECUTION_NOT_PAUSABLE")
        #expect(finished["executionId"] == .string(id))
        #expect(finished["currentStatus"] == "COMPLETED")
        #expect(finished["pausableStatuses"] == ["RUNNING"])
        #expect(finished["reason"] == "Execution must be running to pause")
    }

    @Test("a single-wave execution cannot pause")
    func singleWave() throws {
        let harness = try ResourceTestHarness()
        let group = try harness.createGroupID("Web", servers: ["s-orders-web-01"])
        let plan = try harness.createPlanID("One", waves: [("Web", group)])
        let id = try #require(
            try harness.send("POST", "/executions", body: ["planId": .string(plan), "executionType": "DRILL"])[
                "executionId"]?.stringValue)
        _ = try harness.send("GET", "/executions/\(id)")
        let reply = try harness.send("POST", "/executions/\(id)/pause")
        #expect(reply.error == "SINGLE_WAVE_NOT_PAUSABLE")
        #expect(reply["waveCount"] == 1)
        #expect(reply["executionId"] == .string(id))
    }

    @Test("cancel: in flight it is cancelling, then cancelled; later waves never start; again it is refused")
    func cancel() throws {
        let (harness, plan) = try Self.twoWavePlan()
        let id = try #require(
            try harness.send("POST", "/executions", body: ["planId": .string(plan), "executionType": "DRILL"])[
                "executionId"]?.stringValue)
        _ = try harness.send("GET", "/executions/\(id)")
        let cancelling = try harness.send("POST", "/executions/\(id)/cancel", body: [:])
        #expect(cancelling["status"] == "cancelling")
        let active = try harness.send("DELETE", "/executions/\(id)")
        #expect(active.status == 409)
        #expect(active.error == "EXECUTION_ACTIVE")
        Self.finishJobs(harness)
        let cancelled = try harness.send("GET", "/executions/\(id)")
        #expect(cancelled["status"] == "cancelled")
        #expect(cancelled["waves"]?[1]?["status"] == "cancelled")
        #expect(harness.drs.calls(.startRecovery) == 1)
        let again = try harness.send("POST", "/executions/\(id)/cancel")
        #expect(again.status == 400)
        #expect(again.error == "EXECUTION_NOT_CANCELLABLE")
        #expect(again["currentStatus"] == "CANCELLED")
        #expect(again["cancellableStatuses"]?.strings.contains("PAUSED") == true)
        #expect(try harness.send("DELETE", "/executions/\(id)").status == 200)
        #expect(try harness.send("GET", "/executions/\(id)").error == "EXECUTION_NOT_FOUND")
    }

    @Test(
        "an unknown execution is EXECUTION_NOT_FOUND on every route",
        arguments: [
            ("GET", "/executions/nope"), ("POST", "/executions/nope/pause"), ("POST", "/executions/nope/resume"),
            ("POST", "/executions/nope/cancel"), ("POST", "/executions/nope/terminate-instances"),
            ("DELETE", "/executions/nope"),
        ])
    func notFound(method: String, path: String) throws {
        let reply = try ResourceTestHarness().send(method, path)
        #expect(reply.status == 404)
        #expect(reply.error == "EXECUTION_NOT_FOUND")
        #expect(reply["executionId"] == "nope")
    }

    @Test("the list is newest first with limit, nextToken and filters; limit is 1 to 200")
    func list() throws {
        let harness = try ResourceTestHarness()
        var ids: [String] = []
        for index in 1...3 {
            let group = try harness.createGroupID("G\(index)", servers: ["s-orders-web-0\(index)"])
            let plan = try harness.createPlanID("P\(index)", waves: [("W", group)])
            ids.append(
                try #require(
                    try harness.send("POST", "/executions", body: ["planId": .string(plan), "executionType": "DRILL"])[
                        "executionId"]?.stringValue))
            harness.clock.advance(milliseconds: 1000)
        }
        let first = try harness.send("GET", "/executions", query: ["limit": "2"])
        #expect(first["items"]?.arrayValue?.compactMap { $0["executionId"]?.stringValue } == [ids[2], ids[1]])
        let token = try #require(first["nextToken"]?.stringValue)
        let second = try harness.send("GET", "/executions", query: ["limit": "2", "nextToken": token])
        #expect(second["items"]?.arrayValue?.compactMap { $0["executionId"]?.stringValue } == [ids[0]])
        #expect(second["nextToken"] == nil)
        #expect(try harness.send("GET", "/executions", query: ["status": "PENDING"])["count"] == 3)
        #expect(try harness.send("GET", "/executions", query: ["status": "completed"])["count"] == 0)
        #expect(try harness.send("GET", "/executions", query: ["limit": "201"]).error == "INVALID_REQUEST")
    }

    @Test("an EventBridge scheduled event ticks every active execution and answers a report")
    func scheduledTick() throws {
        let (harness, plan) = try Self.twoWavePlan()
        _ = try harness.send("POST", "/executions", body: ["planId": .string(plan), "executionType": "DRILL"])
        var app = harness.app
        let event: JSONValue = [
            "version": "0", "id": "e-1", "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": "2027-01-15T08:00:00Z", "region": "us-east-1", "resources": [],
            "detail": [:],
        ]
        let report = try JSONValue(parsing: app.handle(event.jsonBytes, context: harness.context))
        #expect(report["examined"] == 1)
        #expect(report["wavesStarted"] == 1)
        #expect(harness.drs.calls(.startRecovery) == 1)
    }

    @Test("a direct invocation mirrors status and ExecutionId beside the envelope (SSM's $.Payload.status)")
    func directMirror() throws {
        let (harness, plan) = try Self.twoWavePlan()
        var app = harness.app
        let body = JSONValue.object(["recoveryPlanId": .string(plan), "executionType": "DRILL"]).jsonText
        let event: JSONValue = ["httpMethod": "POST", "path": "/executions", "body": .string(body)]
        let envelope = try JSONValue(parsing: app.handle(event.jsonBytes, context: harness.context))
        #expect(envelope["statusCode"] == 202)
        #expect(envelope["status"] == "pending")
        let inner = try JSONValue(parsing: try #require(envelope["body"]?.stringValue))
        #expect(envelope["ExecutionId"] == inner["ExecutionId"])
    }
}
