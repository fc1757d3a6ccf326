import AWSCore
import Synchronization

/// An `HTTPTransport` that answers from a script instead of the network, and records what it was
/// asked. Replies queued with `enqueue` are used first, in order; then `handler`, when set; then a
/// `TransportError.Code.other` failure saying the script ran out.
package final class FakeTransport: HTTPTransport {
    /// One scripted outcome of `send`.
    package enum Reply: Sendable {
        case response(AWSHTTPResponse)
        case failure(TransportError)

        /// A response with a JSON (or any UTF-8) body.
        package static func json(_ status: Int = 200, _ body: String = "{}", headers: AWSHTTPHeaders = [:]) -> Reply {
            var headers = headers
            if !headers.contains("Content-Type") {
                headers.add("Content-Type", "application/x-amz-json-1.0")
            }
            return .response(AWSHTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
        }

        /// An AWS JSON-protocol error: `{"__type": code, "message": message}` with `status`.
        package static func awsError(
            _ status: Int,
            code: String,
            message: String = "scripted error",
            headers: AWSHTTPHeaders = [:]
        ) -> Reply {
            json(status, #"{"__type":"\#(code)","message":"\#(message)"}"#, headers: headers)
        }

        /// A transport failure with `code`.
        package static func transportFailure(_ code: TransportError.Code, message: String = "scripted failure") -> Reply
        {
            .failure(TransportError(code: code, message: message, origin: "fake://transport"))
        }
    }

    /// One call to `send`, as made.
    package struct Call: Sendable {
        package var request: AWSHTTPRequest
        package var timeoutMilliseconds: Int64
    }

    private struct State {
        var queue: [Reply] = []
        var calls: [Call] = []
    }

    private let state = Mutex(State())
    private let handler: (@Sendable (AWSHTTPRequest) -> Reply)?

    /// - Parameters:
    ///   - replies: answers for the first calls, in order.
    ///   - handler: answers every call after the queue is empty.
    package init(replies: [Reply] = [], handler: (@Sendable (AWSHTTPRequest) -> Reply)? = nil) {
        state.withLock { $0.queue = replies }
        self.handler = handler
    }

    /// Queues more answers.
    package func enqueue(_ replies: Reply...) {
        state.withLock { $0.queue.append(contentsOf: replies) }
    }

    /// Every call so far, in order.
    package var calls: [Call] {
        state.withLock { $0.calls }
    }

    /// The requests of every call so far, in order.
    package var requests: [AWSHTTPRequest] {
        calls.map(\.request)
    }

    package func send(_ request: AWSHTTPRequest, timeoutMilliseconds: Int64) throws(TransportError) -> AWSHTTPResponse {
        let queued: Reply? = state.withLock { state in
            state.calls.append(Call(request: request, timeoutMilliseconds: timeoutMilliseconds))
            return state.queue.isEmpty ? nil : state.queue.removeFirst()
        }
        guard let reply = queued ?? handler?(request) else {
            throw TransportError(
                code: .other,
                message: "FakeTransport: no reply scripted for \(request.method) \(request.url)",
                origin: request.endpoint.origin
            )
        }
        switch reply {
        case .response(let response): return response
        case .failure(let error): throw error
        }
    }
}
