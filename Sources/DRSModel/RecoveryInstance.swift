/// An EC2 instance DRS launched for a source server (one item of `DescribeRecoveryInstances`).
package struct RecoveryInstance: Codable, Sendable, Equatable {
    /// `i-…`; the same ID as the EC2 instance.
    package var recoveryInstanceID: String
    package var ec2InstanceID: String?
    package var ec2InstanceState: EC2InstanceState?
    /// The job that launched it.
    package var jobID: String?
    package var sourceServerID: String?
    package var arn: String?
    /// Empty when DRS sent none.
    package var tags: [String: String]
    /// Whether it was launched by a drill (as opposed to a recovery).
    package var isDrill: Bool?
    package var pointInTimeSnapshotDateTime: String?
    /// `ON_PREMISES` or `AWS`.
    package var originEnvironment: String?
    package var originAvailabilityZone: String?
    package var agentVersion: String?
    package var recoveryInstanceProperties: Properties?

    enum CodingKeys: String, CodingKey {
        case recoveryInstanceID, ec2InstanceID, ec2InstanceState, jobID, sourceServerID, arn, tags, isDrill
        case pointInTimeSnapshotDateTime, originEnvironment, originAvailabilityZone, agentVersion
        case recoveryInstanceProperties
    }

    /// A recovery instance from its parts (for fakes, tests and drs-local's simulator).
    package init(
        recoveryInstanceID: String,
        ec2InstanceID: String? = nil,
        ec2InstanceState: EC2InstanceState? = nil,
        jobID: String? = nil,
        sourceServerID: String? = nil,
        arn: String? = nil,
        tags: [String: String] = [:],
        isDrill: Bool? = nil,
        pointInTimeSnapshotDateTime: String? = nil,
        originEnvironment: String? = nil,
        originAvailabilityZone: String? = nil,
        agentVersion: String? = nil,
        recoveryInstanceProperties: Properties? = nil
    ) {
        self.recoveryInstanceID = recoveryInstanceID
        self.ec2InstanceID = ec2InstanceID
        self.ec2InstanceState = ec2InstanceState
        self.jobID = jobID
        self.sourceServerID = sourceServerID
        self.arn = arn
        self.tags = tags
        self.isDrill = isDrill
        self.pointInTimeSnapshotDateTime = pointInTimeSnapshotDateTime
        self.originEnvironment = originEnvironment
        self.originAvailabilityZone = originAvailabilityZone
        self.agentVersion = agentVersion
        self.recoveryInstanceProperties = recoveryInstanceProperties
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recoveryInstanceID = try container.decode(String.self, forKey: .recoveryInstanceID)
        ec2InstanceID = try container.decodeIfPresent(String.self, forKey: .ec2InstanceID)
        ec2InstanceState = try container.decodeIfPresent(EC2InstanceState.self, forKey: .ec2InstanceState)
        jobID = try container.decodeIfPresent(String.self, forKey: .jobID)
        sourceServerID = try container.decodeIfPresent(String.self, forKey: .sourceServerID)
        arn = try container.decodeIfPresent(String.self, forKey: .arn)
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        isDrill = try container.decodeIfPresent(Bool.self, forKey: .isDrill)
        pointInTimeSnapshotDateTime = try container.decodeIfPresent(String.self, forKey: .pointInTimeSnapshotDateTime)
        originEnvironment = try container.decodeIfPresent(String.self, forKey: .originEnvironment)
        originAvailabilityZone = try container.decodeIfPresent(String.self, forKey: .originAvailabilityZone)
        agentVersion = try container.decodeIfPresent(String.self, forKey: .agentVersion)
        recoveryInstanceProperties = try container.decodeIfPresent(Properties.self, forKey: .recoveryInstanceProperties)
    }

    /// The EC2 state DRS last saw.
    package struct EC2InstanceState: DRSEnumeration {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let pending: Self = "PENDING"
        package static let running: Self = "RUNNING"
        package static let stopping: Self = "STOPPING"
        package static let stopped: Self = "STOPPED"
        package static let shuttingDown: Self = "SHUTTING-DOWN"
        package static let terminated: Self = "TERMINATED"
        package static let notFound: Self = "NOT_FOUND"
    }

    /// What DRS knows about the launched machine.
    package struct Properties: Codable, Sendable, Equatable {
        package var lastUpdatedDateTime: String?
        package var identificationHints: SourceServer.IdentificationHints?
        package var networkInterfaces: [SourceServer.NetworkInterface]?
        package var ramBytes: Int64?
        package var os: SourceServer.OperatingSystem?

        /// Properties from their parts.
        package init(
            lastUpdatedDateTime: String? = nil,
            identificationHints: SourceServer.IdentificationHints? = nil,
            networkInterfaces: [SourceServer.NetworkInterface]? = nil,
            ramBytes: Int64? = nil,
            os: SourceServer.OperatingSystem? = nil
        ) {
            self.lastUpdatedDateTime = lastUpdatedDateTime
            self.identificationHints = identificationHints
            self.networkInterfaces = networkInterfaces
            self.ramBytes = ramBytes
            self.os = os
        }
    }
}
