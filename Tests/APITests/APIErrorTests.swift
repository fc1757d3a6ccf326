import API
import Foundation
import JSONCore
import Orchestrator
import Testing

@Suite("Error rendering")
struct APIErrorTests {
    /// The catalog: the integration guide's codes and the ones spec/API.md §1.4 adds, with statuses.
    static let catalog: [String: Int] = [
        "PG_NAME_EXISTS": 409, "TAG_CONFLICT": 409, "SERVER_CONFLICT": 409, "PG_IN_ACTIVE_EXECUTION": 409,
        "PG_IN_USE": 409, "PROTECTION_GROUP_NOT_FOUND": 404, "INVALID_TAGS": 400, "INVALID_SERVERS": 400,
        "RP_NAME_EXISTS": 409, "PLAN_HAS_ACTIVE_EXECUTION": 409, "INVALID_WAVE_DATA": 400,
        "PLAN_ALREADY_EXECUTING": 409, "WAVE_SIZE_LIMIT_EXCEEDED": 400, "CONCURRENT_JOBS_LIMIT_EXCEEDED": 429,
        "SERVERS_IN_JOBS_LIMIT_EXCEEDED": 429, "UNHEALTHY_SERVER_REPLICATION": 400, "EXECUTION_NOT_FOUND": 404,
        "EXECUTION_NOT_CANCELLABLE": 400, "EXECUTION_NOT_PAUSABLE": 400, "EXECUTION_NO_WAVES": 400,
        "SINGLE_WAVE_NOT_PAUSABLE": 400, "NO_PENDING_WAVES": 400, "DRS_NOT_INITIALIZED": 400, "MISSING_FIELD": 400,
        "INVALID_NAME": 400, "INVALID_EXECUTION_TYPE": 400, "PLAN_HAS_NO_WAVES": 400, "RECOVERY_PLAN_NOT_FOUND": 404,
        "INTERNAL_ERROR": 500, "DELETE_FAILED": 500,
        "NOT_FOUND": 404, "METHOD_NOT_ALLOWED": 405, "INVALID_REQUEST": 400, "PAYLOAD_TOO_LARGE": 413,
        "VERSION_CONFLICT": 409, "EXECUTION_ACTIVE": 409, "IDEMPOTENCY_CONFLICT": 409, "EXECUTION_NOT_PAUSED": 400,
        "DRS_ERROR": 502, "THROTTLED": 429, "SERVICE_UNAVAILABLE": 503, "FORBIDDEN": 403,
    ]

    @Test("knows exactly the catalog's codes")
    func catalogIsComplete() {
        #expect(Set(APIError.Code.allCases.map(\.rawValue)) == Set(Self.catalog.keys))
    }

    @Test("renders every code with its status, code, message and context", arguments: APIError.Code.allCases)
    func renders(code: APIError.Code) throws {
        let error = APIError(code, "Something about \(code.rawValue)", context: [.init("region", "us-west-2")])
        let response = APIResponse(error: error)
        #expect(response.status == Self.catalog[code.rawValue])
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String]
        #expect(body == ["error": code.rawValue, "message": "Something about \(code.rawValue)", "region": "us-west-2"])
        #expect(
            String(decoding: response.body, as: UTF8.self).hasPrefix(#"{"error":""# + code.rawValue + #"","message":"#))
    }

    @Test("renders the guide's DRS_NOT_INITIALIZED example exactly")
    func guideExample() throws {
        let message =
            "AWS Elastic Disaster Recovery (DRS) is not initialized in us-west-2. Go to the DRS Console in us-west-2 and complete the initialization wizard before creating Protection Groups."
        let error = APIError(
            .domain(.drsNotInitialized), message,
            context: [
                .init("region", "us-west-2"),
                .init("consoleUrl", "https://us-west-2.console.aws.amazon.com/drs/home?region=us-west-2#/welcome"),
            ])
        let body = try JSONSerialization.jsonObject(with: Data(APIResponse(error: error).body)) as? NSDictionary
        let expected: NSDictionary = [
            "error": "DRS_NOT_INITIALIZED", "message": message, "region": "us-west-2",
            "consoleUrl": "https://us-west-2.console.aws.amazon.com/drs/home?region=us-west-2#/welcome",
        ]
        #expect(body == expected)
    }

    @Test("puts allowedMethods and the Allow header on 405")
    func methodNotAllowed() throws {
        let error = APIError.methodNotAllowed(method: "PUT", path: "/health", allowed: ["GET", "OPTIONS"])
        #expect(error.headers.map(\.name) == ["Allow"])
        #expect(error.headers.map(\.value) == ["GET, OPTIONS"])
        #expect(error[field: "allowedMethods"] == ["GET", "OPTIONS"])
    }

    @Test("keeps nested context (arrays of objects) intact")
    func nestedContext() throws {
        let error = APIError(
            .domain(.serverConflict), "One or more servers are already assigned to another Protection Group",
            context: [.init("conflicts", [["serverId": "s-abc123", "hostname": "db-server-01"]])])
        let body = try JSONValue(parsing: APIResponse(error: error).body)
        #expect(body["conflicts"] == [["serverId": "s-abc123", "hostname": "db-server-01"]])
    }
}
