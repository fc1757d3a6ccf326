import AWSCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A moto server (`python -m moto.server`) on 127.0.0.1: the local DynamoDB.
///
/// With `verifySignatures`, moto checks the SigV4 signature (and IAM permissions) of every request
/// after start-up, so everything `bootstrap` sends DynamoDB is verified by an independent
/// implementation. moto only knows keys created through its own IAM, so start-up creates a user
/// with an allow-all policy and an access key, then switches verification on
/// (`POST /moto-api/reset-auth` with `0`).
public final class MotoServer: @unchecked Sendable {
    // `process` and `credentials` are written once in `start` before the server is shared, and
    // `stop` only reads them.
    public let port: Int
    public let python: String
    public let verifySignatures: Bool
    private var process: Process?
    public private(set) var credentials = LocalCredentials.fixed

    /// - Parameters:
    ///   - python: the interpreter that has `moto[server]` (the project's `.venv/bin/python`).
    ///   - port: 0 picks a free port.
    public init(python: String, port: Int = 0, verifySignatures: Bool = true) {
        self.python = python
        self.port = port == 0 ? MotoServer.freePort() : port
        self.verifySignatures = verifySignatures
    }

    /// `http://127.0.0.1:<port>`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts moto and waits until it answers.
    /// - Throws: `EmulatorError(.serviceFailed)` when moto does not start within 30 s.
    public func start(log: EmulatorLog) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "INITIAL_NO_AUTH_ACTION_COUNT")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { return }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.contains(" 200 -") {
                log("[moto] \(line)")
            }
        }
        do {
            try process.run()
        } catch {
            throw EmulatorError(.serviceFailed, "cannot start moto with \(python): \(error)")
        }
        self.process = process
        let deadline = Date().addingTimeInterval(30)
        while !(await isAnswering()) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw EmulatorError(
                    .serviceFailed,
                    "moto did not start on port \(port) (is moto[server] installed for \(python)? `make deps`)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        if verifySignatures {
            credentials = try createVerifiedCredentials()
            try await resetAuth(after: 0)
        }
        log("[drs-local] DynamoDB (moto) on \(endpoint)\(verifySignatures ? ", verifying signatures" : "")")
    }

    /// Stops moto (SIGTERM, then SIGKILL).
    public func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    // MARK: - Start-up steps

    private func isAnswering() async -> Bool {
        guard let url = URL(string: "\(endpoint)/moto-api/data.json") else { return false }
        var request = URLRequest(url: url)
        request.timeoutInterval = 1
        return await Self.status(of: request) == 200
    }

    /// The HTTP status of `request`, 0 when it failed.
    private static func status(of request: URLRequest) async -> Int {
        await withCheckedContinuation { continuation in
            URLSession.shared.dataTask(with: request) { _, response, _ in
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode ?? 0)
            }.resume()
        }
    }

    /// Creates an IAM user allowed everything, and an access key for it, through moto's IAM.
    private func createVerifiedCredentials() throws -> LocalCredentials {
        let client = AWSClient(
            configuration: AWSConfiguration(environment: [
                "AWS_ACCESS_KEY_ID": "bootstrapping", "AWS_SECRET_ACCESS_KEY": "bootstrapping",
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint,
            ]))
        let iam = AWSService(
            signingName: "iam", serviceID: "IAM",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"])
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
        let calls = [
            "Action=CreateUser&UserName=drs-local&Version=2010-05-08",
            "Action=PutUserPolicy&UserName=drs-local&PolicyName=local-admin&PolicyDocument="
                + (policy.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") + "&Version=2010-05-08",
            "Action=CreateAccessKey&UserName=drs-local&Version=2010-05-08",
        ]
        var lastBody = ""
        for call in calls {
            let response = try client.send(AWSRequest(body: Array(call.utf8)), to: iam, region: "us-east-1")
            lastBody = String(decoding: response.body, as: UTF8.self)
        }
        guard let keyID = Self.xmlValue("AccessKeyId", in: lastBody),
            let secret = Self.xmlValue("SecretAccessKey", in: lastBody)
        else { throw EmulatorError(.serviceFailed, "moto's CreateAccessKey answered without a key: \(lastBody)") }
        return LocalCredentials(accessKeyID: keyID, secretAccessKey: secret)
    }

    /// Makes moto verify every request after the next `count` ones.
    private func resetAuth(after count: Int) async throws {
        guard let url = URL(string: "\(endpoint)/moto-api/reset-auth") else { return }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(String(count).utf8)
        // moto reads the raw body; a form content type (URLSession's default) would consume it.
        request.setValue("text/plain", forHTTPHeaderField: "Content-Type")
        let status = await Self.status(of: request)
        guard status == 200 else { throw EmulatorError(.serviceFailed, "moto refused reset-auth (HTTP \(status))") }
    }

    private static func xmlValue(_ tag: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(tag)>"),
            let close = text.range(of: "</\(tag)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    /// A port nothing listens on right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 ? getsockname(fd, pointer, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
