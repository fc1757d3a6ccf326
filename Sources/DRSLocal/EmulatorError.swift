/// Why the emulator could not start or serve a call.
package struct EmulatorError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable {
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

    package var code: Code
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code.rawValue): \(message)" }
}
