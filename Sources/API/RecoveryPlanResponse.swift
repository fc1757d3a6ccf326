import JSONCore
import Orchestrator

/// A recovery plan on the wire (spec §2.2), with its server conflict against active executions.
package struct RecoveryPlanResponse: ListItem {
    package static let listKey = "plans"

    package var id: String
    package var planId: String
    package var name: String
    package var description: String
    package var waves: [Wave]
    package var waveCount: Int
    /// Null when unknown: DRS could not say which servers a tag group selects right now.
    @Nullable package var hasServerConflict: Bool?
    @Nullable package var conflictInfo: ConflictInfo?
    /// Lowercase.
    @Nullable package var lastExecutionStatus: String?
    @Nullable package var lastExecutionId: String?
    @Nullable package var lastStartTime: String?
    @Nullable package var lastEndTime: String?
    package var createdAt: String
    package var updatedAt: String
    package var version: Int
    @Nullable package var createdBy: String?
    @Nullable package var updatedBy: String?

    /// A wave; `serverIds` only when the wave names its servers (else the group's all run).
    package struct Wave: Encodable {
        package var waveNumber: Int
        package var name: String
        package var description: String
        package var protectionGroupId: String
        package var pauseBeforeWave: Bool
        package var serverIds: [String]?
    }

    /// The active execution that holds some of the plan's servers.
    package struct ConflictInfo: Encodable {
        package var hasConflict = true
        package var conflictingServers: [String]
        package var conflictingExecutionId: String
        package var conflictingPlanId: String
        package var conflictingPlanName: String
        package var conflictingStatus: String
        package var reason: String

        init(_ conflict: ServerConflict) {
            conflictingServers = conflict.servers
            conflictingExecutionId = conflict.execution.executionID
            conflictingPlanId = conflict.execution.planId
            conflictingPlanName = conflict.execution.planName
            conflictingStatus = conflict.execution.status
            reason = "\(conflict.servers.count) server(s) in use by another execution"
        }
    }

    package init(_ view: RecoveryPlanService.View) {
        let plan = view.plan
        id = plan.id
        planId = plan.id
        name = plan.name
        description = plan.description
        waves = plan.waves.enumerated().map { index, wave in
            Wave(
                waveNumber: index + 1, name: wave.name, description: wave.description,
                protectionGroupId: wave.protectionGroupId, pauseBeforeWave: wave.pauseBeforeWave,
                serverIds: wave.serverIds)
        }
        waveCount = plan.waves.count
        hasServerConflict = view.conflictUnknown == nil ? view.conflict != nil : nil
        conflictInfo = view.conflict.map(ConflictInfo.init)
        lastExecutionStatus = plan.lastExecutionStatus?.lowercased()
        lastExecutionId = plan.lastExecutionId
        lastStartTime = plan.lastStartTime.map(Timestamp.iso8601)
        lastEndTime = plan.lastEndTime.map(Timestamp.iso8601)
        createdAt = Timestamp.iso8601(plan.createdAt)
        updatedAt = Timestamp.iso8601(plan.updatedAt)
        version = plan.version
        createdBy = plan.createdBy
        updatedBy = plan.updatedBy
    }
}
