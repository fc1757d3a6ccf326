import AWSCore
import Foundation

/// A moto server (`moto[server]`, the version `requirements-dev.txt` pins) on 127.0.0.1: the local
/// DynamoDB of drs-local and of the test suites.
///
/// With `verifySignatures`, moto checks the SigV4 signature (and the IAM permissions) of every
/// request after start-up, so everything our clients send is verified by an independent
/// implementation (botocore's). moto only knows keys made by its own IAM, so start-up creates a
/// user with an allow-all policy and an access key, then switches verification on
/// (`POST /moto-api/reset-auth` with `0`).
package final class MotoServer: @unchecked Sendable {
    // Every stored property is set in `init`; `stop` is idempotent (the process's own state).

    /// The moto version `requirements-dev.txt` pins; another one is refused at start.
    package static let pinnedVersion = "5.2.5"

    package let port: Int
    package let python: String
    package let verifySignatures: Bool
    /// What to sign with: the IAM user's key when verifying, else the local fixed pair.
    package let credentials: AWSCredentials
    /// moto's request log (a file: a pipe nobody reads would fill and stall moto).
    package let logPath: String
    private let process: Process
    private let stdin: Pipe

    /// moto's own server entry point (`moto_launcher.py`, a bundled resource): exits when its
    /// stdin closes, so that when the process that started it dies (even by SIGKILL), moto goes too
    /// instead of holding the port.
    ///
    /// Requests are served one at a time: moto applies a `TransactWriteItems` item by item and, on a
    /// failed condition, restores a copy of the whole table taken when it began — with concurrent
    /// requests that undoes other transactions' writes. Serialized, each transaction is atomic, as
    /// DynamoDB's are, and the race-freedom tests test our code rather than moto's threading.
    static let launcherFileName = "moto_launcher.py"

    /// Starts moto, waits until it answers and, when verifying, creates the key to sign with.
    /// - Parameters:
    ///   - python: an interpreter with `moto[server]` (the project's `.venv/bin/python`).
    ///   - port: 0 picks a free port.
    /// - Throws: `EmulatorError(.serviceFailed)` saying what went wrong (no moto, wrong version,
    ///   not answering within 30 s).
    package init(python: String, port: Int = 0, verifySignatures: Bool = true) throws {
        let version = try Self.installedVersion(python: python)
        guard version == Self.pinnedVersion else {
            throw EmulatorError(
                .serviceFailed, "\(python) has moto \(version); \(Self.pinnedVersion) is required (`make deps`)")
        }
        guard let launcher = BundledResource.path(Self.launcherFileName) else {
            throw EmulatorError(
                .serviceFailed,
                "moto's launcher (\(Self.launcherFileName)) was not found next to the executable; "
                    + "run drs-local from its build directory")
        }
        self.python = python
        self.port = port == 0 ? Self.freePort() : port
        self.verifySignatures = verifySignatures
        logPath = NSTemporaryDirectory() + "drs-local-moto-\(self.port).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        stdin = Pipe()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [launcher, String(self.port)]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "INITIAL_NO_AUTH_ACTION_COUNT")
        for (name, value) in Self.reproducibleIDs { environment[name] = value }
        process.environment = environment
        process.standardInput = stdin
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw EmulatorError(.serviceFailed, "cannot start moto with \(python): \(error)")
        }
        do {
            try Self.waitUntilAnswering(port: self.port, process: process)
            if verifySignatures {
                credentials = try Self.createVerifiedCredentials(endpoint: "http://127.0.0.1:\(self.port)")
                try Self.resetAuth(port: self.port, after: 0)
            } else {
                credentials = DRSSimulatorConfiguration.localCredentials
            }
        } catch {
            Self.terminate(process, stdin: stdin)
            throw error
        }
    }

    deinit { stop() }

    /// moto's switches for reproducible Cognito ids: a user pool's id and an app client's id are
    /// derived from their names (and region) instead of drawn at random, so the pool and client
    /// drs-local makes from the template have the same ids on every start.
    package static let reproducibleIDs = [
        "MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY": "HASH", "MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY": "HASH",
    ]

    /// `http://127.0.0.1:<port>`.
    package var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The environment of a process that should use this moto as its DynamoDB.
    package var clientEnvironment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_SESSION_TOKEN": "", "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        ]
    }

    /// The last lines of moto's log, for failure messages.
    package func logTail() -> String {
        String(((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").suffix(4000))
    }

    /// Stops moto (by its PID: SIGTERM, then SIGKILL) and removes its log.
    package func stop() {
        Self.terminate(process, stdin: stdin)
        try? FileManager.default.removeItem(atPath: logPath)
    }

    // MARK: - Start-up steps

    private static func terminate(_ process: Process, stdin: Pipe) {
        try? stdin.fileHandleForWriting.close()
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private static func installedVersion(python: String) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw EmulatorError(
                .serviceFailed, "\(python) is missing: run `make deps` (moto[server]==\(pinnedVersion))")
        }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import moto; print(moto.__version__)"]
        let output = Pipe()
        probe.standardOutput = output
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            throw EmulatorError(.serviceFailed, "\(python) has no moto: run `make deps`")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls moto's model endpoint (not an AWS action, so it does not count against auth).
    private static func waitUntilAnswering(port: Int, process: Process) throws {
        let transport = CurlTransport()
        let request = AWSHTTPRequest(
            method: "GET", endpoint: AWSEndpoint(scheme: "http", host: "127.0.0.1", port: port),
            path: "/moto-api/data.json")
        let deadline = Date().addingTimeInterval(30)
        while true {
            if let response = try? transport.send(request, timeoutMilliseconds: 1000), response.status == 200 {
                return
            }
            guard process.isRunning, Date() < deadline else {
                throw EmulatorError(.serviceFailed, "moto did not answer on port \(port) within 30 s")
            }
            usleep(100_000)
        }
    }

    /// Creates an IAM user allowed everything, and an access key for it, through moto's IAM.
    private static func createVerifiedCredentials(endpoint: String) throws -> AWSCredentials {
        let client = AWSClient(
            configuration: AWSConfiguration(
                environment: [
                    "AWS_ACCESS_KEY_ID": "bootstrapping", "AWS_SECRET_ACCESS_KEY": "bootstrapping",
                    "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint,
                ],
                readFile: { _ in nil }))
        let iam = AWSService(
            signingName: "iam", serviceID: "IAM",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"])
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        let user = ("UserName", "drs-local")
        let calls: [[(name: String, value: String)]] = [
            [("Action", "CreateUser"), user],
            [("Action", "PutUserPolicy"), user, ("PolicyName", "local-admin"), ("PolicyDocument", policy)],
            [("Action", "CreateAccessKey"), user],
        ]
        var lastBody = ""
        for call in calls {
            let body = URIEncoding.query(call + [("Version", "2010-05-08")])
            let response = try client.send(AWSRequest(body: Array(body.utf8)), to: iam, region: "us-east-1")
            lastBody = String(decoding: response.body, as: UTF8.self)
        }
        guard let keyID = AWSServiceError.xmlElement("AccessKeyId", in: lastBody),
            let secret = AWSServiceError.xmlElement("SecretAccessKey", in: lastBody)
        else { throw EmulatorError(.serviceFailed, "moto's CreateAccessKey answered without a key: \(lastBody)") }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret)
    }

    /// Makes moto verify every request after the next `count` ones.
    private static func resetAuth(port: Int, after count: Int) throws {
        // moto reads the raw body; a form content type would make it parse the body away.
        let request = AWSHTTPRequest(
            method: "POST", endpoint: AWSEndpoint(scheme: "http", host: "127.0.0.1", port: port),
            path: "/moto-api/reset-auth", headers: AWSHTTPHeaders([("Content-Type", "text/plain")]),
            body: Array(String(count).utf8))
        let status = (try? CurlTransport().send(request, timeoutMilliseconds: 5000))?.status
        guard status == 200 else {
            throw EmulatorError(.serviceFailed, "moto refused reset-auth (HTTP \(status.map(String.init) ?? "none"))")
        }
    }

    /// A port nothing listens on right now.
    package static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
