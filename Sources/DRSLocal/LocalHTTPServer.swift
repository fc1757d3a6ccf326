import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A Hummingbird server on a loopback address, started in the background; reports the port it
/// bound (so port 0 gives an ephemeral port) and stops when asked.
final class LocalHTTPServer: Sendable {
    let name: String
    let host: String
    let port: Int
    private let task: Task<Void, Never>

    private init(name: String, host: String, port: Int, task: Task<Void, Never>) {
        self.name = name
        self.host = host
        self.port = port
        self.task = task
    }

    /// Binds `host:port` and serves `responder` until `stop()`; throws `bindFailed` when the
    /// address cannot be bound.
    static func start(
        name: String,
        host: String,
        port: Int,
        responder: some HTTPResponder<LocalRequestContext>
    ) async throws -> LocalHTTPServer {
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        var logger = Logger(label: "drs-local.\(name)")
        // Hummingbird logs every start at info and a cancelled accept loop at error; drs-local
        // prints its own lines, and bind failures reach the caller as errors.
        logger.logLevel = .critical
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(.success(channel.localAddress?.port ?? port))
            },
            logger: logger
        )
        let task = Task {
            do {
                try await application.run()
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        for await event in events {
            switch event {
            case .success(let boundPort):
                return LocalHTTPServer(name: name, host: host, port: boundPort, task: task)
            case .failure(let error):
                throw EmulatorError(.bindFailed, "\(name) cannot listen on \(host):\(port): \(error)")
            }
        }
        throw EmulatorError(.bindFailed, "\(name) stopped before listening on \(host):\(port)")
    }

    /// Closes the listening socket and open connections; returns when the server has stopped.
    func stop() async {
        task.cancel()
        await task.value
    }
}
