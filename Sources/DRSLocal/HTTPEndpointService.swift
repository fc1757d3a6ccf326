import Hummingbird
import Synchronization

/// An emulator service that is one HTTP server (the Invoke API, the API Gateway).
final class HTTPEndpointService<Responder: HTTPResponder>: EmulatorService
where Responder.Context == LocalRequestContext {
    let name: String
    private let host: String
    private let requestedPort: Int
    private let makeResponder: @Sendable (Emulator) -> Responder
    private let server = Mutex<LocalHTTPServer?>(nil)

    init(name: String, host: String, port: Int, makeResponder: @escaping @Sendable (Emulator) -> Responder) {
        self.name = name
        self.host = host
        self.requestedPort = port
        self.makeResponder = makeResponder
    }

    /// The bound port once started.
    var port: Int? { server.withLock { $0?.port } }

    func start(in emulator: Emulator) async throws {
        let started = try await LocalHTTPServer.start(
            name: name,
            host: host,
            port: requestedPort,
            responder: makeResponder(emulator)
        )
        server.withLock { $0 = started }
    }

    func stop() async {
        let running = server.withLock { server in
            defer { server = nil }
            return server
        }
        await running?.stop()
    }
}
