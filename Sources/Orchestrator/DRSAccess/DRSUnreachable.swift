/// A `DRSGateway` call that got no answer from DRS: the request was never sent, its answer was lost,
/// or the function cannot call DRS at all. The gateway's adapter maps its transport's failures to
/// this, so the domain decides what a lost call means without knowing the transport.
package struct DRSUnreachable: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Reason: Sendable, Equatable {
        /// Nothing reached DRS (no connection, a TLS failure, a request that could not be built):
        /// no job can exist, sending again is safe.
        case notSent
        /// The request may have reached DRS but no answer came back (a timeout, a lost connection).
        case answerLost
        /// The function cannot call DRS at all (no credentials or region).
        case notConfigured
    }

    package var reason: Reason
    /// The failure's own description, for reasons, logs and error context.
    package var description: String
    /// The name of the failure's type, for error context (`drsErrorType`).
    package var errorType: String

    package init(_ reason: Reason, description: String, errorType: String) {
        self.reason = reason
        self.description = description
        self.errorType = errorType
    }
}
