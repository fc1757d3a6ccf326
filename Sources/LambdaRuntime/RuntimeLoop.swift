#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The custom-runtime loop: next → handle → response/error, one invocation at a time, on the
/// calling thread.
package struct RuntimeLoop<Client: RuntimeClient> {
    /// Lambda's limit on a synchronous response payload.
    package static var maxResponseBytes: Int { 6 * 1024 * 1024 }

    /// Why `run` returned.
    package enum Exit: Equatable, Sendable {
        /// The Runtime API answered 500: Lambda wants the process gone.
        case runtimeAPIRequestedExit
        /// Initialization failed and was reported through `/init/error`.
        case initializationFailed(FunctionError)
        /// The Runtime API could not be reached or spoke nonsense.
        case runtimeAPIUnreachable(RuntimeAPIError)
        /// `maxInvocations` were served (tests and benchmarks only).
        case invocationLimitReached
    }

    private var client: Client
    private let exportTraceID: Bool

    /// - Parameter exportTraceID: set `_X_AMZN_TRACE_ID` per invocation, as Lambda runtimes must
    ///   (off in tests that share the process environment).
    package init(client: Client, exportTraceID: Bool = true) {
        self.client = client
        self.exportTraceID = exportTraceID
    }

    /// Builds the handler, then serves invocations until the Runtime API says stop.
    ///
    /// - Parameter makeHandler: start-up wiring; when it throws, the error goes to `/init/error`
    ///   and `run` returns `.initializationFailed`.
    package mutating func run<Handler: LambdaHandler>(
        maxInvocations: Int = .max,
        makeHandler: () throws -> Handler
    ) -> Exit {
        var handler: Handler
        do {
            handler = try makeHandler()
        } catch {
            let failure = FunctionError(type: "Runtime.InitError", message: String(describing: error))
            try? client.reportInitError(failure)
            return .initializationFailed(failure)
        }
        var served = 0
        while served < maxInvocations {
            do {
                let invocation = try client.nextInvocation()
                try serve(invocation, with: &handler)
                served += 1
            } catch let error as RuntimeAPIError {
                switch error.code {
                case .mustExit: return .runtimeAPIRequestedExit
                case .rejected: continue  // Lambda refused one post (e.g. a stale request id): keep serving
                default: return .runtimeAPIUnreachable(error)
                }
            } catch {
                return .runtimeAPIUnreachable(RuntimeAPIError(.connection, String(describing: error)))
            }
        }
        return .invocationLimitReached
    }

    private mutating func serve<Handler: LambdaHandler>(_ invocation: Invocation, with handler: inout Handler) throws {
        let context = invocation.context
        if exportTraceID {
            if let trace = context.traceID {
                setenv("_X_AMZN_TRACE_ID", trace, 1)
            } else {
                unsetenv("_X_AMZN_TRACE_ID")
            }
        }
        let payload: [UInt8]
        do {
            payload = try handler.handle(invocation.event, context: context)
        } catch {
            let failure = FunctionError(type: String(describing: type(of: error)), message: String(describing: error))
            try client.reportError(requestID: context.requestID, error: failure)
            return
        }
        guard payload.count <= Self.maxResponseBytes else {
            let failure = FunctionError(
                type: "Function.ResponseSizeTooLarge",
                message: "Response payload size (\(payload.count) bytes) exceeded maximum allowed payload size "
                    + "(\(Self.maxResponseBytes) bytes).")
            try client.reportError(requestID: context.requestID, error: failure)
            return
        }
        try client.reportResponse(requestID: context.requestID, payload: payload)
    }
}
