import LambdaRuntime

/// A Runtime API that hands out scripted invocations and records what the loop posts.
package struct ScriptedRuntimeClient: RuntimeClient {
    /// One step of the script: an invocation, or an error `nextInvocation` throws.
    package enum Step {
        case invocation(Invocation)
        case failure(RuntimeAPIError)
    }

    /// What the loop posted, shared so the test can read it after the loop consumed the client.
    package final class Record: @unchecked Sendable {
        // Only touched from the test's one thread (the loop runs synchronously).
        package var responses: [(requestID: String, payload: [UInt8])] = []
        package var errors: [(requestID: String, error: FunctionError)] = []
        package var initErrors: [FunctionError] = []
        package var nextCalls = 0
        package init() {}
    }

    private var steps: [Step]
    package let record = Record()

    package init(_ steps: [Step]) {
        self.steps = steps
    }

    /// A script of plain events with generated request ids `req-1`, `req-2`, …
    package init(events: [String]) {
        self.init(
            events.enumerated().map { index, event in
                .invocation(
                    Invocation(
                        context: InvocationContext(
                            requestID: "req-\(index + 1)", deadlineMilliseconds: 4_102_444_800_000,
                            invokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:test"),
                        event: Array(event.utf8)))
            })
    }

    package mutating func nextInvocation() throws -> Invocation {
        record.nextCalls += 1
        guard !steps.isEmpty else { throw RuntimeAPIError(.mustExit, "script finished", status: 500) }
        switch steps.removeFirst() {
        case .invocation(let invocation): return invocation
        case .failure(let error): throw error
        }
    }

    package mutating func reportResponse(requestID: String, payload: [UInt8]) throws {
        record.responses.append((requestID, payload))
    }

    package mutating func reportError(requestID: String, error: FunctionError) throws {
        record.errors.append((requestID, error))
    }

    package mutating func reportInitError(_ error: FunctionError) throws {
        record.initErrors.append(error)
    }
}
