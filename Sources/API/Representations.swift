import DRSModel
import JSONCore
import Orchestrator

/// The API's JSON shapes of the domain's records (spec §2, §4): camelCase, ISO-8601 timestamps.
package enum Representation {
    package static func group(_ group: ProtectionGroup) -> JSONValue {
        [
            "id": .string(group.id), "protectionGroupId": .string(group.id), "name": .string(group.name),
            "description": .string(group.description), "region": .string(group.region),
            "serverSelectionTags": .object(group.serverSelectionTags.mapValues { .string($0) }),
            "sourceServerIds": .array(group.sourceServerIds.map { .string($0) }),
            "accountId": .string(group.accountId), "owner": .string(group.owner),
            "createdAt": .string(Timestamp.iso8601(group.createdAt)),
            "updatedAt": .string(Timestamp.iso8601(group.updatedAt)), "version": .int(group.version),
            "createdBy": group.createdBy.map(JSONValue.string) ?? .null,
            "updatedBy": group.updatedBy.map(JSONValue.string) ?? .null,
        ]
    }

    package static func plan(_ view: RecoveryPlanService.View) -> JSONValue {
        let plan = view.plan
        let waves: [JSONValue] = plan.waves.enumerated().map { index, wave in
            var object: [String: JSONValue] = [
                "waveNumber": .int(index + 1), "name": .string(wave.name), "description": .string(wave.description),
                "protectionGroupId": .string(wave.protectionGroupId), "pauseBeforeWave": .bool(wave.pauseBeforeWave),
            ]
            if let ids = wave.serverIds { object["serverIds"] = .array(ids.map { .string($0) }) }
            return .object(object)
        }
        var conflictInfo: JSONValue = .null
        if let conflict = view.conflict {
            conflictInfo = [
                "hasConflict": true, "conflictingServers": .array(conflict.servers.map { .string($0) }),
                "conflictingExecutionId": .string(conflict.execution.executionId),
                "conflictingPlanId": .string(conflict.execution.planId),
                "conflictingPlanName": .string(conflict.execution.planName),
                "conflictingStatus": .string(conflict.execution.status),
                "reason": .string("\(conflict.servers.count) server(s) in use by another execution"),
            ]
        }
        return [
            "id": .string(plan.id), "planId": .string(plan.id), "name": .string(plan.name),
            "description": .string(plan.description), "waves": .array(waves), "waveCount": .int(plan.waves.count),
            // null: unknown, DRS could not say which servers a tag group selects right now.
            "hasServerConflict": view.conflictUnknown == nil ? .bool(view.conflict != nil) : .null,
            "conflictInfo": conflictInfo,
            "lastExecutionStatus": plan.lastExecutionStatus.map { .string($0.lowercased()) } ?? .null,
            "lastExecutionId": plan.lastExecutionId.map(JSONValue.string) ?? .null,
            "lastStartTime": plan.lastStartTime.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "lastEndTime": plan.lastEndTime.map { .string(Timestamp.iso8601($0)) } ?? .null,
            "createdAt": .string(Timestamp.iso8601(plan.createdAt)),
            "updatedAt": .string(Timestamp.iso8601(plan.updatedAt)), "version": .int(plan.version),
            "createdBy": plan.createdBy.map(JSONValue.string) ?? .null,
            "updatedBy": plan.updatedBy.map(JSONValue.string) ?? .null,
        ]
    }

    /// A DRS source server as the views show it; `assignment` only where the view computes it.
    package static func server(_ server: SourceServer) -> [String: JSONValue] {
        [
            "sourceServerID": .string(server.sourceServerID), "hostname": .string(server.hostname ?? ""),
            "sourceInstanceId": .string(server.sourceInstanceID ?? ""),
            "sourceIp": .string(server.sourceProperties?.primaryIP ?? ""),
            "os": .string(server.sourceProperties?.os?.fullString ?? ""),
            "replicationState": .string(server.replicationState?.rawValue ?? "UNKNOWN"),
            "lagDuration": .string(server.dataReplicationInfo?.lagDuration ?? ""),
            "lastSeen": .string(server.lifeCycle?.lastSeenByServiceDateTime ?? ""),
            "tags": .object(server.tags.mapValues { .string($0) }),
        ]
    }

    package static func assigned(_ server: SourceServer, _ assignment: DRSViewService.Assignment?) -> JSONValue {
        var object = Self.server(server)
        object["assignedToProtectionGroup"] =
            assignment.map {
                [
                    "protectionGroupId": .string($0.group.id), "protectionGroupName": .string($0.group.name),
                    "assignmentType": .string($0.type),
                ]
            } ?? .null
        object["selectable"] = .bool(assignment == nil)
        return .object(object)
    }
}

extension APIResponse {
    /// `value` as the body.
    package static func json(_ status: Int, _ value: JSONValue) -> APIResponse {
        APIResponse(status: status, body: value.jsonBytes)
    }
}

extension Representation {
    /// An execution (spec §2.3): statuses lowercase, waves and servers in detail.
    /// - Parameter events: whether to include the audit trail (`events`, `eventsDropped`); lists
    ///   leave it out (up to `ExecutionEvents.limit` entries per item would swell a page).
    package static func execution(_ execution: Execution, events: Bool = true) -> JSONValue {
        func time(_ milliseconds: Int64?) -> JSONValue { milliseconds.map { .string(Timestamp.iso8601($0)) } ?? .null }
        let waves: [JSONValue] = execution.waves.map { wave in
            [
                "waveNumber": .int(wave.waveNumber), "name": .string(wave.name),
                "status": .string(wave.status.apiValue),
                "jobId": wave.jobID.map(JSONValue.string) ?? .null, "region": .string(wave.region),
                "protectionGroupId": .string(wave.protectionGroupID), "pauseBeforeWave": .bool(wave.pauseBeforeWave),
                "startTime": time(wave.startTime), "endTime": time(wave.endTime),
                "servers": .array(
                    wave.servers.map { server in
                        var object: [String: JSONValue] = [
                            "sourceServerId": .string(server.sourceServerID),
                            "hostname": .string(server.hostname ?? ""), "launchStatus": .string(server.launchStatus),
                            "recoveryInstanceId": server.recoveryInstanceID.map(JSONValue.string) ?? .null,
                        ]
                        if let error = server.error { object["error"] = .string(error) }
                        return .object(object)
                    }),
            ]
        }
        var object: [String: JSONValue] = [
            "executionId": .string(execution.executionID), "recoveryPlanId": .string(execution.planID),
            "planId": .string(execution.planID), "recoveryPlanName": .string(execution.planName),
            "executionType": .string(execution.executionType.rawValue), "status": .string(execution.status.apiValue),
            "currentWave": .int(execution.currentWave), "totalWaves": .int(execution.totalWaves),
            "waves": .array(waves), "startTime": time(execution.startTime), "endTime": time(execution.endTime),
            "initiatedBy": .string(execution.initiatedBy),
            "invocationSource": execution.invocationSource.map(JSONValue.string) ?? .null,
            "invocationDetails": execution.invocationDetails ?? .null,
            "errorMessage": execution.errorMessage.map(JSONValue.string) ?? .null,
            "pausedBeforeWave": execution.pausedBeforeWave.map(JSONValue.int) ?? .null,
            "version": .int(execution.version),
        ]
        if events {
            object["events"] = .array(execution.events.map(event))
            object["eventsDropped"] = .int(execution.eventsDropped)
        }
        return .object(object)
    }

    /// One entry of an execution's `events`: `{at, type, waveNumber?, by?, message?}`.
    static func event(_ event: ExecutionEvent) -> JSONValue {
        var object: [String: JSONValue] = [
            "at": .string(Timestamp.iso8601(event.at)), "type": .string(event.type.rawValue),
        ]
        if let waveNumber = event.waveNumber { object["waveNumber"] = .int(waveNumber) }
        if let by = event.by { object["by"] = .string(by) }
        if let message = event.message { object["message"] = .string(message) }
        return .object(object)
    }
}
