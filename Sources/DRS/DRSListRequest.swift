/// The body of the paginated `Describe…` operations that take `filters`, `maxResults` and `nextToken`
/// (`DescribeSourceServers`, `DescribeJobs`, `DescribeRecoveryInstances`).
package struct DRSListRequest<Filters: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// Omitted from the body when nil.
    package var filters: Filters?
    /// The most items the page may hold; DRS may return fewer (even none) and a `nextToken`.
    package var maxResults: Int?
    /// The previous page's `nextToken`; nil for the first page.
    package var nextToken: String?

    /// A request for one page.
    package init(filters: Filters? = nil, maxResults: Int? = nil, nextToken: String? = nil) {
        self.filters = filters
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}
