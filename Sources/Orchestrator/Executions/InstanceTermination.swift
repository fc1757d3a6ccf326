/// What `ExecutionService.terminateInstances` did: the recovery instances it asked DRS to
/// terminate and DRS's TERMINATE jobs, per region.
package struct InstanceTermination: Sendable, Equatable {
    package struct Instance: Sendable, Equatable {
        package var recoveryInstanceID: String
        /// Empty when DRS does not say.
        package var sourceServerID: String
        package var region: String

        package init(recoveryInstanceID: String, sourceServerID: String, region: String) {
            self.recoveryInstanceID = recoveryInstanceID
            self.sourceServerID = sourceServerID
            self.region = region
        }
    }

    package struct Job: Sendable, Equatable {
        package var jobID: String
        package var region: String

        package init(jobID: String, region: String) {
            self.jobID = jobID
            self.region = region
        }
    }

    package var executionID: String
    /// The sentence recorded in the execution's `INSTANCES_TERMINATED` event.
    package var message: String
    package var instances: [Instance]
    package var jobs: [Job]

    package init(executionID: String, message: String, instances: [Instance], jobs: [Job]) {
        self.executionID = executionID
        self.message = message
        self.instances = instances
        self.jobs = jobs
    }
}
