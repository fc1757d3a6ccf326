import Foundation
import JSONCore

/// An HTTP answer of the simulator, independent of the server library: status, headers, body.
///
/// An `Error` so that a step that can refuse a request (decoding, paging, the signature check)
/// returns `Result<Value, DRSSimulatorReply>` with the refusal ready to send.
package struct DRSSimulatorReply: Error, Sendable, Equatable {
    package var status: Int
    package var headers: [String: String]
    package var body: [UInt8]
    /// How long the server waits before sending the answer (the slow-answer fault): the
    /// operation has taken effect, only its answer is late.
    package var delayMilliseconds: Int64

    package init(status: Int, headers: [String: String] = [:], body: [UInt8] = [], delayMilliseconds: Int64 = 0) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delayMilliseconds = delayMilliseconds
    }

    /// A JSON answer.
    static func json(_ status: Int, _ value: JSONValue) -> DRSSimulatorReply {
        DRSSimulatorReply(status: status, headers: ["Content-Type": "application/json"], body: value.jsonBytes)
    }

    /// A JSON answer encoding `value` (DRS's own output types).
    static func json(_ status: Int, encoding value: some Encodable) -> DRSSimulatorReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(value) else {
            return error(500, "InternalServerException", "drs-local could not encode its answer")
        }
        return DRSSimulatorReply(status: status, headers: ["Content-Type": "application/json"], body: Array(body))
    }

    /// An error as DRS sends it: `x-amzn-ErrorType` and a body with `__type`, `message` and the
    /// exception's other members (`code`, `resourceId`, …).
    static func error(
        _ status: Int,
        _ type: String,
        _ message: String,
        extra: [String: JSONValue] = [:],
        headers: [String: String] = [:]
    ) -> DRSSimulatorReply {
        var body = extra
        body["__type"] = .string(type)
        body["message"] = .string(message)
        var reply = json(status, .object(body))
        reply.headers["x-amzn-ErrorType"] = type
        reply.headers.merge(headers) { _, new in new }
        return reply
    }

    /// `ValidationException` (400) with DRS's `reason` and optional `fieldList`.
    static func validation(_ message: String, reason: String = "fieldValidationFailed", field: String? = nil)
        -> DRSSimulatorReply
    {
        var extra: [String: JSONValue] = ["reason": .string(reason)]
        if let field {
            extra["fieldList"] = [["name": .string(field), "message": .string(message)]]
        }
        return error(400, "ValidationException", message, extra: extra)
    }

    /// `ConflictException` (409) about one resource.
    static func conflict(_ message: String, resourceID: String, resourceType: String) -> DRSSimulatorReply {
        error(
            409, "ConflictException", message,
            extra: ["resourceId": .string(resourceID), "resourceType": .string(resourceType)])
    }

    /// `ServiceQuotaExceededException` (402).
    static func quotaExceeded(_ message: String) -> DRSSimulatorReply {
        error(402, "ServiceQuotaExceededException", message, extra: ["serviceCode": "drs"])
    }
}
