/// The `filters` of `DescribeJobs`. Every filter left nil matches all jobs.
package struct JobFilters: Codable, Sendable, Equatable {
    /// Only these jobs (at most 1000 per call).
    package var jobIDs: [String]?
    /// Only jobs created at or after this instant (ISO 8601, see `DRSTimestamp`).
    package var fromDate: String?
    /// Only jobs created at or before this instant (ISO 8601).
    package var toDate: String?

    /// Filters; none set by default.
    package init(jobIDs: [String]? = nil, fromDate: String? = nil, toDate: String? = nil) {
        self.jobIDs = jobIDs
        self.fromDate = fromDate
        self.toDate = toDate
    }

    /// Whether no filter is set (the request then omits `filters`).
    package var isEmpty: Bool {
        jobIDs == nil && fromDate == nil && toDate == nil
    }
}
