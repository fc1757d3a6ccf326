import JSONCore
import LambdaRuntime

extension APIRequest {
    /// Who the audit trail names for this request (spec §5): an API Gateway caller's `email`,
    /// else `cognito:username` (`unknown` when the claims carry neither); `iam` for a direct
    /// invocation, which IAM allowed and which carries no identity of its own.
    package var auditName: String {
        isDirectInvocation ? Self.directInvocationName : Caller.identity(claims: claims) ?? "unknown"
    }

    /// The name of a direct invocation's caller in `createdBy`, `updatedBy` and execution events.
    package static let directInvocationName = "iam"
}

/// One mutation as the audit log records it (spec §5: who, role, action, resource id, result
/// code): a JSON line of its own beside the request's line, written for every request to a route
/// that changes something (allowed or not), never for reads.
package struct AuditRecord: Sendable, Equatable {
    package var requestID: String
    /// `APIRequest.auditName`.
    package var who: String
    /// The caller's highest role (`admin` for a direct invocation); nil when it holds none.
    package var role: Role?
    /// Method and route pattern: `POST /executions/{id}/pause`.
    package var action: String
    /// The resource acted on (`APIResponse.resourceID`): the one a create made, else the path's
    /// `{id}`; nil when there is neither (a refused create).
    package var resourceID: String?
    package var status: Int
    /// The error envelope's code, or `OK`.
    package var result: String

    /// The record of `request` answered with `response`; nil when the route changes nothing (every
    /// `GET`, the resolve previews, `OPTIONS`) or no route matched.
    package init?(
        _ request: APIRequest, route: String?, response: APIResponse, requestID: String, groups: RoleGroups
    ) {
        guard let route, !["GET", "HEAD", "OPTIONS"].contains(request.method) else { return nil }
        switch Authorization.requirement(method: request.method, pattern: route) {
        case .open, .role(.readOnly): return nil
        case .role, .executionStart: break
        }
        self.requestID = requestID
        who = request.auditName
        role = Caller(request: request, groups: groups).role
        action = request.method + " " + route
        resourceID = response.resourceID
        status = response.status
        result = response.errorCode ?? "OK"
    }

    /// The line (without newline): `level`, `logger` and `message` as every log line has them, then
    /// `requestId`, `who`, `role`, `action`, `resourceId`, `status`, `result` (nulls written out).
    package var line: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        var first = true
        func field(_ key: String, _ value: String?) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            JSONEscaping.appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            if let value { JSONEscaping.appendQuoted(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        field("level", "info")
        field("logger", "audit")
        field("message", "audit")
        field("requestId", requestID)
        field("who", who)
        field("role", role?.rawValue)
        field("action", action)
        field("resourceId", resourceID)
        out.append(contentsOf: #","status":"#.utf8)
        out.append(contentsOf: String(status).utf8)
        field("result", result)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
