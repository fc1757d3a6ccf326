/// A DRS job (from `StartRecovery`, `TerminateRecoveryInstances` or `DescribeJobs`): what it does,
/// how far it has got, and each participating server's launch status.
package struct Job: Codable, Sendable, Equatable {
    /// `drsjob-` and 17 characters.
    package var jobID: String
    package var arn: String?
    /// `LAUNCH`, `TERMINATE`, `CREATE_CONVERTED_SNAPSHOT`.
    package var type: Kind?
    /// Which call created the job (`START_RECOVERY`, `START_DRILL`, `TERMINATE_RECOVERY_INSTANCES`, …).
    package var initiatedBy: Initiator?
    /// ISO 8601 (see `DRSTimestamp`).
    package var creationDateTime: String?
    /// Set once the job has completed.
    package var endDateTime: String?
    package var status: Status?
    /// One entry per server in the job; empty when DRS sent none (yet).
    package var participatingServers: [ParticipatingServer]
    /// The job's tags; empty when DRS sent none.
    package var tags: [String: String]

    /// A job from its parts (for fakes, tests and drs-local's simulator).
    package init(
        jobID: String,
        arn: String? = nil,
        type: Kind? = nil,
        initiatedBy: Initiator? = nil,
        creationDateTime: String? = nil,
        endDateTime: String? = nil,
        status: Status? = nil,
        participatingServers: [ParticipatingServer] = [],
        tags: [String: String] = [:]
    ) {
        self.jobID = jobID
        self.arn = arn
        self.type = type
        self.initiatedBy = initiatedBy
        self.creationDateTime = creationDateTime
        self.endDateTime = endDateTime
        self.status = status
        self.participatingServers = participatingServers
        self.tags = tags
    }

    enum CodingKeys: String, CodingKey {
        case jobID, arn, type, initiatedBy, creationDateTime, endDateTime, status, participatingServers, tags
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jobID = try container.decode(String.self, forKey: .jobID)
        arn = try container.decodeIfPresent(String.self, forKey: .arn)
        type = try container.decodeIfPresent(Kind.self, forKey: .type)
        initiatedBy = try container.decodeIfPresent(Initiator.self, forKey: .initiatedBy)
        creationDateTime = try container.decodeIfPresent(String.self, forKey: .creationDateTime)
        endDateTime = try container.decodeIfPresent(String.self, forKey: .endDateTime)
        status = try container.decodeIfPresent(Status.self, forKey: .status)
        participatingServers =
            try container.decodeIfPresent([ParticipatingServer].self, forKey: .participatingServers) ?? []
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
    }

    /// Whether the job is still running (PENDING or STARTED): what counts against DRS's limits.
    package var isActive: Bool { status == .pending || status == .started }

    /// `creationDateTime` in milliseconds since the epoch; nil when absent or unparsable.
    package var creationMilliseconds: Int64? {
        creationDateTime.flatMap(DRSTimestamp.millisecondsSince1970)
    }

    /// The job's kind (`type` on the wire).
    package struct Kind: DRSEnumeration {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let launch: Self = "LAUNCH"
        package static let terminate: Self = "TERMINATE"
        package static let createConvertedSnapshot: Self = "CREATE_CONVERTED_SNAPSHOT"
    }

    /// The job's progress: `PENDING` → `STARTED` → `COMPLETED`.
    package struct Status: DRSEnumeration {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let pending: Self = "PENDING"
        package static let started: Self = "STARTED"
        package static let completed: Self = "COMPLETED"
    }

    /// The call that created a job.
    package struct Initiator: DRSEnumeration {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let startRecovery: Self = "START_RECOVERY"
        package static let startDrill: Self = "START_DRILL"
        package static let failback: Self = "FAILBACK"
        package static let diagnostic: Self = "DIAGNOSTIC"
        package static let terminateRecoveryInstances: Self = "TERMINATE_RECOVERY_INSTANCES"
        package static let targetAccount: Self = "TARGET_ACCOUNT"
    }

    /// One server's part in a job.
    package struct ParticipatingServer: Codable, Sendable, Equatable {
        package var sourceServerID: String
        /// Set once DRS has created the recovery instance (not required for success: `launchStatus`
        /// `LAUNCHED` alone means launched).
        package var recoveryInstanceID: String?
        package var launchStatus: LaunchStatus?
        /// Post-launch actions (SSM), when configured.
        package var launchActionsStatus: LaunchActionsStatus?

        /// A participating server from its parts.
        package init(
            sourceServerID: String,
            recoveryInstanceID: String? = nil,
            launchStatus: LaunchStatus? = nil,
            launchActionsStatus: LaunchActionsStatus? = nil
        ) {
            self.sourceServerID = sourceServerID
            self.recoveryInstanceID = recoveryInstanceID
            self.launchStatus = launchStatus
            self.launchActionsStatus = launchActionsStatus
        }
    }

    /// The post-launch actions of one server.
    package struct LaunchActionsStatus: Codable, Sendable, Equatable {
        package var ssmAgentDiscoveryDatetime: String?
        package var runs: [LaunchActionRun]?

        /// A launch-actions status from its parts.
        package init(ssmAgentDiscoveryDatetime: String? = nil, runs: [LaunchActionRun]? = nil) {
            self.ssmAgentDiscoveryDatetime = ssmAgentDiscoveryDatetime
            self.runs = runs
        }
    }

    /// One run of a post-launch action.
    package struct LaunchActionRun: Codable, Sendable, Equatable {
        package var runID: String?
        /// `IN_PROGRESS`, `SUCCEEDED`, `FAILED`.
        package var status: String?
        package var failureReason: String?
        package var action: LaunchAction?

        enum CodingKeys: String, CodingKey {
            case runID = "runId"
            case status, failureReason, action
        }

        /// A run from its parts.
        package init(
            runID: String? = nil, status: String? = nil, failureReason: String? = nil, action: LaunchAction? = nil
        ) {
            self.runID = runID
            self.status = status
            self.failureReason = failureReason
            self.action = action
        }
    }

    /// The action a run executed.
    package struct LaunchAction: Codable, Sendable, Equatable {
        package var actionID: String?
        package var actionCode: String?
        package var name: String?
        /// `SSM_AUTOMATION` or `SSM_COMMAND`.
        package var type: String?
        package var optional: Bool?

        enum CodingKeys: String, CodingKey {
            case actionID = "actionId"
            case actionCode, name, type, optional
        }

        /// An action from its parts.
        package init(
            actionID: String? = nil,
            actionCode: String? = nil,
            name: String? = nil,
            type: String? = nil,
            optional: Bool? = nil
        ) {
            self.actionID = actionID
            self.actionCode = actionCode
            self.name = name
            self.type = type
            self.optional = optional
        }
    }
}
