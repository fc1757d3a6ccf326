import DRSModel
import JSONCore
import Orchestrator

/// `/protection-groups…` (spec §2.1).
package struct ProtectionGroupRoutes: RouteGroup {
    package let service: ProtectionGroupService

    package init(service: ProtectionGroupService) {
        self.service = service
    }

    package func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError) {
        try routes.add("GET", "/protection-groups") { context in
            let page = try service.list(
                name: context.query("name"), region: context.query("region"), limit: try context.limit(maximum: 1000),
                nextToken: context.query("nextToken"))
            var body: [String: JSONValue] = [
                "groups": .array(page.items.map(Representation.group)), "count": .int(page.items.count),
            ]
            if let token = page.nextToken { body["nextToken"] = .string(token) }
            return .json(200, .object(body))
        }
        try routes.add("POST", "/protection-groups") { context in
            let group = try service.create(
                try Self.draft(context.body()), catalog: catalog(), by: context.request.auditName)
            return .json(201, Representation.group(group))
        }
        try routes.add("GET", "/protection-groups/{id}") { context in
            .json(200, Representation.group(try service.get(context.parameter("id"))))
        }
        try routes.add("PUT", "/protection-groups/{id}") { context in
            let group = try service.update(
                context.parameter("id"), try Self.draft(context.body()), catalog: catalog(),
                by: context.request.auditName)
            return .json(200, Representation.group(group))
        }
        try routes.add("DELETE", "/protection-groups/{id}") { context in
            let id = context.parameter("id")
            try service.delete(id)
            return .json(200, ["message": "Protection Group deleted successfully", "id": .string(id)])
        }
        try routes.add("POST", "/protection-groups/{id}/resolve") { context in
            let (group, servers) = try service.resolve(context.parameter("id"), catalog: catalog())
            return .json(
                200,
                Self.resolution(
                    groupID: .string(group.id), region: group.region, tags: group.serverSelectionTags, servers: servers,
                    now: service.environment.now()))
        }
        try routes.add("POST", "/protection-groups/resolve") { context in
            let body = try context.body()
            guard let region = try body.string("region", "Region"), !region.isEmpty else {
                throw DomainError.missingField("region")
            }
            try RegionName.validated(region)
            let tagsError = DomainError.invalidTags("tags must be a non-empty object of tag key-value pairs")
            guard
                let tags = try body.stringMap(
                    ["tags", "Tags", "serverSelectionTags", "ServerSelectionTags"], error: tagsError),
                !tags.isEmpty
            else { throw tagsError }
            let servers = try catalog().matching(tags: tags, region: region)
            return .json(
                200,
                Self.resolution(
                    groupID: .null, region: region, tags: tags, servers: servers, now: service.environment.now()))
        }
    }

    private func catalog() -> ServerCatalog { ServerCatalog(drs: service.drs) }

    static func resolution(
        groupID: JSONValue, region: String, tags: [String: String], servers: [SourceServer], now: Int64
    ) -> JSONValue {
        [
            "protectionGroupId": groupID, "region": .string(region),
            "tags": .object(tags.mapValues { .string($0) }),
            "servers": .array(servers.map { .object(Representation.server($0)) }), "serverCount": .int(servers.count),
            "resolvedAt": .string(Timestamp.iso8601(now)),
        ]
    }

    /// The body's region, checked when it is not blank (a blank one is the service's `MISSING_FIELD`).
    static func region(_ body: RequestBody) throws(DomainError) -> String? {
        guard let region = try body.string("region", "Region") else { return nil }
        let trimmed = region.trimmingWhitespace()
        if !trimmed.isEmpty { try RegionName.validated(trimmed) }
        return region
    }

    /// A create or update body, both casings (spec §1.3).
    static func draft(_ body: RequestBody) throws(DomainError) -> ProtectionGroupDraft {
        ProtectionGroupDraft(
            name: try body.string("name", "groupName", "GroupName", "Name"),
            description: try body.string("description", "Description"),
            region: try Self.region(body),
            serverSelectionTags: try body.stringMap(
                ["serverSelectionTags", "ServerSelectionTags"],
                error: .invalidTags("ServerSelectionTags must be a non-empty object with tag key-value pairs")),
            sourceServerIds: try body.stringArray(
                ["sourceServerIds", "SourceServerIds", "sourceServerIDs"],
                error: DomainError(
                    .invalidServers, "SourceServerIds must be a non-empty array of server ids",
                    context: [.init("field", "sourceServerIds")])),
            accountId: try body.string("accountId", "AccountId"),
            owner: try body.string("owner", "Owner"),
            version: try body.int("version", "Version"))
    }
}
