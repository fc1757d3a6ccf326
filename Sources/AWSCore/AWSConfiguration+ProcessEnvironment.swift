#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension AWSConfiguration {
    /// Every `NAME=value` of the process environment, read through `environ` without Foundation.
    /// Call it once at start-up and pass the result down (the executable may already hold one).
    package static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        // clearenv(3) leaves `environ` NULL although Swift imports it as non-optional.
        guard Int(bitPattern: environ) != 0 else { return result }
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                // The first definition wins, as getenv(3) does.
                if result[name] == nil {
                    result[name] = String(text[text.index(after: equals)...])
                }
            }
            entry += 1
        }
        return result
    }
}
