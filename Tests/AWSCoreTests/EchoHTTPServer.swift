import Foundation
import TestSupport

/// A loopback HTTP/1.1 keep-alive server in a Python child process, for transport tests.
///
/// Every response is JSON describing the request (method, path, query, headers, body) and how many
/// TCP connections the server has accepted so far. `?status=N` sets the status, `/slow?ms=N` waits
/// first, `/close` answers with `Connection: close`. `/verify…` checks the request's SigV4 signature
/// with botocore (an independent implementation) and answers 403 `InvalidSignatureException` when it
/// does not match. The child exits when its stdin closes, so a crashed test leaves no server behind.
final class EchoHTTPServer {
    let port: Int
    private let process: Process
    private let stdin: Pipe

    /// The secret the `/verify` endpoint checks signatures with.
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.python, TestPrograms.path("echo_http_server.py"), Self.secret]
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty {
                throw StartError(description: "python3 server exited before printing its port")
            }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw StartError(description: "python3 server printed no port: \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
    }

    deinit {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }

    /// The project's `.venv` Python when `make deps` created it (it has botocore, through moto),
    /// else `python3` from `PATH`.
    static let python: String = {
        // <root>/Tests/AWSCoreTests/<this file> → <root>/.venv/bin/python
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 {
            root.deleteLastPathComponent()
        }
        let venv = root.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }()

    /// Whether that Python has botocore, for the signature-verification test.
    static let hasBotocore: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = [python, "-c", "import botocore"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()
}

/// The JSON the local server answers with.
struct EchoReply: Decodable {
    var method: String
    var path: String
    var query: String
    var headers: [[String]]
    var body: String
    var connections: Int

    func header(_ name: String) -> [String] {
        headers.filter { $0.first?.lowercased() == name.lowercased() }.compactMap { $0.last }
    }
}
