import Foundation
import TestSupport

/// A tiny Lambda custom runtime in Python for the end-to-end tests: it long-polls `/next` and
/// acts on the event (`{"action":"exit"}`, `"sleep"`, `"error"`, `"big"`, `"env"`, API Gateway
/// events answer with an envelope, anything else is echoed with the runtime headers).
enum FakeRuntime {
    /// Copies the program (`fake_runtime.py`) to a new temporary directory as `bootstrap`; returns
    /// its path (mode 755).
    static func install() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("drs-local-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("bootstrap").path
        try FileManager.default.copyItem(atPath: TestPrograms.path("fake_runtime.py"), toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }
}
