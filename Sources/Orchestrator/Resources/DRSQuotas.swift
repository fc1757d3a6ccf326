/// A region's use of DRS's fixed limits (spec §4): what `DRSViewService.quotas` finds.
package struct DRSQuotas: Sendable, Equatable {
    package var region: String
    /// Every source server of the region.
    package var sourceServers: Int
    /// Those in a replicating state (`DRSViewService.replicatingStates`).
    package var replicatingServers: Int
    /// `OK`, `INFO`, `WARNING` or `CRITICAL` (`DRSViewService.capacityStatus`), or `NOT_INITIALIZED`
    /// when DRS is not set up in the region (every count then 0).
    package var status: String
    /// The sentence that goes with `status`.
    package var message: String
    /// The region's PENDING or STARTED jobs (`DRSViewService.activeJobs`).
    package var activeJobs: Int
    /// The servers those jobs hold.
    package var serversInActiveJobs: Int

    package init(
        region: String, sourceServers: Int, replicatingServers: Int, status: String, message: String,
        activeJobs: Int, serversInActiveJobs: Int
    ) {
        self.region = region
        self.sourceServers = sourceServers
        self.replicatingServers = replicatingServers
        self.status = status
        self.message = message
        self.activeJobs = activeJobs
        self.serversInActiveJobs = serversInActiveJobs
    }
}
