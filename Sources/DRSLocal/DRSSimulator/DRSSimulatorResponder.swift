import AWSCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The HTTP edge of the simulator: turns a Hummingbird request into a `DRSSimulatorRequest`
/// (headers exactly as sent, `Host` restored from the authority) and the reply back. No logic.
struct DRSSimulatorResponder: HTTPResponder {
    typealias Context = LocalRequestContext

    let simulator: DRSSimulator

    /// Larger bodies are refused; DRS requests are small (200 server IDs at most).
    static let maximumBodyBytes = 4 * 1024 * 1024

    func respond(to request: Request, context: LocalRequestContext) async throws -> Response {
        let body: [UInt8]
        do {
            body = Array(buffer: try await request.body.collect(upTo: Self.maximumBodyBytes))
        } catch {
            return Self.response(
                DRSSimulatorReply.error(413, "ValidationException", "Request body larger than 4 MiB or unreadable"))
        }
        var headers = AWSHTTPHeaders()
        // HTTPTypes moves the Host header into the authority; SigV4 signs it as `host`.
        if let authority = request.head.authority {
            headers.add("Host", authority)
        }
        for field in request.headers {
            headers.add(field.name.rawName, field.value)
        }
        let reply = simulator.handle(
            DRSSimulatorRequest(
                method: request.method.rawValue,
                target: request.head.path ?? "/",
                headers: headers,
                body: body
            ))
        if reply.delayMilliseconds > 0 {
            // The slow-answer fault: the operation has taken effect; its answer comes late (or,
            // when the client gives up first, never reaches it).
            try? await Task.sleep(for: .milliseconds(reply.delayMilliseconds))
        }
        return Self.response(reply)
    }

    static func response(_ reply: DRSSimulatorReply) -> Response {
        var fields = HTTPFields()
        for (name, value) in reply.headers.sorted(by: { $0.key < $1.key }) {
            if let fieldName = HTTPField.Name(name) {
                fields[fieldName] = value
            }
        }
        return Response(
            status: HTTPResponse.Status(code: reply.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body))
        )
    }
}
