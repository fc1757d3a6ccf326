import Foundation
import HTTPTypes
import Hummingbird
import JSONCore
import NIOCore

/// Lambda's `Invoke` operation (`POST /2015-03-31/functions/{name}/invocations`), as the AWS CLI
/// and boto3 call it with `--endpoint-url`/`endpoint_url`. Signatures are not checked.
struct InvokeAPIResponder: HTTPResponder {
    typealias Context = LocalRequestContext

    /// Finds the running function for an identifier (name, `name:qualifier`, ARN).
    let lookup: @Sendable (String) -> FunctionHost?
    let region: String
    let accountID: String
    let log: EmulatorLog

    private static let prefix = "/2015-03-31/functions/"

    func respond(to request: Request, context: LocalRequestContext) async throws -> Response {
        let path = request.uri.path
        let pathRequestID = UUID().uuidString.lowercased()
        guard path.hasPrefix(Self.prefix), path.hasSuffix("/invocations") else {
            return Self.error(
                .notFound, "UnknownOperationException", "Unknown operation \(request.method) \(path)",
                requestID: pathRequestID)
        }
        guard request.method == .post else {
            return Self.error(
                .methodNotAllowed, "UnknownOperationException", "Invoke needs POST", requestID: pathRequestID)
        }
        let encoded = path.dropFirst(Self.prefix.count).dropLast("/invocations".count)
        let identifier = String(encoded).removingPercentEncoding ?? String(encoded)
        let name = SAMTemplate.functionName(fromIdentifier: identifier)
        guard let host = lookup(identifier) else {
            return Self.error(
                .notFound,
                "ResourceNotFoundException",
                "Function not found: arn:aws:lambda:\(region):\(accountID):function:\(name)",
                requestID: pathRequestID
            )
        }

        let invocationType = Self.header(request, "X-Amz-Invocation-Type") ?? "RequestResponse"
        guard ["RequestResponse", "Event", "DryRun"].contains(invocationType) else {
            return Self.error(
                .badRequest,
                "InvalidParameterValueException",
                "1 validation error detected: Value '\(invocationType)' at 'invocationType' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
                requestID: pathRequestID
            )
        }

        var payload: [UInt8] = []
        var size = 0
        do {
            // Read to the end even past the limit: a client blocked writing is never answered.
            for try await chunk in request.body {
                size += chunk.readableBytes
                if size <= LambdaErrorPayload.maximumRequestBytes {
                    payload.append(contentsOf: chunk.readableBytesView)
                }
            }
        } catch {
            return Self.error(
                .badRequest, "InvalidRequestContentException", "Could not read the request body",
                requestID: pathRequestID)
        }
        if size > LambdaErrorPayload.maximumRequestBytes {
            return Self.error(
                .contentTooLarge,
                "RequestTooLargeException",
                "Request must be smaller than \(LambdaErrorPayload.maximumRequestBytes) bytes for the InvokeFunction operation",
                requestID: pathRequestID
            )
        }
        if !payload.isEmpty, (try? JSONValue(parsing: payload)) == nil {
            return Self.error(
                .badRequest,
                "InvalidRequestContentException",
                "Could not parse request body into json: Could not parse payload into json",
                requestID: pathRequestID
            )
        }

        var clientContext: String?
        if let encodedContext = Self.header(request, "X-Amz-Client-Context") {
            guard let data = Data(base64Encoded: encodedContext), (try? JSONValue(parsing: Array(data))) != nil else {
                return Self.error(
                    .badRequest,
                    "InvalidRequestContentException",
                    "Client context must be a valid Base64-encoded JSON object.",
                    requestID: pathRequestID
                )
            }
            clientContext = String(decoding: data, as: UTF8.self)
        }

        let invoke = InvokeRequest(
            payload: payload,
            clientContext: clientContext,
            // Not an Invoke API header: Lambda sets this for Cognito-authenticated mobile SDK
            // calls; drs-local accepts it so such invokes can be rehearsed.
            cognitoIdentity: Self.header(request, "X-Amz-Cognito-Identity"),
            wantsLogTail: Self.header(request, "X-Amz-Log-Type") == "Tail",
            requestID: pathRequestID
        )
        let functionName = host.function.functionName

        switch invocationType {
        case "DryRun":
            return Self.empty(.noContent, requestID: pathRequestID)
        case "Event":
            log("[invoke] \(functionName) Event \(pathRequestID) accepted")
            Task {
                let result = await host.invoke(invoke)
                if let errorType = result.errorType {
                    self.log("[invoke] \(functionName) Event \(result.requestID) failed: \(errorType)")
                }
            }
            return Self.empty(.accepted, requestID: pathRequestID)
        default:
            let result = await host.invoke(invoke)
            log("[invoke] \(functionName) RequestResponse \(result.requestID) -> \(result.errorType ?? "OK")")
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            Self.set(&headers, "X-Amz-Executed-Version", "$LATEST")
            Self.set(&headers, "x-amzn-RequestId", result.requestID)
            if result.isFunctionError {
                Self.set(&headers, "X-Amz-Function-Error", "Unhandled")
            }
            if invoke.wantsLogTail {
                Self.set(
                    &headers, "X-Amz-Log-Result", Data(Self.lastBytes(of: result.logs, 4096)).base64EncodedString())
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: result.payload)))
        }
    }

    /// The last `count` bytes of `text`, starting on a character boundary.
    static func lastBytes(of text: String, _ count: Int) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard bytes.count > count else { return bytes }
        var start = bytes.count - count
        // Skip UTF-8 continuation bytes so the tail decodes.
        while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
        return Array(bytes[start...])
    }

    private static func error(_ status: HTTPResponse.Status, _ type: String, _ message: String, requestID: String)
        -> Response
    {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        set(&headers, "x-amzn-ErrorType", type)
        set(&headers, "x-amzn-RequestId", requestID)
        let body = JSONValue.object(["Type": "User", "message": .string(message)]).jsonBytes
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func empty(_ status: HTTPResponse.Status, requestID: String) -> Response {
        var headers = HTTPFields()
        set(&headers, "x-amzn-RequestId", requestID)
        return Response(status: status, headers: headers)
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
