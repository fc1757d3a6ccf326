// The Swift floor of the benchmark: a Lambda custom runtime built like `bootstrap` (static Swift
// stdlib, non-PIE) that loops the Runtime API on one raw keep-alive socket and answers a constant.
// No Foundation, no allocation per invocation: what any Swift runtime pays before doing anything.
import Glibc

let answer = Array(#"{"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"{}"}"#.utf8)
let capacity = 1 << 20
let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
var have = 0

func connectRuntimeAPI() -> Int32 {
    guard let endpoint = getenv("AWS_LAMBDA_RUNTIME_API"), let colon = strrchr(endpoint, 58) else { return -1 }
    colon.pointee = 0
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var found: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(endpoint, colon + 1, &hints, &found) == 0, let address = found?.pointee else { return -1 }
    let fd = socket(address.ai_family, address.ai_socktype, 0)
    guard fd >= 0, connect(fd, address.ai_addr, address.ai_addrlen) == 0 else { return -1 }
    freeaddrinfo(found)
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    return fd
}

/// Reads one response into `buffer`; returns (status, request id, body range) or nil on EOF.
func readResponse(_ fd: Int32) -> (status: Int, id: [UInt8], body: Range<Int>)? {
    have = 0
    var headEnd = -1
    while headEnd < 0 {
        let n = recv(fd, buffer + have, capacity - have, 0)
        guard n > 0 else { return nil }
        have += n
        if have >= 4 {
            for i in 0...(have - 4)
            where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
                headEnd = i + 4
                break
            }
        }
    }
    let status = Int(buffer[9] - 48) * 100 + Int(buffer[10] - 48) * 10 + Int(buffer[11] - 48)
    var length = 0
    var id: [UInt8] = []
    var line = 0
    while line < headEnd - 2 {
        var end = line
        while buffer[end] != 13 { end += 1 }
        if let colon = (line..<end).first(where: { buffer[$0] == 58 }) {
            let name = String(decoding: UnsafeBufferPointer(start: buffer + line, count: colon - line), as: UTF8.self)
                .lowercased()
            var value = colon + 1
            while buffer[value] == 32 { value += 1 }
            if name == "content-length" { length = (value..<end).reduce(0) { $0 * 10 + Int(buffer[$1] - 48) } }
            if name == "lambda-runtime-aws-request-id" {
                id = Array(UnsafeBufferPointer(start: buffer + value, count: end - value))
            }
        }
        line = end + 2
    }
    while have < headEnd + length {
        let n = recv(fd, buffer + have, capacity - have, 0)
        guard n > 0 else { return nil }
        have += n
    }
    return (status, id, headEnd..<(headEnd + length))
}

func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) == $0.count }
}

let fd = connectRuntimeAPI()
if fd < 0 { exit(1) }
let next = Array("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
while true {
    guard sendAll(fd, next), let event = readResponse(fd) else { exit(1) }
    if event.status != 200 { exit(event.status == 500 ? 0 : 1) }
    let head =
        "POST /2018-06-01/runtime/invocation/\(String(decoding: event.id, as: UTF8.self))/response HTTP/1.1\r\n"
        + "Host: x\r\nContent-Length: \(answer.count)\r\n\r\n"
    guard sendAll(fd, Array(head.utf8) + answer), readResponse(fd) != nil else { exit(1) }
}
