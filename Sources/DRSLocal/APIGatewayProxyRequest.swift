import Foundation

/// An HTTP request as the API Gateway emulator received it, before it becomes a proxy event.
package struct APIGatewayProxyRequest: Sendable {
    package var method: String
    /// The path without query and without a stage prefix, as sent (percent-encoded).
    package var path: String
    /// The raw query string (without `?`), nil when the URL had none.
    package var query: String?
    /// Header fields in the order received, names as the client spelled them.
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    package var sourceIP: String
    package var requestID: String
    package var receivedAt: Date

    package init(
        method: String,
        path: String,
        query: String? = nil,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        sourceIP: String = "127.0.0.1",
        requestID: String = UUID().uuidString.lowercased(),
        receivedAt: Date = Date()
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.sourceIP = sourceIP
        self.requestID = requestID
        self.receivedAt = receivedAt
    }

    /// The last value of a header, matched case-insensitively.
    package func header(_ name: String) -> String? {
        headers.last { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
