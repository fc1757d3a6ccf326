import JSONCore
import Orchestrator

/// `/executions…` and `POST /recovery-plans/{id}/execute` (spec §2.3, §3).
package struct ExecutionRoutes: RouteGroup {
    package let service: ExecutionService

    package init(service: ExecutionService) {
        self.service = service
    }

    package func register(in routes: inout RouterBuilder<RouteHandler>) throws(RouterError) {
        try routes.add("POST", "/executions") { context in
            try start(try Self.startRequest(context, planID: nil))
        }
        try routes.add("POST", "/recovery-plans/{id}/execute") { context in
            try start(try Self.startRequest(context, planID: context.parameter("id")))
        }
        try routes.add("GET", "/executions") { context in
            let page = try service.list(
                status: context.query("status"), planID: context.query("planId") ?? context.query("recoveryPlanId"),
                limit: try context.limit(maximum: 200, default: 50) ?? 50, nextToken: context.query("nextToken"))
            return try .json(200, encoding: ListResponse(page) { ExecutionResponse($0, events: false) })
        }
        try routes.add("GET", "/executions/{id}") { context in
            try .json(200, encoding: ExecutionResponse(try service.get(context.parameter("id"))))
        }
        for command in Self.commands {
            try routes.add("POST", "/executions/{id}/\(command.action)") { context in
                let execution = try service.command(
                    context.parameter("id"), by: context.request.auditName, command.apply)
                return try .json(
                    200,
                    encoding: ExecutionCommandResponse(
                        ExecutionResponse(execution), MessageResponse(command.message(execution))))
            }
        }
        try routes.add("POST", "/executions/{id}/terminate-instances") { context in
            let termination = try service.terminateInstances(context.parameter("id"), by: context.request.auditName)
            return try .json(200, encoding: TerminateInstancesResponse(termination))
        }
        try routes.add("DELETE", "/executions/{id}") { context in
            let id = context.parameter("id")
            try service.delete(id)
            return try .json(200, encoding: DeletionResponse.execution(id))
        }
    }

    private func start(_ request: ExecutionService.StartRequest) throws -> APIResponse {
        let execution = try service.start(request, catalog: ServerCatalog(drs: service.drs))
        return try .json(202, encoding: ExecutionStartedResponse(execution))
    }

    /// Pause, resume and cancel: the engine's command and the sentence that reports its result.
    struct Command: Sendable {
        var action: String
        var apply: @Sendable (ExecutionEngine, Execution, Int64) throws(EngineRejection) -> Execution
        var message: @Sendable (Execution) -> String
    }

    static let commands: [Command] = [
        Command(
            action: "pause",
            apply: { engine, execution, now throws(EngineRejection) in try engine.pause(execution, now: now) },
            message: { execution in
                execution.status == .paused
                    ? "Execution paused before wave \(execution.pausedBeforeWave ?? execution.currentWave + 1)"
                    : "Execution will pause after the current wave completes"
            }),
        Command(
            action: "resume",
            apply: { engine, execution, now throws(EngineRejection) in try engine.resume(execution, now: now) },
            message: { _ in "Execution resumed" }),
        Command(
            action: "cancel",
            apply: { engine, execution, now throws(EngineRejection) in try engine.cancel(execution, now: now) },
            message: { execution in
                execution.status == .cancelling
                    ? "Execution cancelling: the wave in flight finishes, no further wave starts"
                    : "Execution cancelled"
            }),
    ]

    /// A start body, both casings; `planID` from the path wins.
    static func startRequest(_ context: RequestContext, planID: String?) throws(DomainError)
        -> ExecutionService.StartRequest
    {
        let body = try context.body()
        var details: JSONValue?
        if let (name, value) = body.value(["invocationDetails", "InvocationDetails"]) {
            guard case .object = value else {
                throw .invalidRequest("\(name) must be an object, not \(value.typeDescription)", field: name)
            }
            details = value
        }
        let bodyPlanID = try body.string("recoveryPlanId", "planId", "PlanId", "RecoveryPlanId")
        // Spec §5: through API Gateway the signed-in identity and `API`, whatever the body says;
        // a direct (IAM) caller names itself, else `iam` and `LAMBDA`.
        let bodyInitiatedBy = try body.string("initiatedBy", "InitiatedBy")
        let bodySource = try body.string("invocationSource", "InvocationSource")
        let request = context.request
        return ExecutionService.StartRequest(
            planID: planID ?? bodyPlanID,
            executionType: try body.string("executionType", "ExecutionType"),
            initiatedBy: (request.isDirectInvocation ? bodyInitiatedBy : nil) ?? request.auditName,
            invocationSource: request.isDirectInvocation ? bodySource ?? "LAMBDA" : "API",
            invocationDetails: details,
            clientToken: try body.string("clientToken", "ClientToken"))
    }
}
