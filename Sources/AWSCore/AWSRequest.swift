import Primitives

/// One call to an AWS service as an operation sees it, before endpoint, signing and retries.
package struct AWSRequest: Sendable, Equatable {
    /// The HTTP method; `POST` for the JSON protocols.
    package var method: String
    /// Percent-encoded path relative to the endpoint, e.g. `/` (JSON protocols) or
    /// `/DescribeSourceServers` (REST-JSON). Encode URI labels with `URIEncoding.encode(_:)`.
    package var path: String
    /// Percent-encoded query without `?` (see `URIEncoding.query(_:)`), nil for none.
    package var query: String?
    /// Operation headers, e.g. `X-Amz-Target`; they replace the service's protocol headers of the
    /// same name.
    package var headers: AWSHTTPHeaders
    /// The serialized input, e.g. the operation's JSON.
    package var body: [UInt8]

    /// A request from its parts; defaults suit the AWS JSON protocol (`POST /`).
    package init(
        method: String = "POST",
        path: String = "/",
        query: String? = nil,
        headers: AWSHTTPHeaders = AWSHTTPHeaders(),
        body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}
