import Testing

/// Tags of the suites that need more than the process they run in, so the pure ones can run alone:
/// `swift test --skip '<suite names>'` (the list in README's Tests section), or with Swift Testing's
/// tag filter where the toolchain has it.
extension Tag {
    /// Starts another process: a Python program (moto, botocore, boto3, a test HTTP server), the
    /// Runtime API fake or drs-local's children.
    @Tag package static var process: Self
    /// Binds a socket on the loopback interface (an HTTP server of drs-local, the DRS simulator,
    /// moto) and talks to it.
    @Tag package static var network: Self
}
