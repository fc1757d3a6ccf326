import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// swift-log handler writing one JSON object per line to stdout, the form CloudWatch Logs
/// Insights parses: `{"level":"error","message":"…","logger":"api",…metadata}`.
///
/// CloudWatch stamps each line with its own time, so no timestamp is written.
package struct JSONLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    package var logLevel: Logger.Level
    private let label: String

    package init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var line: [UInt8] = []
        line.append(contentsOf: #"{"level":"#.utf8)
        JSONText.appendString(event.level.rawValue, to: &line)
        line.append(contentsOf: #","message":"#.utf8)
        JSONText.appendString(event.message.description, to: &line)
        line.append(contentsOf: #","logger":"#.utf8)
        JSONText.appendString(label, to: &line)
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for key in merged.keys.sorted() {
            line.append(UInt8(ascii: ","))
            JSONText.appendString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONText.appendString(merged[key]?.description ?? "", to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        StandardOutput.emit(line)
    }
}

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
