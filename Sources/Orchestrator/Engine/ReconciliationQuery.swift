/// The `DescribeJobs` an execution needs so that the engine can tell whether a wave's recorded
/// start became a DRS job: every job created in `region` at or after `since` (all pages), passed to
/// the step as `candidates`.
package struct ReconciliationQuery: Sendable, Equatable, Hashable {
    package var region: String
    /// Milliseconds since the epoch (`JobFilters.fromDate` as `DRSTimestamp` text).
    package var since: Int64

    /// A query from its parts.
    package init(region: String, since: Int64) {
        self.region = region
        self.since = since
    }
}
