import Primitives

/// What the Lambda Runtime API tells us about one invocation.
///
/// Built from the `Lambda-Runtime-*` headers of `GET /runtime/invocation/next`.
package struct InvocationContext: Sendable, Equatable {
    /// `Lambda-Runtime-Aws-Request-Id`: the id the response or error is posted under.
    package var requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when Lambda stops the invocation, in milliseconds since the Unix epoch.
    package var deadlineMilliseconds: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`: the ARN (with qualifier, if any) the caller invoked.
    package var invokedFunctionARN: String
    /// `Lambda-Runtime-Trace-Id`: the X-Ray trace header; the loop exports it as `_X_AMZN_TRACE_ID`.
    package var traceID: String?
    /// `Lambda-Runtime-Client-Context`: the mobile SDK's client context JSON, when the caller sent one.
    package var clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity`: the Cognito identity JSON, when the caller sent one.
    package var cognitoIdentity: String?

    package init(
        requestID: String,
        deadlineMilliseconds: Int64,
        invokedFunctionARN: String,
        traceID: String? = nil,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
    }

    /// Milliseconds left before the deadline, measured against `now` (milliseconds since the epoch);
    /// never negative.
    package func remainingMilliseconds(now: Int64 = WallClock.nowMilliseconds()) -> Int64 {
        max(0, deadlineMilliseconds - now)
    }
}
