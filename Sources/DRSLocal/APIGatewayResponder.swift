import Foundation
import HTTPTypes
import Hummingbird
import JSONCore
import NIOCore

/// The REST API emulator: turns each HTTP request into a proxy event for the function whose
/// `Api` event matches, and the function's envelope back into the HTTP response.
struct APIGatewayResponder: HTTPResponder {
    typealias Context = LocalRequestContext

    let routes: APIGatewayRouteTable
    let builder: APIGatewayEventBuilder
    let lookup: @Sendable (String) -> FunctionHost?
    let log: EmulatorLog
    /// Checks the bearer IdToken before anything is invoked, as the template's authorizer does.
    var authorizer: APIGatewayAuthorizer = .none(adminGroup: AuthorizerClaims.defaultAdminGroup)

    /// API Gateway's payload limit.
    static let maximumBodyBytes = 10 * 1024 * 1024

    func respond(to request: Request, context: LocalRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let requestID = UUID().uuidString.lowercased()
        let path = Self.strippingStage(request.uri.path, stages: routes.stages)
        let method = request.method.rawValue

        var body: [UInt8] = []
        var size = 0
        do {
            // Read to the end even past the limit: a client blocked writing is never answered.
            for try await chunk in request.body {
                size += chunk.readableBytes
                if size <= Self.maximumBodyBytes {
                    body.append(contentsOf: chunk.readableBytesView)
                }
            }
        } catch {
            return Self.response(.internalServerError, requestID: requestID)
        }
        guard size <= Self.maximumBodyBytes else {
            return Self.response(
                APIGatewayProxyResponse(
                    statusCode: 413,
                    headers: [.init("Content-Type", "application/json")],
                    body: Array(#"{"message":"Request Entity Too Large"}"#.utf8)
                ),
                requestID: requestID
            )
        }

        guard let match = routes.match(method: method, path: path), let host = lookup(match.functionName) else {
            log("[api] \(method) \(request.uri.path) -> 403 (no route)")
            return Self.response(.missingAuthenticationToken, requestID: requestID)
        }
        var headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        // HTTP/1 `Host` arrives as the request's authority, not as a header field.
        if let authority = request.head.authority {
            headers.insert((name: "Host", value: authority), at: 0)
        }
        let proxyRequest = APIGatewayProxyRequest(
            method: method,
            path: path,
            query: request.uri.query,
            headers: headers,
            body: body,
            sourceIP: context.remoteIP,
            requestID: requestID
        )
        let claims: [String: String]?
        let authorization = proxyRequest.header(match.route.authorizer?.identityHeader ?? "Authorization")
        switch authorizer.decide(method: method, path: path, route: match.route, authorization: authorization) {
        case .invoke(let verified):
            claims = verified
        case .unauthorized(let reason):
            log("[api] \(method) \(request.uri.path) -> 401 (\(reason))")
            return Self.response(.unauthorized, requestID: requestID)
        }
        let event = builder.event(for: proxyRequest, match: match, claims: claims)
        let result = await host.invoke(InvokeRequest(payload: event.jsonBytes, requestID: requestID))
        let response = APIGatewayProxyResponse(invocation: result)
        let elapsed = started.duration(to: .now).components
        let milliseconds = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
        let failure =
            result.errorType.map { " \($0)" } ?? (response.statusCode == 502 ? " malformed Lambda proxy response" : "")
        log(
            "[api] \(method) \(request.uri.path) -> \(match.route.method) \(match.route.path) \(match.functionName) \(response.statusCode)\(failure) \(milliseconds) ms"
        )
        return Self.response(response, requestID: requestID)
    }

    /// `/dev/health` → `/health` when `dev` is a stage, so base URLs copied from a deployed
    /// stack (`…/dev`) work unchanged.
    static func strippingStage(_ path: String, stages: Set<String>) -> String {
        let segments = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
        guard let first = segments.first, stages.contains(String(first)) else { return path }
        return segments.count > 1 ? "/" + segments[1] : "/"
    }

    private static func response(_ response: APIGatewayProxyResponse, requestID: String) -> Response {
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) {
                fields.append(HTTPField(name: name, value: header.value))
            }
        }
        if let name = HTTPField.Name("x-amzn-RequestId") {
            fields[name] = requestID
        }
        return Response(
            status: HTTPResponse.Status(code: response.statusCode),
            headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: response.body))
        )
    }
}
