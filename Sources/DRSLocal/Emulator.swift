import Foundation
import Synchronization

/// The local stack: one `FunctionService` per template function (Runtime API servers and
/// `bootstrap` children), the Lambda Invoke API, the API Gateway, and any additional services
/// (a DRS simulator, engine ticks), all in this process on loopback.
///
/// Tests start it on port 0 everywhere and read the bound ports from `start()`'s result.
package final class Emulator: Sendable {
    package let configuration: EmulatorConfiguration
    private let additionalServices: [any EmulatorService]

    private enum Phase {
        case idle, running, stopped
    }

    private struct State {
        var phase = Phase.idle
        var functions: [FunctionService] = []
        var started: [any EmulatorService] = []
        var endpoints: EmulatorEndpoints?
    }

    private let state = Mutex(State())

    /// - Parameter additionalServices: started after the built-in ones, stopped before them.
    package init(configuration: EmulatorConfiguration, additionalServices: [any EmulatorService] = []) {
        self.configuration = configuration
        self.additionalServices = additionalServices
    }

    /// The bound ports, once started.
    package var endpoints: EmulatorEndpoints? { state.withLock { $0.endpoints } }

    /// Binds every server, starts the children and returns the bound ports. Throws (having
    /// stopped whatever had started) when the bootstrap is missing or a port cannot be bound.
    @discardableResult
    package func start() async throws -> EmulatorEndpoints {
        try state.withLock { state in
            guard state.phase == .idle else {
                throw EmulatorError(.invalidConfiguration, "an emulator starts only once")
            }
            state.phase = .running
        }
        guard configuration.instancesPerFunction >= 1 else {
            throw EmulatorError(.invalidConfiguration, "--instances must be at least 1")
        }
        let bootstrap = configuration.resolvedBootstrapPath
        guard FileManager.default.isExecutableFile(atPath: bootstrap) else {
            throw EmulatorError(
                .bootstrapNotFound,
                "no executable bootstrap at \(bootstrap) (build it with `swift build --product bootstrap`, or pass --bootstrap PATH)"
            )
        }

        let functions = configuration.template.functions.enumerated().map { offset, function in
            FunctionService(
                function: function,
                configuration: configuration,
                firstRuntimePort: configuration.runtimePort == 0
                    ? 0 : configuration.runtimePort + offset * configuration.instancesPerFunction
            )
        }
        state.withLock { $0.functions = functions }
        let log = configuration.log
        let region = configuration.region
        let accountID = configuration.accountID
        let invokeAPI = HTTPEndpointService(
            name: "invoke-api", host: configuration.host, port: configuration.invokePort
        ) { emulator in
            InvokeAPIResponder(
                lookup: { emulator.functionHost(named: $0) }, region: region, accountID: accountID, log: log)
        }
        let apiGateway = HTTPEndpointService(name: "api-gateway", host: configuration.host, port: configuration.apiPort)
        { emulator in
            APIGatewayResponder(
                routes: APIGatewayRouteTable(functions: emulator.configuration.template.functions),
                builder: APIGatewayEventBuilder(accountID: accountID),
                lookup: { emulator.functionHost(named: $0) },
                log: log,
                authorizer: emulator.configuration.apiAuthorizer
            )
        }

        let ticker: [any EmulatorService] = configuration.tickInterval.map { [ScheduleTicker(interval: $0)] } ?? []
        let services: [any EmulatorService] = functions + [invokeAPI, apiGateway] + additionalServices + ticker
        for service in services {
            do {
                try await service.start(in: self)
                state.withLock { $0.started.append(service) }
            } catch {
                // The failing service may have started part of itself (some Runtime API servers).
                await service.stop()
                await stop()
                throw error
            }
        }

        let endpoints = EmulatorEndpoints(
            host: configuration.host,
            invokePort: invokeAPI.port ?? configuration.invokePort,
            apiPort: apiGateway.port ?? configuration.apiPort,
            runtimeAPIPorts: Dictionary(
                functions.map { ($0.name, $0.runtimePorts) }, uniquingKeysWith: { first, _ in first })
        )
        state.withLock { $0.endpoints = endpoints }
        return endpoints
    }

    /// Stops every service in reverse order: servers close, children get SIGTERM then SIGKILL
    /// after the configured grace, waiting invokes are answered with `Runtime.Shutdown`.
    package func stop() async {
        let started = state.withLock { state in
            defer {
                state.started = []
                state.phase = .stopped
            }
            return state.started
        }
        // The ticks first: a tick invoking a function that is shutting down would wait on it.
        for ticker in started where ticker is ScheduleTicker {
            await ticker.stop()
        }
        // Answer waiting invokes before their connections close, so callers get
        // `Runtime.Shutdown` rather than a reset connection.
        let functions = state.withLock { $0.functions }
        for function in functions {
            await function.host.stop()
        }
        if !functions.isEmpty {
            try? await Task.sleep(for: .milliseconds(100))
        }
        for service in started.reversed() where !(service is ScheduleTicker) {
            await service.stop()
        }
    }

    /// Invokes a function in-process, as the Invoke API would (for engine ticks and tests).
    package func invoke(function identifier: String, _ request: InvokeRequest) async throws -> InvokeResult {
        guard let host = functionHost(named: identifier) else {
            throw EmulatorError(.unknownFunction, "Function not found: \(identifier)")
        }
        return await host.invoke(request)
    }

    /// Starts, prints the banner, and runs until SIGINT or SIGTERM; then stops and returns.
    package func runUntilSignalled() async throws {
        let endpoints = try await start()
        configuration.log(banner(endpoints))
        let signal = await SignalWaiter.wait()
        configuration.log("[drs-local] received \(signal == SIGINT ? "SIGINT" : "SIGTERM"); shutting down")
        await stop()
        configuration.log("[drs-local] stopped")
    }

    /// The "how to call it" text printed at start.
    package func banner(_ endpoints: EmulatorEndpoints) -> String {
        let template = configuration.template
        var lines = ["drs-local: \(template.functions.count) function(s), region \(configuration.region)"]
        for warning in template.warnings {
            lines.append("  warning: \(warning)")
        }
        lines.append("  Lambda Invoke API  \(endpoints.invokeURL)")
        lines.append("  API Gateway        \(endpoints.apiURL)")
        for function in template.functions {
            let ports = endpoints.runtimeAPIPorts[function.functionName, default: []].map(String.init).joined(
                separator: ",")
            lines.append(
                "  \(function.functionName) (\(function.logicalID)): \(configuration.instancesPerFunction) instance(s), "
                    + "timeout \(function.timeout)s, runtime API port(s) \(ports)"
            )
            for route in function.apiRoutes {
                lines.append("      \(route.method) \(route.path)  (stage \(route.stage))")
            }
        }
        if let function = template.functions.first {
            lines.append("Try:")
            if let route = function.apiRoutes.first(where: {
                !$0.path.contains("{") && ($0.method == "GET" || $0.method == "ANY")
            }) {
                lines.append("  curl -i \(endpoints.apiURL)\(route.path)")
            }
            let payload = function.apiRoutes.isEmpty ? "{}" : #"{"httpMethod":"GET","path":"/health"}"#
            lines.append(
                "  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws lambda invoke --region \(configuration.region) "
                    + "--endpoint-url \(endpoints.invokeURL) --function-name \(function.functionName) "
                    + "--payload '\(payload)' /dev/stdout"
            )
            lines.append(
                "  python3 -c \"import boto3; print(boto3.client('lambda', endpoint_url='\(endpoints.invokeURL)', "
                    + "region_name='\(configuration.region)', aws_access_key_id='local', aws_secret_access_key='local')"
                    + ".invoke(FunctionName='\(function.functionName)', Payload='\(payload.replacingOccurrences(of: "\"", with: "\\\""))')['Payload'].read())\""
            )
        }
        lines.append("Ctrl-C stops drs-local and its children.")
        return lines.joined(separator: "\n")
    }

    func functionHost(named identifier: String) -> FunctionHost? {
        guard let function = configuration.template.function(named: identifier) else { return nil }
        return state.withLock { state in
            state.functions.first { $0.function.functionName == function.functionName }?.host
        }
    }
}
