import DRS
import JSONCore

/// `DescribeSourceServers` and `DescribeRecoveryInstances`: the inventory as DRS's JSON, with the
/// launch results and recovery instances the simulated jobs have produced by now.
extension DRSSimulatorState {
    /// A recovery instance that exists at some instant.
    struct LiveInstance: Sendable {
        var id: String
        var sourceServerID: String
        var jobID: String
        var isDrill: Bool
        /// When the launch job was created (the snapshot's time).
        var requestedAt: Int64
        /// Whether a TERMINATE job has started on it.
        var isTerminating: Bool
    }

    /// The recovery instances of `region` at `now`: each completed, successful launch adds one
    /// (replacing the server's previous instance, as DRS does), each completed termination removes
    /// its instances.
    func liveInstances(in region: String, at now: Int64) -> [LiveInstance] {
        let finished = jobs.enumerated()
            .filter { $0.element.region == region && $0.element.endsAt <= now }
            .sorted { ($0.element.endsAt, $0.offset) < ($1.element.endsAt, $1.offset) }
            .map(\.element)
        var instances: [LiveInstance] = []
        for job in finished {
            for participant in job.participants {
                if job.kind == .terminate {
                    instances.removeAll { $0.id == participant.recoveryInstanceID }
                } else if !participant.fails {
                    instances.removeAll { $0.sourceServerID == participant.sourceServerID }
                    instances.append(
                        LiveInstance(
                            id: participant.recoveryInstanceID,
                            sourceServerID: participant.sourceServerID,
                            jobID: job.jobID,
                            isDrill: job.isDrill,
                            requestedAt: job.createdAt,
                            isTerminating: false
                        ))
                }
            }
        }
        let terminating = Set(
            jobs.filter { $0.region == region && $0.kind == .terminate && $0.isActive(at: now) }
                .flatMap { $0.participants.map(\.recoveryInstanceID) })
        for index in instances.indices where terminating.contains(instances[index].id) {
            instances[index].isTerminating = true
        }
        return instances
    }

    func describeSourceServers(_ body: [UInt8], region: String, now: Int64) -> DRSSimulatorReply {
        let request: DRSListRequest<SourceServerFilters>
        switch decode(DRSListRequest<SourceServerFilters>.self, from: body) {
        case .success(let decoded): request = decoded
        case .failure(let reply): return reply
        }
        let filters = request.filters ?? SourceServerFilters()
        if let ids = filters.sourceServerIDs, ids.count > 200 {
            return .validation("filters.sourceServerIDs may hold at most 200 IDs", field: "filters.sourceServerIDs")
        }
        let ids = filters.sourceServerIDs.flatMap { $0.isEmpty ? nil : Set($0) }
        let stagingAccounts = filters.stagingAccountIDs.flatMap { $0.isEmpty ? nil : Set($0) }
        let servers = (inventory.regions[region] ?? []).filter { server in
            if let ids, !ids.contains(server["sourceServerID"]?.stringValue ?? "") { return false }
            if let stagingAccounts,
                !stagingAccounts.contains(server["stagingArea"]?["stagingAccountID"]?.stringValue ?? "")
            {
                return false
            }
            if let hardwareID = filters.hardwareID, !hardwareID.isEmpty {
                return Self.hardwareIDs(of: server).contains(hardwareID.lowercased())
            }
            return true
        }
        switch page(servers, maxResults: request.maxResults, nextToken: request.nextToken) {
        case .success(let page):
            let instances = liveInstances(in: region, at: now)
            var body: [String: JSONValue] = [
                "items": .array(page.items.map { rendered($0, region: region, instances: instances, now: now) })
            ]
            if let next = page.nextToken {
                body["nextToken"] = .string(next)
            }
            return .json(200, .object(body))
        case .failure(let reply):
            return reply
        }
    }

    /// EC2 instance ID, VMware UUID and MAC addresses: what DRS's `hardwareId` filter matches.
    static func hardwareIDs(of server: JSONValue) -> Set<String> {
        let properties = server["sourceProperties"]
        var ids: [String?] = [
            properties?["identificationHints"]?["awsInstanceID"]?.stringValue,
            properties?["identificationHints"]?["vmWareUuid"]?.stringValue,
        ]
        for interface in properties?["networkInterfaces"]?.arrayValue ?? [] {
            ids.append(interface["macAddress"]?.stringValue)
        }
        return Set(ids.compactMap { $0?.lowercased() })
    }

    /// The stored server with what the simulated launches changed: `lastLaunchResult`,
    /// `lifeCycle.lastLaunch` and `recoveryInstanceId`. Servers never launched here are served as
    /// stored, so a real account's dump comes back unchanged.
    func rendered(_ server: JSONValue, region: String, instances: [LiveInstance], now: Int64) -> JSONValue {
        guard var object = server.objectValue, let id = object["sourceServerID"]?.stringValue else { return server }
        guard
            let job = jobs.last(where: {
                $0.region == region && $0.kind == .launch && $0.participants.contains { $0.sourceServerID == id }
            }),
            let participant = job.participants.first(where: { $0.sourceServerID == id })
        else { return server }

        let status = job.launchStatus(of: participant, at: now)
        let result: SourceServer.LastLaunchResult =
            switch status {
            case .launched: .succeeded
            case .failed: .failed
            default: .pending
            }
        object["lastLaunchResult"] = .string(result.rawValue)
        var lifeCycle = object["lifeCycle"]?.objectValue ?? [:]
        lifeCycle["lastLaunch"] = [
            "initiated": [
                "apiCallDateTime": .string(DRSTimestamp.string(millisecondsSince1970: job.createdAt)),
                "jobID": .string(job.jobID),
                "type": .string(job.isDrill ? "DRILL" : "RECOVERY"),
            ],
            "status": .string(status.rawValue),
        ]
        object["lifeCycle"] = .object(lifeCycle)
        if let instance = instances.first(where: { $0.sourceServerID == id }) {
            object["recoveryInstanceId"] = .string(instance.id)
        } else {
            object.removeValue(forKey: "recoveryInstanceId")
        }
        return .object(object)
    }

    func describeRecoveryInstances(_ body: [UInt8], region: String, now: Int64) -> DRSSimulatorReply {
        let request: DRSListRequest<RecoveryInstanceFilters>
        switch decode(DRSListRequest<RecoveryInstanceFilters>.self, from: body) {
        case .success(let decoded): request = decoded
        case .failure(let reply): return reply
        }
        let filters = request.filters ?? RecoveryInstanceFilters()
        let ids = filters.recoveryInstanceIDs.flatMap { $0.isEmpty ? nil : Set($0) }
        let sources = filters.sourceServerIDs.flatMap { $0.isEmpty ? nil : Set($0) }
        let instances = liveInstances(in: region, at: now).filter { instance in
            (ids?.contains(instance.id) ?? true) && (sources?.contains(instance.sourceServerID) ?? true)
        }
        switch page(instances, maxResults: request.maxResults, nextToken: request.nextToken) {
        case .success(let page):
            let servers = inventory.regions[region] ?? []
            let items = page.items.map { instance in
                recoveryInstance(
                    instance,
                    region: region,
                    source: servers.first { $0["sourceServerID"]?.stringValue == instance.sourceServerID }
                )
            }
            return .json(200, encoding: DRSPage(items: items, nextToken: page.nextToken))
        case .failure(let reply):
            return reply
        }
    }

    func recoveryInstance(_ instance: LiveInstance, region: String, source: JSONValue?) -> RecoveryInstance {
        let properties = source?["sourceProperties"]
        let hostname = properties?["identificationHints"]?["hostname"]?.stringValue
        return RecoveryInstance(
            recoveryInstanceID: instance.id,
            ec2InstanceID: instance.id,
            ec2InstanceState: instance.isTerminating ? .shuttingDown : .running,
            jobID: instance.jobID,
            sourceServerID: instance.sourceServerID,
            arn: "arn:aws:drs:\(region):\(accountID):recovery-instance/\(instance.id)",
            tags: [:],
            isDrill: instance.isDrill,
            pointInTimeSnapshotDateTime: DRSTimestamp.string(millisecondsSince1970: instance.requestedAt),
            originEnvironment: source?["sourceCloudProperties"] == nil ? "ON_PREMISES" : "AWS",
            agentVersion: source?["agentVersion"]?.stringValue,
            recoveryInstanceProperties: RecoveryInstance.Properties(
                lastUpdatedDateTime: DRSTimestamp.string(millisecondsSince1970: instance.requestedAt),
                identificationHints: SourceServer.IdentificationHints(hostname: hostname, awsInstanceID: instance.id),
                os: properties?["os"]?["fullString"]?.stringValue.map { SourceServer.OperatingSystem(fullString: $0) }
            )
        )
    }
}
