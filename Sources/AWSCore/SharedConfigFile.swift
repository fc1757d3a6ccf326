#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The sections of an AWS shared credentials or config file (INI): `[name]` headers and
/// `key = value` lines.
///
/// Section names are kept as written (`default`, `profile dev`); keys are lowercased. Comment lines
/// (`#`, `;`) and indented sub-section lines (e.g. `s3 =` blocks) are skipped. A repeated key or
/// section merges, later lines winning, as botocore does.
package struct SharedConfigFile: Sendable, Equatable {
    /// `key = value` pairs by section name as written (`default`, `profile dev`).
    package private(set) var sections: [String: [String: String]]

    /// Parses the text of a credentials or config file.
    package init(parsing text: String) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if rawLine.first == " " || rawLine.first == "\t" {
                // Indented lines belong to a nested block (`s3 =\n  max_concurrent_requests = 20`).
                continue
            }
            let line = rawLine.trimmingASCIIWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") {
                continue
            }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else {
                    current = nil
                    continue
                }
                let name = line[line.index(after: line.startIndex)..<close].trimmingASCIIWhitespace()
                let words = name.split(separator: " ", omittingEmptySubsequences: true)
                let normalized = words.joined(separator: " ")
                current = normalized
                if sections[normalized] == nil {
                    sections[normalized] = [:]
                }
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingASCIIWhitespace().lowercased()
            let value = line[line.index(after: equals)...].trimmingASCIIWhitespace()
            sections[section, default: [:]][key] = value
        }
        self.sections = sections
    }

    /// The `key = value` pairs of section `name`, or nil when there is no such section.
    package func section(_ name: String) -> [String: String]? {
        sections[name]
    }

    /// The profile `name` as the config file spells it: `[profile name]`, or `[default]` for the
    /// default profile (`[profile default]` also accepted).
    package func configProfile(_ name: String) -> [String: String]? {
        if name == "default" {
            let plain = sections["default"]
            let prefixed = sections["profile default"]
            if plain == nil, prefixed == nil { return nil }
            return (plain ?? [:]).merging(prefixed ?? [:]) { _, new in new }
        }
        return sections["profile \(name)"]
    }

    /// The text of the file at `path`, or nil when it cannot be read (missing, unreadable, not UTF-8
    /// is decoded leniently).
    package static func readFile(atPath path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            // Shared config files are small; refuse to slurp something enormous by mistake.
            if bytes.count > 4 << 20 { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
