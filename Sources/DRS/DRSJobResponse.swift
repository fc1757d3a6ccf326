/// The body of `StartRecovery` and `TerminateRecoveryInstances`: the job they created.
package struct DRSJobResponse: Codable, Sendable, Equatable {
    package var job: Job

    /// A response carrying `job`.
    package init(job: Job) {
        self.job = job
    }
}
