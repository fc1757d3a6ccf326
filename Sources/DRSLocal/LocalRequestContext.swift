import Hummingbird
import NIOCore

/// The request context of every drs-local server: Hummingbird's core storage plus the
/// connection, for the caller's address (API Gateway's `identity.sourceIp`).
struct LocalRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The peer's IP address, `127.0.0.1` when the socket does not say.
    var remoteIP: String {
        channel.remoteAddress?.ipAddress ?? "127.0.0.1"
    }
}
