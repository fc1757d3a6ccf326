import JSONCore
import Orchestrator

/// `/recovery-plans…` (spec §2.2; `…/execute` is registered with the executions).
package struct RecoveryPlanRoutes: RouteGroup {
    package let service: RecoveryPlanService

    package init(service: RecoveryPlanService) {
        self.service = service
    }

    package func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError) {
        try routes.add("GET", "/recovery-plans") { context in
            let page = try service.list(
                try Self.filters(context), limit: try context.limit(maximum: 1000),
                nextToken: context.query("nextToken"), catalog: catalog())
            return try .json(200, encoding: ListResponse(page, item: RecoveryPlanResponse.init))
        }
        try routes.add("POST", "/recovery-plans") { context in
            let catalog = catalog()
            let plan = try service.create(
                try Self.draft(context.body()), catalog: catalog, by: context.request.auditName)
            return try .json(201, encoding: RecoveryPlanResponse(try service.view(of: plan, catalog: catalog)))
        }
        try routes.add("GET", "/recovery-plans/{id}") { context in
            let view = try service.view(context.parameter("id"), catalog: catalog())
            return try .json(200, encoding: RecoveryPlanResponse(view))
        }
        try routes.add("PUT", "/recovery-plans/{id}") { context in
            let catalog = catalog()
            let plan = try service.update(
                context.parameter("id"), try Self.draft(context.body()), catalog: catalog,
                by: context.request.auditName)
            return try .json(200, encoding: RecoveryPlanResponse(try service.view(of: plan, catalog: catalog)))
        }
        try routes.add("DELETE", "/recovery-plans/{id}") { context in
            let id = context.parameter("id")
            try service.delete(id)
            return try .json(200, encoding: DeletionResponse.recoveryPlan(id))
        }
    }

    private func catalog() -> ServerCatalog { ServerCatalog(drs: service.groups.drs) }

    static func filters(_ context: RequestContext) throws(DomainError) -> RecoveryPlanService.Filters {
        var filters = RecoveryPlanService.Filters(
            name: context.query("name"), nameExact: context.query("nameExact"), status: context.query("status"))
        if let tag = context.query("tag") {
            guard let split = tag.firstIndex(of: "="), split != tag.startIndex else {
                throw .invalidRequest("tag must be Key=Value", field: "tag")
            }
            filters.tag = (String(tag[..<split]), String(tag[tag.index(after: split)...]))
        }
        if let flag = context.query("hasConflict") {
            switch flag.lowercased() {
            case "true": filters.hasConflict = true
            case "false": filters.hasConflict = false
            default: throw .invalidRequest("hasConflict must be true or false", field: "hasConflict")
            }
        }
        return filters
    }

    /// A create or update body, both casings (spec §1.3).
    static func draft(_ body: RequestBody) throws(DomainError) -> RecoveryPlanDraft {
        let waves = try body.objects(
            ["waves", "Waves"],
            notArray: DomainError(
                .invalidWaveData, "waves must be an array of wave objects", context: [.init("field", "waves")]),
            error: { DomainError.invalidWave($0, "must be an object", field: "") }
        )
        return RecoveryPlanDraft(
            name: try body.string("name", "planName", "PlanName", "Name"),
            description: try body.string("description", "Description"),
            waves: try waves.map { waves throws(DomainError) in
                var result: [RecoveryPlan.Wave] = []
                for (index, wave) in waves.enumerated() { result.append(try Self.wave(wave, index: index)) }
                return result
            },
            version: try body.int("version", "Version"))
    }

    static func wave(_ wave: RequestBody, index: Int) throws(DomainError) -> RecoveryPlan.Wave {
        func text(_ names: String..., field: String) throws(DomainError) -> String? {
            guard let (_, value) = wave.value(names) else { return nil }
            guard case .string(let text) = value else {
                throw DomainError.invalidWave(index, "has a \(field) that is not a string", field: field)
            }
            return text
        }
        let serverIds = try wave.stringArray(
            ["serverIds", "ServerIds", "sourceServerIds"],
            error: DomainError.invalidWave(index, "has invalid ServerIds format (must be array)", field: "serverIds"))
        let groupIds = try wave.stringArray(
            ["protectionGroupIds", "ProtectionGroupIds"],
            error: DomainError.invalidWave(
                index, "has invalid protectionGroupIds (must be array)", field: "protectionGroupId"))
        let pause: Bool
        do {
            pause = try wave.bool("pauseBeforeWave", "PauseBeforeWave") ?? false
        } catch {
            throw DomainError.invalidWave(
                index, "has a pauseBeforeWave that is not a boolean", field: "pauseBeforeWave")
        }
        return RecoveryPlan.Wave(
            name: try text("name", "waveName", "WaveName", field: "name") ?? "",
            description: try text("description", "WaveDescription", "Description", field: "description") ?? "",
            protectionGroupId: try text("protectionGroupId", "ProtectionGroupId", field: "protectionGroupId")
                ?? groupIds?.first ?? "",
            serverIds: serverIds, pauseBeforeWave: pause)
    }
}
