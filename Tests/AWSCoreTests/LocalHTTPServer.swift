import Foundation

/// A loopback HTTP/1.1 keep-alive server in a Python child process, for transport tests.
///
/// Every response is JSON describing the request (method, path, query, headers, body) and how many
/// TCP connections the server has accepted so far. `?status=N` sets the status, `/slow?ms=N` waits
/// first, `/close` answers with `Connection: close`. `/verify…` checks the request's SigV4 signature
/// with botocore (an independent implementation) and answers 403 `InvalidSignatureException` when it
/// does not match. The child exits when its stdin closes, so a crashed test leaves no server behind.
final class LocalHTTPServer {
    let port: Int
    private let process: Process
    private let stdin: Pipe

    static let script = #"""
        import http.server, json, socket, sys, threading, time, urllib.parse
        lock = threading.Lock()
        connections = [0]
        SECRET = sys.argv[1]

        def verify(method, url, headers, body):
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            authorization = headers.get("Authorization", "")
            if not authorization.startswith("AWS4-HMAC-SHA256 "):
                return False, "missing SigV4 Authorization"
            parts = dict(p.strip().split("=", 1) for p in authorization[len("AWS4-HMAC-SHA256 "):].split(","))
            access_key, _, region, service, _ = parts["Credential"].split("/")
            request = AWSRequest(method=method, url=url, data=body)
            for name in parts["SignedHeaders"].split(";"):
                request.headers[name] = ",".join(headers.get_all(name) or [])
            request.context["timestamp"] = headers["X-Amz-Date"]
            signer = SigV4Auth(Credentials(access_key, SECRET, headers.get("X-Amz-Security-Token")), service, region)
            canonical = signer.canonical_request(request)
            signature = signer.signature(signer.string_to_sign(request, canonical), request)
            return signature == parts["Signature"], canonical

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with lock:
                    connections[0] += 1

            def log_message(self, *args):
                pass

            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/slow":
                    time.sleep(float(query.get("ms", "1000")) / 1000)
                status = int(query.get("status", "200"))
                with lock:
                    count = connections[0]
                reply = {
                    "method": self.command, "path": url.path, "query": url.query,
                    "headers": [[k, v] for k, v in self.headers.items()],
                    "body": body.decode("utf-8", "replace"), "connections": count,
                }
                extra = []
                if url.path.startswith("/verify"):
                    ok, detail = verify(self.command, "http://" + self.headers["Host"] + self.path, self.headers, body)
                    if not ok:
                        status = 403
                        extra.append(("X-Amzn-ErrorType", "InvalidSignatureException"))
                        reply = {"message": "signature mismatch; botocore's canonical request:\n" + detail}
                payload = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("X-Multi", "a")
                self.send_header("X-Multi", "b")
                for name, value in extra:
                    self.send_header(name, value)
                if url.path == "/close":
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = answer

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sys.stdin.read()
        """#

    /// The secret the `/verify` endpoint checks signatures with.
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [Self.python, "-c", Self.script, Self.secret]
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
