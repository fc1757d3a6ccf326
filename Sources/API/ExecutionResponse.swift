import JSONCore
import Orchestrator

/// An execution on the wire (spec §2.3): statuses lowercase, waves and servers in detail, times
/// ISO-8601. A list item leaves out the audit trail (`events`, `eventsDropped`): up to
/// `ExecutionEvents.limit` entries per item would swell a page.
package struct ExecutionResponse: ListItem {
    package static let listKey = "items"

    package var executionId: String
    package var recoveryPlanId: String
    package var planId: String
    package var recoveryPlanName: String
    package var executionType: String
    package var status: String
    package var currentWave: Int
    package var totalWaves: Int
    package var waves: [Wave]
    @Nullable package var startTime: String?
    @Nullable package var endTime: String?
    package var initiatedBy: String
    @Nullable package var invocationSource: String?
    @Nullable package var invocationDetails: JSONValue?
    @Nullable package var errorMessage: String?
    @Nullable package var pausedBeforeWave: Int?
    package var version: Int
    package var events: [Event]?
    package var eventsDropped: Int?

    package struct Wave: Encodable {
        package var waveNumber: Int
        package var name: String
        package var status: String
        @Nullable package var jobId: String?
        package var region: String
        package var protectionGroupId: String
        package var pauseBeforeWave: Bool
        @Nullable package var startTime: String?
        @Nullable package var endTime: String?
        package var servers: [Server]
    }

    /// A server of a wave; `error` only when its launch failed.
    package struct Server: Encodable {
        package var sourceServerId: String
        package var hostname: String
        package var launchStatus: String
        @Nullable package var recoveryInstanceId: String?
        package var error: String?
    }

    /// One entry of the audit trail: `{at, type, waveNumber?, by?, message?}`.
    package struct Event: Encodable {
        package var at: String
        package var type: String
        package var waveNumber: Int?
        package var by: String?
        package var message: String?

        package init(_ event: ExecutionEvent) {
            at = Timestamp.iso8601(event.at)
            type = event.type.rawValue
            waveNumber = event.waveNumber
            by = event.by
            message = event.message
        }
    }

    /// - Parameter events: whether to include the audit trail (an execution's own answer) or not
    ///   (a list item).
    package init(_ execution: Execution, events: Bool = true) {
        executionId = execution.executionID
        recoveryPlanId = execution.planID
        planId = execution.planID
        recoveryPlanName = execution.planName
        executionType = execution.executionType.rawValue
        status = execution.status.apiValue
        currentWave = execution.currentWave
        totalWaves = execution.totalWaves
        waves = execution.waves.map { wave in
            Wave(
                waveNumber: wave.waveNumber, name: wave.name, status: wave.status.apiValue, jobId: wave.jobID,
                region: wave.region, protectionGroupId: wave.protectionGroupID, pauseBeforeWave: wave.pauseBeforeWave,
                startTime: wave.startTime.map(Timestamp.iso8601), endTime: wave.endTime.map(Timestamp.iso8601),
                servers: wave.servers.map { server in
                    Server(
                        sourceServerId: server.sourceServerID, hostname: server.hostname ?? "",
                        launchStatus: server.launchStatus, recoveryInstanceId: server.recoveryInstanceID,
                        error: server.error)
                })
        }
        startTime = Timestamp.iso8601(execution.startTime)
        endTime = execution.endTime.map(Timestamp.iso8601)
        initiatedBy = execution.initiatedBy
        invocationSource = execution.invocationSource
        invocationDetails = execution.invocationDetails
        errorMessage = execution.errorMessage
        pausedBeforeWave = execution.pausedBeforeWave
        version = execution.version
        if events {
            self.events = execution.events.map(Event.init)
            eventsDropped = execution.eventsDropped
        }
    }
}

/// The answer of a pause, resume or cancel: the execution and the sentence that reports the result.
package typealias ExecutionCommandResponse = Combined<ExecutionResponse, MessageResponse>

/// `{"message": …}`, added to a resource's members.
package struct MessageResponse: Encodable {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }
}

/// `202` to a start (spec §3): where to follow the execution. `ExecutionId` repeats
/// `executionId` in the casing the earlier implementation's callers read.
package struct ExecutionStartedResponse: Encodable {
    package var executionId: String
    package var ExecutionId: String
    package var status: String
    package var planId: String
    package var recoveryPlanName: String
    package var executionType: String
    package var statusUrl: String
    package var message: String

    package init(_ execution: Execution) {
        executionId = execution.executionID
        ExecutionId = execution.executionID
        status = execution.status.apiValue
        planId = execution.planID
        recoveryPlanName = execution.planName
        executionType = execution.executionType.rawValue
        statusUrl = "/executions/\(execution.executionID)"
        message = "Execution started - check status with GET \(statusUrl)"
    }
}

/// `POST /executions/{id}/terminate-instances`: the recovery instances being terminated and the
/// TERMINATE jobs, per region.
package struct TerminateInstancesResponse: Encodable {
    package var executionId: String
    package var message: String
    package var terminated: [Instance]
    package var terminatedCount: Int
    package var jobs: [Job]

    package struct Instance: Encodable {
        package var recoveryInstanceId: String
        package var sourceServerId: String
        package var region: String
    }

    package struct Job: Encodable {
        package var jobId: String
        package var region: String
    }

    package init(_ termination: InstanceTermination) {
        executionId = termination.executionID
        message = termination.message
        terminated = termination.instances.map {
            Instance(recoveryInstanceId: $0.recoveryInstanceID, sourceServerId: $0.sourceServerID, region: $0.region)
        }
        terminatedCount = termination.instances.count
        jobs = termination.jobs.map { Job(jobId: $0.jobID, region: $0.region) }
    }
}
