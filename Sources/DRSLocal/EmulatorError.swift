/// Why the emulator could not start or serve a call.
public struct EmulatorError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The `bootstrap` executable does not exist or is not executable.
        case bootstrapNotFound
        /// A listening socket could not be bound (port in use, …).
        case bindFailed
        /// No function of the template has that name.
        case unknownFunction
        /// `start()` was called twice, or a setting is out of range.
        case invalidConfiguration
        /// A backing service (moto, the DRS simulator) failed to start.
        case serviceFailed
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
