import Synchronization

/// The recent output of one child, kept so an invocation can return its log tail
/// (`X-Amz-Log-Type: Tail`). Positions are byte offsets since the child slot was created.
final class OutputCapture: Sendable {
    /// Enough for the 4 KB Lambda returns plus the START/END/REPORT lines' worth of slack.
    private static let retained = 64 * 1024

    private struct Buffer {
        var bytes: [UInt8] = []
        /// Offset of `bytes.first` in the whole stream.
        var start = 0
        var end: Int { start + bytes.count }
    }

    private let buffer = Mutex(Buffer())

    /// The position after everything captured so far.
    var position: Int { buffer.withLock { $0.end } }

    func append(_ bytes: some Collection<UInt8>) {
        buffer.withLock { buffer in
            buffer.bytes.append(contentsOf: bytes)
            let excess = buffer.bytes.count - Self.retained
            if excess > 0 {
                buffer.bytes.removeFirst(excess)
                buffer.start += excess
            }
        }
    }

    /// The output written since `position` (what is still retained of it).
    func text(since position: Int) -> String {
        buffer.withLock { buffer in
            let from = max(position, buffer.start) - buffer.start
            return String(decoding: buffer.bytes[from...], as: UTF8.self)
        }
    }
}
