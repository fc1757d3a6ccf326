import DRSModel
import JSONCore

/// The DRS source servers of each region, read once per request: every tag resolution, assignment
/// and existence check of one request shares one `DescribeSourceServers` walk per region.
///
/// Not `Sendable`: one request owns it.
package final class ServerCatalog {
    private let drs: any DRSGateway
    private var servers: [String: [SourceServer]] = [:]
    private var failures: [String: DomainError] = [:]

    package init(drs: any DRSGateway) {
        self.drs = drs
    }

    /// Every source server in `region`.
    /// - Throws: `DomainError` `DRS_NOT_INITIALIZED`, `THROTTLED` or `DRS_ERROR`.
    package func servers(in region: String) throws(DomainError) -> [SourceServer] {
        if let cached = servers[region] { return cached }
        if let failure = failures[region] { throw failure }
        do {
            let found = try drs.sourceServers(region: region)
            servers[region] = found
            return found
        } catch {
            let failure = DomainError.drs(error, region: region)
            failures[region] = failure
            throw failure
        }
    }

    /// The servers a group selects now: its explicit ids that DRS knows, or the servers whose tags
    /// match all of its tags.
    package func resolve(_ group: ProtectionGroup) throws(DomainError) -> [SourceServer] {
        let all = try servers(in: group.region)
        if group.selectsByTags { return all.filter { Self.matches($0, tags: group.serverSelectionTags) } }
        let byID = Dictionary(all.map { ($0.sourceServerID, $0) }, uniquingKeysWith: { first, _ in first })
        return group.sourceServerIds.compactMap { byID[$0] }
    }

    /// The ids of the servers a group selects now: an explicit group's own ids, known without asking
    /// DRS; a tag group's matching servers (one `DescribeSourceServers` walk of its region).
    package func serverIDs(of group: ProtectionGroup) throws(DomainError) -> [String] {
        guard group.selectsByTags else { return group.sourceServerIds }
        return try resolve(group).map(\.sourceServerID)
    }

    /// The source servers with these ids in `region`: from the region's walk when this request has
    /// made it, otherwise one `DescribeSourceServers` filtered by `sourceServerIDs` (at most 200 ids
    /// per call) instead of the region's whole inventory. Unknown ids are simply absent.
    /// - Throws: as `servers(in:)`.
    package func servers(ids: [String], in region: String) throws(DomainError) -> [SourceServer] {
        let wanted = Set(ids)
        if let cached = servers[region] { return cached.filter { wanted.contains($0.sourceServerID) } }
        if let failure = failures[region] { throw failure }
        do {
            return try drs.sourceServers(ids: Array(wanted).sorted(), region: region)
        } catch {
            throw DomainError.drs(error, region: region)
        }
    }

    /// The servers whose tags include every pair of `tags` (AND of exact matches).
    package func matching(tags: [String: String], region: String) throws(DomainError) -> [SourceServer] {
        try servers(in: region).filter { Self.matches($0, tags: tags) }
    }

    package static func matches(_ server: SourceServer, tags: [String: String]) -> Bool {
        !tags.isEmpty && tags.allSatisfy { server.tags[$0.key] == $0.value }
    }
}

extension DomainError {
    /// How a DRS failure is answered (spec §1.4): an uninitialized region is the user's to fix,
    /// throttling is 429, a 5xx or no answer after the retries 503 (safe to retry), anything else 502
    /// with DRS's own code and message.
    package static func drs(_ error: any Error, region: String) -> DomainError {
        if let error = error as? DomainError { return error }
        if let error = error as? DRSError {
            switch error.code {
            case .uninitialized:
                return .drsNotInitialized(region: region)
            case .throttled:
                return DomainError(
                    .throttled, "AWS DRS is throttling requests in \(region); retry shortly",
                    context: [.init("region", .string(region))])
            default:
                if let status = error.serviceError?.status, status >= 500 {
                    return DomainError(
                        .serviceUnavailable, "AWS DRS kept failing in \(region) (\(error.message)); retry shortly",
                        context: [
                            .init("service", "drs"),
                            .init("drsErrorType", .string(error.serviceError?.rawCode ?? error.code.rawValue)),
                            .init("drsMessage", .string(error.message)), .init("region", .string(region)),
                        ])
                }
                return DomainError(
                    .drsError, "AWS DRS failed in \(region): \(error.message)",
                    context: [
                        .init("drsErrorType", .string(error.serviceError?.rawCode ?? error.code.rawValue)),
                        .init("drsMessage", .string(error.message)), .init("region", .string(region)),
                    ])
            }
        }
        if let error = error as? DRSUnreachable, error.reason != .notConfigured {
            return DomainError(
                .serviceUnavailable, "AWS DRS did not answer in \(region) in time; retry shortly",
                context: [.init("service", "drs"), .init("region", .string(region))])
        }
        let errorType = (error as? DRSUnreachable)?.errorType ?? String(describing: type(of: error))
        return DomainError(
            .drsError, "AWS DRS could not be reached in \(region): \(error)",
            context: [
                .init("drsErrorType", .string(errorType)),
                .init("drsMessage", .string(String(describing: error))), .init("region", .string(region)),
            ])
    }

    /// 400 `DRS_NOT_INITIALIZED` with the guide's message, `region` and `consoleUrl`.
    package static func drsNotInitialized(region: String) -> DomainError {
        DomainError(
            .drsNotInitialized,
            "AWS Elastic Disaster Recovery (DRS) is not initialized in \(region). Go to the DRS Console in \(region) "
                + "and complete the initialization wizard before creating Protection Groups.",
            context: [
                .init("region", .string(region)),
                .init(
                    "consoleUrl", .string("https://\(region).console.aws.amazon.com/drs/home?region=\(region)#/welcome")
                ),
            ])
    }
}
