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
            return try .json(200, encoding: ListResponse(page, item: ProtectionGroupResponse.init))
        }
        try routes.add("POST", "/protection-groups") { context in
            let group = try service.create(
                try Self.draft(context.body()), catalog: catalog(), by: context.request.auditName)
            return try .json(201, encoding: ProtectionGroupResponse(group))
        }
        try routes.add("GET", "/protection-groups/{id}") { context in
            try .json(200, encoding: ProtectionGroupResponse(try service.get(context.parameter("id"))))
        }
        try routes.add("PUT", "/protection-groups/{id}") { context in
            let group = try service.update(
                context.parameter("id"), try Self.draft(context.body()), catalog: catalog(),
                by: context.request.auditName)
            return try .json(200, encoding: ProtectionGroupResponse(group))
        }
        try routes.add("DELETE", "/protection-groups/{id}") { context in
            let id = context.parameter("id")
            try service.delete(id)
            return try .json(200, encoding: DeletionResponse.protectionGroup(id))
        }
        try routes.add("POST", "/protection-groups/{id}/resolve") { context in
            let (group, servers) = try service.resolve(context.parameter("id"), catalog: catalog())
            return try .json(
                200,
                encoding: ServerResolutionResponse(
                    groupID: group.id, region: group.region, tags: group.serverSelectionTags, servers: servers,
                    at: service.environment.now()))
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
            return try .json(
                200,
                encoding: ServerResolutionResponse(
                    groupID: nil, region: region, tags: tags, servers: servers, at: service.environment.now()))
        }
    }

    private func catalog() -> ServerCatalog { ServerCatalog(drs: service.drs) }

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
