/// The Lambda Runtime API as the loop sees it; a protocol so the loop is tested without a socket.
package protocol RuntimeClient {
    /// Blocks until Lambda hands out the next event (the long poll has no timeout).
    /// - Throws: `RuntimeAPIError`; `.mustExit` when the Runtime API answered 500.
    mutating func nextInvocation() throws -> Invocation
    /// Posts the response of invocation `requestID`.
    mutating func reportResponse(requestID: String, payload: [UInt8]) throws
    /// Posts a function error for invocation `requestID`.
    mutating func reportError(requestID: String, error: FunctionError) throws
    /// Posts an initialization error; the process exits afterwards.
    mutating func reportInitError(_ error: FunctionError) throws
}
