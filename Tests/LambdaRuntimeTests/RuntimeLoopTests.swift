import LambdaRuntime
import TestSupport
import Testing

private struct Echo: LambdaHandler {
    var seen: [InvocationContext] = []
    mutating func handle(_ event: [UInt8], context: InvocationContext) throws -> [UInt8] {
        seen.append(context)
        return Array("echo:".utf8) + event
    }
}

private struct Failing: LambdaHandler {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    func handle(_ event: [UInt8], context: InvocationContext) throws -> [UInt8] { throw Boom() }
}

private struct Huge: LambdaHandler {
    func handle(_ event: [UInt8], context: InvocationContext) throws -> [UInt8] {
        [UInt8](repeating: 0x20, count: 6 * 1024 * 1024 + 1)
    }
}

private struct InitFailure: Error, CustomStringConvertible { var description: String { "no table name configured" } }

@Suite("The runtime loop")
struct RuntimeLoopTests {
    @Test("posts each handler result as the response of its request id")
    func success() {
        let client = ScriptedRuntimeClient(events: ["a", "b"])
        var loop = RuntimeLoop(client: client, exportTraceID: false)
        let exit = loop.run { Echo() }
        #expect(exit == .runtimeAPIRequestedExit)
        #expect(client.record.responses.map(\.requestID) == ["req-1", "req-2"])
        #expect(client.record.responses.map { String(decoding: $0.payload, as: UTF8.self) } == ["echo:a", "echo:b"])
        #expect(client.record.errors.isEmpty)
    }

    @Test("hands the handler the invocation's context")
    func context() {
        let context = InvocationContext(
            requestID: "r1", deadlineMilliseconds: 1234, invokedFunctionARN: "arn:x", traceID: "Root=1-abc",
            clientContext: #"{"client":{}}"#, cognitoIdentity: #"{"cognitoIdentityId":"id"}"#)
        final class Box: @unchecked Sendable { var seen: [InvocationContext] = [] }
        struct Recording: LambdaHandler {
            let box: Box
            func handle(_ event: [UInt8], context: InvocationContext) throws -> [UInt8] {
                box.seen.append(context)
                return []
            }
        }
        let box = Box()
        var loop = RuntimeLoop(
            client: ScriptedRuntimeClient([.invocation(Invocation(context: context, event: []))]), exportTraceID: false)
        _ = loop.run { Recording(box: box) }
        #expect(box.seen == [context])
    }

    @Test("reports a handler failure as a function error and keeps serving")
    func handlerError() {
        let client = ScriptedRuntimeClient(events: ["a", "b"])
        var loop = RuntimeLoop(client: client, exportTraceID: false)
        _ = loop.run { Failing() }
        #expect(client.record.errors.map(\.requestID) == ["req-1", "req-2"])
        #expect(client.record.errors.first?.error == FunctionError(type: "Boom", message: "boom"))
        #expect(client.record.responses.isEmpty)
    }

    @Test("reports a failed start-up through init/error and serves nothing")
    func initError() {
        let client = ScriptedRuntimeClient(events: ["a"])
        var loop = RuntimeLoop(client: client, exportTraceID: false)
        let exit = loop.run { () throws -> Echo in throw InitFailure() }
        #expect(
            exit == .initializationFailed(FunctionError(type: "Runtime.InitError", message: "no table name configured"))
        )
        #expect(client.record.initErrors.map(\.message) == ["no table name configured"])
        #expect(client.record.nextCalls == 0)
    }

    @Test("exits at once when the Runtime API answers 500")
    func runtimeAPI500() {
        let client = ScriptedRuntimeClient([
            .failure(RuntimeAPIError(.mustExit, "container error", status: 500)),
            .invocation(
                Invocation(
                    context: InvocationContext(requestID: "x", deadlineMilliseconds: 0, invokedFunctionARN: ""),
                    event: [])),
        ])
        var loop = RuntimeLoop(client: client, exportTraceID: false)
        #expect(loop.run { Echo() } == .runtimeAPIRequestedExit)
        #expect(client.record.nextCalls == 1)
        #expect(client.record.responses.isEmpty)
    }

    @Test("stops when the Runtime API is unreachable")
    func unreachable() {
        let failure = RuntimeAPIError(.connection, "refused")
        var loop = RuntimeLoop(client: ScriptedRuntimeClient([.failure(failure)]), exportTraceID: false)
        #expect(loop.run { Echo() } == .runtimeAPIUnreachable(failure))
    }

    @Test("replaces a response over 6 MB with a ResponseSizeTooLarge error instead of sending it")
    func oversizedResponse() {
        let client = ScriptedRuntimeClient(events: ["a"])
        var loop = RuntimeLoop(client: client, exportTraceID: false)
        _ = loop.run { Huge() }
        #expect(client.record.responses.isEmpty)
        #expect(client.record.errors.first?.error.type == "Function.ResponseSizeTooLarge")
    }

    @Test("writes error bodies as the Runtime API expects them")
    func errorJSON() {
        let error = FunctionError(type: "Runtime.X", message: "say \"hi\"\n")
        #expect(
            String(decoding: error.json, as: UTF8.self) == #"{"errorMessage":"say \"hi\"\n","errorType":"Runtime.X"}"#)
    }

    @Test(
        "rejects a Runtime API endpoint that is not host:port",
        arguments: ["", "localhost", ":9001", "host:0", "host:x"])
    func badEndpoint(endpoint: String) {
        #expect(throws: RuntimeAPIError.self) { try RuntimeAPIClient(endpoint: endpoint) }
    }
}
