import Foundation

/// One function's invocations: a FIFO queue of invokes, the runtimes waiting in `/next`, and the
/// invocation each runtime is working on, with Lambda's rules for timeouts, crashes and init errors.
///
/// Runtimes are identified by their instance index (each instance has its own Runtime API port),
/// so a crash or a timeout is always charged to the right invocation.
actor FunctionHost {
    /// What the Runtime API answers to a posted response or error.
    enum RuntimeReply: Sendable, Equatable {
        case accepted
        case unknownRequestID
        case payloadTooLarge
    }

    nonisolated let function: SAMFunction
    nonisolated let functionARN: String
    nonisolated let captures: [OutputCapture]
    private let log: EmulatorLog

    private struct PendingInvocation {
        let requestID: String
        let request: InvokeRequest
        let continuation: CheckedContinuation<InvokeResult, Never>
    }

    private struct Poller {
        let instance: Int
        let token: UInt64
        let continuation: CheckedContinuation<InvocationDelivery, any Error>
    }

    private struct Assignment {
        let pending: PendingInvocation
        let delivery: InvocationDelivery
        let instance: Int
        let started: ContinuousClock.Instant
        let logMark: Int
        let timeout: Task<Void, Never>
    }

    /// How a runtime failed before it ever asked for work; returned to invokes that find no runtime.
    private enum InitFailure {
        case exited(status: String)
        case posted(payload: [UInt8], type: String)

        func result(requestID: String) -> InvokeResult {
            switch self {
            case .exited(let status):
                return InvokeResult(
                    requestID: requestID,
                    payload: LambdaErrorPayload.exitError(requestID: requestID, status: status),
                    errorType: "Runtime.ExitError"
                )
            case .posted(let payload, let type):
                return InvokeResult(requestID: requestID, payload: payload, errorType: type)
            }
        }
    }

    private struct InstanceState {
        /// Bumped each time a new process starts in the slot.
        var generation = 0
        /// Whether the current process has called `/next` at least once (finished its init).
        var ready = false
        var initFailure: InitFailure?
    }

    private var queue: [PendingInvocation] = []
    private var pollers: [Poller] = []
    private var assignments: [String: Assignment] = [:]
    private var assignmentByInstance: [Int: String] = [:]
    private var instances: [InstanceState]
    private var nextToken: UInt64 = 0
    private var stopped = false
    /// Kills the current process of an instance; installed by the function's supervisor.
    private var killInstance: @Sendable (Int) -> Void = { _ in }

    init(function: SAMFunction, region: String, accountID: String, instanceCount: Int, log: EmulatorLog) {
        self.function = function
        self.functionARN = "arn:aws:lambda:\(region):\(accountID):function:\(function.functionName)"
        self.captures = (0..<instanceCount).map { _ in OutputCapture() }
        self.instances = Array(repeating: InstanceState(), count: instanceCount)
        self.log = log
    }

    func setInstanceKiller(_ killer: @escaping @Sendable (Int) -> Void) {
        killInstance = killer
    }

    nonisolated func label(_ instance: Int) -> String {
        "[\(function.functionName)#\(instance + 1)]"
    }

    // MARK: Invoke side

    /// Queues the invocation and waits for its outcome; never throws — every failure Lambda would
    /// report comes back as an `InvokeResult` with an `errorType`.
    func invoke(_ request: InvokeRequest) async -> InvokeResult {
        let requestID = request.requestID ?? UUID().uuidString.lowercased()
        if stopped {
            return InvokeResult(
                requestID: requestID,
                payload: LambdaErrorPayload.shuttingDown(requestID: requestID),
                errorType: "Runtime.Shutdown"
            )
        }
        // With every runtime failing its init there is nobody to wait for: answer as Lambda
        // does, with the init failure, instead of hanging the caller.
        if pollers.isEmpty, !instances.isEmpty, instances.allSatisfy({ $0.initFailure != nil }),
            let failure = instances.compactMap(\.initFailure).last
        {
            return failure.result(requestID: requestID)
        }
        var result = await withCheckedContinuation { continuation in
            queue.append(PendingInvocation(requestID: requestID, request: request, continuation: continuation))
            dispatch()
        }
        if let source = result.logSource {
            // The child's output reaches us through a pipe that may lag the HTTP post of its
            // response by a moment; wait a little so the tail has the last lines.
            try? await Task.sleep(for: .milliseconds(50))
            result.logs = logs(requestID: result.requestID, source)
            result.logSource = nil
        }
        return result
    }

    // MARK: Runtime side

    /// `GET /next`: the next invocation for `instance`, waiting as long as it takes.
    func next(instance: Int) async throws -> InvocationDelivery {
        guard !stopped, instances.indices.contains(instance) else { throw CancellationError() }
        instances[instance].ready = true
        instances[instance].initFailure = nil
        // A runtime asking again while it holds an invocation never saw it (its connection was
        // lost); hand the same one over again. The invocation's timeout still bounds this.
        if let requestID = assignmentByInstance[instance], let assignment = assignments[requestID] {
            return assignment.delivery
        }
        // Only the newest poll of a runtime can be alive.
        for stale in pollers where stale.instance == instance {
            stale.continuation.resume(throwing: CancellationError())
        }
        pollers.removeAll { $0.instance == instance }
        nextToken += 1
        let token = nextToken
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                pollers.append(Poller(instance: instance, token: token, continuation: continuation))
                dispatch()
            }
        } onCancel: {
            Task { await self.cancelPoller(token: token) }
        }
    }

    /// `POST /invocation/{id}/response`.
    func postResponse(instance: Int, requestID: String, body: [UInt8]) -> RuntimeReply {
        guard assignments[requestID] != nil else { return .unknownRequestID }
        guard body.count <= LambdaErrorPayload.maximumResponseBytes else {
            complete(
                requestID, payload: LambdaErrorPayload.responseTooLarge(size: body.count),
                errorType: "Function.ResponseSizeTooLarge")
            return .payloadTooLarge
        }
        complete(requestID, payload: body, errorType: nil)
        return .accepted
    }

    /// The runtime tried to post a response larger than Lambda allows (the body was not read).
    func responseTooLarge(requestID: String, size: Int) -> RuntimeReply {
        guard assignments[requestID] != nil else { return .unknownRequestID }
        complete(
            requestID, payload: LambdaErrorPayload.responseTooLarge(size: size),
            errorType: "Function.ResponseSizeTooLarge")
        return .payloadTooLarge
    }

    /// `POST /invocation/{id}/error`.
    func postError(instance: Int, requestID: String, body: [UInt8], errorType: String?) -> RuntimeReply {
        guard assignments[requestID] != nil else { return .unknownRequestID }
        let error = LambdaErrorPayload.posted(body: body, headerType: errorType)
        complete(requestID, payload: error.payload, errorType: error.type)
        return .accepted
    }

    /// `POST /runtime/init/error`: logged, returned to the invoke that is waiting, and the runtime
    /// is replaced as Lambda replaces a sandbox whose init failed.
    func postInitError(instance: Int, body: [UInt8], errorType: String?) {
        guard instances.indices.contains(instance) else { return }
        let error = LambdaErrorPayload.posted(body: body, headerType: errorType)
        log("\(label(instance)) init error: \(String(decoding: error.payload, as: UTF8.self))")
        let failure = InitFailure.posted(payload: error.payload, type: error.type)
        instances[instance].initFailure = failure
        instances[instance].ready = false
        failHeadOfQueue(with: failure)
        // Runtimes exit after reporting an init error; one that does not is stopped shortly after.
        let generation = instances[instance].generation
        Task {
            try? await Task.sleep(for: .seconds(1))
            self.kill(instance: instance, ifGeneration: generation)
        }
    }

    // MARK: Supervisor side

    /// A new process is about to start in slot `instance`.
    func instanceStarting(_ instance: Int) {
        guard instances.indices.contains(instance) else { return }
        instances[instance].generation += 1
        instances[instance].ready = false
    }

    /// The process in slot `instance` ended (`status` as Lambda words it: `exit status 1`).
    func instanceExited(_ instance: Int, status: String) {
        guard instances.indices.contains(instance) else { return }
        for poller in pollers where poller.instance == instance {
            poller.continuation.resume(throwing: CancellationError())
        }
        pollers.removeAll { $0.instance == instance }
        if let requestID = assignmentByInstance[instance] {
            complete(
                requestID, payload: LambdaErrorPayload.exitError(requestID: requestID, status: status),
                errorType: "Runtime.ExitError")
        } else if !instances[instance].ready, !stopped {
            // Died during init: the invoke waiting for a runtime gets the crash, as on Lambda.
            let failure = instances[instance].initFailure ?? .exited(status: status)
            instances[instance].initFailure = failure
            failHeadOfQueue(with: failure)
        }
        instances[instance].ready = false
    }

    /// Answers everything queued or in flight with `Runtime.Shutdown`; later invokes fail at once.
    func stop() {
        stopped = true
        for pending in queue {
            pending.continuation.resume(
                returning: InvokeResult(
                    requestID: pending.requestID,
                    payload: LambdaErrorPayload.shuttingDown(requestID: pending.requestID),
                    errorType: "Runtime.Shutdown"
                )
            )
        }
        queue.removeAll()
        for requestID in Array(assignments.keys) {
            complete(
                requestID, payload: LambdaErrorPayload.shuttingDown(requestID: requestID), errorType: "Runtime.Shutdown"
            )
        }
        // Waiting runtimes are left waiting: they are about to get SIGTERM, and an error answer
        // now would only make them print a stack trace on the way out.
    }

    // MARK: Internals

    private func dispatch() {
        while !queue.isEmpty, !pollers.isEmpty {
            let poller = pollers.removeFirst()
            let pending = queue.removeFirst()
            assign(pending, to: poller)
        }
    }

    private func assign(_ pending: PendingInvocation, to poller: Poller) {
        let now = Date()
        let delivery = InvocationDelivery(
            requestID: pending.requestID,
            payload: pending.request.payload.isEmpty ? Array("{}".utf8) : pending.request.payload,
            deadlineMilliseconds: Int64((now.timeIntervalSince1970 + Double(function.timeout)) * 1000),
            functionARN: functionARN,
            traceID: Self.traceID(at: now),
            clientContext: pending.request.clientContext,
            cognitoIdentity: pending.request.cognitoIdentity
        )
        let requestID = pending.requestID
        let seconds = function.timeout
        let timeout = Task {
            do {
                try await Task.sleep(for: .seconds(seconds))
            } catch {
                return
            }
            self.timedOut(requestID)
        }
        let mark = captures[poller.instance].position
        assignments[requestID] = Assignment(
            pending: pending,
            delivery: delivery,
            instance: poller.instance,
            started: .now,
            logMark: mark,
            timeout: timeout
        )
        assignmentByInstance[poller.instance] = requestID
        log("\(label(poller.instance)) START RequestId: \(requestID) Version: $LATEST")
        poller.continuation.resume(returning: delivery)
    }

    private func timedOut(_ requestID: String) {
        guard let assignment = assignments[requestID] else { return }
        complete(
            requestID,
            payload: LambdaErrorPayload.timeout(requestID: requestID, seconds: function.timeout),
            errorType: "Sandbox.Timedout"
        )
        log(
            "\(label(assignment.instance)) RequestId: \(requestID) Task timed out after \(function.timeout).00 seconds; restarting the runtime"
        )
        killInstance(assignment.instance)
    }

    private func complete(_ requestID: String, payload: [UInt8], errorType: String?) {
        guard let assignment = assignments.removeValue(forKey: requestID) else { return }
        if assignmentByInstance[assignment.instance] == requestID {
            assignmentByInstance[assignment.instance] = nil
        }
        assignment.timeout.cancel()
        let elapsed = assignment.started.duration(to: .now)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let report =
            "REPORT RequestId: \(requestID)\tDuration: \(String(format: "%.2f", milliseconds)) ms\t"
            + "Billed Duration: \(Int(milliseconds.rounded(.up))) ms\tMemory Size: \(function.memorySize) MB"
        log("\(label(assignment.instance)) \(report)\(errorType.map { "\tError: \($0)" } ?? "")")
        var result = InvokeResult(requestID: requestID, payload: payload, errorType: errorType)
        if assignment.pending.request.wantsLogTail {
            result.logSource = .init(instance: assignment.instance, mark: assignment.logMark, report: report)
        }
        assignment.pending.continuation.resume(returning: result)
    }

    /// Lambda's log text for one invocation: START, the runtime's output, END, REPORT.
    private func logs(requestID: String, _ source: InvokeResult.LogSource) -> String {
        guard captures.indices.contains(source.instance) else { return "" }
        let output = captures[source.instance].text(since: source.mark)
        return "START RequestId: \(requestID) Version: $LATEST\n" + output
            + (output.isEmpty || output.hasSuffix("\n") ? "" : "\n")
            + "END RequestId: \(requestID)\n\(source.report)\n"
    }

    private func failHeadOfQueue(with failure: InitFailure) {
        guard !queue.isEmpty else { return }
        let pending = queue.removeFirst()
        pending.continuation.resume(returning: failure.result(requestID: pending.requestID))
    }

    private func cancelPoller(token: UInt64) {
        guard let index = pollers.firstIndex(where: { $0.token == token }) else { return }
        pollers.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    private func kill(instance: Int, ifGeneration generation: Int) {
        guard instances.indices.contains(instance), instances[instance].generation == generation,
            !instances[instance].ready
        else { return }
        killInstance(instance)
    }

    /// An X-Ray trace header for a new, unsampled trace.
    static func traceID(at date: Date) -> String {
        func hex(_ count: Int) -> String {
            String((0..<count).map { _ in "0123456789abcdef".randomElement() ?? "0" })
        }
        let epoch = String(UInt32(truncatingIfNeeded: Int(date.timeIntervalSince1970)), radix: 16)
        return "Root=1-\(epoch)-\(hex(24));Parent=\(hex(16));Sampled=0"
    }
}
