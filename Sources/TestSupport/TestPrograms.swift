/// The Python programs the Swift tests run (in `Tests/Fixtures/python`), found from where this file
/// is in the checkout.
package enum TestPrograms {
    /// The path of program `name` (`"echo_http_server.py"`).
    package static func path(_ name: String) -> String {
        // <root>/Sources/TestSupport/<this file> → <root>/Tests/Fixtures/python/<name>
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        components.removeLast(3)
        return (components + ["Tests", "Fixtures", "python", name]).joined(separator: "/")
    }
}
