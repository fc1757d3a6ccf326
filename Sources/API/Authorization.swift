import JSONCore
import Orchestrator

/// What a caller may do (spec §5): three roles, each including the rights of the one below.
package enum Role: String, Sendable, CaseIterable, Comparable {
    case readOnly = "read-only"
    case `operator` = "operator"
    case admin = "admin"

    private var rank: Int {
        switch self {
        case .readOnly: 0
        case .operator: 1
        case .admin: 2
        }
    }

    package static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// The Cognito group that grants each role (the template passes them as `ADMIN_GROUP`,
/// `OPERATOR_GROUP`, `READONLY_GROUP`).
package struct RoleGroups: Sendable, Equatable {
    package var admin: String
    package var `operator`: String
    package var readOnly: String

    package static let defaults = RoleGroups(
        admin: "DRSOrchestrationAdmin", operator: "DRSOrchestrationOperator", readOnly: "DRSOrchestrationReadOnly")

    package init(admin: String, operator: String, readOnly: String) {
        self.admin = admin
        self.operator = `operator`
        self.readOnly = readOnly
    }

    /// The names in `environment` (read once at start); a missing or empty variable keeps the default.
    package init(environment: [String: String]) {
        func name(_ variable: String, _ fallback: String) -> String {
            guard let value = environment[variable]?.trimmingWhitespace, !value.isEmpty else { return fallback }
            return value
        }
        self.init(
            admin: name("ADMIN_GROUP", Self.defaults.admin), operator: name("OPERATOR_GROUP", Self.defaults.operator),
            readOnly: name("READONLY_GROUP", Self.defaults.readOnly))
    }

    /// The roles that membership of `groups` grants (the union of each group's).
    package func roles(of groups: [String]) -> Set<Role> {
        var roles: Set<Role> = []
        for group in groups {
            if group == admin { roles.insert(.admin) }
            if group == `operator` { roles.insert(.operator) }
            if group == readOnly { roles.insert(.readOnly) }
        }
        return roles
    }
}

/// Who sent a request: a direct invocation (IAM already allowed it: admin) or an API Gateway
/// caller with the roles of its Cognito groups (none without claims).
package struct Caller: Sendable, Equatable {
    package var isDirectInvocation: Bool
    /// The caller's Cognito groups as the claims name them (empty for direct invocations).
    package var groups: [String]
    package var roles: Set<Role>
    /// `email`, else `cognito:username`: who an API Gateway caller is; nil for direct invocations.
    package var identity: String?

    package init(request: APIRequest, groups names: RoleGroups) {
        isDirectInvocation = request.isDirectInvocation
        if request.isDirectInvocation {
            groups = []
            roles = [.admin]
            identity = nil
        } else {
            groups = Self.groups(fromClaim: request.claims["cognito:groups"])
            roles = names.roles(of: groups)
            identity = Self.identity(claims: request.claims)
        }
    }

    /// Who the claims name: `email`, else `cognito:username`; nil when neither is there.
    package static func identity(claims: [String: String]) -> String? {
        [claims["email"], claims["cognito:username"]].compactMap { $0?.trimmingWhitespace }.first { !$0.isEmpty }
    }

    /// The highest role held; nil for none.
    package var role: Role? { roles.max() }

    /// Whether the caller holds `role` or a role above it.
    package func has(_ role: Role) -> Bool { self.role.map { $0 >= role } ?? false }

    /// Group names from a `cognito:groups` claim in any form API Gateway passes it: a JSON list
    /// (kept as JSON text by the event decoder), REST's `"a,b"`, HTTP API's `"[a b]"`.
    /// Cognito group names contain neither whitespace nor brackets, so both separators are safe.
    package static func groups(fromClaim claim: String?) -> [String] {
        guard let text = claim?.trimmingWhitespace, !text.isEmpty else { return [] }
        if text.hasPrefix("["), case .array(let items)? = try? JSONValue(parsing: Array(text.utf8)) {
            return items.compactMap(\.stringValue).filter { !$0.isEmpty }
        }
        var inner = Substring(text)
        if inner.hasPrefix("[") && inner.hasSuffix("]") { inner = inner.dropFirst().dropLast() }
        return inner.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    }
}

/// Who may call which route (spec §5), decided before any validation or storage access.
///
/// The policy is the table below, keyed by method and route pattern as the router registers
/// them; a route missing from it falls back to read-only for `GET` and admin for everything else,
/// so a new mutation is closed until someone opens it here.
package struct Authorization: Sendable {
    /// What a route needs.
    package enum Requirement: Sendable, Equatable {
        /// Anyone, signed in or not.
        case open
        case role(Role)
        /// A `DRILL` needs operator, a `RECOVERY` admin: read from the start body's `executionType`.
        case executionStart
    }

    package static let table: [String: Requirement] = [
        "GET /health": .open,
        "GET /protection-groups": .role(.readOnly),
        "GET /protection-groups/{id}": .role(.readOnly),
        "POST /protection-groups/resolve": .role(.readOnly),
        "POST /protection-groups/{id}/resolve": .role(.readOnly),
        "POST /protection-groups": .role(.admin),
        "PUT /protection-groups/{id}": .role(.admin),
        "DELETE /protection-groups/{id}": .role(.admin),
        "GET /recovery-plans": .role(.readOnly),
        "GET /recovery-plans/{id}": .role(.readOnly),
        "POST /recovery-plans": .role(.admin),
        "PUT /recovery-plans/{id}": .role(.admin),
        "DELETE /recovery-plans/{id}": .role(.admin),
        "POST /recovery-plans/{id}/execute": .executionStart,
        "GET /drs/source-servers": .role(.readOnly),
        "GET /drs/quotas": .role(.readOnly),
        "POST /executions": .executionStart,
        "GET /executions": .role(.readOnly),
        "GET /executions/{id}": .role(.readOnly),
        "POST /executions/{id}/pause": .role(.operator),
        "POST /executions/{id}/resume": .role(.operator),
        "POST /executions/{id}/cancel": .role(.operator),
        "POST /executions/{id}/terminate-instances": .role(.operator),
        "DELETE /executions/{id}": .role(.admin),
    ]

    package let groups: RoleGroups

    package init(groups: RoleGroups = .defaults) {
        self.groups = groups
    }

    /// What `method` on `pattern` needs: the table's entry, else read-only for `GET` and admin
    /// for any other method.
    package static func requirement(method: String, pattern: String) -> Requirement {
        table["\(method) \(pattern)"] ?? (method == "GET" ? .role(.readOnly) : .role(.admin))
    }

    /// The 403 for `request`, or nil when its caller may go on.
    /// - Parameter pattern: the matched route's pattern; nil when no route matched (the 404/405
    ///   answer is given only to a caller holding some role: one without learns nothing).
    package func denial(of request: APIRequest, pattern: String?) -> APIError? {
        if request.method == "OPTIONS" { return nil }
        let caller = Caller(request: request, groups: groups)
        guard let pattern else {
            return caller.role == nil
                ? Self.forbidden(caller, needs: .readOnly, "\(request.method) \(request.path)") : nil
        }
        switch Self.requirement(method: request.method, pattern: pattern) {
        case .open:
            return nil
        case .role(let role):
            return caller.has(role) ? nil : Self.forbidden(caller, needs: role, "\(request.method) \(request.path)")
        case .executionStart:
            if caller.has(.admin) { return nil }
            // A RECOVERY needs admin. A DRILL, or a body that names no valid type, needs operator:
            // an operator could start a DRILL, so validation then answers what is wrong with it.
            if Self.executionType(of: request.body) == "RECOVERY" {
                return Self.forbidden(caller, needs: .admin, "start a RECOVERY")
            }
            return caller.has(.operator) ? nil : Self.forbidden(caller, needs: .operator, "start an execution")
        }
    }

    /// The start body's `executionType` (either casing of the name), upper-cased; nil when the
    /// body is not a JSON object or has no string there. Reads the body only: no storage.
    static func executionType(of body: [UInt8]) -> String? {
        guard let members = try? RequestBody(body),
            let value = try? members.string("executionType", "ExecutionType")
        else { return nil }
        return value.trimmingWhitespace.uppercased()
    }

    private static func forbidden(_ caller: Caller, needs role: Role, _ action: String) -> APIError {
        let held = Role.allCases.filter { caller.roles.contains($0) }
        let message =
            held.isEmpty
            ? "Forbidden: \(action) needs the \(role.rawValue) role, and the caller is in no DRS Orchestration group"
            : "Forbidden: \(action) needs the \(role.rawValue) role"
        return APIError(
            .transport(.forbidden), message,
            context: [
                .init("requiredRole", .string(role.rawValue)),
                .init("callerRoles", .array(held.map { .string($0.rawValue) })),
            ])
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
