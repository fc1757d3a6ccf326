/// Where a started emulator listens.
package struct EmulatorEndpoints: Sendable, Equatable {
    package var host: String
    package var invokePort: Int
    package var apiPort: Int
    /// Runtime API port of each instance, by function name.
    package var runtimeAPIPorts: [String: [Int]]

    /// `http://127.0.0.1:9001`: the `--endpoint-url` for `aws lambda invoke`.
    package var invokeURL: String { "http://\(host):\(invokePort)" }
    /// `http://127.0.0.1:3000`: the API's base URL.
    package var apiURL: String { "http://\(host):\(apiPort)" }
}
