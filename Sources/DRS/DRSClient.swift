import AWSCore
import FoundationEssentials

/// Calls AWS Elastic Disaster Recovery (REST-JSON, signing name `drs`): the operations the engine
/// and the DRS views use, typed, one page per call; `DRSClient+Pagination.swift` follows
/// `nextToken` to the end.
///
/// Every call takes the region it goes to (a protection group's region; the configured one when
/// nil) and the caller's deadline (milliseconds since the epoch; no attempt or retry runs past it).
/// Calls block the calling thread, like `AWSClient`.
///
/// Errors: a DRS error response (after AWSCore's retries of throttling and 5xx) is thrown as
/// `DRSError`; a 2xx body that cannot be decoded as `DRSError` with code `.invalidResponse`; no
/// answer at all as `TransportError`; missing credentials or region as `AWSConfigurationError`.
package struct DRSClient: Sendable {
    /// The signing, retrying client underneath.
    package let client: AWSClient

    /// A DRS client over `client` (share one `AWSClient` per process so connections are reused).
    package init(client: AWSClient) {
        self.client = client
    }

    // Keys sorted so a request's body (and so its signature) is the same on every run.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    /// One page of `DescribeSourceServers`.
    ///
    /// - Parameters:
    ///   - filters: which servers; all when empty.
    ///   - maxResults: the most servers in the page (DRS may return fewer, even none, with a `nextToken`).
    ///   - nextToken: the previous page's token; nil for the first page.
    package func describeSourceServers(
        filters: SourceServerFilters = SourceServerFilters(),
        maxResults: Int? = nil,
        nextToken: String? = nil,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> DRSPage<SourceServer> {
        try call(
            .describeSourceServers,
            DRSListRequest(filters: filters.isEmpty ? nil : filters, maxResults: maxResults, nextToken: nextToken),
            region: region,
            deadlineMilliseconds: deadlineMilliseconds
        )
    }

    /// `StartRecovery`: one LAUNCH job for all of `sourceServers`, a drill or a recovery.
    ///
    /// Sent with `RetryPolicy.Mode.onlyWhenNotSent`: retried only when no connection could be made
    /// or DRS answered it was throttled; its one attempt waits for the answer until the deadline.
    /// A timeout, a connection lost after sending or a 5xx is thrown as is: DRS may have created
    /// the job, so the caller settles it with `describeJobs` (a LAUNCH job created after the
    /// request for exactly these servers) before it would ever call again. The caller also records
    /// the request before making it and reconciles the same way after a crash, so a job is never
    /// started twice.
    ///
    /// - Parameter tags: the job's tags; nil by default (see `StartRecoveryRequest.tags` for why).
    /// - Returns: the new job, normally `PENDING`.
    package func startRecovery(
        sourceServers: [StartRecoveryRequest.Server],
        isDrill: Bool,
        tags: [String: String]? = nil,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> Job {
        let response: DRSJobResponse = try call(
            .startRecovery,
            StartRecoveryRequest(sourceServers: sourceServers, isDrill: isDrill, tags: tags),
            region: region,
            deadlineMilliseconds: deadlineMilliseconds,
            retryMode: .onlyWhenNotSent
        )
        return response.job
    }

    /// One page of `DescribeJobs`.
    ///
    /// - Parameters:
    ///   - filters: which jobs (IDs, creation window); all when empty.
    ///   - maxResults: the most jobs in the page.
    ///   - nextToken: the previous page's token; nil for the first page.
    package func describeJobs(
        filters: JobFilters = JobFilters(),
        maxResults: Int? = nil,
        nextToken: String? = nil,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> DRSPage<Job> {
        try call(
            .describeJobs,
            DRSListRequest(filters: filters.isEmpty ? nil : filters, maxResults: maxResults, nextToken: nextToken),
            region: region,
            deadlineMilliseconds: deadlineMilliseconds
        )
    }

    /// One page of `DescribeJobLogItems` for `jobID`.
    package func describeJobLogItems(
        jobID: String,
        maxResults: Int? = nil,
        nextToken: String? = nil,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> DRSPage<JobLogItem> {
        try call(
            .describeJobLogItems,
            JobLogItemsRequest(jobID: jobID, maxResults: maxResults, nextToken: nextToken),
            region: region,
            deadlineMilliseconds: deadlineMilliseconds
        )
    }

    /// One page of `DescribeRecoveryInstances`.
    ///
    /// - Parameters:
    ///   - filters: which instances (IDs, source servers); all when empty.
    ///   - maxResults: the most instances in the page.
    ///   - nextToken: the previous page's token; nil for the first page.
    package func describeRecoveryInstances(
        filters: RecoveryInstanceFilters = RecoveryInstanceFilters(),
        maxResults: Int? = nil,
        nextToken: String? = nil,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> DRSPage<RecoveryInstance> {
        try call(
            .describeRecoveryInstances,
            DRSListRequest(filters: filters.isEmpty ? nil : filters, maxResults: maxResults, nextToken: nextToken),
            region: region,
            deadlineMilliseconds: deadlineMilliseconds
        )
    }

    /// `TerminateRecoveryInstances`: one TERMINATE job for `recoveryInstanceIDs`.
    ///
    /// Sent with `RetryPolicy.Mode.onlyWhenNotSent` (a second call after a lost answer would be
    /// refused as a conflict); an ambiguous failure is thrown for the caller to settle by reading.
    ///
    /// - Returns: the new job.
    /// - Throws: `DRSError` with `.conflict` when an instance is already being terminated (or gone).
    package func terminateRecoveryInstances(
        recoveryInstanceIDs: [String],
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> Job {
        let response: DRSJobResponse = try call(
            .terminateRecoveryInstances,
            TerminateRecoveryInstancesRequest(recoveryInstanceIDs: recoveryInstanceIDs),
            region: region,
            deadlineMilliseconds: deadlineMilliseconds,
            retryMode: .onlyWhenNotSent
        )
        return response.job
    }

    /// Sends `input` as `operation`'s JSON body and decodes the 2xx body as `Output`.
    func call<Input: Encodable, Output: Decodable>(
        _ operation: DRSOperation,
        _ input: Input,
        region: String?,
        deadlineMilliseconds: Int64?,
        retryMode: RetryPolicy.Mode = .standard
    ) throws -> Output {
        let body = Array(try Self.encoder.encode(input))
        let request = AWSRequest(method: "POST", path: operation.path, body: body)
        let reportedRegion = region ?? client.configuration.region
        let response: AWSHTTPResponse
        do {
            response = try client.send(
                request,
                to: .drs,
                region: region,
                deadlineMilliseconds: deadlineMilliseconds,
                retryMode: retryMode
            )
        } catch let error as AWSServiceError {
            throw DRSError(error, operation: operation, region: reportedRegion)
        }
        // Operations with no output members may answer with an empty body.
        let payload = response.body.isEmpty ? Array("{}".utf8) : response.body
        do {
            return try Self.decoder.decode(Output.self, from: Data(payload))
        } catch {
            throw DRSError(
                code: .invalidResponse,
                operation: operation,
                region: reportedRegion,
                message: "the \(operation.rawValue) response (HTTP \(response.status)) could not be decoded: \(error)"
            )
        }
    }
}
