/// One entry of a job's log (`DescribeJobLogItems`): what happened, when, and to which server.
package struct JobLogItem: Codable, Sendable, Equatable {
    package var logDateTime: String?
    package var event: Event?
    package var eventData: EventData?

    /// A log item from its parts (for fakes, tests and drs-local's simulator).
    package init(logDateTime: String? = nil, event: Event? = nil, eventData: EventData? = nil) {
        self.logDateTime = logDateTime
        self.event = event
        self.eventData = eventData
    }

    /// What happened (`JOB_START`, `LAUNCH_FAILED`, …).
    package struct Event: DRSEnumeration {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        package static let jobStart: Self = "JOB_START"
        package static let serverSkipped: Self = "SERVER_SKIPPED"
        package static let cleanupStart: Self = "CLEANUP_START"
        package static let cleanupEnd: Self = "CLEANUP_END"
        package static let cleanupFail: Self = "CLEANUP_FAIL"
        package static let snapshotStart: Self = "SNAPSHOT_START"
        package static let snapshotEnd: Self = "SNAPSHOT_END"
        package static let snapshotFail: Self = "SNAPSHOT_FAIL"
        package static let usingPreviousSnapshot: Self = "USING_PREVIOUS_SNAPSHOT"
        package static let conversionStart: Self = "CONVERSION_START"
        package static let conversionEnd: Self = "CONVERSION_END"
        package static let conversionFail: Self = "CONVERSION_FAIL"
        package static let launchStart: Self = "LAUNCH_START"
        package static let launchFailed: Self = "LAUNCH_FAILED"
        package static let jobCancel: Self = "JOB_CANCEL"
        package static let jobEnd: Self = "JOB_END"
    }

    /// The event's subject and details.
    package struct EventData: Codable, Sendable, Equatable {
        package var sourceServerID: String?
        package var conversionServerID: String?
        package var targetInstanceID: String?
        package var rawError: String?
        package var attemptCount: Int64?
        package var maxAttemptsCount: Int64?

        /// Event data from its parts.
        package init(
            sourceServerID: String? = nil,
            conversionServerID: String? = nil,
            targetInstanceID: String? = nil,
            rawError: String? = nil,
            attemptCount: Int64? = nil,
            maxAttemptsCount: Int64? = nil
        ) {
            self.sourceServerID = sourceServerID
            self.conversionServerID = conversionServerID
            self.targetInstanceID = targetInstanceID
            self.rawError = rawError
            self.attemptCount = attemptCount
            self.maxAttemptsCount = maxAttemptsCount
        }
    }
}
