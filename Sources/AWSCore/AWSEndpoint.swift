/// Where a service is reached: scheme, host, optional port and a base path, e.g. from
/// `AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000`.
package struct AWSEndpoint: Sendable, Hashable {
    /// `http` or `https`.
    package var scheme: String
    /// Host name or IP literal (IPv6 without brackets).
    package var host: String
    /// Explicit port; nil means the scheme's default.
    package var port: Int?
    /// Path prefix every request path is appended to; empty or starting with `/`, never ending with `/`.
    package var basePath: String

    /// An endpoint from its parts; `scheme` is lowercased.
    package init(scheme: String, host: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme.lowercased()
        self.host = host
        self.port = port
        self.basePath = basePath
    }

    /// Parses an endpoint URL such as `https://dynamodb.eu-west-1.amazonaws.com` or `http://[::1]:8000/base`.
    ///
    /// Returns nil when the text is not an absolute `http`/`https` URL with a host; a query or
    /// fragment is not allowed either.
    package init?(url text: String) {
        let text = text.trimmingASCIIWhitespace()
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = text[text.index(colon, offsetBy: 3)...]
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains("@") else { return nil }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { return nil }
        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else { return nil }
            port = value
        }
        while path.hasSuffix("/") {
            path.removeLast()
        }
        self.init(scheme: scheme, host: String(host), port: port, basePath: path)
    }

    /// The port connections go to: the explicit one, else 443 for https and 80 for http.
    package var effectivePort: Int {
        port ?? (scheme == "https" ? 443 : 80)
    }

    /// The `Host` header value: the host, plus `:port` when the port is not the scheme's default.
    package var hostHeader: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        if let port, port != (scheme == "https" ? 443 : 80) {
            return "\(hostPart):\(port)"
        }
        return hostPart
    }

    /// `scheme://host[:port]`: identifies the connection a request can reuse.
    package var origin: String {
        "\(scheme)://\(hostHeader)"
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
