import API
import DRS
import DynamoDB
import JSONCore
import LambdaRuntime
import Orchestrator
import Synchronization
import TestSupport
import Testing

/// One answer of the application: the status and the body parsed as JSON.
struct Reply: CustomStringConvertible {
    var status: Int
    var body: JSONValue

    /// Member `key` of the body.
    subscript(key: String) -> JSONValue? { body[key] }

    /// The body's `error` code.
    var error: String? { body["error"]?.stringValue }

    var description: String { "\(status) \(body.jsonText)" }
}

/// The request casings spec §1.3 accepts.
enum Casing: String, CaseIterable, Sendable {
    case camelCase
    case pascalCase

    /// A camelCase field name in this casing (`groupName` → `GroupName`).
    func key(_ camelCase: String) -> String {
        self == .camelCase ? camelCase : camelCase.prefix(1).uppercased() + camelCase.dropFirst()
    }
}

/// The reply is the error envelope of spec §1.4: `status`, the `error` code and a message.
func expectError(_ reply: Reply, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(reply.status == status, "\(reply)", sourceLocation: sourceLocation)
    #expect(reply.error == code, "\(reply)", sourceLocation: sourceLocation)
    #expect(reply["message"]?.stringValue?.isEmpty == false, "\(reply)", sourceLocation: sourceLocation)
}

/// One row of a validation table: the body sent, the status and error code it is answered with, and
/// members the error envelope also carries (compared exactly).
struct ErrorCase: Sendable, CustomTestStringConvertible {
    /// What the row sends, in words (the test case's name).
    var summary: String
    /// The request body as sent: JSON text, or text that is not JSON.
    var body: String
    var status: Int
    var code: String
    var details: [String: JSONValue]

    init(_ summary: String, _ body: JSONValue, _ status: Int, _ code: String, _ details: [String: JSONValue] = [:]) {
        self.init(summary, raw: body.jsonText, status, code, details)
    }

    init(_ summary: String, raw body: String, _ status: Int, _ code: String, _ details: [String: JSONValue] = [:]) {
        self.summary = summary
        self.body = body
        self.status = status
        self.code = code
        self.details = details
    }

    var testDescription: String { "\(summary): \(status) \(code)" }
}

/// The reply is `expected`'s error envelope with its details.
func expectError(_ reply: Reply, _ expected: ErrorCase, sourceLocation: SourceLocation = #_sourceLocation) {
    expectError(reply, expected.status, expected.code, sourceLocation: sourceLocation)
    for (key, value) in expected.details.sorted(by: { $0.key < $1.key }) {
        #expect(reply[key] == value, "\(key) in \(reply)", sourceLocation: sourceLocation)
    }
}

/// Time and ids for the domain that tests can predict: the clock stands still until advanced,
/// ids count up (`id-0001`, `id-0002`, …).
final class TestClock: Sendable {
    /// 2027-01-15T08:00:00.000Z.
    static let start: Int64 = 1_800_000_000_000
    static let startISO = "2027-01-15T08:00:00.000Z"

    private let state = Mutex((now: TestClock.start, nextID: 1))

    var now: Int64 { state.withLock { $0.now } }

    func advance(milliseconds: Int64) { state.withLock { $0.now += milliseconds } }

    func newID() -> String {
        state.withLock { state in
            defer { state.nextID += 1 }
            let digits = String(state.nextID)
            return "id-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }

    var environment: DomainEnvironment {
        // A lost write race retries at once: time moves only when the test moves it.
        DomainEnvironment(now: { [self] in now }, newID: { [self] in newID() }, sleep: { _ in })
    }
}

/// The real router over `InMemoryRecordStore` and `FakeDRS`: 12 tagged servers in us-east-1, 3 in
/// us-west-2, and eu-west-3 never initialized.
final class ResourceTestHarness {
    let store: InMemoryRecordStore
    let drs: FakeDRS
    let clock = TestClock()
    /// The application `bootstrap` serves, its request log discarded.
    var app: APIApplication
    let context = InvocationContext(requestID: "req-test", deadlineMilliseconds: 0, invokedFunctionARN: "arn")

    init(scanPageSize: Int = 100, seed: Bool = true) throws {
        store = InMemoryRecordStore(scanPageSize: scanPageSize)
        drs = FakeDRS()
        if seed {
            drs.add(Self.east, region: "us-east-1")
            drs.add(Self.west, region: "us-west-2")
        }
        drs.state.withLock { $0.uninitializedRegions = ["eu-west-3"] }
        let services = APIServices(store: store, drs: drs, environment: clock.environment)
        app = try APIApplication.standard(services: services)
        app.requestLog = .discarding
    }

    // MARK: Seed servers

    /// One seed server: `s-<hostname>`.
    static func server(
        _ hostname: String, _ tags: [String: String], replication: DataReplicationState = .continuous
    ) -> SourceServer {
        FakeDRS.server("s-" + hostname, hostname: hostname, tags: tags, replication: replication)
    }

    static func tags(_ application: String, _ tier: String, _ environment: String, purpose: String? = nil)
        -> [String: String]
    {
        var tags = ["Application": application, "Tier": tier, "Environment": environment]
        if let purpose { tags["Purpose"] = purpose }
        return tags
    }

    /// us-east-1: 9 replicating (CONTINUOUS, INITIAL_SYNC, RESCAN, CREATING_SNAPSHOT) and 3 not
    /// (STOPPED, DISCONNECTED, BACKLOG).
    static let east: [SourceServer] = [
        server("orders-web-01", tags("Orders", "Web", "Production", purpose: "Frontend")),
        server("orders-web-02", tags("Orders", "Web", "Production", purpose: "Frontend")),
        server("orders-web-03", tags("Orders", "Web", "Staging")),
        server("orders-app-01", tags("Orders", "App", "Production")),
        server("orders-app-02", tags("Orders", "App", "Production"), replication: .initialSync),
        server("orders-db-01", tags("Orders", "Database", "Production", purpose: "Primary")),
        server("orders-db-02", tags("Orders", "Database", "Production", purpose: "Replica"), replication: .rescan),
        server("orders-db-03", tags("Orders", "Database", "Staging"), replication: .creatingSnapshot),
        server("crm-web-01", tags("CRM", "Web", "Production")),
        server("crm-db-01", tags("CRM", "Database", "Production"), replication: .stopped),
        server(
            "billing-batch-01", tags("Billing", "Batch", "Production", purpose: "Reporting"), replication: .disconnected
        ),
        server("legacy-01", [:], replication: .backlog),
    ]

    static let west: [SourceServer] = [
        server("dr-web-01", tags("Orders", "Web", "DR")),
        server("dr-db-01", tags("Orders", "Database", "DR")),
        server("dr-app-01", tags("Orders", "App", "DR")),
    ]

    // MARK: Requests

    /// Sends a direct-invocation event `{"httpMethod","path","queryStringParameters","body"}`;
    /// `body` is serialized to the JSON string the event carries.
    func send(_ method: String, _ path: String, body: JSONValue? = nil, query: [String: String]? = nil) throws -> Reply
    {
        try send(method, path, rawBody: body.map(\.jsonText), query: query)
    }

    /// As `send`, with the body string as given (which need not be JSON).
    func send(_ method: String, _ path: String, rawBody: String?, query: [String: String]? = nil) throws -> Reply {
        var event: [String: JSONValue] = ["httpMethod": .string(method), "path": .string(path)]
        event["queryStringParameters"] = query.map { .object($0.mapValues { .string($0) }) } ?? .null
        event["body"] = rawBody.map { .string($0) } ?? .null
        return try send(event: .object(event))
    }

    /// Sends `event` as it is (for event shapes `send` does not build).
    func send(event: JSONValue) throws -> Reply {
        let envelope = try JSONValue(parsing: app.handle(event.jsonBytes, context: context))
        let status = try #require(envelope["statusCode"]?.intValue, "no statusCode in \(envelope)")
        let body = try #require(envelope["body"]?.stringValue, "no body in \(envelope)")
        return Reply(status: status, body: try JSONValue(parsing: body))
    }

    /// Follows `nextToken` through `GET path` with `limit` (and `query`), checking that each page
    /// answers 200 with at most `limit` members of `key` and their `count`; the names seen, in order,
    /// and the number of pages (at most 100).
    func walkPages(
        _ path: String, key: String, limit: Int, query: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (names: [String], pages: Int) {
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            var pageQuery = query
            pageQuery["limit"] = String(limit)
            if let token { pageQuery["nextToken"] = token }
            let page = try send("GET", path, query: pageQuery)
            #expect(page.status == 200, "\(page)", sourceLocation: sourceLocation)
            let names = (page[key]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(names.count <= limit, sourceLocation: sourceLocation)
            #expect(page["count"]?.intValue == names.count, sourceLocation: sourceLocation)
            seen += names
            token = page["nextToken"]?.stringValue
            pages += 1
        } while token != nil && pages < 100
        return (seen, pages)
    }

    /// Sends `PUT path` with `refusal`'s body, expects its error, and expects `GET path` to still
    /// answer `unchanged`'s members.
    func expectRefusedUpdate(
        _ path: String, _ refusal: ErrorCase, unchanged: [String: JSONValue],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        expectError(try send("PUT", path, rawBody: refusal.body), refusal, sourceLocation: sourceLocation)
        let stored = try send("GET", path)
        for (key, value) in unchanged.sorted(by: { $0.key < $1.key }) {
            #expect(stored[key] == value, "\(key) in \(stored)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Fixtures through the API

    /// Creates a protection group and returns its body (records the failure when it is not 201).
    @discardableResult
    func createGroup(
        _ name: String, region: String = "us-east-1", tags: [String: String]? = nil, servers: [String]? = nil
    ) throws -> JSONValue {
        var body: [String: JSONValue] = ["name": .string(name), "region": .string(region)]
        if let tags { body["serverSelectionTags"] = .object(tags.mapValues { .string($0) }) }
        if let servers { body["sourceServerIds"] = .array(servers.map { .string($0) }) }
        let reply = try send("POST", "/protection-groups", body: .object(body))
        guard reply.status == 201 else { throw HarnessError.unexpected(reply) }
        return reply.body
    }

    /// The id of a created group.
    func createGroupID(
        _ name: String, region: String = "us-east-1", tags: [String: String]? = nil, servers: [String]? = nil
    ) throws -> String {
        let body = try createGroup(name, region: region, tags: tags, servers: servers)
        guard let id = body["id"]?.stringValue else { throw HarnessError.missing("id") }
        return id
    }

    /// Creates a recovery plan whose waves are `(name, groupId)` and returns its body.
    @discardableResult
    func createPlan(_ name: String, waves: [(String, String)]) throws -> JSONValue {
        let body: JSONValue = [
            "name": .string(name),
            "waves": .array(waves.map { ["name": .string($0.0), "protectionGroupId": .string($0.1)] }),
        ]
        let reply = try send("POST", "/recovery-plans", body: body)
        guard reply.status == 201 else { throw HarnessError.unexpected(reply) }
        return reply.body
    }

    func createPlanID(_ name: String, waves: [(String, String)]) throws -> String {
        guard let id = try createPlan(name, waves: waves)["id"]?.stringValue else { throw HarnessError.missing("id") }
        return id
    }

    // MARK: Store manipulation (what the execution engine would write)

    /// Marks plan `id` as having active execution `executionId`.
    func markActive(plan id: String, execution executionId: String = "exec-1") throws {
        try store.write([
            .update(
                .recoveryPlans, key: id, RecordUpdate(set: ["activeExecutionId": .string(executionId)]), .none)
        ])
    }

    /// Sets plan `id`'s last execution status as the engine stores it (UPPERCASE).
    func setLastExecutionStatus(plan id: String, _ status: String) throws {
        try store.write([
            .update(.recoveryPlans, key: id, RecordUpdate(set: ["lastExecutionStatus": .string(status)]), .none)
        ])
    }

    /// Puts an active execution of plan `planId` holding `waves` (server ids per wave) and marks the
    /// plan as executing it, as the engine's start does.
    func putActiveExecution(
        _ executionId: String, planId: String, planName: String, status: String = "RUNNING", waves: [[String]]
    ) throws {
        let item: DynamoDBItem = [
            "pk": .string(executionId), "kind": .string("execution"), "planId": .string(planId),
            "planName": .string(planName), "status": .string(status),
            "waves": .list(waves.map { .map(["serverIds": .list($0.map { .string($0) })]) }),
        ]
        try store.write([.put(.executions, item, .none)])
        try markActive(plan: planId, execution: executionId)
    }
}

enum HarnessError: Error, CustomStringConvertible {
    case unexpected(Reply)
    case missing(String)

    var description: String {
        switch self {
        case .unexpected(let reply): "unexpected reply: \(reply)"
        case .missing(let field): "missing \(field)"
        }
    }
}

extension JSONValue {
    /// Element `index` of an array; nil out of range or for a non-array.
    subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The strings of an array of strings (nil members skipped).
    var strings: [String] { (arrayValue ?? []).compactMap(\.stringValue) }

    /// The object without `keys`.
    func removing(_ keys: String...) -> JSONValue {
        guard var members = objectValue else { return self }
        for key in keys { members[key] = nil }
        return .object(members)
    }

    /// A JSON object of strings.
    static func tags(_ tags: [String: String]) -> JSONValue { .object(tags.mapValues { .string($0) }) }
}

/// Shares a non-Sendable value with concurrent work whose safety the test establishes itself
/// (the application and the in-memory fakes are thread-safe).
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
