// How each DRS answer type is read by `DRSJSONReader`: the same member names as its `Codable`
// conformance (CodingKeys), unknown members skipped, `null` for an optional member read as nil.

extension DRSPage: DRSJSONReadable where Item: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        var items: [Item]?
        var nextToken: String?
        try reader.readObject { reader, name in
            switch name {
            case "items": items = try reader.readOptionalArray(of: Item.self)
            case "nextToken": nextToken = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        self.init(items: items ?? [], nextToken: nextToken)
    }
}

extension DRSJobResponse: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        let start = reader.position
        var job: Job?
        try reader.readObject { reader, name in
            if name == "job" { job = try Job(reading: &reader) } else { try reader.skipValue() }
        }
        guard let job else { throw reader.missingMember("job", at: start) }
        self.init(job: job)
    }
}

// MARK: Source servers

extension SourceServer: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        let start = reader.position
        var id: String?
        var server = SourceServer(sourceServerID: "")
        try reader.readObject { reader, name in
            switch name {
            case "sourceServerID": id = try reader.readString()
            case "arn": server.arn = try reader.readOptionalString()
            case "tags": server.tags = try reader.readOptionalStringMap() ?? [:]
            case "recoveryInstanceId": server.recoveryInstanceID = try reader.readOptionalString()
            case "lastLaunchResult": server.lastLaunchResult = try reader.readOptionalEnumeration()
            case "dataReplicationInfo": server.dataReplicationInfo = try reader.readOptional()
            case "lifeCycle": server.lifeCycle = try reader.readOptional()
            case "sourceProperties": server.sourceProperties = try reader.readOptional()
            case "stagingArea": server.stagingArea = try reader.readOptional()
            case "sourceCloudProperties": server.sourceCloudProperties = try reader.readOptional()
            case "replicationDirection": server.replicationDirection = try reader.readOptionalEnumeration()
            case "reversedDirectionSourceServerArn":
                server.reversedDirectionSourceServerARN = try reader.readOptionalString()
            case "sourceNetworkID": server.sourceNetworkID = try reader.readOptionalString()
            case "agentVersion": server.agentVersion = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingMember("sourceServerID", at: start) }
        server.sourceServerID = id
        self = server
    }
}

extension SourceServer.DataReplicationInfo: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "dataReplicationState": dataReplicationState = try reader.readOptionalEnumeration()
            case "lagDuration": lagDuration = try reader.readOptionalString()
            case "etaDateTime": etaDateTime = try reader.readOptionalString()
            case "replicatedDisks": replicatedDisks = try reader.readOptionalArray()
            case "dataReplicationError": dataReplicationError = try reader.readOptional()
            case "stagingAvailabilityZone": stagingAvailabilityZone = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.ReplicatedDisk: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "deviceName": deviceName = try reader.readOptionalString()
            case "totalStorageBytes": totalStorageBytes = try reader.readOptionalInt64()
            case "replicatedStorageBytes": replicatedStorageBytes = try reader.readOptionalInt64()
            case "rescannedStorageBytes": rescannedStorageBytes = try reader.readOptionalInt64()
            case "backloggedStorageBytes": backloggedStorageBytes = try reader.readOptionalInt64()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.DataReplicationError: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "error": error = try reader.readOptionalString()
            case "rawError": rawError = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.LifeCycle: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "addedToServiceDateTime": addedToServiceDateTime = try reader.readOptionalString()
            case "firstByteDateTime": firstByteDateTime = try reader.readOptionalString()
            case "elapsedReplicationDuration": elapsedReplicationDuration = try reader.readOptionalString()
            case "lastSeenByServiceDateTime": lastSeenByServiceDateTime = try reader.readOptionalString()
            case "lastLaunch": lastLaunch = try reader.readOptional()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.LastLaunch: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "initiated": initiated = try reader.readOptional()
            case "status": status = try reader.readOptionalEnumeration()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.LastLaunch.Initiated: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "apiCallDateTime": apiCallDateTime = try reader.readOptionalString()
            case "jobID": jobID = try reader.readOptionalString()
            case "type": type = try reader.readOptionalEnumeration()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.SourceProperties: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "lastUpdatedDateTime": lastUpdatedDateTime = try reader.readOptionalString()
            case "recommendedInstanceType": recommendedInstanceType = try reader.readOptionalString()
            case "identificationHints": identificationHints = try reader.readOptional()
            case "networkInterfaces": networkInterfaces = try reader.readOptionalArray()
            case "disks": disks = try reader.readOptionalArray()
            case "cpus": cpus = try reader.readOptionalArray()
            case "ramBytes": ramBytes = try reader.readOptionalInt64()
            case "os": os = try reader.readOptional()
            case "supportsNitroInstances": supportsNitroInstances = try reader.readOptionalBool()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.IdentificationHints: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "fqdn": fqdn = try reader.readOptionalString()
            case "hostname": hostname = try reader.readOptionalString()
            case "vmWareUuid": vmWareUUID = try reader.readOptionalString()
            case "awsInstanceID": awsInstanceID = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.NetworkInterface: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "macAddress": macAddress = try reader.readOptionalString()
            case "ips": ips = try reader.readOptionalStrings()
            case "isPrimary": isPrimary = try reader.readOptionalBool()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.Disk: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "deviceName": deviceName = try reader.readOptionalString()
            case "bytes": bytes = try reader.readOptionalInt64()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.CPU: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "cores": cores = try reader.readOptionalInt64()
            case "modelName": modelName = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.OperatingSystem: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            if name == "fullString" { fullString = try reader.readOptionalString() } else { try reader.skipValue() }
        }
    }
}

extension SourceServer.StagingArea: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "status": status = try reader.readOptionalString()
            case "stagingAccountID": stagingAccountID = try reader.readOptionalString()
            case "stagingSourceServerArn": stagingSourceServerARN = try reader.readOptionalString()
            case "errorMessage": errorMessage = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
    }
}

extension SourceServer.SourceCloudProperties: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "originAccountID": originAccountID = try reader.readOptionalString()
            case "originRegion": originRegion = try reader.readOptionalString()
            case "originAvailabilityZone": originAvailabilityZone = try reader.readOptionalString()
            case "sourceOutpostArn": sourceOutpostARN = try reader.readOptionalString()
            default: try reader.skipValue()
            }
        }
    }
}

// MARK: Jobs

extension Job: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        let start = reader.position
        var id: String?
        var job = Job(jobID: "")
        try reader.readObject { reader, name in
            switch name {
            case "jobID": id = try reader.readString()
            case "arn": job.arn = try reader.readOptionalString()
            case "type": job.type = try reader.readOptionalEnumeration()
            case "initiatedBy": job.initiatedBy = try reader.readOptionalEnumeration()
            case "creationDateTime": job.creationDateTime = try reader.readOptionalString()
            case "endDateTime": job.endDateTime = try reader.readOptionalString()
            case "status": job.status = try reader.readOptionalEnumeration()
            case "participatingServers": job.participatingServers = try reader.readOptionalArray() ?? []
            case "tags": job.tags = try reader.readOptionalStringMap() ?? [:]
            default: try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingMember("jobID", at: start) }
        job.jobID = id
        self = job
    }
}

extension Job.ParticipatingServer: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        let start = reader.position
        var id: String?
        var server = Job.ParticipatingServer(sourceServerID: "")
        try reader.readObject { reader, name in
            switch name {
            case "sourceServerID": id = try reader.readString()
            case "recoveryInstanceID": server.recoveryInstanceID = try reader.readOptionalString()
            case "launchStatus": server.launchStatus = try reader.readOptionalEnumeration()
            case "launchActionsStatus": server.launchActionsStatus = try reader.readOptional()
            default: try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingMember("sourceServerID", at: start) }
        server.sourceServerID = id
        self = server
    }
}

extension Job.LaunchActionsStatus: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "ssmAgentDiscoveryDatetime": ssmAgentDiscoveryDatetime = try reader.readOptionalString()
            case "runs": runs = try reader.readOptionalArray()
            default: try reader.skipValue()
            }
        }
    }
}

extension Job.LaunchActionRun: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "runId": runID = try reader.readOptionalString()
            case "status": status = try reader.readOptionalString()
            case "failureReason": failureReason = try reader.readOptionalString()
            case "action": action = try reader.readOptional()
            default: try reader.skipValue()
            }
        }
    }
}

extension Job.LaunchAction: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "actionId": actionID = try reader.readOptionalString()
            case "actionCode": actionCode = try reader.readOptionalString()
            case "name": self.name = try reader.readOptionalString()
            case "type": type = try reader.readOptionalString()
            case "optional": optional = try reader.readOptionalBool()
            default: try reader.skipValue()
            }
        }
    }
}

extension JobLogItem: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "logDateTime": logDateTime = try reader.readOptionalString()
            case "event": event = try reader.readOptionalEnumeration()
            case "eventData": eventData = try reader.readOptional()
            default: try reader.skipValue()
            }
        }
    }
}

extension JobLogItem.EventData: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "sourceServerID": sourceServerID = try reader.readOptionalString()
            case "conversionServerID": conversionServerID = try reader.readOptionalString()
            case "targetInstanceID": targetInstanceID = try reader.readOptionalString()
            case "rawError": rawError = try reader.readOptionalString()
            case "attemptCount": attemptCount = try reader.readOptionalInt64()
            case "maxAttemptsCount": maxAttemptsCount = try reader.readOptionalInt64()
            default: try reader.skipValue()
            }
        }
    }
}

// MARK: Recovery instances

extension RecoveryInstance: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        let start = reader.position
        var id: String?
        var instance = RecoveryInstance(recoveryInstanceID: "")
        try reader.readObject { reader, name in
            switch name {
            case "recoveryInstanceID": id = try reader.readString()
            case "ec2InstanceID": instance.ec2InstanceID = try reader.readOptionalString()
            case "ec2InstanceState": instance.ec2InstanceState = try reader.readOptionalEnumeration()
            case "jobID": instance.jobID = try reader.readOptionalString()
            case "sourceServerID": instance.sourceServerID = try reader.readOptionalString()
            case "arn": instance.arn = try reader.readOptionalString()
            case "tags": instance.tags = try reader.readOptionalStringMap() ?? [:]
            case "isDrill": instance.isDrill = try reader.readOptionalBool()
            case "pointInTimeSnapshotDateTime": instance.pointInTimeSnapshotDateTime = try reader.readOptionalString()
            case "originEnvironment": instance.originEnvironment = try reader.readOptionalString()
            case "originAvailabilityZone": instance.originAvailabilityZone = try reader.readOptionalString()
            case "agentVersion": instance.agentVersion = try reader.readOptionalString()
            case "recoveryInstanceProperties": instance.recoveryInstanceProperties = try reader.readOptional()
            default: try reader.skipValue()
            }
        }
        guard let id else { throw reader.missingMember("recoveryInstanceID", at: start) }
        instance.recoveryInstanceID = id
        self = instance
    }
}

extension RecoveryInstance.Properties: DRSJSONReadable {
    package init(reading reader: inout DRSJSONReader) throws {
        self.init()
        try reader.readObject { reader, name in
            switch name {
            case "lastUpdatedDateTime": lastUpdatedDateTime = try reader.readOptionalString()
            case "identificationHints": identificationHints = try reader.readOptional()
            case "networkInterfaces": networkInterfaces = try reader.readOptionalArray()
            case "ramBytes": ramBytes = try reader.readOptionalInt64()
            case "os": os = try reader.readOptional()
            default: try reader.skipValue()
            }
        }
    }
}
