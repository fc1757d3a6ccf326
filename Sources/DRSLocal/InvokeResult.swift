/// How one invocation ended, as the Invoke API reports it.
package struct InvokeResult: Sendable {
    package var requestID: String
    /// The function's response bytes, or the error JSON (`{"errorMessage","errorType",…}`).
    package var payload: [UInt8]
    /// The error type when the invocation failed (`Runtime.ExitError`, `Sandbox.Timedout`, the
    /// function's own type, …); nil on success.
    package var errorType: String?
    /// The invocation's log (START, the child's output, END, REPORT) when the request asked for
    /// the tail; empty otherwise.
    package var logs: String
    /// Where the log tail is to be read from once the child's pipe has caught up.
    var logSource: LogSource?

    struct LogSource: Sendable {
        let instance: Int
        let mark: Int
        let report: String
    }

    package init(requestID: String, payload: [UInt8], errorType: String? = nil, logs: String = "") {
        self.requestID = requestID
        self.payload = payload
        self.errorType = errorType
        self.logs = logs
    }

    /// True when the function failed (the Invoke API then sets `X-Amz-Function-Error: Unhandled`).
    package var isFunctionError: Bool { errorType != nil }
}
