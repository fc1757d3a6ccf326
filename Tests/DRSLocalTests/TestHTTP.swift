import DRSLocal
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A minimal HTTP client over URLSession for the end-to-end tests.
struct TestHTTPResponse {
    let status: Int
    let headers: [String: String]
    let body: Data

    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

enum TestHTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 60
        configuration.httpShouldSetCookies = false
        return URLSession(configuration: configuration)
    }()

    static func send(
        _ method: String,
        _ url: String,
        headers: [String: String] = [:],
        body: String? = nil
    ) async throws -> TestHTTPResponse {
        guard let target = URL(string: url) else { throw URLError(.badURL) }
        var request = URLRequest(url: target)
        request.httpMethod = method
        for (name, value) in headers {
            request.setValue(value, forHTTPHeaderField: name)
        }
        if let body {
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name] = value }
        }
        return TestHTTPResponse(status: http.statusCode, headers: fields, body: data)
    }

    /// Calls the Invoke API of `endpoints` for `function`.
    static func invoke(
        _ endpoints: EmulatorEndpoints,
        _ function: String,
        _ payload: String,
        headers: [String: String] = [:]
    ) async throws -> TestHTTPResponse {
        try await send(
            "POST",
            "\(endpoints.invokeURL)/2015-03-31/functions/\(function)/invocations",
            headers: headers,
            body: payload
        )
    }
}
