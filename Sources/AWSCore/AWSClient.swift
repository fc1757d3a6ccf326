import Primitives

/// Sends requests to AWS services: resolves the endpoint, signs with SigV4, sends over the
/// transport, retries throttling and transient failures, and turns error responses into
/// `AWSServiceError`s. The chain of soto's client (transport ← signing ← retry ← error decoding),
/// synchronous because the Lambda loop is.
///
/// Later service clients (DynamoDB, DRS) build `AWSRequest`s and decode the successful body.
/// Tests swap the transport for a fake and the clock and random source for deterministic ones.
package struct AWSClient: Sendable {
    /// Credentials, default region and endpoint overrides, read once at start-up.
    package let configuration: AWSConfiguration
    /// Where requests go: `CurlTransport` in production, a fake in tests.
    package let transport: any HTTPTransport
    /// Which failures are retried, how often, and how long to wait between attempts.
    package let retryPolicy: RetryPolicy
    /// The time used for signing and deadlines, and how backoff waits.
    package let clock: AWSClock
    /// Returns numbers in `[0, 1)` for backoff jitter.
    package let random: @Sendable () -> Double
    /// Cap on one attempt when the deadline is further away (or absent), so a hung connection is
    /// retried rather than waited on until the invocation dies.
    package let attemptTimeoutMilliseconds: Int64
    /// Sent as `User-Agent` (unsigned).
    package let userAgent: String
    /// The invocation's X-Ray trace header, sent as `X-Amzn-Trace-Id` (unsigned) on every call;
    /// nil sends none. Tests replace it; the process environment is only read through it.
    package var traceID: @Sendable () -> String? = TraceContext.fromEnvironment

    /// A client sending over `transport` (a new `CurlTransport` by default: create one client per process
    /// so its connections are reused across invocations).
    package init(
        configuration: AWSConfiguration,
        transport: any HTTPTransport = CurlTransport(),
        retryPolicy: RetryPolicy = .standard,
        clock: AWSClock = .system,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        attemptTimeoutMilliseconds: Int64 = 15_000,
        userAgent: String = "drs-orchestration (swift; libcurl)"
    ) {
        self.configuration = configuration
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.clock = clock
        self.random = random
        self.attemptTimeoutMilliseconds = attemptTimeoutMilliseconds
        self.userAgent = userAgent
    }

    /// Sends `request` to `service` and returns its successful (2xx) response.
    ///
    /// - Parameters:
    ///   - region: the region to call (e.g. a protection group's); the configured one when nil.
    ///   - deadlineMilliseconds: when the caller must have an answer, in milliseconds since the
    ///     epoch (a Lambda invocation's deadline); no attempt or backoff runs past it.
    ///   - retryMode: which failures are retried; `.onlyWhenNotSent` for calls that must not take
    ///     effect twice (its one attempt may use all the time left before the deadline).
    /// - Throws: `AWSServiceError` when the service answered with an error (after the retries the
    ///   policy allows); `TransportError` when no answer arrived (after retries) or the deadline
    ///   passed; `AWSConfigurationError` when credentials, region or endpoint are missing or invalid.
    package func send(
        _ request: AWSRequest,
        to service: AWSService,
        region: String? = nil,
        deadlineMilliseconds: Int64? = nil,
        retryMode: RetryPolicy.Mode = .standard
    ) throws -> AWSHTTPResponse {
        let credentials = try configuration.resolvedCredentials()
        let region = try configuration.resolvedRegion(region)
        guard Digest.isAvailable else {
            throw AWSConfigurationError(
                code: .cryptoUnavailable,
                message: "libcrypto.so.3 (OpenSSL 3) could not be loaded; requests cannot be signed")
        }
        let endpoint = try configuration.endpoints.endpoint(for: service, region: region)
        let prepared = prepare(request, service: service, endpoint: endpoint)
        let signer = SigV4Signer(
            credentials: credentials,
            service: service.signingName,
            region: region,
            options: service.signerOptions
        )
        let payloadHash = SigV4Signer.payloadHash(of: prepared.body)

        var attempt = 1
        while true {
            let now = clock.nowMilliseconds()
            var timeout = attemptTimeoutMilliseconds
            if let deadlineMilliseconds {
                // A call that may not be resent waits for its answer as long as the caller can.
                timeout =
                    retryMode == .onlyWhenNotSent
                    ? deadlineMilliseconds - now : min(timeout, deadlineMilliseconds - now)
            }
            guard timeout > 0 else {
                throw TransportError(
                    code: .timedOut,
                    message: "the deadline passed before attempt \(attempt) could start",
                    origin: endpoint.origin
                )
            }
            let error: any Error
            do {
                let response = try transport.send(
                    signed(prepared, signer: signer, payloadHash: payloadHash, nowMilliseconds: now),
                    timeoutMilliseconds: timeout
                )
                if response.isSuccess {
                    return response
                }
                error = AWSServiceError(response: response)
            } catch let transportError {
                error = transportError
            }
            guard attempt < retryPolicy.maxAttempts, retryPolicy.isRetryable(error, mode: retryMode) else {
                throw error
            }
            let retryAfter = (error as? AWSServiceError).flatMap { RetryPolicy.retryAfterMilliseconds($0.headers) }
            let delay = retryPolicy.delayMilliseconds(
                beforeRetry: attempt,
                random: random(),
                retryAfterMilliseconds: retryAfter
            )
            if let deadlineMilliseconds,
                clock.nowMilliseconds() + delay + retryPolicy.minimumAttemptMilliseconds > deadlineMilliseconds
            {
                // Waiting would leave no time for the retry: the caller gets the real failure now.
                throw error
            }
            clock.sleep(delay)
            attempt += 1
        }
    }

    /// The wire request before signing: endpoint, base path, protocol and operation headers, `Host`.
    func prepare(_ request: AWSRequest, service: AWSService, endpoint: AWSEndpoint) -> AWSHTTPRequest {
        var headers = AWSHTTPHeaders()
        for field in service.headers where !request.headers.contains(field.name) {
            headers.add(field.name, field.value)
        }
        for field in request.headers {
            headers.add(field.name, field.value)
        }
        // The signed Host must be the one sent; libcurl sends ours instead of deriving its own.
        headers.replaceOrAdd("Host", endpoint.hostHeader)
        headers.replaceOrAdd("User-Agent", userAgent)
        if !headers.contains(TraceContext.headerName), let trace = traceID() {
            headers.add(TraceContext.headerName, trace)
        }
        let path = request.path.hasPrefix("/") ? request.path : "/" + request.path
        return AWSHTTPRequest(
            method: request.method,
            endpoint: endpoint,
            path: endpoint.basePath + path,
            query: request.query,
            headers: headers,
            body: request.body
        )
    }

    /// Signs each attempt afresh: a retry after a long backoff needs a current `X-Amz-Date`.
    private func signed(
        _ request: AWSHTTPRequest,
        signer: SigV4Signer,
        payloadHash: String,
        nowMilliseconds: Int64
    ) -> AWSHTTPRequest {
        var request = request
        request.headers =
            signer.sign(
                method: request.method,
                path: request.path,
                query: request.query,
                headers: request.headers,
                payloadHash: payloadHash,
                date: AWSDate(millisecondsSince1970: nowMilliseconds)
            ).headers
        return request
    }
}
