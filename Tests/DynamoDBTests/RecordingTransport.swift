import AWSCore
import Synchronization

/// Passes requests on to a real transport and remembers each one's operation (`X-Amz-Target`
/// suffix), so tests against moto can see how many calls a paginator or retry loop made.
final class RecordingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let recorded = Mutex<[String]>([])

    init(_ base: any HTTPTransport) {
        self.base = base
    }

    /// The operations sent so far, in order.
    var operations: [String] {
        recorded.withLock { $0 }
    }

    func count(_ operation: String) -> Int {
        operations.filter { $0 == operation }.count
    }

    func send(_ request: AWSHTTPRequest, timeoutMilliseconds: Int64) throws(TransportError) -> AWSHTTPResponse {
        let target = request.headers["X-Amz-Target"] ?? ""
        recorded.withLock { $0.append(String(target.split(separator: ".").last ?? "")) }
        return try base.send(request, timeoutMilliseconds: timeoutMilliseconds)
    }
}
