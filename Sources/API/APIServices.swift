import AWSCore
import DRS
import DynamoDB
import Orchestrator

/// The domain services the routes use, built once per process over one store and one DRS gateway.
package struct APIServices: Sendable {
    package let groups: ProtectionGroupService
    package let plans: RecoveryPlanService
    package let drsViews: DRSViewService

    package init(store: any RecordStore, drs: any DRSGateway, environment: DomainEnvironment = .live) {
        groups = ProtectionGroupService(store: store, drs: drs, environment: environment)
        plans = RecoveryPlanService(store: store, groups: groups, environment: environment)
        drsViews = DRSViewService(drs: drs, groups: groups)
    }

    /// DynamoDB and DRS through one AWS client configured from `environment` (the process's,
    /// read once). Builds clients only: no file, socket or library is touched until a request
    /// needs it.
    package static func live(environment: [String: String]) -> APIServices {
        let aws = AWSClient(configuration: AWSConfiguration(environment: environment))
        return APIServices(
            store: DynamoDBRecordStore(client: DynamoDBClient(aws: aws), environment: environment),
            drs: DRSClient(client: aws))
    }

    /// Every resource's routes.
    package var routeGroups: [any RouteGroup] {
        [
            HealthRoutes(), ProtectionGroupRoutes(service: groups), RecoveryPlanRoutes(service: plans),
            DRSRoutes(service: drsViews),
        ]
    }
}
