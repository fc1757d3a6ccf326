import CCryptoShim
import CCurlShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `HTTPTransport` over libcurl, keeping one easy handle (and so one open connection) per endpoint.
///
/// Warm Lambda invocations reuse the connection, TLS session and DNS answer of earlier ones. A
/// handle is taken out of the pool for the duration of an exchange, so concurrent callers never
/// share one; a caller that finds no idle handle for its endpoint gets a fresh one. `TCP_NODELAY`
/// is set on every connection.
package final class CurlTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `idle` is only read or written under `lock`, and a handle checked out of it is
    // used by exactly one thread until it is checked back in.
    private let lock = PThreadMutex()
    private var idle: [String: [CurlHandle]] = [:]
    private let maxIdleHandlesPerOrigin: Int
    private let connectTimeoutMilliseconds: Int64

    /// - Parameters:
    ///   - maxIdleHandlesPerOrigin: handles (connections) kept open per endpoint between calls.
    ///   - connectTimeoutMilliseconds: cap on connecting, within each call's own timeout.
    package init(maxIdleHandlesPerOrigin: Int = 2, connectTimeoutMilliseconds: Int64 = 3_000) {
        self.maxIdleHandlesPerOrigin = max(1, maxIdleHandlesPerOrigin)
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
    }

    /// Sends `request` over the endpoint's pooled connection (opening one when needed).
    ///
    /// - Throws: `TransportError`: `.timedOut` when `timeoutMilliseconds` ran out, `.connectionFailed`
    ///   or `.connectionLost` for refused or broken connections, `.tlsFailed`, `.invalidRequest`.
    package func send(
        _ request: AWSHTTPRequest,
        timeoutMilliseconds: Int64
    ) throws(TransportError) -> AWSHTTPResponse {
        let origin = request.endpoint.origin
        guard timeoutMilliseconds > 0 else {
            throw TransportError(code: .timedOut, message: "no time left before the deadline", origin: origin)
        }
        guard let handle = checkOut(origin: origin) else {
            throw TransportError(code: .other, message: "libcurl could not create a handle", origin: origin)
        }
        let result = handle.perform(
            request,
            timeoutMilliseconds: timeoutMilliseconds,
            connectTimeoutMilliseconds: connectTimeoutMilliseconds
        )
        checkIn(handle, origin: origin)
        return try result.get()
    }

    /// Connections opened so far by handles currently idle in the pool, per origin; for tests and
    /// diagnostics of connection reuse.
    package func openedConnections(origin: String) -> Int {
        lock.withLock { idle[origin]?.reduce(0) { $0 + $1.connectionsOpened } ?? 0 }
    }

    private func checkOut(origin: String) -> CurlHandle? {
        let pooled: CurlHandle? = lock.withLock {
            guard var handles = idle[origin], let handle = handles.popLast() else { return nil }
            idle[origin] = handles
            return handle
        }
        return pooled ?? CurlHandle()
    }

    private func checkIn(_ handle: CurlHandle, origin: String) {
        lock.withLock {
            var handles = idle[origin, default: []]
            if handles.count < maxIdleHandlesPerOrigin {
                handles.append(handle)
                idle[origin] = handles
            }
        }
    }
}

extension CurlTransport {
    /// Starts loading libcrypto and libcurl (`dlopen`, and `curl_global_init`) on a background thread
    /// and returns at once, so the load overlaps the rest of init and the wait for the first event.
    /// The first signature or exchange waits only for what is not loaded yet; without this call
    /// they load the libraries themselves. Returns false when no thread could be started.
    @discardableResult
    package static func startLoadingLibraries() -> Bool {
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let created = pthread_create(
            &thread, nil,
            { _ in
                // libcrypto first: a request is signed before it is sent.
                _ = ccrypto_available()
                _ = ccurl_load()
                return nil
            }, nil)
        guard created == 0 else { return false }
        #if canImport(Glibc)
            pthread_detach(thread)
        #else
            if let thread { pthread_detach(thread) }
        #endif
        return true
    }

    /// Waits until the libraries are loaded (loading them if no load was started). A process that
    /// started `startLoadingLibraries` calls this before it exits: `exit` while the loader is
    /// relocating libcurl on the other thread can crash in the loader or in libc's destructors.
    package static func finishLoadingLibraries() {
        // Both loads run once (pthread_once): a caller arriving during the load waits for it.
        _ = ccrypto_available()
        _ = ccurl_load()
    }
}

/// One libcurl easy handle; owns it and frees it on deinit. Not thread-safe: `CurlTransport` hands it
/// to one caller at a time.
final class CurlHandle {
    private let handle: OpaquePointer
    /// Connections this handle has opened over its life (1 when every call reused the first).
    private(set) var connectionsOpened = 0

    init?() {
        guard let handle = ccurl_handle_create() else { return nil }
        self.handle = handle
    }

    deinit {
        ccurl_handle_destroy(handle)
    }

    func perform(
        _ request: AWSHTTPRequest,
        timeoutMilliseconds: Int64,
        connectTimeoutMilliseconds: Int64
    ) -> Result<AWSHTTPResponse, TransportError> {
        var lines = request.headers.fields.map { "\($0.name): \($0.value)" }
        // libcurl would add these on its own; an empty value suppresses them. `Expect: 100-continue`
        // costs a round trip on bodies over 1 KiB, and a default form content type would mislabel JSON.
        if !request.headers.contains("Expect") {
            lines.append("Expect:")
        }
        if !request.headers.contains("Content-Type") {
            lines.append("Content-Type:")
        }
        if !request.headers.contains("Accept") {
            lines.append("Accept:")
        }
        // All header lines in one NUL-separated buffer: one allocation, no per-line strdup/free.
        var packed: [CChar] = []
        var offsets: [Int] = []
        packed.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines {
            offsets.append(packed.count)
            packed.append(contentsOf: line.utf8.map { CChar(bitPattern: $0) })
            packed.append(0)
        }

        var response = ccurl_response()
        let clampedTimeout = Int(clamping: timeoutMilliseconds)
        let clampedConnect = Int(clamping: min(connectTimeoutMilliseconds, timeoutMilliseconds))
        request.method.withCString { method in
            request.url.withCString { url in
                packed.withUnsafeBufferPointer { packedLines in
                    let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                        packedLines.baseAddress.map { $0 + offset }
                    }
                    pointers.withUnsafeBufferPointer { headerPointers in
                        request.body.withUnsafeBufferPointer { body in
                            var cRequest = ccurl_request(
                                method: method,
                                url: url,
                                headers: headerPointers.baseAddress,
                                header_count: headerPointers.count,
                                body: body.baseAddress,
                                body_length: body.count,
                                timeout_ms: clampedTimeout,
                                connect_timeout_ms: clampedConnect
                            )
                            ccurl_perform(handle, &cRequest, &response)
                        }
                    }
                }
            }
        }
        defer { ccurl_response_release(&response) }
        connectionsOpened += Int(response.new_connections)

        guard response.error_kind == CCURL_OK else {
            return .failure(
                TransportError(
                    code: Self.code(for: response.error_kind),
                    message: Self.message(of: &response),
                    origin: request.endpoint.origin,
                    curlCode: Int(response.curl_code)
                )
            )
        }
        let headers = Self.parseHeaders(Self.bytes(of: response.headers))
        return .success(
            AWSHTTPResponse(status: Int(response.status), headers: headers, body: Self.bytes(of: response.body))
        )
    }

    private static func bytes(of buffer: ccurl_buffer) -> [UInt8] {
        guard let data = buffer.data, buffer.length > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: buffer.length))
    }

    private static func message(of response: inout ccurl_response) -> String {
        withUnsafeBytes(of: &response.message) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }

    private static func code(for kind: ccurl_error_kind) -> TransportError.Code {
        switch kind {
        case CCURL_ERROR_TIMEOUT: .timedOut
        case CCURL_ERROR_CONNECT, CCURL_ERROR_RESOLVE: .connectionFailed
        case CCURL_ERROR_CONNECTION_LOST: .connectionLost
        case CCURL_ERROR_TLS: .tlsFailed
        case CCURL_ERROR_INVALID_REQUEST: .invalidRequest
        default: .other
        }
    }

    /// Parses `Name: value` lines after the status line; obsolete folded lines continue the previous value.
    static func parseHeaders(_ raw: [UInt8]) -> AWSHTTPHeaders {
        var headers = AWSHTTPHeaders()
        var pending: (name: String, value: String)?
        for line in raw.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            var line = line[...]
            if line.last == UInt8(ascii: "\r") {
                line = line.dropLast()
            }
            if line.isEmpty || line.starts(with: Array("HTTP/".utf8)) {
                continue
            }
            if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
                pending?.value += " " + String(decoding: line, as: UTF8.self).trimmingASCIIWhitespace()
                continue
            }
            if let field = pending {
                headers.add(field.name, field.value)
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                pending = nil
                continue
            }
            let name = String(decoding: line[..<colon], as: UTF8.self).trimmingASCIIWhitespace()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIIWhitespace()
            pending = (name, value)
        }
        if let field = pending {
            headers.add(field.name, field.value)
        }
        return headers
    }
}
