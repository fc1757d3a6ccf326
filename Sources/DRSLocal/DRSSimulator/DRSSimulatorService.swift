import Synchronization

/// The DRS simulator as a part of drs-local's stack: one HTTP server on loopback.
///
/// Start it with `listen()` before the emulator starts its functions, so the port is known when
/// the children's environment (`AWS_ENDPOINT_URL_DRS`) is built; the emulator's own
/// `start(in:)` then finds it running, and `stop()` closes it.
package final class DRSSimulatorService: EmulatorService {
    package let name = "drs-simulator"
    /// The simulator this service serves (for its stats and settings).
    package let simulator: DRSSimulator
    private let server = Mutex<LocalHTTPServer?>(nil)

    /// A service for `simulator`, not yet listening.
    package init(simulator: DRSSimulator) {
        self.simulator = simulator
    }

    /// The bound port, once listening.
    package var port: Int? { server.withLock { $0?.port } }

    /// `http://127.0.0.1:<port>`, once listening: the value for `AWS_ENDPOINT_URL_DRS`.
    package var endpointURL: String? {
        port.map { "http://\(Self.urlHost(simulator.configuration.host)):\($0)" }
    }

    /// Binds the configured address (a free port for 0) and serves until `stop()`; does nothing if
    /// already listening.
    ///
    /// - Returns: the bound port.
    /// - Throws: `EmulatorError` `.bindFailed` when the address cannot be bound.
    @discardableResult
    package func listen() async throws -> Int {
        if let port { return port }
        let started = try await LocalHTTPServer.start(
            name: name,
            host: simulator.configuration.host,
            port: simulator.configuration.port,
            responder: DRSSimulatorResponder(simulator: simulator)
        )
        let extra = server.withLock { server -> LocalHTTPServer? in
            guard server == nil else { return started }
            server = started
            return nil
        }
        // Two concurrent listen() calls: keep the first server, close the second.
        await extra?.stop()
        return port ?? started.port
    }

    package func start(in emulator: Emulator) async throws {
        try await listen()
    }

    package func stop() async {
        let running = server.withLock { server in
            defer { server = nil }
            return server
        }
        await running?.stop()
    }

    private static func urlHost(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }
}
