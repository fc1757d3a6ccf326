import API
import AWSAdapters
import AWSCore
import DRS
import DynamoDB
import LambdaRuntime
import Orchestrator

extension APIServices {
    /// The composition root: DynamoDB and DRS through one AWS client configured from `environment`
    /// (the process's, read once), the engine's timings and the role groups from the same
    /// environment, execution metrics to stdout. Builds clients only: no file, socket or library is
    /// touched until a request needs it.
    static func live(environment: [String: String]) -> APIServices {
        let aws = AWSClient(configuration: AWSConfiguration(environment: environment))
        var services = APIServices(
            store: DynamoDBRecordStore(client: DynamoDBClient(aws: aws), environment: environment),
            drs: DRSClient(client: aws), environment: .live,
            engine: ExecutionEngine(configuration: ExecutionEngine.Configuration(environment: environment)),
            metrics: StandardOutput.writeLine)
        services.authorization = Authorization(groups: RoleGroups(environment: environment))
        return services
    }
}
