/// A part of the local stack with its own lifetime. The emulator starts its services in order
/// and stops them in reverse; the Lambda functions, the Invoke API and the API Gateway are
/// services, and so can be a DRS simulator or a periodic engine tick.
package protocol EmulatorService: Sendable {
    /// A short name for log lines (`invoke-api`, `api-gateway`, a function name).
    var name: String { get }
    /// Starts serving; throws when the service cannot start (the emulator then stops the others).
    func start(in emulator: Emulator) async throws
    /// Stops serving; returns once everything the service started has ended.
    func stop() async
}
