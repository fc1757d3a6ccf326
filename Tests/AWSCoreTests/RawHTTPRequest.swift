import AWSCore

/// An HTTP/1.1 request as written in the SigV4 test-suite files: request line, header lines
/// (continuation lines start with whitespace; repeated names are kept in order), a blank line, body.
struct RawHTTPRequest {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    var method: String
    /// The request target exactly as written: path and optional `?query`.
    var target: String
    var headers: AWSHTTPHeaders
    var body: [UInt8]

    /// The target before `?`.
    var path: String {
        String(target.prefix { $0 != "?" })
    }

    /// The target after the first `?`, nil when there is none.
    var query: String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: mark)...])
    }

    init(parsing bytes: [UInt8]) throws {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }[...]
        guard let requestLine = lines.popFirst().map({ String(decoding: $0, as: UTF8.self) }) else {
            throw ParseError(description: "empty request file")
        }
        // The target may contain spaces (the `get-space` case), so the method is the first word, the
        // version the last, and the target everything between.
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " "),
            firstSpace < lastSpace
        else {
            throw ParseError(description: "malformed request line: \(requestLine)")
        }
        method = String(requestLine[..<firstSpace])
        target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])

        var fields: [(name: String, value: String)] = []
        while let line = lines.popFirst() {
            if line.isEmpty {
                break
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.first == " " || text.first == "\t" {
                guard !fields.isEmpty else { throw ParseError(description: "continuation line before any header") }
                fields[fields.count - 1].value += " " + text.trimmed()
                continue
            }
            guard let colon = text.firstIndex(of: ":") else {
                throw ParseError(description: "header line without a colon: \(text)")
            }
            fields.append((String(text[..<colon]), String(text[text.index(after: colon)...])))
        }
        headers = AWSHTTPHeaders(fields)
        body = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmed() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
