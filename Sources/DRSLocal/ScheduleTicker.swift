import Foundation
import Synchronization

/// Stands in for EventBridge: invokes every function that has an enabled `Schedule` event, every
/// `interval` instead of the schedule's own rate, so a drill on the simulator moves in seconds.
/// The payload is the event's `Input`, or a "Scheduled Event" like EventBridge's.
final class ScheduleTicker: EmulatorService {
    let name = "schedules"
    private let interval: Duration
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(interval: Duration) {
        self.interval = interval
    }

    func start(in emulator: Emulator) async throws {
        let targets = emulator.configuration.template.functions.flatMap { function in
            function.schedules.filter(\.enabled).map { (function.functionName, $0) }
        }
        guard !targets.isEmpty else { return }
        let interval = interval
        let region = emulator.configuration.region
        let accountID = emulator.configuration.accountID
        let log = emulator.configuration.log
        let loop = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                for (function, schedule) in targets {
                    let payload =
                        schedule.input ?? Self.scheduledEvent(region: region, accountID: accountID, rule: schedule.name)
                    let result = try? await emulator.invoke(
                        function: function, InvokeRequest(payload: Array(payload.utf8)))
                    if result == nil { log("[drs-local] schedule \(schedule.name): \(function) could not be invoked") }
                }
            }
        }
        task.withLock { $0 = loop }
    }

    func stop() async {
        let loop = task.withLock { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        loop?.cancel()
        await loop?.value
    }

    /// An EventBridge "Scheduled Event" as Lambda receives it.
    static func scheduledEvent(region: String, accountID: String, rule: String) -> String {
        let time = ISO8601DateFormatter().string(from: Date())
        return """
            {"version":"0","id":"\(UUID().uuidString.lowercased())","detail-type":"Scheduled Event",\
            "source":"aws.events","account":"\(accountID)","time":"\(time)","region":"\(region)",\
            "resources":["arn:aws:events:\(region):\(accountID):rule/\(rule)"],"detail":{}}
            """
    }
}
