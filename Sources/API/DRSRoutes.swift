import Orchestrator

/// `/drs/source-servers` and `/drs/quotas` (spec §4).
package struct DRSRoutes: RouteGroup {
    package let service: DRSViewService

    package init(service: DRSViewService) {
        self.service = service
    }

    package func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError) {
        try routes.add("GET", "/drs/source-servers") { context in
            guard let region = context.query("region") else { throw DomainError.missingField("region") }
            try RegionName.validated(region)
            let servers = try service.sourceServers(
                region: region, excluding: context.query("currentProtectionGroupId"), catalog: catalog())
            return try .json(200, encoding: SourceServerListResponse(region: region, servers: servers))
        }
        try routes.add("GET", "/drs/quotas") { context in
            guard let region = context.query("region") else { throw DomainError.missingField("region") }
            try RegionName.validated(region)
            return try .json(200, encoding: QuotasResponse(try service.quotas(region: region, catalog: catalog())))
        }
    }

    private func catalog() -> ServerCatalog { ServerCatalog(drs: service.drs) }
}
