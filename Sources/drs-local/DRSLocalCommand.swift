import ArgumentParser
import DRSLocal
import Foundation

/// `drs-local`: runs the template's functions locally behind a Lambda Invoke API and an API
/// Gateway, with the real `bootstrap` as their runtime.
@main
struct DRSLocalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drs-local",
        abstract: "Run the SAM template's functions locally: Lambda Invoke API, API Gateway and bootstrap runtimes.",
        discussion: """
            Every server binds 127.0.0.1. Ctrl-C (or SIGTERM) stops the servers and the children.
            """
    )

    @Option(help: "SAM template to read.")
    var template = "./template.yaml"

    @Option(name: .customLong("parameter"), help: "Template parameter override, KEY=VALUE (repeatable).")
    var parameters: [String] = []

    @Option(help: "Runtime executable (default: .build/debug/bootstrap if present, else .build/release/bootstrap).")
    var bootstrap: String?

    @Option(help: "Runtime processes per function.")
    var instances = 1

    @Option(help: "Lambda Invoke API port (0: any free port).")
    var invokePort = 9001

    @Option(help: "API Gateway port (0: any free port).")
    var apiPort = 3000

    @Option(help: "First Runtime API port, one per instance (0: free ports).")
    var runtimePort = 0

    @Option(help: "Seconds between engine ticks: functions with a Schedule event are invoked this often (0: never).")
    var tickInterval: Double = 2

    @Option(name: .customLong("env"), help: "Extra or overriding child environment variable, KEY=VALUE (repeatable).")
    var environment: [String] = []

    @Option(help: "Region for ARNs and AWS_REGION (default: $AWS_REGION, else us-east-1).")
    var region: String?

    @Flag(
        inversion: .prefixedNo,
        help: """
            Have the API Gateway verify Cognito IdTokens from the local user pool, as the template's \
            authorizer does (--no-auth: any token or none passes, as a local admin).
            """)
    var auth = true

    @Option(
        help: """
            Where to write the local user pool's environment (COGNITO_CLIENT_ID, COGNITO_USER_POOL_ID, \
            AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_DEFAULT_REGION) for a shell to source.
            """)
    var cognitoEnv = LocalCognito.defaultEnvironmentFile

    @OptionGroup(title: "DynamoDB (moto)")
    var dynamoDB: DynamoDBOptions

    @OptionGroup(title: "DRS simulator")
    var drs: DRSSimulatorOptions

    func run() async throws {
        let processEnvironment = ProcessInfo.processInfo.environment
        let region = self.region ?? processEnvironment["AWS_REGION"] ?? "us-east-1"
        let template = try SAMTemplate(
            contentsOfFile: self.template,
            parameterOverrides: try Self.pairs(parameters, option: "--parameter"),
            region: region
        )
        var configuration = EmulatorConfiguration(
            template: template,
            bootstrapPath: bootstrap ?? EmulatorConfiguration.defaultBootstrapPath()
        )
        configuration.instancesPerFunction = instances
        configuration.invokePort = invokePort
        configuration.apiPort = apiPort
        configuration.runtimePort = runtimePort
        configuration.tickInterval = tickInterval > 0 ? .milliseconds(Int(tickInterval * 1000)) : nil
        configuration.environmentOverrides = try Self.pairs(environment, option: "--env")
        // Backing services first: the children's environment names their endpoints and credentials.
        let moto = try dynamoDB.startMoto(for: &configuration)
        if auth {
            guard let moto else {
                throw ValidationError("the local Cognito user pool lives in moto: --no-moto needs --no-auth")
            }
            do {
                let cognito = try LocalCognito.create(
                    endpoint: moto.endpoint, credentials: moto.credentials, region: region,
                    definition: .from(template: template))
                configuration.apiAuthorizer = .cognito(try cognito.verifier())
                try cognito.writeEnvironmentFile(to: cognitoEnv)
                configuration.log(cognito.banner)
                configuration.log("      environment: source \(cognitoEnv)")
            } catch {
                moto.stop()
                throw error
            }
        } else {
            let adminGroup = LocalCognito.Definition.from(template: template).adminGroup
            configuration.apiAuthorizer = .none(adminGroup: adminGroup)
            configuration.log("API Gateway: --no-auth, tokens are not checked (every caller is a local admin)")
        }
        let drsSimulator: (any EmulatorService)?
        do {
            drsSimulator = try await drs.startSimulator(for: &configuration)
        } catch {
            moto?.stop()
            throw error
        }
        let backing: [(any EmulatorService)?] = [moto.map(MotoService.init), drsSimulator]
        try await Emulator(configuration: configuration, additionalServices: backing.compactMap { $0 })
            .runUntilSignalled()
    }

    func validate() throws {
        guard instances >= 1 else { throw ValidationError("--instances must be at least 1") }
        guard tickInterval >= 0 else { throw ValidationError("--tick-interval must not be negative") }
        for port in [invokePort, apiPort, runtimePort] where !(0...65535).contains(port) {
            throw ValidationError("port \(port) is out of range")
        }
    }

    /// `KEY=VALUE` strings as a dictionary; the last of repeated keys wins.
    static func pairs(_ items: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("\(option) expects KEY=VALUE, got '\(item)'")
            }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }
}
