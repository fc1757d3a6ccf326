/// An HTTP response as received: status, headers (in order), body bytes.
package struct AWSHTTPResponse: Sendable, Equatable {
    /// The HTTP status code.
    package var status: Int
    /// Response headers in arrival order.
    package var headers: AWSHTTPHeaders
    /// The whole response body.
    package var body: [UInt8]

    /// A response from its parts.
    package init(status: Int, headers: AWSHTTPHeaders = AWSHTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    package var isSuccess: Bool {
        (200..<300).contains(status)
    }
}
