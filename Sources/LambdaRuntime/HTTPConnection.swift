#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One persistent, blocking HTTP/1.1 keep-alive connection (plain TCP, `TCP_NODELAY`).
///
/// Enough HTTP for the Lambda Runtime API and for emulators of it: Content-Length and chunked
/// bodies, `Connection: close`, and one transparent reconnect when a reused connection turns out
/// to have been closed by the peer before it answered.
package final class HTTPConnection {
    /// A parsed HTTP response.
    package struct Response: Sendable {
        package var status: Int
        /// Header names are lower-cased; order and repeats are kept.
        package var headers: [(name: String, value: String)]
        package var body: [UInt8]

        /// The first value of header `name` (lower-case).
        package func header(_ name: String) -> String? {
            headers.first { $0.name == name }?.value
        }
    }

    private let host: String
    private let port: String
    private var socket: Int32 = -1
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    /// Whether the current socket already carried a full exchange (so a silent close is a stale
    /// keep-alive connection, safe to reopen once, rather than a real failure).
    private var reused = false

    /// - Throws: nothing yet; the connection opens lazily on the first request.
    package init(host: String, port: String) {
        self.host = host
        self.port = port
    }

    deinit { close() }

    /// Sends one request and reads its response.
    /// - Throws: `RuntimeAPIError` with `.connection` or `.malformedResponse`.
    package func send(method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws
        -> Response
    {
        var request: [UInt8] = []
        request.reserveCapacity(160 + body.count)
        request.append(contentsOf: "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n".utf8)
        request.append(contentsOf: "User-Agent: drs-orchestration\r\n".utf8)
        for (name, value) in headers {
            request.append(contentsOf: "\(name): \(value)\r\n".utf8)
        }
        if method != "GET" || !body.isEmpty {
            request.append(contentsOf: "Content-Length: \(body.count)\r\n".utf8)
        }
        request.append(contentsOf: "\r\n".utf8)
        // One write for head and body: with TCP_NODELAY set, a split write would cost a packet each.
        request.append(contentsOf: body)

        for attempt in 0..<2 {
            if socket < 0 { try open() }
            let wasReused = reused
            do {
                try writeAll(request)
                guard let response = try readResponse(allowCleanClose: wasReused) else {
                    close()  // the peer closed an idle keep-alive connection: reopen once
                    continue
                }
                reused = true
                return response
            } catch let error as RuntimeAPIError where error.code == .connection && wasReused && attempt == 0 {
                close()
            }
        }
        throw RuntimeAPIError(.connection, "connection to \(host):\(port) closed before a response")
    }

    /// Closes the socket; the next request reopens it.
    package func close() {
        if socket >= 0 {
            _ = systemClose(socket)
            socket = -1
        }
        buffer.removeAll(keepingCapacity: true)
        bufferStart = 0
        reused = false
    }

    // MARK: - Socket

    private func open() throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, port, &hints, &list)
        guard status == 0, let first = list else {
            throw RuntimeAPIError(.connection, "cannot resolve \(host):\(port)")
        }
        defer { freeaddrinfo(list) }
        var lastErrno: Int32 = 0
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            let fd = systemSocket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    var one: Int32 = 1
                    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    socket = fd
                    reused = false
                    return
                }
                lastErrno = errno
                _ = systemClose(fd)
            } else {
                lastErrno = errno
            }
            candidate = info.pointee.ai_next
        }
        throw RuntimeAPIError(.connection, "cannot connect to \(host):\(port) (errno \(lastErrno))")
    }

    private func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                systemSend(socket, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw RuntimeAPIError(.connection, "write failed (errno \(errno))")
            }
            offset += written
        }
    }

    /// Reads more bytes into the buffer; returns false at end of stream.
    private func fill() throws -> Bool {
        if bufferStart > 0 && bufferStart == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            bufferStart = 0
        }
        let chunk = 65_536
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        while true {
            let received = buffer.withUnsafeMutableBytes { raw in
                recv(socket, raw.baseAddress! + oldCount, chunk, 0)
            }
            if received < 0 && errno == EINTR { continue }
            if received < 0 {
                buffer.removeLast(chunk)
                throw RuntimeAPIError(.connection, "read failed (errno \(errno))")
            }
            buffer.removeLast(chunk - received)
            return received > 0
        }
    }

    // MARK: - Parsing

    /// Reads one response; nil when the stream ended cleanly before its first byte and
    /// `allowCleanClose` says that is a stale connection rather than an error.
    private func readResponse(allowCleanClose: Bool) throws -> Response? {
        var headEnd: Int? = nil
        while true {
            headEnd = findHeadEnd()
            if headEnd != nil { break }
            if try !fill() {
                if buffer.count == bufferStart && allowCleanClose { return nil }
                throw RuntimeAPIError(.connection, "connection closed while reading a response head")
            }
        }
        guard let end = headEnd,
            let head = String(validating: buffer[bufferStart..<end], as: UTF8.self)
        else { throw RuntimeAPIError(.malformedResponse, "response head is not UTF-8") }
        bufferStart = end + 4

        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw RuntimeAPIError(.malformedResponse, "empty response head") }
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw RuntimeAPIError(.malformedResponse, "bad status line")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw RuntimeAPIError(.malformedResponse, "bad header line")
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            headers.append((name, value))
        }
        var response = Response(status: status, headers: headers, body: [])
        let closeAfter = response.header("connection")?.lowercased() == "close"
        if let encoding = response.header("transfer-encoding"), encoding.lowercased().contains("chunked") {
            response.body = try readChunkedBody()
        } else if let lengthText = response.header("content-length") {
            guard let length = Int(lengthText), length >= 0 else {
                throw RuntimeAPIError(.malformedResponse, "bad Content-Length")
            }
            response.body = try readExactly(length)
        } else if status == 204 || status == 304 || (100..<200).contains(status) {
            response.body = []
        } else {
            response.body = try readToEnd()
            close()
            return response
        }
        if closeAfter { close() }
        return response
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count - bufferStart >= 4 else { return nil }
        var index = bufferStart
        while index + 3 < buffer.count {
            if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count - bufferStart < count {
            if try !fill() { throw RuntimeAPIError(.connection, "connection closed inside a response body") }
        }
        let body = Array(buffer[bufferStart..<(bufferStart + count)])
        bufferStart += count
        return body
    }

    private func readLine() throws -> String {
        while true {
            if let newline = buffer[bufferStart...].firstIndex(of: 10) {
                var lineEnd = newline
                if lineEnd > bufferStart && buffer[lineEnd - 1] == 13 { lineEnd -= 1 }
                let line = String(decoding: buffer[bufferStart..<lineEnd], as: UTF8.self)
                bufferStart = newline + 1
                return line
            }
            if try !fill() { throw RuntimeAPIError(.connection, "connection closed inside a chunked body") }
        }
    }

    private func readChunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try readLine()
            let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingSpaces(), radix: 16), size >= 0 else {
                throw RuntimeAPIError(.malformedResponse, "bad chunk size")
            }
            if size == 0 {
                while try !readLine().isEmpty {}  // trailers
                return body
            }
            body.append(contentsOf: try readExactly(size))
            _ = try readLine()
        }
    }

    private func readToEnd() throws -> [UInt8] {
        while try fill() {}
        let body = Array(buffer[bufferStart...])
        bufferStart = buffer.count
        return body
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}

// Glibc's names collide with our methods' names; these make the calls unambiguous.
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
private func systemSend(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ flags: Int32) -> Int {
    send(fd, buffer, count, flags)
}
private func systemSocket(_ family: Int32, _ type: Int32, _ proto: Int32) -> Int32 {
    socket(family, type, proto)
}
