import FoundationEssentials
import Orchestrator

/// The process's one JSON encoder and decoder, configured once.
///
/// `@unchecked Sendable`: both are configured in `init` and never mutated afterwards, and
/// Foundation's coders keep no state between calls.
package final class JSONCodec: @unchecked Sendable {
    package let encoder: JSONEncoder
    package let decoder: JSONDecoder

    package init() {
        encoder = JSONEncoder()
        // Sorted keys: the same value always encodes to the same text (stable diffs, stable tests).
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        decoder = JSONDecoder()
    }

    /// Encodes `value` as JSON text bytes.
    /// - Throws: `APIError.internalError`-worthy encoding failures as the encoder's error.
    package func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }
}
