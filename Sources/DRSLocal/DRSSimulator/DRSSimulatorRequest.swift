import AWSCore

/// An HTTP request as the simulator sees it, independent of the server library: everything the
/// signature covers, exactly as it arrived.
package struct DRSSimulatorRequest: Sendable {
    package var method: String
    /// The path as sent (percent-encoded), without the query.
    package var path: String
    /// The query as sent, without `?`; nil for none.
    package var query: String?
    /// Every header as sent, `Host` included.
    package var headers: AWSHTTPHeaders
    package var body: [UInt8]

    package init(method: String, path: String, query: String? = nil, headers: AWSHTTPHeaders, body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Splits a request target (`/StartRecovery?x=1`) into path and query.
    package init(method: String, target: String, headers: AWSHTTPHeaders, body: [UInt8]) {
        if let mark = target.firstIndex(of: "?") {
            self.init(
                method: method,
                path: String(target[..<mark]),
                query: String(target[target.index(after: mark)...]),
                headers: headers,
                body: body
            )
        } else {
            self.init(method: method, path: target, headers: headers, body: body)
        }
    }
}
