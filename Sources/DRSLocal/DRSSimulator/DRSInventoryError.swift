/// An inventory file could not be used: missing, not JSON, or not in a format the simulator reads.
package struct DRSInventoryError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable {
        /// The seeded inventory is not where drs-local's resources should be.
        case seedMissing
        /// The file could not be read.
        case unreadable
        /// The file is not JSON, or not in a format the simulator reads.
        case malformed
    }

    package var code: Code
    /// What is wrong, naming the file.
    package var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
