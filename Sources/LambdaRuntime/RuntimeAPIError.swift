/// A failure talking to the Lambda Runtime API.
package struct RuntimeAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: Sendable, Equatable {
        /// `AWS_LAMBDA_RUNTIME_API` is missing or not `host:port`.
        case invalidEndpoint
        /// The socket could not be opened, or broke and could not be reopened.
        case connection
        /// The Runtime API's answer was not HTTP we understand.
        case malformedResponse
        /// The Runtime API answered 500: Lambda's contract is that the runtime exits promptly.
        case mustExit
        /// The Runtime API refused the request (4xx other than a 413 we avoid ourselves).
        case rejected
    }

    package var code: Code
    package var detail: String
    package var status: Int?

    package init(_ code: Code, _ detail: String, status: Int? = nil) {
        self.code = code
        self.detail = detail
        self.status = status
    }

    package var description: String {
        status.map { "\(code) (HTTP \($0)): \(detail)" } ?? "\(code): \(detail)"
    }
}
