/// Turns one event into one response, synchronously, on the loop's thread.
///
/// The loop serves one invocation at a time (as Lambda does), so a handler blocks for its I/O
/// instead of hopping executors: no thread hand-off on the invocation path.
package protocol LambdaHandler {
    /// - Returns: the response payload (JSON) to post to the Runtime API.
    /// - Throws: anything; the loop reports it as a function error named after the error's type.
    mutating func handle(_ event: [UInt8], context: InvocationContext) throws -> [UInt8]
}
