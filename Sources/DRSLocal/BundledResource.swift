import Foundation

/// Files of drs-local's resource bundle (the seeded DRS inventory, moto's launcher), which SwiftPM
/// puts next to the executable (the test runner included).
///
/// Looked up by hand rather than through `Bundle.module`, whose accessor traps when the bundle is
/// missing; a missing file is an error drs-local can report.
enum BundledResource {
    static let bundleName = "drs-orchestration_DRSLocal.resources"

    /// The path of `fileName` in the bundle, or nil when the bundle or the file is missing.
    static func path(_ fileName: String) -> String? {
        var directories = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL {
            directories.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for directory in directories {
            for candidate in [
                directory.appendingPathComponent(bundleName).appendingPathComponent(fileName),
                directory.appendingPathComponent(bundleName).appendingPathComponent("Resources")
                    .appendingPathComponent(fileName),
            ] where FileManager.default.fileExists(atPath: candidate.path) {
                return candidate.path
            }
        }
        return nil
    }
}
