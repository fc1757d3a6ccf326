import AWSCore
import DRS
import DynamoDB
import LambdaRuntime
import Orchestrator

/// The domain services the routes use, built once per process over one store and one DRS gateway.
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

    /// DynamoDB and DRS through one AWS client configured from `environment` (the process's,
    /// read once). Builds clients only: no file, socket or library is touched until a request
    /// needs it.
    package static func live(environment: [String: String]) -> APIServices {
        let aws = AWSClient(configuration: AWSConfiguration(environment: environment))
        var services = APIServices(
            store: DynamoDBRecordStore(client: DynamoDBClient(aws: aws), environment: environment),
            drs: DRSClient(client: aws), engine: ExecutionEngine(configuration: engineConfiguration(environment)),
            metrics: StandardOutput.writeLine)
        services.authorization = Authorization(groups: RoleGroups(environment: environment))
        return services
    }

    /// The engine's timings, overridable for drills on the simulator: `WAVE_TIMEOUT_SECONDS`
    /// (default 1800), `START_LEASE_SECONDS` (default 300) and `START_RETRY_SECONDS` (default 30: the
    /// wait before a throttled or quota-refused wave start is requested again).
    package static func engineConfiguration(_ environment: [String: String]) -> ExecutionEngine.Configuration {
        var configuration = ExecutionEngine.Configuration()
        if let seconds = environment["WAVE_TIMEOUT_SECONDS"].flatMap({ Int64($0) }), seconds > 0 {
            configuration.waveTimeout = seconds * 1000
        }
        if let seconds = environment["START_LEASE_SECONDS"].flatMap({ Int64($0) }), seconds > 0 {
            configuration.startLease = seconds * 1000
        }
        if let seconds = environment["START_RETRY_SECONDS"].flatMap({ Int64($0) }), seconds > 0 {
            configuration.startRetryDelay = seconds * 1000
        }
        return configuration
    }

    /// Every resource's routes.
    package var routeGroups: [any RouteGroup] {
        [
            HealthRoutes(), ProtectionGroupRoutes(service: groups), RecoveryPlanRoutes(service: plans),
            DRSRoutes(service: drsViews), ExecutionRoutes(service: executions),
        ]
    }
}
