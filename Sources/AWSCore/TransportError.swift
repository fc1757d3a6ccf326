/// No complete HTTP response arrived: the connection could not be made or broke, or time ran out.
package struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in the terms a caller acts on.
    package enum Code: String, Sendable, Equatable {
        /// No connection could be made (refused, unreachable, DNS failure): the request was not
        /// sent. Safe to retry, even for a call that must not take effect twice.
        case connectionFailed
        /// The connection broke mid-exchange (reset, closed early). Retryable for idempotent calls;
        /// ambiguous otherwise (the request may have arrived and taken effect).
        case connectionLost
        /// The exchange did not finish in time. Retryable for idempotent calls; ambiguous
        /// otherwise.
        case timedOut
        /// TLS handshake or certificate verification failed.
        case tlsFailed
        /// The request could not be sent as built (bad URL, unsupported scheme).
        case invalidRequest
        /// Anything else (out of memory, unexpected libcurl failure).
        case other
    }

    /// What went wrong.
    package var code: Code
    /// Human-readable detail, e.g. libcurl's message.
    package var message: String
    /// `scheme://host[:port]` of the endpoint, for logs.
    package var origin: String
    /// The underlying libcurl code, when the failure came from libcurl.
    package var curlCode: Int?

    /// An error from its parts.
    package init(code: Code, message: String, origin: String, curlCode: Int? = nil) {
        self.code = code
        self.message = message
        self.origin = origin
        self.curlCode = curlCode
    }

    /// Whether sending again may succeed: connection failures, resets and timeouts (for idempotent
    /// calls; see `RetryPolicy.Mode` for the others).
    package var isRetryable: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .timedOut: true
        case .tlsFailed, .invalidRequest, .other: false
        }
    }

    package var description: String {
        "TransportError.\(code.rawValue) (\(origin)): \(message)"
    }
}
