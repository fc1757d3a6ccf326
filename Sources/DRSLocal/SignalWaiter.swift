import Foundation

/// Write end of the self-pipe the signal handler reports through (a C handler cannot capture).
private nonisolated(unsafe) var signalPipe: Int32 = -1

/// Waits for SIGINT or SIGTERM.
///
/// The signals get a real handler rather than `SIG_IGN` (which Dispatch signal sources need):
/// an ignored signal stays ignored in every child started afterwards, so restarted runtimes
/// would shrug off the SIGTERM of shutdown, while a handler is reset to the default by `exec`.
enum SignalWaiter {
    /// Returns the number of the first of `signals` delivered to the process.
    static func wait(for signals: [Int32] = [SIGINT, SIGTERM]) async -> Int32 {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return SIGTERM }
        signalPipe = fds[1]
        for number in signals {
            _ = signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(signalPipe, &byte, 1)
            }
        }
        let readEnd = fds[0]
        let received: Int32 = await withCheckedContinuation { continuation in
            // A blocking read is the simplest async-signal-safe hand-off; it gets its own thread.
            Thread {
                var byte: UInt8 = 0
                while read(readEnd, &byte, 1) < 0, errno == EINTR {}
                continuation.resume(returning: Int32(byte))
            }.start()
        }
        // A second Ctrl-C during shutdown ends the process at once.
        for number in signals {
            _ = signal(number, SIG_DFL)
        }
        return received
    }
}
