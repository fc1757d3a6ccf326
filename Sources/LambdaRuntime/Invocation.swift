/// One event pulled from the Runtime API: its context and its raw JSON payload.
package struct Invocation: Sendable {
    package var context: InvocationContext
    package var event: [UInt8]

    package init(context: InvocationContext, event: [UInt8]) {
        self.context = context
        self.event = event
    }
}
