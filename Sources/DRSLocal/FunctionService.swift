import Synchronization

/// One function of the template, running: a Runtime API server per instance and the
/// `bootstrap` child that polls it.
final class FunctionService: EmulatorService {
    let host: FunctionHost
    private let configuration: EmulatorConfiguration
    /// First Runtime API port of this function (0: ephemeral).
    private let firstRuntimePort: Int

    private struct Running {
        var servers: [LocalHTTPServer] = []
        var instances: [RuntimeInstance] = []
    }

    private let running = Mutex(Running())

    init(function: SAMFunction, configuration: EmulatorConfiguration, firstRuntimePort: Int) {
        self.configuration = configuration
        self.firstRuntimePort = firstRuntimePort
        self.host = FunctionHost(
            function: function,
            region: configuration.region,
            accountID: configuration.accountID,
            instanceCount: configuration.instancesPerFunction,
            log: configuration.log
        )
    }

    var function: SAMFunction { host.function }
    var name: String { function.functionName }

    /// The bound Runtime API port of each instance.
    var runtimePorts: [Int] { running.withLock { $0.servers.map(\.port) } }

    func start(in emulator: Emulator) async throws {
        for index in 0..<configuration.instancesPerFunction {
            let server = try await LocalHTTPServer.start(
                name: "\(name) runtime API #\(index + 1)",
                host: configuration.host,
                port: firstRuntimePort == 0 ? 0 : firstRuntimePort + index,
                responder: RuntimeAPIResponder(host: host, instance: index)
            )
            running.withLock { $0.servers.append(server) }
        }
        let instances = runtimePorts.enumerated().map { index, port in
            RuntimeInstance(
                index: index,
                executable: configuration.resolvedBootstrapPath,
                environment: configuration.childEnvironment(for: function, instance: index, runtimePort: port),
                workingDirectory: configuration.resolvedTaskRoot,
                host: host,
                log: configuration.log,
                restartDelay: configuration.restartDelay
            )
        }
        running.withLock { $0.instances = instances }
        await host.setInstanceKiller { index in
            if instances.indices.contains(index) { instances[index].kill() }
        }
        for instance in instances {
            instance.start()
        }
    }

    func stop() async {
        let (servers, instances) = running.withLock { running in
            defer { running = Running() }
            return (running.servers, running.instances)
        }
        // Invokes in flight answer first, so callers are not left waiting on a dying child.
        await host.stop()
        await withTaskGroup(of: Void.self) { group in
            for instance in instances {
                group.addTask { await instance.stop(grace: self.configuration.shutdownGrace) }
            }
        }
        for server in servers {
            await server.stop()
        }
    }
}
