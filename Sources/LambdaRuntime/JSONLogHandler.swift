import JSONCore
import Logging

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
        JSONEscaping.appendQuoted(event.level.rawValue, to: &line)
        line.append(contentsOf: #","message":"#.utf8)
        JSONEscaping.appendQuoted(event.message.description, to: &line)
        line.append(contentsOf: #","logger":"#.utf8)
        JSONEscaping.appendQuoted(label, to: &line)
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for key in merged.keys.sorted() {
            line.append(UInt8(ascii: ","))
            JSONEscaping.appendQuoted(key, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONEscaping.appendQuoted(merged[key]?.description ?? "", to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        StandardOutput.emit(line)
    }
}
