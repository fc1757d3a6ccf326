import JSONCore
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
            let assigned = servers.filter { $0.1 != nil }.count
            return .json(
                200,
                [
                    "region": .string(region), "initialized": true,
                    "servers": .array(servers.map { Representation.assigned($0.0, $0.1) }),
                    "totalCount": .int(servers.count), "availableCount": .int(servers.count - assigned),
                    "assignedCount": .int(assigned),
                ])
        }
        try routes.add("GET", "/drs/quotas") { context in
            guard let region = context.query("region") else { throw DomainError.missingField("region") }
            try RegionName.validated(region)
            return .json(200, try service.quotas(region: region, catalog: catalog()))
        }
    }

    private func catalog() -> ServerCatalog { ServerCatalog(drs: service.drs) }
}
