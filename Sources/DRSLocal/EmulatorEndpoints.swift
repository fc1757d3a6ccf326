/// Where a started emulator listens.
public struct EmulatorEndpoints: Sendable, Equatable {
    public var host: String
    public var invokePort: Int
    public var apiPort: Int
    /// Runtime API port of each instance, by function name.
    public var runtimeAPIPorts: [String: [Int]]

    /// `http://127.0.0.1:9001`: the `--endpoint-url` for `aws lambda invoke`.
    public var invokeURL: String { "http://\(host):\(invokePort)" }
    /// `http://127.0.0.1:3000`: the API's base URL.
    public var apiURL: String { "http://\(host):\(apiPort)" }
}
