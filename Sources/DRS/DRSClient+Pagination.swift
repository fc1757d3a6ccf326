import AWSCore

/// Paginators: follow `nextToken` until DRS returns none, whatever each page holds (a page may
/// carry fewer items than asked for, or none, and still have a next page). Every page goes to the
/// same region under the same deadline.
extension DRSClient {
    /// Every source server matching `filters`, in DRS's order.
    ///
    /// - Parameter pageSize: `maxResults` for each page; DRS's default when nil.
    /// - Throws: as `describeSourceServers`; `DRSError` `.invalidResponse` when DRS repeats a token.
    package func allSourceServers(
        filters: SourceServerFilters = SourceServerFilters(),
        pageSize: Int? = nil,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> [SourceServer] {
        try collectPages(.describeSourceServers, region: region) { token in
            try describeSourceServers(
                filters: filters,
                maxResults: pageSize,
                nextToken: token,
                region: region,
                deadlineMilliseconds: deadlineMilliseconds
            )
        }
    }

    /// Every job matching `filters`.
    ///
    /// - Parameter pageSize: `maxResults` for each page; DRS's default when nil.
    package func allJobs(
        filters: JobFilters = JobFilters(),
        pageSize: Int? = nil,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> [Job] {
        try collectPages(.describeJobs, region: region) { token in
            try describeJobs(
                filters: filters,
                maxResults: pageSize,
                nextToken: token,
                region: region,
                deadlineMilliseconds: deadlineMilliseconds
            )
        }
    }

    /// The whole log of `jobID`.
    package func allJobLogItems(
        jobID: String,
        pageSize: Int? = nil,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> [JobLogItem] {
        try collectPages(.describeJobLogItems, region: region) { token in
            try describeJobLogItems(
                jobID: jobID,
                maxResults: pageSize,
                nextToken: token,
                region: region,
                deadlineMilliseconds: deadlineMilliseconds
            )
        }
    }

    /// Every recovery instance matching `filters`.
    package func allRecoveryInstances(
        filters: RecoveryInstanceFilters = RecoveryInstanceFilters(),
        pageSize: Int? = nil,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil
    ) throws -> [RecoveryInstance] {
        try collectPages(.describeRecoveryInstances, region: region) { token in
            try describeRecoveryInstances(
                filters: filters,
                maxResults: pageSize,
                nextToken: token,
                region: region,
                deadlineMilliseconds: deadlineMilliseconds
            )
        }
    }

    /// Fetches pages until one has no `nextToken`. A token seen before means DRS would loop
    /// forever (botocore stops on this too), so that is an error rather than a hang.
    func collectPages<Item>(
        _ operation: DRSOperation,
        region: String?,
        fetch: (_ nextToken: String?) throws -> DRSPage<Item>
    ) throws -> [Item] {
        var items: [Item] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            let page = try fetch(token)
            items.append(contentsOf: page.items)
            token = page.hasMore ? page.nextToken : nil
            if let token, !seen.insert(token).inserted {
                throw DRSError(
                    code: .invalidResponse,
                    operation: operation,
                    region: region ?? client.configuration.region,
                    message: "DRS returned the same nextToken twice; stopping to avoid an endless loop"
                )
            }
        } while token != nil
        return items
    }
}
