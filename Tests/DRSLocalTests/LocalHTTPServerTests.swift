import Hummingbird
import NIOCore
import TestSupport
import Testing

@testable import DRSLocal

@Suite("local HTTP servers", .tags(.network))
struct LocalHTTPServerTests {
    @Test(
        "accepted connections have TCP_NODELAY set (NIO sets it on the listener; Linux copies it to accepted sockets)")
    func noDelay() async throws {
        let responder = CallbackResponder<LocalRequestContext> { _, context in
            let value = try await context.channel.getOption(ChannelOptions.tcpOption(.tcp_nodelay)).get()
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: String(value))))
        }
        let server = try await LocalHTTPServer.start(name: "nodelay", host: "127.0.0.1", port: 0, responder: responder)
        #expect(server.port > 0)
        let response = try await TestHTTP.send("GET", "http://127.0.0.1:\(server.port)/")
        await server.stop()
        #expect(response.text == "1")
    }

    @Test("a port already in use is a bindFailed error")
    func portInUse() async throws {
        let responder = CallbackResponder<LocalRequestContext> { _, _ in Response(status: .ok) }
        let first = try await LocalHTTPServer.start(name: "first", host: "127.0.0.1", port: 0, responder: responder)
        let error = try await #require(throws: EmulatorError.self) {
            let second = try await LocalHTTPServer.start(
                name: "second", host: "127.0.0.1", port: first.port, responder: responder)
            await second.stop()
        }
        #expect(error.code == .bindFailed)
        await first.stop()
    }
}
