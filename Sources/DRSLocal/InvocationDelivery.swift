/// An invocation as `GET /runtime/invocation/next` hands it to a runtime.
struct InvocationDelivery: Sendable {
    let requestID: String
    let payload: [UInt8]
    /// Epoch milliseconds (`Lambda-Runtime-Deadline-Ms`).
    let deadlineMilliseconds: Int64
    let functionARN: String
    let traceID: String
    let clientContext: String?
    let cognitoIdentity: String?
}
