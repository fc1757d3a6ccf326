/// The deadline of the Lambda invocation being served (milliseconds since the epoch), bound by the
/// handler around each invocation so that work deep inside a request — an engine tick run by an
/// API read or a start — bounds its AWS calls by it without every layer passing it along.
package enum InvocationDeadline {
    /// The current invocation's deadline; nil outside an invocation (tests, tools).
    @TaskLocal package static var milliseconds: Int64?
}
