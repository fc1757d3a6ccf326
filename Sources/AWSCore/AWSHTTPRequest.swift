/// An HTTP request ready for the wire: endpoint, method, percent-encoded path and query, headers, body.
package struct AWSHTTPRequest: Sendable, Equatable {
    /// `GET`, `POST`, `PUT`, `DELETE`, `HEAD`, ….
    package var method: String
    /// Scheme, host and port; also the key of the transport's connection pool.
    package var endpoint: AWSEndpoint
    /// Percent-encoded path, starting with `/` (the endpoint's base path already included).
    package var path: String
    /// Percent-encoded query without the leading `?`; nil or empty for none.
    package var query: String?
    /// Sent as given (SigV4 headers included once signed); `Host` must match `endpoint.hostHeader`.
    package var headers: AWSHTTPHeaders
    /// The request body; empty for none.
    package var body: [UInt8]

    /// A request from its parts; an empty `path` becomes `/`.
    package init(
        method: String,
        endpoint: AWSEndpoint,
        path: String,
        query: String? = nil,
        headers: AWSHTTPHeaders = AWSHTTPHeaders(),
        body: [UInt8] = []
    ) {
        self.method = method
        self.endpoint = endpoint
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The absolute URL: origin, path and query.
    package var url: String {
        if let query, !query.isEmpty {
            return endpoint.origin + path + "?" + query
        }
        return endpoint.origin + path
    }
}
