import Foundation
import Synchronization

/// One `bootstrap` child process slot of a function: starts the process, forwards its output
/// line by line with a `[function#n]` prefix, and starts a new one whenever it ends, as Lambda
/// replaces a sandbox whose runtime exited.
final class RuntimeInstance: Sendable {
    let index: Int
    let executable: String
    let environment: [String: String]
    let workingDirectory: String
    let host: FunctionHost
    let log: EmulatorLog
    /// Pause before the first restart; doubles (up to `maximumRestartDelay`) while the runtime
    /// keeps dying within a second of starting.
    let restartDelay: Duration
    static let maximumRestartDelay: Duration = .seconds(5)

    private struct State {
        /// Process (and process group) ID of the running child.
        var pid: Int32?
        /// The last child that ended, in case it ends before `runOnce` records it.
        var exitedPID: Int32?
        var stopping = false
        var loop: Task<Void, Never>?
    }

    private let state = Mutex(State())

    init(
        index: Int,
        executable: String,
        environment: [String: String],
        workingDirectory: String,
        host: FunctionHost,
        log: EmulatorLog,
        restartDelay: Duration
    ) {
        self.index = index
        self.executable = executable
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.host = host
        self.log = log
        self.restartDelay = restartDelay
    }

    var label: String { host.label(index) }

    /// Starts the supervision loop; returns at once.
    func start() {
        let loop = Task { await self.supervise() }
        state.withLock { $0.loop = loop }
    }

    /// Kills the running child at once (its whole process group); the loop starts a new one.
    func kill() {
        if let pid = state.withLock({ $0.pid }) {
            Self.signal(pid, SIGKILL)
        }
    }

    /// Stops restarting, sends SIGTERM, and SIGKILL after `grace`; returns when the child is gone.
    func stop(grace: Duration) async {
        let (pid, loop) = state.withLock { state in
            state.stopping = true
            return (state.pid, state.loop)
        }
        if let pid {
            Self.signal(pid, SIGTERM)
        }
        let killer = Task {
            try? await Task.sleep(for: grace)
            // Also covers a child that was starting when `stop` began (it gets SIGTERM in `runOnce`).
            if let pid = self.state.withLock({ $0.pid }) {
                Self.signal(pid, SIGKILL)
            }
        }
        // Cancelling interrupts a restart backoff; a running child is waited for.
        loop?.cancel()
        await loop?.value
        killer.cancel()
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func supervise() async {
        var quickExits = 0
        while !isStopping {
            await host.instanceStarting(index)
            let started = ContinuousClock.now
            let status: String
            do {
                status = try await runOnce()
            } catch {
                status = "exit status 127"
                log("\(label) cannot start \(executable): \(error)")
            }
            await host.instanceExited(index, status: status)
            if isStopping { break }
            // A runtime that survived a while gets a quick restart; one that keeps dying at once
            // backs off, doubling up to the maximum.
            quickExits = started.duration(to: .now) > .seconds(1) ? 0 : quickExits + 1
            var delay = restartDelay
            for _ in 1..<max(quickExits, 1) {
                delay = min(delay * 2, Self.maximumRestartDelay)
            }
            let milliseconds = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
            log("\(label) runtime exited (\(status)); restarting in \(milliseconds) ms")
            try? await Task.sleep(for: delay)
        }
    }

    /// Runs one child to its end; returns its exit as Lambda words it.
    private func runOnce() async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = []
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        process.standardInput = FileHandle.nullDevice
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError

        let (exits, exited) = AsyncStream<String>.makeStream()
        process.terminationHandler = { process in
            let signaled = process.terminationReason == .uncaughtSignal
            let pid = process.processIdentifier
            self.state.withLock { state in
                state.exitedPID = pid
                if state.pid == pid { state.pid = nil }
            }
            exited.yield(LambdaErrorPayload.describeExit(signal: signaled, status: process.terminationStatus))
            exited.finish()
        }
        try await Self.launch(process)
        // Foundation starts the child in its own process group (POSIX_SPAWN_SETPGROUP), so
        // signalling -pid also reaches anything the runtime spawned.
        let pid = process.processIdentifier
        let stopping = state.withLock { state in
            // A child that already exited must not be remembered: its pid may be reused.
            if state.exitedPID != pid { state.pid = pid }
            return state.stopping
        }
        if stopping {
            Self.signal(pid, SIGTERM)
        }
        forward(standardOutput.fileHandleForReading)
        forward(standardError.fileHandleForReading)
        // Waited for in a task of its own: cancelling the supervision loop (to cut a restart
        // backoff short) must not stop us waiting for the child to be gone.
        let status = await Task {
            var status = "exit status 0"
            for await description in exits {
                status = description
            }
            return status
        }.value
        withExtendedLifetime(process) {}
        return status
    }

    /// `Process` carried to the launching thread; it is used there only until `run()` returns.
    private struct LaunchHandle: @unchecked Sendable {
        let process: Process
    }

    /// Runs `process.run()` on a fresh thread with no signals blocked: a spawned child inherits
    /// its parent thread's signal mask, and the threads of Swift's executors block most signals,
    /// so a child spawned from one would ignore the SIGTERM of a shutdown.
    private static func launch(_ process: Process) async throws {
        let handle = LaunchHandle(process: process)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                do {
                    try handle.process.run()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "drs-local spawn"
            thread.start()
        }
    }

    /// Copies a pipe to the log, one prefixed line at a time, on a thread of its own (reads block).
    private func forward(_ handle: FileHandle) {
        let label = self.label
        let log = self.log
        let capture = host.captures[index]
        let thread = Thread {
            var pending: [UInt8] = []
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                capture.append(data)
                pending.append(contentsOf: data)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    log("\(label) \(String(decoding: pending[..<newline], as: UTF8.self))")
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty {
                log("\(label) \(String(decoding: pending, as: UTF8.self))")
            }
            try? handle.close()
        }
        thread.name = "drs-local output \(label)"
        thread.start()
    }

    private static func signal(_ pid: Int32, _ signal: Int32) {
        if getpgid(pid) == pid {
            Foundation.kill(-pid, signal)
        } else {
            Foundation.kill(pid, signal)
        }
    }
}
