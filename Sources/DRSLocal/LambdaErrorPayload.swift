import JSONCore

/// The `{"errorMessage","errorType"}` documents Lambda itself returns when an invocation fails
/// outside the function's code.
enum LambdaErrorPayload {
    /// Largest response a function may return; Lambda's limit is 6 MB plus 100 bytes of framing.
    static let maximumResponseBytes = 6_291_556
    /// Largest synchronous invoke payload Lambda accepts.
    static let maximumRequestBytes = 6_291_456

    static func make(type: String, message: String) -> [UInt8] {
        JSONValue.object(["errorType": .string(type), "errorMessage": .string(message)]).jsonBytes
    }

    static func exitError(requestID: String, status: String) -> [UInt8] {
        make(type: "Runtime.ExitError", message: "RequestId: \(requestID) Error: Runtime exited with error: \(status)")
    }

    static func timeout(requestID: String, seconds: Int) -> [UInt8] {
        make(
            type: "Sandbox.Timedout",
            message: "RequestId: \(requestID) Error: Task timed out after \(seconds).00 seconds")
    }

    static func responseTooLarge(size: Int) -> [UInt8] {
        make(
            type: "Function.ResponseSizeTooLarge",
            message:
                "Response payload size (\(size) bytes) exceeded maximum allowed payload size (\(maximumResponseBytes) bytes)."
        )
    }

    static func shuttingDown(requestID: String) -> [UInt8] {
        make(type: "Runtime.Shutdown", message: "RequestId: \(requestID) Error: drs-local is shutting down")
    }

    /// The error a runtime posted, normalised to a JSON object that names its type.
    static func posted(body: [UInt8], headerType: String?) -> (payload: [UInt8], type: String) {
        if case .object(var members)? = try? JSONValue(parsing: body) {
            let type = headerType ?? members["errorType"]?.stringValue ?? "Unhandled"
            if members["errorType"] == nil {
                members["errorType"] = .string(type)
                return (JSONValue.object(members).jsonBytes, type)
            }
            return (body, type)
        }
        let type = headerType ?? "Unhandled"
        return (make(type: type, message: String(decoding: body, as: UTF8.self)), type)
    }

    /// How Go's `os.ProcessState` (and so Lambda) words a child's end: `exit status 1`, `signal: killed`.
    static func describeExit(signal: Bool, status: Int32) -> String {
        guard signal else { return "exit status \(status)" }
        let names: [Int32: String] = [
            1: "hangup", 2: "interrupt", 3: "quit", 4: "illegal instruction", 5: "trace/breakpoint trap",
            6: "aborted", 7: "bus error", 8: "floating point exception", 9: "killed", 11: "segmentation fault",
            13: "broken pipe", 14: "alarm clock", 15: "terminated",
        ]
        return "signal: \(names[status] ?? "signal \(status)")"
    }
}
