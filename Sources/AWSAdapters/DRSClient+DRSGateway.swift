import AWSCore
import DRS
import Orchestrator

/// The domain's DRS gateway on the DRS client: `DRSError`s pass through; AWSCore's transport and
/// configuration failures become `DRSUnreachable`.
extension DRSClient: DRSGateway {
    package func sourceServers(region: String) throws -> [SourceServer] {
        try DRSUnreachable.mapping { try allSourceServers(region: region) }
    }

    package func sourceServers(ids: [String], region: String) throws -> [SourceServer] {
        guard !ids.isEmpty else { return [] }
        return try DRSUnreachable.mapping {
            var servers: [SourceServer] = []
            // DescribeSourceServers takes at most 200 ids per filter.
            for start in stride(from: 0, to: ids.count, by: 200) {
                let chunk = Array(ids[start..<min(start + 200, ids.count)])
                servers += try allSourceServers(filters: SourceServerFilters(sourceServerIDs: chunk), region: region)
            }
            return servers
        }
    }

    package func jobs(_ filters: JobFilters, region: String, deadline: Int64?) throws -> [Job] {
        try DRSUnreachable.mapping { try allJobs(filters: filters, region: region, deadlineMilliseconds: deadline) }
    }

    package func startRecovery(serverIDs: [String], isDrill: Bool, region: String, deadline: Int64?) throws -> Job {
        try DRSUnreachable.mapping {
            try startRecovery(
                sourceServers: serverIDs.map { StartRecoveryRequest.Server(sourceServerID: $0) }, isDrill: isDrill,
                region: region, deadlineMilliseconds: deadline)
        }
    }

    package func recoveryInstances(sourceServerIDs: [String], region: String) throws -> [RecoveryInstance] {
        guard !sourceServerIDs.isEmpty else { return [] }
        return try DRSUnreachable.mapping {
            try allRecoveryInstances(filters: RecoveryInstanceFilters(sourceServerIDs: sourceServerIDs), region: region)
        }
    }

    package func terminateRecoveryInstances(_ ids: [String], region: String) throws -> Job {
        try DRSUnreachable.mapping { try terminateRecoveryInstances(recoveryInstanceIDs: ids, region: region) }
    }
}

extension DRSUnreachable {
    /// What a failure below DRS means to the domain: a connection never made (or a request never
    /// built) was not sent; a timeout or a lost connection may have reached DRS; missing credentials
    /// or region mean DRS cannot be called. Nil for anything else (a `DRSError` is DRS's own answer).
    package init?(_ error: any Error) {
        let reason: Reason
        if let error = error as? TransportError {
            switch error.code {
            case .connectionFailed, .tlsFailed, .invalidRequest: reason = .notSent
            case .connectionLost, .timedOut, .other: reason = .answerLost
            }
        } else if error is AWSConfigurationError {
            reason = .notConfigured
        } else {
            return nil
        }
        self.init(reason, description: String(describing: error), errorType: String(describing: type(of: error)))
    }

    /// Runs `body`, rethrowing AWSCore's transport and configuration failures as `DRSUnreachable`.
    static func mapping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw DRSUnreachable(error) ?? error
        }
    }
}
