/// One `Type: Schedule` (or `ScheduleV2`) event of a function, kept for the engine ticks.
package struct SAMSchedule: Sendable, Hashable {
    /// The event's name under `Events`.
    package var name: String
    /// `rate(1 minute)`, `cron(…)`, as written.
    package var expression: String
    /// The event's `Input` (JSON text the target receives), when it has one.
    package var input: String?
    /// False when the event says `Enabled: false` or `State: DISABLED`.
    package var enabled: Bool

    package init(name: String, expression: String, input: String? = nil, enabled: Bool = true) {
        self.name = name
        self.expression = expression
        self.input = input
        self.enabled = enabled
    }
}
