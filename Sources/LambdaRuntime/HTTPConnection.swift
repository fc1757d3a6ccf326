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
        /// The header block as received (after the status line), searched on demand so a response
        /// costs no allocation per header.
        package var head: [UInt8]
        package var body: [UInt8]

        package init(status: Int, head: [UInt8], body: [UInt8]) {
            self.status = status
            self.head = head
            self.body = body
        }

        /// The first value of header `name` (matched case-insensitively), trimmed.
        package func header(_ name: String) -> String? {
            let wanted = Array(name.utf8)
            var lineStart = 0
            while lineStart < head.count {
                var lineEnd = lineStart
                while lineEnd < head.count && head[lineEnd] != 10 { lineEnd += 1 }
                if lineEnd - lineStart > wanted.count, head[lineStart + wanted.count] == UInt8(ascii: ":"),
                    Self.equalsIgnoringCase(head[lineStart..<(lineStart + wanted.count)], wanted)
                {
                    var valueStart = lineStart + wanted.count + 1
                    var valueEnd = lineEnd
                    while valueStart < valueEnd && (head[valueStart] == 32 || head[valueStart] == 9) { valueStart += 1 }
                    while valueEnd > valueStart && (head[valueEnd - 1] == 13 || head[valueEnd - 1] == 32) {
                        valueEnd -= 1
                    }
                    return String(decoding: head[valueStart..<valueEnd], as: UTF8.self)
                }
                lineStart = lineEnd + 1
            }
            return nil
        }

        private static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercase: [UInt8]) -> Bool {
            var index = bytes.startIndex
            for expected in lowercase {
                var byte = bytes[index]
                if byte >= 65 && byte <= 90 { byte += 32 }
                var wantedByte = expected
                if wantedByte >= 65 && wantedByte <= 90 { wantedByte += 32 }
                if byte != wantedByte { return false }
                index += 1
            }
            return true
        }
    }

    private let host: String
    private let port: String
    private var socket: Int32 = -1
    private var buffer: [UInt8] = []
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 1)
    private var bufferStart = 0
    /// Whether the current socket already carried a full exchange (so a silent close is a stale
    /// keep-alive connection, safe to reopen once, rather than a real failure).
    private var reused = false

    /// - Throws: nothing yet; the connection opens lazily on the first request.
    package init(host: String, port: String) {
        self.host = host
        self.port = port
    }

    deinit {
        close()
        scratch.deallocate()
    }

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
        while true {
            // Into a scratch area allocated once, then one copy of what arrived: no zero-filling per read.
            let count = recv(socket, scratch.baseAddress, scratch.count, 0)
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw RuntimeAPIError(.connection, "read failed (errno \(errno))") }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
            return count > 0
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
        guard let end = headEnd else { throw RuntimeAPIError(.malformedResponse, "no response head") }
        // Status line: "HTTP/1.1 200 Reason"
        var index = bufferStart
        while index < end && buffer[index] != 32 { index += 1 }
        var status = 0
        var digits = 0
        index += 1
        while index < end, buffer[index] >= 48, buffer[index] <= 57, digits < 3 {
            status = status * 10 + Int(buffer[index] - 48)
            digits += 1
            index += 1
        }
        guard digits == 3, buffer[bufferStart..<min(bufferStart + 7, end)].elementsEqual("HTTP/1.".utf8) else {
            throw RuntimeAPIError(.malformedResponse, "bad status line")
        }
        while index < end && buffer[index] != 10 { index += 1 }
        var response = Response(status: status, head: Array(buffer[min(index + 1, end)..<end]), body: [])
        bufferStart = end + 4

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
