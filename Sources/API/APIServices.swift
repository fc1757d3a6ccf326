import Orchestrator

/// The domain services the routes use, built once per process over one store and one DRS gateway
/// (`bootstrap` builds the live ones over DynamoDB and DRS, tests over fakes).
package struct APIServices: Sendable {
    package let groups: ProtectionGroupService
    package let plans: RecoveryPlanService
    package let drsViews: DRSViewService
    package let executions: ExecutionService
    /// Who may call which route: the Cognito group of each role (spec §5).
    package var authorization = Authorization()
    package var runner: ExecutionRunner { executions.runner }

    package init(
        store: any RecordStore, drs: any DRSGateway, environment: DomainEnvironment = .live,
        engine: ExecutionEngine = ExecutionEngine(), metrics: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        groups = ProtectionGroupService(store: store, drs: drs, environment: environment)
        plans = RecoveryPlanService(store: store, groups: groups, environment: environment)
        drsViews = DRSViewService(drs: drs, groups: groups)
        let runner = ExecutionRunner(
            records: ExecutionRecords(store: store), drs: drs, engine: engine, environment: environment,
            metrics: metrics)
        executions = ExecutionService(plans: plans, runner: runner)
    }

    /// Every resource's routes.
    package var routeGroups: [any RouteGroup] {
        [
            HealthRoutes(), ProtectionGroupRoutes(service: groups), RecoveryPlanRoutes(service: plans),
            DRSRoutes(service: drsViews), ExecutionRoutes(service: executions),
        ]
    }
}
