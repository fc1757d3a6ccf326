#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process environment, read once at start-up (STYLE.md: never per invocation).
package enum ProcessEnvironment {
    /// Every `NAME=value` of `environ`.
    package static var current: [String: String] {
        var result: [String: String] = [:]
        // clearenv(3) leaves `environ` NULL although Swift imports it as non-optional.
        guard Int(bitPattern: environ) != 0 else { return result }
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                // The first definition wins, as getenv(3) does.
                if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
            }
            pointer += 1
        }
        return result
    }
}
