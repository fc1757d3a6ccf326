import Foundation
import Synchronization

/// Where drs-local's own lines and its children's output go: one line per call, no newline.
package struct EmulatorLog: Sendable {
    private let sink: @Sendable (String) -> Void

    package init(_ sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
    }

    /// Writes `line` (a newline is added).
    package func callAsFunction(_ line: String) {
        sink(line)
    }

    /// Standard output, one `write` per line so lines from concurrent children never interleave.
    package static let standardOutput: EmulatorLog = {
        let lock = Mutex(())
        return EmulatorLog { line in
            let data = Data((line + "\n").utf8)
            lock.withLock { _ in FileHandle.standardOutput.write(data) }
        }
    }()

    /// Drops every line.
    package static let discard = EmulatorLog { _ in }
}
