import AWSCore
import DynamoDB
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// moto (`moto[server]==5.2.5` from the project's `.venv`) in server mode on 127.0.0.1, with SigV4
/// verification on, for the integration tests.
///
/// moto checks signatures once `INITIAL_NO_AUTH_ACTION_COUNT` unauthenticated actions have been
/// served (moto/core/authorization.py: every action counts while the count is below the limit; from
/// then on each request's signature is recomputed with botocore and its IAM policies are checked).
/// The first three actions therefore set up an IAM user with a DynamoDB policy and an access key;
/// every later request, including all of DynamoDBClient's, must be signed with that key's secret.
///
/// Started on a free port found by binding port 0; stopped by its PID. It also exits when its stdin
/// closes, so a test process that crashes leaves no server behind.
final class MotoServer: @unchecked Sendable {
    // @unchecked: the `Process` is only touched by `start` and `stop`, which the suite trait calls
    // once each, before and after every test; the rest is immutable.

    /// The moto release the project pins (requirements-dev.txt).
    static let pinnedVersion = "5.2.5"
    /// Unauthenticated actions moto serves before checking signatures: CreateUser, PutUserPolicy,
    /// CreateAccessKey.
    static let unauthenticatedActions = 3
    static let region = "us-east-1"

    let port: Int
    let endpoint: String
    let accessKeyID: String
    let secretAccessKey: String
    let logPath: String
    /// One transport for every client, so tests reuse connections as production does.
    let transport = CurlTransport()
    private let process: Process
    private let stdin: Pipe

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    /// The server of the running suite (set by `MotoTrait`).
    @TaskLocal static var current: MotoServer?

    /// `<root>/.venv/bin/python`, from this file's path (`<root>/Tests/DynamoDBTests/MotoServer.swift`).
    static let python: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".venv/bin/python").path

    /// Runs moto's own server entry point, exiting when stdin reaches end of file.
    static let launcher = #"""
        import os, sys, threading

        def exit_with_parent():
            sys.stdin.buffer.read()
            os._exit(0)

        threading.Thread(target=exit_with_parent, daemon=True).start()
        from moto.server import main
        main(["-H", "127.0.0.1", "-p", sys.argv[1]])
        """#

    private init(
        port: Int,
        process: Process,
        stdin: Pipe,
        logPath: String,
        accessKeyID: String,
        secretAccessKey: String
    ) {
        self.port = port
        endpoint = "http://127.0.0.1:\(port)"
        self.process = process
        self.stdin = stdin
        self.logPath = logPath
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    /// Starts moto, waits until it answers, and creates the IAM user and access key the tests sign with.
    static func start() throws -> MotoServer {
        try checkPinnedVersion()
        let port = try freePort()
        let logPath = NSTemporaryDirectory() + "moto-\(port).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw StartError(description: "could not create moto's log file \(logPath)")
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", launcher, String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = String(unauthenticatedActions)
        process.environment = environment
        let stdin = Pipe()
        process.standardInput = stdin
        // A file, not a pipe: moto logs every request, and a pipe nobody reads would fill and stall it.
        process.standardOutput = log
        process.standardError = log
        try process.run()

        let transport = CurlTransport()
        do {
            try waitUntilAnswering(port: port, process: process, transport: transport, logPath: logPath)
            let (accessKeyID, secret) = try createAccessKey(port: port, transport: transport)
            return MotoServer(
                port: port,
                process: process,
                stdin: stdin,
                logPath: logPath,
                accessKeyID: accessKeyID,
                secretAccessKey: secret
            )
        } catch {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw error
        }
    }

    /// Stops moto by its PID and waits for it to exit.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
        }
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// The environment a process would get to talk to this moto as the test user.
    func environment(secretAccessKey secret: String? = nil) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": accessKeyID,
            "AWS_SECRET_ACCESS_KEY": secret ?? secretAccessKey,
            "AWS_REGION": Self.region,
            "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
        ]
    }

    /// A DynamoDB client signing as the test user (or with another secret, to prove moto checks).
    func dynamoDB(secretAccessKey secret: String? = nil, transport: (any HTTPTransport)? = nil) -> DynamoDBClient {
        DynamoDBClient(
            aws: AWSClient(
                configuration: AWSConfiguration(
                    environment: environment(secretAccessKey: secret), readFile: { _ in nil }),
                transport: transport ?? self.transport
            )
        )
    }

    /// The end of moto's log, for failure messages.
    func logTail() -> String {
        Self.logTail(logPath)
    }

    private static func logTail(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return String(text.suffix(4000))
    }

    private static func checkPinnedVersion() throws {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw StartError(description: "\(python) is missing: run `make python-deps` (moto[server]==5.2.5)")
        }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["-c", "import moto; print(moto.__version__)"]
        let output = Pipe()
        probe.standardOutput = output
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        probe.waitUntilExit()
        let version = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard version == pinnedVersion else {
            throw StartError(
                description: "moto \(version.isEmpty ? "is not installed" : version) in \(python); "
                    + "the tests need moto[server]==\(pinnedVersion): run `make python-deps`"
            )
        }
    }

    /// A port nothing listens on now: bind port 0 and read back what the kernel chose.
    private static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw StartError(description: "socket() failed: errno \(errno)") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(socketFD, socketAddress, length) == 0 && getsockname(socketFD, socketAddress, &length) == 0
            }
        }
        guard bound else { throw StartError(description: "could not bind 127.0.0.1:0: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func waitUntilAnswering(
        port: Int,
        process: Process,
        transport: CurlTransport,
        logPath: String
    ) throws {
        let endpoint = AWSEndpoint(scheme: "http", host: "127.0.0.1", port: port)
        // moto's own API (not an AWS action, so it does not use up an unauthenticated action).
        let probe = AWSHTTPRequest(
            method: "GET",
            endpoint: endpoint,
            path: "/moto-api/data.json",
            headers: ["Host": endpoint.hostHeader]
        )
        let start = Date()
        while Date().timeIntervalSince(start) < 60 {
            guard process.isRunning else {
                throw StartError(description: "moto exited during start-up:\n\(logTail(logPath))")
            }
            if let response = try? transport.send(probe, timeoutMilliseconds: 1_000), response.status == 200 {
                return
            }
            usleep(100_000)
        }
        throw StartError(description: "moto did not answer on port \(port) within 60 s:\n\(logTail(logPath))")
    }

    /// IAM's query protocol: form-encoded `Action=…&Version=2010-05-08` POSTs.
    private static let iam = AWSService(
        signingName: "iam",
        serviceID: "IAM",
        headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"]
    )

    /// Uses the unauthenticated actions: a user, a policy allowing DynamoDB, an access key.
    private static func createAccessKey(port: Int, transport: CurlTransport) throws -> (String, String) {
        // Signed with throw-away credentials only so moto routes the calls to IAM by the credential
        // scope; it does not check them yet.
        let client = AWSClient(
            configuration: AWSConfiguration(
                environment: [
                    "AWS_ACCESS_KEY_ID": "bootstrap",
                    "AWS_SECRET_ACCESS_KEY": "bootstrap",
                    "AWS_REGION": region,
                    "AWS_ENDPOINT_URL_IAM": "http://127.0.0.1:\(port)",
                ],
                readFile: { _ in nil }
            ),
            transport: transport,
            retryPolicy: RetryPolicy(maxAttempts: 1)
        )
        let user = "drs-orchestration-tests"
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}]}"#
        func call(_ parameters: [(name: String, value: String)]) throws -> String {
            let body = URIEncoding.query(parameters + [("Version", "2010-05-08")])
            let response = try client.send(AWSRequest(body: Array(body.utf8)), to: iam)
            return String(decoding: response.body, as: UTF8.self)
        }
        _ = try call([("Action", "CreateUser"), ("UserName", user)])
        _ = try call([
            ("Action", "PutUserPolicy"), ("UserName", user), ("PolicyName", "dynamodb"), ("PolicyDocument", policy),
        ])
        let xml = try call([("Action", "CreateAccessKey"), ("UserName", user)])
        guard let accessKeyID = element("AccessKeyId", in: xml), let secret = element("SecretAccessKey", in: xml) else {
            throw StartError(description: "CreateAccessKey answered without a key:\n\(xml)")
        }
        return (accessKeyID, secret)
    }

    private static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"),
            let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}

/// Runs a suite with its own moto: started before the suite's first test, stopped after its last.
struct MotoTrait: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try MotoServer.start()
        defer { server.stop() }
        try await MotoServer.$current.withValue(server) {
            try await function()
        }
    }
}

extension Trait where Self == MotoTrait {
    /// A moto server for the suite, reachable through `MotoServer.current`.
    static var moto: Self { MotoTrait() }
}
