/// A server DRS replicates (one item of `DescribeSourceServers`): the fields this project reads.
/// Fields DRS adds or that are not modelled here are ignored when decoding.
package struct SourceServer: Codable, Sendable, Equatable {
    /// `s-` and 17 characters.
    package var sourceServerID: String
    package var arn: String?
    /// The DRS resource tags (not the source EC2 instance's tags); empty when DRS sent none.
    package var tags: [String: String]
    /// The server's current recovery instance, when it has one.
    package var recoveryInstanceID: String?
    package var lastLaunchResult: LastLaunchResult?
    package var dataReplicationInfo: DataReplicationInfo?
    package var lifeCycle: LifeCycle?
    package var sourceProperties: SourceProperties?
    package var stagingArea: StagingArea?
    package var sourceCloudProperties: SourceCloudProperties?
    package var replicationDirection: ReplicationDirection?
    package var reversedDirectionSourceServerARN: String?
    package var sourceNetworkID: String?
    package var agentVersion: String?

    enum CodingKeys: String, CodingKey {
        case sourceServerID, arn, tags
        case recoveryInstanceID = "recoveryInstanceId"
        case lastLaunchResult, dataReplicationInfo, lifeCycle, sourceProperties, stagingArea, sourceCloudProperties
        case replicationDirection
        case reversedDirectionSourceServerARN = "reversedDirectionSourceServerArn"
        case sourceNetworkID, agentVersion
    }

    /// A source server from its parts (for fakes and tests; decoding fills it from DRS's JSON).
    package init(
        sourceServerID: String,
        arn: String? = nil,
        tags: [String: String] = [:],
        recoveryInstanceID: String? = nil,
        lastLaunchResult: LastLaunchResult? = nil,
        dataReplicationInfo: DataReplicationInfo? = nil,
        lifeCycle: LifeCycle? = nil,
        sourceProperties: SourceProperties? = nil,
        stagingArea: StagingArea? = nil,
        sourceCloudProperties: SourceCloudProperties? = nil,
        replicationDirection: ReplicationDirection? = nil,
        reversedDirectionSourceServerARN: String? = nil,
        sourceNetworkID: String? = nil,
        agentVersion: String? = nil
    ) {
        self.sourceServerID = sourceServerID
        self.arn = arn
        self.tags = tags
        self.recoveryInstanceID = recoveryInstanceID
        self.lastLaunchResult = lastLaunchResult
        self.dataReplicationInfo = dataReplicationInfo
        self.lifeCycle = lifeCycle
        self.sourceProperties = sourceProperties
        self.stagingArea = stagingArea
        self.sourceCloudProperties = sourceCloudProperties
        self.replicationDirection = replicationDirection
        self.reversedDirectionSourceServerARN = reversedDirectionSourceServerARN
        self.sourceNetworkID = sourceNetworkID
        self.agentVersion = agentVersion
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sourceServerID = try container.decode(String.self, forKey: .sourceServerID)
        arn = try container.decodeIfPresent(String.self, forKey: .arn)
        tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        recoveryInstanceID = try container.decodeIfPresent(String.self, forKey: .recoveryInstanceID)
        lastLaunchResult = try container.decodeIfPresent(LastLaunchResult.self, forKey: .lastLaunchResult)
        dataReplicationInfo = try container.decodeIfPresent(DataReplicationInfo.self, forKey: .dataReplicationInfo)
        lifeCycle = try container.decodeIfPresent(LifeCycle.self, forKey: .lifeCycle)
        sourceProperties = try container.decodeIfPresent(SourceProperties.self, forKey: .sourceProperties)
        stagingArea = try container.decodeIfPresent(StagingArea.self, forKey: .stagingArea)
        sourceCloudProperties = try container.decodeIfPresent(
            SourceCloudProperties.self, forKey: .sourceCloudProperties)
        replicationDirection = try container.decodeIfPresent(ReplicationDirection.self, forKey: .replicationDirection)
        reversedDirectionSourceServerARN = try container.decodeIfPresent(
            String.self, forKey: .reversedDirectionSourceServerARN)
        sourceNetworkID = try container.decodeIfPresent(String.self, forKey: .sourceNetworkID)
        agentVersion = try container.decodeIfPresent(String.self, forKey: .agentVersion)
    }

    /// `sourceProperties.identificationHints.hostname`, when DRS knows it.
    package var hostname: String? { sourceProperties?.identificationHints?.hostname }

    /// `dataReplicationInfo.dataReplicationState`, when DRS reported one.
    package var replicationState: DataReplicationState? { dataReplicationInfo?.dataReplicationState }

    /// The ID of the EC2 instance the server replicates from (`identificationHints.awsInstanceID`);
    /// nil for servers outside EC2.
    package var sourceInstanceID: String? { sourceProperties?.identificationHints?.awsInstanceID }

    /// The result of the server's last launch (`lastLaunchResult`).
    package struct LastLaunchResult: DRSEnumeration {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let notStarted: Self = "NOT_STARTED"
        package static let pending: Self = "PENDING"
        package static let succeeded: Self = "SUCCEEDED"
        package static let failed: Self = "FAILED"
    }

    /// Whether the server replicates towards AWS (`FAILOVER`) or back from it (`FAILBACK`).
    package struct ReplicationDirection: DRSEnumeration {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let failover: Self = "FAILOVER"
        package static let failback: Self = "FAILBACK"
    }

    /// Whether a launch was a recovery or a drill (`lifeCycle.lastLaunch.initiated.type`).
    package struct LaunchType: DRSEnumeration {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let recovery: Self = "RECOVERY"
        package static let drill: Self = "DRILL"
    }

    /// Replication progress and health.
    package struct DataReplicationInfo: Codable, Sendable, Equatable {
        package var dataReplicationState: DataReplicationState?
        /// An ISO 8601 duration such as `PT5S`.
        package var lagDuration: String?
        package var etaDateTime: String?
        package var replicatedDisks: [ReplicatedDisk]?
        package var dataReplicationError: DataReplicationError?
        package var stagingAvailabilityZone: String?

        package init(
            dataReplicationState: DataReplicationState? = nil,
            lagDuration: String? = nil,
            etaDateTime: String? = nil,
            replicatedDisks: [ReplicatedDisk]? = nil,
            dataReplicationError: DataReplicationError? = nil,
            stagingAvailabilityZone: String? = nil
        ) {
            self.dataReplicationState = dataReplicationState
            self.lagDuration = lagDuration
            self.etaDateTime = etaDateTime
            self.replicatedDisks = replicatedDisks
            self.dataReplicationError = dataReplicationError
            self.stagingAvailabilityZone = stagingAvailabilityZone
        }
    }

    /// One replicated disk's byte counts.
    package struct ReplicatedDisk: Codable, Sendable, Equatable {
        package var deviceName: String?
        package var totalStorageBytes: Int64?
        package var replicatedStorageBytes: Int64?
        package var rescannedStorageBytes: Int64?
        package var backloggedStorageBytes: Int64?

        package init(
            deviceName: String? = nil,
            totalStorageBytes: Int64? = nil,
            replicatedStorageBytes: Int64? = nil,
            rescannedStorageBytes: Int64? = nil,
            backloggedStorageBytes: Int64? = nil
        ) {
            self.deviceName = deviceName
            self.totalStorageBytes = totalStorageBytes
            self.replicatedStorageBytes = replicatedStorageBytes
            self.rescannedStorageBytes = rescannedStorageBytes
            self.backloggedStorageBytes = backloggedStorageBytes
        }
    }

    /// Why replication is unhealthy (`AGENT_NOT_SEEN`, `SNAPSHOTS_FAILURE`, …).
    package struct DataReplicationError: Codable, Sendable, Equatable {
        package var error: String?
        package var rawError: String?

        package init(error: String? = nil, rawError: String? = nil) {
            self.error = error
            self.rawError = rawError
        }
    }

    /// When the server joined, was last seen, and its last launch.
    package struct LifeCycle: Codable, Sendable, Equatable {
        package var addedToServiceDateTime: String?
        package var firstByteDateTime: String?
        package var elapsedReplicationDuration: String?
        package var lastSeenByServiceDateTime: String?
        package var lastLaunch: LastLaunch?

        package init(
            addedToServiceDateTime: String? = nil,
            firstByteDateTime: String? = nil,
            elapsedReplicationDuration: String? = nil,
            lastSeenByServiceDateTime: String? = nil,
            lastLaunch: LastLaunch? = nil
        ) {
            self.addedToServiceDateTime = addedToServiceDateTime
            self.firstByteDateTime = firstByteDateTime
            self.elapsedReplicationDuration = elapsedReplicationDuration
            self.lastSeenByServiceDateTime = lastSeenByServiceDateTime
            self.lastLaunch = lastLaunch
        }
    }

    /// The server's last launch: which job started it and how it went.
    package struct LastLaunch: Codable, Sendable, Equatable {
        package var initiated: Initiated?
        package var status: LaunchStatus?

        package init(initiated: Initiated? = nil, status: LaunchStatus? = nil) {
            self.initiated = initiated
            self.status = status
        }

        /// The call that started the launch.
        package struct Initiated: Codable, Sendable, Equatable {
            package var apiCallDateTime: String?
            package var jobID: String?
            package var type: LaunchType?

            package init(apiCallDateTime: String? = nil, jobID: String? = nil, type: LaunchType? = nil) {
                self.apiCallDateTime = apiCallDateTime
                self.jobID = jobID
                self.type = type
            }
        }
    }

    /// What the replication agent reports about the machine.
    package struct SourceProperties: Codable, Sendable, Equatable {
        package var lastUpdatedDateTime: String?
        package var recommendedInstanceType: String?
        package var identificationHints: IdentificationHints?
        package var networkInterfaces: [NetworkInterface]?
        package var disks: [Disk]?
        package var cpus: [CPU]?
        package var ramBytes: Int64?
        package var os: OperatingSystem?
        package var supportsNitroInstances: Bool?

        package init(
            lastUpdatedDateTime: String? = nil,
            recommendedInstanceType: String? = nil,
            identificationHints: IdentificationHints? = nil,
            networkInterfaces: [NetworkInterface]? = nil,
            disks: [Disk]? = nil,
            cpus: [CPU]? = nil,
            ramBytes: Int64? = nil,
            os: OperatingSystem? = nil,
            supportsNitroInstances: Bool? = nil
        ) {
            self.lastUpdatedDateTime = lastUpdatedDateTime
            self.recommendedInstanceType = recommendedInstanceType
            self.identificationHints = identificationHints
            self.networkInterfaces = networkInterfaces
            self.disks = disks
            self.cpus = cpus
            self.ramBytes = ramBytes
            self.os = os
            self.supportsNitroInstances = supportsNitroInstances
        }

        /// The first IP of the primary interface (else of the first interface), as the console shows it.
        package var primaryIP: String? {
            let interfaces = networkInterfaces ?? []
            let primary = interfaces.first { $0.isPrimary == true } ?? interfaces.first
            return primary?.ips?.first
        }
    }

    /// Names that identify the machine.
    package struct IdentificationHints: Codable, Sendable, Equatable {
        package var fqdn: String?
        package var hostname: String?
        package var vmWareUUID: String?
        /// The source EC2 instance, for servers in AWS.
        package var awsInstanceID: String?

        enum CodingKeys: String, CodingKey {
            case fqdn, hostname
            case vmWareUUID = "vmWareUuid"
            case awsInstanceID
        }

        package init(
            fqdn: String? = nil, hostname: String? = nil, vmWareUUID: String? = nil, awsInstanceID: String? = nil
        ) {
            self.fqdn = fqdn
            self.hostname = hostname
            self.vmWareUUID = vmWareUUID
            self.awsInstanceID = awsInstanceID
        }
    }

    /// One network interface of the machine.
    package struct NetworkInterface: Codable, Sendable, Equatable {
        package var macAddress: String?
        package var ips: [String]?
        package var isPrimary: Bool?

        package init(macAddress: String? = nil, ips: [String]? = nil, isPrimary: Bool? = nil) {
            self.macAddress = macAddress
            self.ips = ips
            self.isPrimary = isPrimary
        }
    }

    /// One disk of the machine.
    package struct Disk: Codable, Sendable, Equatable {
        package var deviceName: String?
        package var bytes: Int64?

        package init(deviceName: String? = nil, bytes: Int64? = nil) {
            self.deviceName = deviceName
            self.bytes = bytes
        }
    }

    /// One CPU of the machine.
    package struct CPU: Codable, Sendable, Equatable {
        package var cores: Int64?
        package var modelName: String?

        package init(cores: Int64? = nil, modelName: String? = nil) {
            self.cores = cores
            self.modelName = modelName
        }
    }

    /// The operating system, as one string (`Ubuntu 22.04.3 LTS`, `Microsoft Windows Server 2019 …`).
    package struct OperatingSystem: Codable, Sendable, Equatable {
        package var fullString: String?

        package init(fullString: String? = nil) {
            self.fullString = fullString
        }
    }

    /// Where an extended source server is staged.
    package struct StagingArea: Codable, Sendable, Equatable {
        package var status: String?
        package var stagingAccountID: String?
        package var stagingSourceServerARN: String?
        package var errorMessage: String?

        enum CodingKeys: String, CodingKey {
            case status, stagingAccountID
            case stagingSourceServerARN = "stagingSourceServerArn"
            case errorMessage
        }

        package init(
            status: String? = nil,
            stagingAccountID: String? = nil,
            stagingSourceServerARN: String? = nil,
            errorMessage: String? = nil
        ) {
            self.status = status
            self.stagingAccountID = stagingAccountID
            self.stagingSourceServerARN = stagingSourceServerARN
            self.errorMessage = errorMessage
        }
    }

    /// Where the server runs when it is in AWS.
    package struct SourceCloudProperties: Codable, Sendable, Equatable {
        package var originAccountID: String?
        package var originRegion: String?
        package var originAvailabilityZone: String?
        package var sourceOutpostARN: String?

        enum CodingKeys: String, CodingKey {
            case originAccountID, originRegion, originAvailabilityZone
            case sourceOutpostARN = "sourceOutpostArn"
        }

        package init(
            originAccountID: String? = nil,
            originRegion: String? = nil,
            originAvailabilityZone: String? = nil,
            sourceOutpostARN: String? = nil
        ) {
            self.originAccountID = originAccountID
            self.originRegion = originRegion
            self.originAvailabilityZone = originAvailabilityZone
            self.sourceOutpostARN = sourceOutpostARN
        }
    }
}
