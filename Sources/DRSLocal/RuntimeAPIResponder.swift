import HTTPTypes
import Hummingbird
import JSONCore
import NIOCore

/// AWS Lambda's Runtime API (`/2018-06-01/runtime/…`) for one runtime instance of a function.
struct RuntimeAPIResponder: HTTPResponder {
    typealias Context = LocalRequestContext

    let host: FunctionHost
    let instance: Int

    private static let prefix = "/2018-06-01/runtime/"

    func respond(to request: Request, context: LocalRequestContext) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(Self.prefix) else { return Self.error(.notFound, "InvalidRequest", "Not found: \(path)") }
        let parts = path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: false)

        switch (request.method, parts.count, parts.first) {
        case (.get, 2, "invocation") where parts[1] == "next":
            return await next()
        case (.post, 3, "invocation") where parts[2] == "response" || parts[2] == "error":
            let requestID = String(parts[1])
            let body: [UInt8]
            do {
                body = try await Self.collect(request)
            } catch let tooLarge as PayloadTooLarge {
                _ = await host.responseTooLarge(requestID: requestID, size: tooLarge.size)
                return Self.error(
                    .contentTooLarge,
                    "RequestEntityTooLarge",
                    "Exceeded maximum allowed payload size (\(LambdaErrorPayload.maximumResponseBytes) bytes)."
                )
            }
            let reply: FunctionHost.RuntimeReply
            if parts[2] == "response" {
                reply = await host.postResponse(instance: instance, requestID: requestID, body: body)
            } else {
                let errorType = Self.header(request, "Lambda-Runtime-Function-Error-Type")
                reply = await host.postError(instance: instance, requestID: requestID, body: body, errorType: errorType)
            }
            return Self.response(to: reply)
        case (.post, 2, "init") where parts[1] == "error":
            let body = (try? await Self.collect(request)) ?? []
            let errorType = Self.header(request, "Lambda-Runtime-Function-Error-Type")
            await host.postInitError(instance: instance, body: body, errorType: errorType)
            return Self.accepted()
        case (_, 2, "invocation") where parts[1] == "next", (_, 3, "invocation"), (_, 2, "init"):
            return Self.error(.methodNotAllowed, "InvalidRequest", "Method not allowed")
        default:
            return Self.error(.notFound, "InvalidRequest", "Not found: \(path)")
        }
    }

    private func next() async -> Response {
        let delivery: InvocationDelivery
        do {
            delivery = try await host.next(instance: instance)
        } catch {
            // The emulator is stopping or the runtime was replaced: Lambda's "container error".
            return Self.error(.internalServerError, "Runtime.ContainerError", "Container error. Non-recoverable state.")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        Self.set(&headers, "Lambda-Runtime-Aws-Request-Id", delivery.requestID)
        Self.set(&headers, "Lambda-Runtime-Deadline-Ms", String(delivery.deadlineMilliseconds))
        Self.set(&headers, "Lambda-Runtime-Invoked-Function-Arn", delivery.functionARN)
        Self.set(&headers, "Lambda-Runtime-Trace-Id", delivery.traceID)
        if let clientContext = delivery.clientContext {
            Self.set(&headers, "Lambda-Runtime-Client-Context", clientContext)
        }
        if let identity = delivery.cognitoIdentity {
            Self.set(&headers, "Lambda-Runtime-Cognito-Identity", identity)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: delivery.payload)))
    }

    private struct PayloadTooLarge: Error {
        let size: Int
    }

    /// The request body; throws `PayloadTooLarge` for one larger than Lambda accepts, after
    /// reading it to the end — a runtime blocked writing the rest would never poll again.
    private static func collect(_ request: Request) async throws -> [UInt8] {
        let limit = LambdaErrorPayload.maximumResponseBytes
        var collected: [UInt8] = []
        var size = 0
        for try await chunk in request.body {
            size += chunk.readableBytes
            if size <= limit {
                collected.append(contentsOf: chunk.readableBytesView)
            }
        }
        guard size <= limit else { throw PayloadTooLarge(size: size) }
        return collected
    }

    private static func response(to reply: FunctionHost.RuntimeReply) -> Response {
        switch reply {
        case .accepted:
            return accepted()
        case .unknownRequestID:
            return error(.badRequest, "InvalidRequestID", "Invalid request ID")
        case .payloadTooLarge:
            return error(
                .contentTooLarge,
                "RequestEntityTooLarge",
                "Exceeded maximum allowed payload size (\(LambdaErrorPayload.maximumResponseBytes) bytes)."
            )
        }
    }

    private static func accepted() -> Response {
        json(.accepted, ["status": "OK"])
    }

    private static func error(_ status: HTTPResponse.Status, _ type: String, _ message: String) -> Response {
        json(status, ["errorType": .string(type), "errorMessage": .string(message)])
    }

    private static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes)))
    }

    private static func header(_ request: Request, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { request.headers[$0] }
    }

    private static func set(_ headers: inout HTTPFields, _ name: String, _ value: String) {
        if let field = HTTPField.Name(name) {
            headers[field] = value
        }
    }
}
