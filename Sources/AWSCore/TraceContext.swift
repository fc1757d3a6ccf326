#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The X-Ray trace of the current Lambda invocation, passed on to every AWS call so that X-Ray
/// links the function's DynamoDB and DRS calls to the invocation that made them.
package enum TraceContext {
    /// The header AWS services read the trace from (unsigned, as in the AWS SDKs).
    package static let headerName = "X-Amzn-Trace-Id"

    /// `_X_AMZN_TRACE_ID`, which the runtime loop sets before each invocation from the Runtime
    /// API's `Lambda-Runtime-Trace-Id` (the custom-runtime contract the AWS SDKs also read); nil
    /// when unset, empty or not a valid header value.
    ///
    /// Read per call, unlike configuration (read once at start-up): the variable is the current
    /// invocation's, and changes with every invocation.
    package static func fromEnvironment() -> String? {
        guard let pointer = getenv("_X_AMZN_TRACE_ID") else { return nil }
        return headerValue(String(cString: pointer))
    }

    /// `value` when it can be sent as a header value as it is: not empty, visible ASCII and spaces
    /// only (a line break would end the header early); otherwise nil.
    package static func headerValue(_ value: String) -> String? {
        guard !value.isEmpty, value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return value
    }
}
