/// What `ExecutionService.terminateInstances` did: the recovery instances it asked DRS to
/// terminate and DRS's TERMINATE jobs, per region. Made by the service (memberwise).
package struct InstanceTermination: Sendable, Equatable {
    package struct Instance: Sendable, Equatable {
        package var recoveryInstanceID: String
        /// Empty when DRS does not say.
        package var sourceServerID: String
        package var region: String
    }

    package struct Job: Sendable, Equatable {
        package var jobID: String
        package var region: String
    }

    package var executionID: String
    /// The sentence recorded in the execution's `INSTANCES_TERMINATED` event.
    package var message: String
    package var instances: [Instance]
    package var jobs: [Job]
}
