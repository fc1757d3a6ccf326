import API
import DynamoDB
import Foundation
import JSONCore
import LambdaRuntime
import Orchestrator
import Synchronization
import TestSupport
import Testing

/// Spec §5 through the real router: who may call which route, the 403's shape, and that a refused
/// request neither reads nor writes anything.
@Suite("Authorization")
struct AuthorizationTests {
    /// Who sends a request.
    enum Caller: String, CaseIterable, CustomStringConvertible {
        case admin, `operator`, readOnly, noGroup, noClaims, direct

        var description: String { rawValue }

        /// The `requestContext` API Gateway would send; nil for a direct invocation.
        var requestContext: JSONValue? {
            func claims(_ groups: String?) -> JSONValue {
                var claims: [String: JSONValue] = [
                    "sub": .string("u-\(rawValue)"), "email": .string("\(rawValue)@example.com"),
                    "cognito:username": .string(rawValue),
                ]
                if let groups { claims["cognito:groups"] = .string(groups) }
                return ["authorizer": ["claims": .object(claims)], "stage": "dev"]
            }
            switch self {
            case .admin: return claims("DRSOrchestrationAdmin")
            case .operator: return claims("DRSOrchestrationOperator")
            case .readOnly: return claims("DRSOrchestrationReadOnly")
            case .noGroup: return claims("SomeOtherTeam")
            case .noClaims: return ["stage": "dev", "identity": ["sourceIp": "198.51.100.7"]]
            case .direct: return nil
            }
        }

        /// The role the caller acts with (direct invocations: IAM decided, admin).
        var role: Role? {
            switch self {
            case .admin, .direct: .admin
            case .operator: .operator
            case .readOnly: .readOnly
            case .noGroup, .noClaims: nil
            }
        }
    }

    /// The spec's table, written out independently of `Authorization.table`: the least role each
    /// route needs (nil: open to anyone).
    static let routes: [(method: String, pattern: String, body: JSONValue?, needs: Role?)] = [
        ("GET", "/health", nil, nil),
        ("GET", "/protection-groups", nil, .readOnly),
        ("GET", "/protection-groups/{id}", nil, .readOnly),
        ("POST", "/protection-groups/resolve", ["region": "us-east-1", "tags": ["Tier": "Web"]], .readOnly),
        ("POST", "/protection-groups/{id}/resolve", nil, .readOnly),
        ("POST", "/protection-groups", ["name": "G", "region": "us-east-1"], .admin),
        ("PUT", "/protection-groups/{id}", ["name": "G2"], .admin),
        ("DELETE", "/protection-groups/{id}", nil, .admin),
        ("GET", "/recovery-plans", nil, .readOnly),
        ("GET", "/recovery-plans/{id}", nil, .readOnly),
        ("POST", "/recovery-plans", ["name": "P", "waves": []], .admin),
        ("PUT", "/recovery-plans/{id}", ["name": "P2"], .admin),
        ("DELETE", "/recovery-plans/{id}", nil, .admin),
        ("POST", "/recovery-plans/{id}/execute", ["executionType": "DRILL"], .operator),
        ("POST", "/recovery-plans/{id}/execute", ["executionType": "RECOVERY"], .admin),
        ("GET", "/drs/source-servers", nil, .readOnly),
        ("GET", "/drs/quotas", nil, .readOnly),
        ("POST", "/executions", ["recoveryPlanId": "p-1", "executionType": "DRILL"], .operator),
        ("POST", "/executions", ["recoveryPlanId": "p-1", "executionType": "drill"], .operator),
        ("POST", "/executions", ["recoveryPlanId": "p-1", "executionType": "RECOVERY"], .admin),
        ("POST", "/executions", ["PlanId": "p-1", "ExecutionType": "Recovery"], .admin),
        ("GET", "/executions", nil, .readOnly),
        ("GET", "/executions/{id}", nil, .readOnly),
        ("POST", "/executions/{id}/pause", nil, .operator),
        ("POST", "/executions/{id}/resume", nil, .operator),
        ("POST", "/executions/{id}/cancel", nil, .operator),
        ("POST", "/executions/{id}/terminate-instances", nil, .operator),
        ("DELETE", "/executions/{id}", nil, .admin),
    ]

    /// Every route × every caller.
    static let cases: [(Int, Caller)] = routes.indices.flatMap { index in Caller.allCases.map { (index, $0) } }

    /// The event for `caller`: a REST proxy event through API Gateway, or the guide's direct form.
    static func event(
        _ method: String, _ path: String, body: JSONValue?, caller: Caller, query: [String: String] = [:]
    ) -> JSONValue {
        var event: [String: JSONValue] = [
            "httpMethod": .string(method), "path": .string(path),
            "body": body.map { .string($0.jsonText) } ?? .null,
            "queryStringParameters": query.isEmpty ? .null : .object(query.mapValues { .string($0) }),
        ]
        if let context = caller.requestContext {
            event["requestContext"] = context
            event["headers"] = ["Content-Type": "application/json"]
        }
        return .object(event)
    }

    static func path(_ pattern: String) -> String { pattern.replacingOccurrences(of: "{id}", with: "id-unknown") }

    static func query(_ pattern: String) -> [String: String] {
        pattern.hasPrefix("/drs/") ? ["region": "us-east-1"] : [:]
    }

    @Test("every route and caller: allowed exactly when the caller's role reaches the route's", arguments: cases)
    func table(index: Int, caller: Caller) throws {
        let route = Self.routes[index]
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            event: Self.event(
                route.method, Self.path(route.pattern), body: route.body, caller: caller,
                query: Self.query(route.pattern)))
        let allowed = route.needs.map { needs in caller.role.map { $0 >= needs } ?? false } ?? true
        if allowed {
            #expect(reply.status != 403, "\(route.method) \(route.pattern) as \(caller): \(reply)")
        } else {
            #expect(reply.status == 403, "\(route.method) \(route.pattern) as \(caller): \(reply)")
            #expect(reply.error == "FORBIDDEN")
            #expect(reply["requiredRole"] == route.needs.map { .string($0.rawValue) })
            #expect(reply["callerRoles"] == .array(caller.role.map { [.string($0.rawValue)] } ?? []))
            #expect(reply["message"]?.stringValue?.isEmpty == false)
            // Decided before anything was read: no store request, no DRS call.
            #expect(harness.store.requests.isEmpty, "\(harness.store.requests)")
            #expect(harness.drs.state.withLock { $0.calls }.isEmpty)
        }
    }

    @Test("the table above covers every route the router registers")
    func coversEveryRoute() throws {
        let harness = try ResourceTestHarness()
        let registered = Set(harness.app.router.routes.map { "\($0.method) \($0.pattern.description)" })
        let tested = Set(Self.routes.map { "\($0.method) \($0.pattern)" })
        #expect(registered == tested)
        // And the policy names each of them explicitly (nothing rides on the fallback).
        #expect(Set(Authorization.table.keys) == registered)
    }

    @Test("a forbidden mutation leaves the store byte-for-byte unchanged and unread")
    func forbiddenMutationChangesNothing() throws {
        let harness = try ResourceTestHarness()
        let group = try harness.createGroupID("Web", servers: ["s-orders-web-01"])
        let plan = try harness.createPlanID("Plan", waves: [("Web", group)])
        // Every item of every table, serialized with sorted keys: equal snapshots are equal bytes.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func snapshot() throws -> [Data] {
            try StoreTable.allCases.flatMap { table in
                try harness.store.items(table).map { try encoder.encode($0) }
                    .sorted { $0.lexicographicallyPrecedes($1) }
            }
        }
        let before = try snapshot()
        #expect(before.count >= 2)
        harness.store.resetRequestCount()
        let attempts: [(String, String, JSONValue?, Caller)] = [
            ("DELETE", "/recovery-plans/\(plan)", nil, .operator),
            ("PUT", "/recovery-plans/\(plan)", ["name": "Renamed"], .operator),
            ("DELETE", "/protection-groups/\(group)", nil, .readOnly),
            ("POST", "/executions", ["recoveryPlanId": .string(plan), "executionType": "RECOVERY"], .operator),
            ("POST", "/recovery-plans/\(plan)/execute", ["executionType": "DRILL"], .readOnly),
            ("POST", "/protection-groups", ["name": "New", "region": "us-east-1"], .noClaims),
        ]
        for (method, path, body, caller) in attempts {
            let reply = try harness.send(event: Self.event(method, path, body: body, caller: caller))
            #expect(reply.status == 403, "\(method) \(path) as \(caller): \(reply)")
        }
        #expect(harness.store.requests.isEmpty, "\(harness.store.requests)")
        #expect(try snapshot() == before)
        #expect(try harness.send("GET", "/recovery-plans/\(plan)")["name"] == "Plan")
    }

    @Test(
        "groups arrive in every form API Gateway passes them",
        arguments: [
            #"DRSOrchestrationOperator"#, #"SomeTeam,DRSOrchestrationOperator"#,
            #"[SomeTeam DRSOrchestrationOperator]"#,
            #"["SomeTeam","DRSOrchestrationOperator"]"#, #" [DRSOrchestrationOperator] "#,
        ])
    func groupForms(claim: String) {
        #expect(Caller.groups(claim).contains("DRSOrchestrationOperator"))
        #expect(RoleGroups.defaults.roles(of: API.Caller.groups(fromClaim: claim)) == [.operator])
    }

    @Test("an HTTP API event's JWT claims with cognito:groups as a JSON list grant their roles")
    func httpAPIJWTClaims() throws {
        let harness = try ResourceTestHarness()
        let event: JSONValue = [
            "version": "2.0", "rawPath": "/protection-groups", "rawQueryString": "",
            "requestContext": [
                "http": ["method": "POST"], "stage": "$default",
                "authorizer": [
                    "jwt": ["claims": ["email": "lead@example.com", "cognito:groups": ["DRSOrchestrationReadOnly"]]]
                ],
            ],
            "body": #"{"name":"G","region":"us-east-1"}"#,
        ]
        let reply = try harness.send(event: event)
        #expect(reply.status == 403)
        #expect(reply.error == "FORBIDDEN")
        #expect(reply["callerRoles"] == ["read-only"])
        #expect(reply["requiredRole"] == "admin")
        var list = event
        if case .object(var members) = list, case .object(var context)? = members["requestContext"] {
            context["http"] = ["method": "GET"]
            members["requestContext"] = .object(context)
            list = .object(members)
        }
        #expect(try harness.send(event: list).status == 200)
    }

    @Test("a caller in several groups has the union of their rights")
    func unionOfGroups() {
        let roles = RoleGroups.defaults.roles(of: ["DRSOrchestrationReadOnly", "DRSOrchestrationAdmin"])
        #expect(roles == [.readOnly, .admin])
        #expect(roles.max() == .admin)
    }

    @Test("group names come from ADMIN_GROUP, OPERATOR_GROUP and READONLY_GROUP; empty keeps the default")
    func configuredGroupNames() throws {
        let groups = RoleGroups(environment: [
            "ADMIN_GROUP": "dr-admins", "OPERATOR_GROUP": "dr-ops", "READONLY_GROUP": "",
        ])
        #expect(groups == RoleGroups(admin: "dr-admins", operator: "dr-ops", readOnly: "DRSOrchestrationReadOnly"))
        let store = InMemoryRecordStore()
        var services = APIServices(store: store, drs: FakeDRS())
        services.authorization = Authorization(groups: groups)
        let app = try APIApplication.standard(services: services)
        let context = InvocationContext(requestID: "r", deadlineMilliseconds: 0, invokedFunctionARN: "arn")
        func status(_ groupClaim: String) -> Int {
            let event: JSONValue = [
                "httpMethod": "DELETE", "path": "/executions/e-1",
                "requestContext": ["authorizer": ["claims": ["cognito:groups": .string(groupClaim)]]],
            ]
            var application = app
            let envelope = try? JSONValue(parsing: application.handle(event.jsonBytes, context: context))
            return envelope?["statusCode"]?.intValue ?? 0
        }
        #expect(status("dr-admins") == 404)
        #expect(status("DRSOrchestrationAdmin") == 403)
        #expect(status("dr-ops") == 403)
    }

    @Test("a start body that names no valid type: 400 for a caller who could start a DRILL, 403 for one who could not")
    func unreadableStartBodies() throws {
        let bodies: [String?] = [
            #"{"recoveryPlanId":"p-1","executionType":"NUKE"}"#, #"{"recoveryPlanId":"p-1"}"#, "not json", "[1]",
        ]
        for raw in bodies {
            let harness = try ResourceTestHarness()
            func send(_ caller: Caller) throws -> Reply {
                var event = Self.event("POST", "/executions", body: nil, caller: caller)
                if case .object(var members) = event {
                    members["body"] = raw.map { .string($0) } ?? .null
                    event = .object(members)
                }
                return try harness.send(event: event)
            }
            let asOperator = try send(.operator)
            #expect(asOperator.status == 400, "\(raw ?? "nil"): \(asOperator)")
            #expect(harness.store.requests.isEmpty)
            let asReader = try send(.readOnly)
            #expect(asReader.status == 403, "\(raw ?? "nil"): \(asReader)")
            #expect(asReader["requiredRole"] == "operator")
        }
    }

    @Test("without a role, unknown paths and wrong methods are 403 too; with one, 404 and 405")
    func unresolvedRoutes() throws {
        let harness = try ResourceTestHarness()
        let cases: [(method: String, path: String, caller: Caller, status: Int, code: String)] = [
            ("GET", "/nope", .noClaims, 403, "FORBIDDEN"),
            ("PATCH", "/executions", .noGroup, 403, "FORBIDDEN"),
            ("GET", "/nope", .readOnly, 404, "NOT_FOUND"),
            ("PATCH", "/executions", .readOnly, 405, "METHOD_NOT_ALLOWED"),
            ("GET", "/nope", .direct, 404, "NOT_FOUND"),
        ]
        for (method, path, caller, status, code) in cases {
            expectError(try harness.send(event: Self.event(method, path, body: nil, caller: caller)), status, code)
        }
    }

    @Test("CORS preflight and the health check need no role")
    func openRoutes() throws {
        let harness = try ResourceTestHarness()
        #expect(
            try harness.send(event: Self.event("OPTIONS", "/executions", body: nil, caller: .noClaims)).status == 200)
        #expect(try harness.send(event: Self.event("GET", "/health", body: nil, caller: .noClaims)).status == 200)
    }

    @Test("through API Gateway a start records the caller's email and API, whatever the body says")
    func gatewayStartIdentity() throws {
        let (harness, plan) = try ExecutionRoutesTests.twoWavePlan()
        let body: JSONValue = [
            "recoveryPlanId": .string(plan), "executionType": "DRILL", "initiatedBy": "someone-else",
            "invocationSource": "CLI",
        ]
        let reply = try harness.send(event: Self.event("POST", "/executions", body: body, caller: .operator))
        #expect(reply.status == 202, "\(reply)")
        let id = try #require(reply["executionId"]?.stringValue)
        let execution = try harness.send("GET", "/executions/\(id)")
        #expect(execution["initiatedBy"] == "operator@example.com")
        #expect(execution["invocationSource"] == "API")
    }

    @Test("a gateway caller without email is named by cognito:username")
    func usernameIdentity() {
        #expect(API.Caller.identity(claims: ["cognito:username": "jdoe", "sub": "s"]) == "jdoe")
        #expect(API.Caller.identity(claims: ["email": "a@example.com", "cognito:username": "jdoe"]) == "a@example.com")
        #expect(API.Caller.identity(claims: ["sub": "s"]) == nil)
    }

    @Test("a direct start records the body's initiatedBy and source, else iam and LAMBDA")
    func directStartIdentity() throws {
        let (harness, plan) = try ExecutionRoutesTests.twoWavePlan()
        let first = try harness.send(
            "POST", "/executions", body: ["recoveryPlanId": .string(plan), "executionType": "DRILL"])
        #expect(first.status == 202, "\(first)")
        let execution = try harness.send("GET", "/executions/\(try #require(first["executionId"]?.stringValue))")
        #expect(execution["initiatedBy"] == "iam")
        #expect(execution["invocationSource"] == "LAMBDA")
        let (otherHarness, otherPlan) = try ExecutionRoutesTests.twoWavePlan()
        let second = try otherHarness.send(
            "POST", "/executions",
            body: [
                "recoveryPlanId": .string(otherPlan), "executionType": "DRILL", "initiatedBy": "step-functions",
                "invocationSource": "STEPFUNCTIONS",
            ])
        #expect(second.status == 202, "\(second)")
        let other = try otherHarness.send("GET", "/executions/\(try #require(second["executionId"]?.stringValue))")
        #expect(other["initiatedBy"] == "step-functions")
        #expect(other["invocationSource"] == "STEPFUNCTIONS")
    }
}

extension AuthorizationTests.Caller {
    /// Shorthand for the API's claim parser.
    static func groups(_ claim: String) -> [String] { API.Caller.groups(fromClaim: claim) }
}
