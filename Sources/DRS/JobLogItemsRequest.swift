/// The body of `DescribeJobLogItems`.
package struct JobLogItemsRequest: Codable, Sendable, Equatable {
    package var jobID: String
    /// The most items the page may hold.
    package var maxResults: Int?
    /// The previous page's `nextToken`; nil for the first page.
    package var nextToken: String?

    /// A request for one page of `jobID`'s log.
    package init(jobID: String, maxResults: Int? = nil, nextToken: String? = nil) {
        self.jobID = jobID
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}
