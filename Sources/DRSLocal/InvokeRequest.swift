/// One invocation as the Invoke API (or an in-process caller) asks for it.
package struct InvokeRequest: Sendable {
    /// The event, JSON text.
    package var payload: [UInt8]
    /// Decoded client context JSON (`X-Amz-Client-Context` carries it base64-encoded).
    package var clientContext: String?
    /// Cognito identity JSON, passed to the runtime as `Lambda-Runtime-Cognito-Identity`.
    package var cognitoIdentity: String?
    /// Whether the caller wants the invocation's log tail in the result.
    package var wantsLogTail: Bool
    /// The request ID to use; a new UUID when nil.
    package var requestID: String?

    package init(
        payload: [UInt8],
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        wantsLogTail: Bool = false,
        requestID: String? = nil
    ) {
        self.payload = payload
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.wantsLogTail = wantsLogTail
        self.requestID = requestID
    }
}
