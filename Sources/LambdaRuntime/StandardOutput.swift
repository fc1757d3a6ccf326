#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Unbuffered writes to stdout (file descriptor 1): a line reaches CloudWatch Logs even if the
/// process is frozen or killed right after.
package enum StandardOutput {
    package static func emit(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = write(1, base + offset, raw.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// `line` and a newline.
    package static func writeLine(_ line: String) {
        emit(Array((line + "\n").utf8))
    }
}
