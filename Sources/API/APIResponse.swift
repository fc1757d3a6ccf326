import Orchestrator

/// What a route handler answers: a status, a JSON body and any extra headers.
package struct APIResponse: Sendable {
    package var status: Int
    /// The body as JSON text.
    package var body: [UInt8]
    package var headers: [(name: String, value: String)]
    /// The code of the error this response renders (`RECOVERY_PLAN_NOT_FOUND`…), for the request's
    /// log line and metrics; nil for a success.
    package var errorCode: String?
    /// The resource this answer is about, for the audit line: the one a create made (set by its
    /// handler), else the route's `{id}` (set by the application).
    package var resourceID: String?

    package init(
        status: Int, body: [UInt8], headers: [(name: String, value: String)] = [], errorCode: String? = nil,
        resourceID: String? = nil
    ) {
        self.status = status
        self.body = body
        self.headers = headers
        self.errorCode = errorCode
        self.resourceID = resourceID
    }

    /// The rendering of an `APIError`.
    package init(error: APIError) {
        self.init(status: error.status, body: error.bodyText, headers: error.headers, errorCode: error.code.rawValue)
    }
}
