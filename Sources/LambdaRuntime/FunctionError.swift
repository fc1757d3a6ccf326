import JSONCore

/// An error reported to Lambda through `/invocation/{id}/error` or `/init/error`.
///
/// Lambda shows `errorType` and `errorMessage` to the caller (`X-Amz-Function-Error: Unhandled`),
/// so the message must never carry credentials or stack traces.
package struct FunctionError: Error, Sendable, Equatable {
    package var type: String
    package var message: String

    package init(type: String, message: String) {
        self.type = type
        self.message = message
    }

    /// `{"errorMessage":…,"errorType":…}`, the body the Runtime API expects.
    package var json: [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: #"{"errorMessage":"#.utf8)
        JSONEscaping.appendQuoted(message, to: &out)
        out.append(contentsOf: #","errorType":"#.utf8)
        JSONEscaping.appendQuoted(type, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
