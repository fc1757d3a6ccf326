/// Sends one HTTP request and blocks until the whole response has arrived.
///
/// Blocking is deliberate: the Lambda loop serves one invocation at a time on one thread, so a
/// synchronous call costs no executor hop. Implementations must be safe to share between threads.
package protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    ///
    /// - Parameter timeoutMilliseconds: upper bound for the whole exchange (connect, send, receive).
    /// - Throws: `TransportError` when no complete response arrived (connection refused or reset,
    ///   timeout, TLS failure, unusable request). An HTTP error status is a response, not a throw.
    func send(_ request: AWSHTTPRequest, timeoutMilliseconds: Int64) throws(TransportError) -> AWSHTTPResponse
}
