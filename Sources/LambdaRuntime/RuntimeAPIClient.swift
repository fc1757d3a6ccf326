/// The Lambda Runtime API (`2018-06-01`) over one keep-alive connection.
package struct RuntimeAPIClient: RuntimeClient {
    private let connection: HTTPConnection

    /// - Parameter endpoint: `AWS_LAMBDA_RUNTIME_API`, `host:port` (`[v6]:port` for IPv6).
    /// - Throws: `RuntimeAPIError(.invalidEndpoint)` when it is not `host:port`.
    package init(endpoint: String) throws {
        guard let colon = endpoint.lastIndex(of: ":"), colon != endpoint.startIndex else {
            throw RuntimeAPIError(.invalidEndpoint, "AWS_LAMBDA_RUNTIME_API must be host:port, got '\(endpoint)'")
        }
        var host = String(endpoint[..<colon])
        let port = String(endpoint[endpoint.index(after: colon)...])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let portNumber = Int(port), (1...65_535).contains(portNumber), !host.isEmpty else {
            throw RuntimeAPIError(.invalidEndpoint, "AWS_LAMBDA_RUNTIME_API must be host:port, got '\(endpoint)'")
        }
        connection = HTTPConnection(host: host, port: port)
    }

    package mutating func nextInvocation() throws -> Invocation {
        let response = try connection.send(method: "GET", path: "/2018-06-01/runtime/invocation/next")
        try Self.check(response, for: "next invocation")
        guard let requestID = response.header("lambda-runtime-aws-request-id"), !requestID.isEmpty else {
            throw RuntimeAPIError(.malformedResponse, "next invocation without Lambda-Runtime-Aws-Request-Id")
        }
        let context = InvocationContext(
            requestID: requestID,
            deadlineMilliseconds: response.header("lambda-runtime-deadline-ms").flatMap { Int64($0) } ?? 0,
            invokedFunctionARN: response.header("lambda-runtime-invoked-function-arn") ?? "",
            traceID: response.header("lambda-runtime-trace-id"),
            clientContext: response.header("lambda-runtime-client-context"),
            cognitoIdentity: response.header("lambda-runtime-cognito-identity")
        )
        return Invocation(context: context, event: response.body)
    }

    package mutating func reportResponse(requestID: String, payload: [UInt8]) throws {
        let path = "/2018-06-01/runtime/invocation/\(Self.pathSegment(requestID))/response"
        let response = try connection.send(
            method: "POST", path: path, headers: [("Content-Type", "application/json")], body: payload)
        try Self.check(response, for: "response")
    }

    package mutating func reportError(requestID: String, error: FunctionError) throws {
        let path = "/2018-06-01/runtime/invocation/\(Self.pathSegment(requestID))/error"
        let response = try connection.send(
            method: "POST", path: path,
            headers: [("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", error.type)],
            body: error.json)
        try Self.check(response, for: "error")
    }

    package mutating func reportInitError(_ error: FunctionError) throws {
        let response = try connection.send(
            method: "POST", path: "/2018-06-01/runtime/init/error",
            headers: [("Content-Type", "application/json"), ("Lambda-Runtime-Function-Error-Type", error.type)],
            body: error.json)
        try Self.check(response, for: "init error")
    }

    private static func check(_ response: HTTPConnection.Response, for what: String) throws {
        switch response.status {
        case 200..<300: return
        case 500...: throw RuntimeAPIError(.mustExit, "Runtime API failed the \(what) request", status: response.status)
        default:
            let detail = String(decoding: response.body.prefix(512), as: UTF8.self)
            throw RuntimeAPIError(.rejected, "Runtime API refused the \(what): \(detail)", status: response.status)
        }
    }

    /// Request ids are UUIDs, but an emulator may send anything: keep the path well-formed.
    private static func pathSegment(_ id: String) -> String {
        var out = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
