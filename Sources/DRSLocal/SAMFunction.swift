/// A function of the template as Lambda would run it: `Globals.Function` merged in and every
/// intrinsic resolved.
package struct SAMFunction: Sendable, Hashable {
    package var logicalID: String
    /// `FunctionName` resolved (`drs-orchestration-api-handler-dev`), else the logical ID.
    package var functionName: String
    /// `Handler` (passed to the runtime as `_HANDLER`).
    package var handler: String
    package var runtime: String?
    /// Seconds an invocation may run (`Timeout`, default 3 as in Lambda).
    package var timeout: Int
    /// Megabytes (`MemorySize`, default 128).
    package var memorySize: Int
    /// `Environment.Variables`, resolved to text.
    package var environment: [String: String]
    /// `Type: Api` events in template order.
    package var apiRoutes: [SAMRoute]
    /// `Type: Schedule` / `ScheduleV2` events in template order.
    package var schedules: [SAMSchedule]

    package init(
        logicalID: String,
        functionName: String,
        handler: String = "bootstrap",
        runtime: String? = nil,
        timeout: Int = 3,
        memorySize: Int = 128,
        environment: [String: String] = [:],
        apiRoutes: [SAMRoute] = [],
        schedules: [SAMSchedule] = []
    ) {
        self.logicalID = logicalID
        self.functionName = functionName
        self.handler = handler
        self.runtime = runtime
        self.timeout = timeout
        self.memorySize = memorySize
        self.environment = environment
        self.apiRoutes = apiRoutes
        self.schedules = schedules
    }
}
