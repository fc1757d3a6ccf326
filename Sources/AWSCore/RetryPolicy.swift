/// When and how long to wait before sending a failed request again: AWS SDK "standard" mode.
///
/// Throttling and transient errors are retried (HTTP 429, 500, 502, 503, 504; throttling and
/// transient error codes; connection failures, resets and timeouts) up to `maxAttempts` attempts in
/// all, with exponential backoff and full jitter: before retry *n* (1-based) the caller waits a random
/// time in `[0, min(maxBackoff, baseDelay × 2^(n−1)))`, or the server's `Retry-After` when it sent
/// one. No retry is started that could not finish before the caller's deadline. Any other error
/// surfaces at once.
///
/// Calls that are not idempotent (DRS `StartRecovery`, `TerminateRecoveryInstances`; writes whose
/// second application would fail its own conditions) are sent with `Mode.onlyWhenNotSent`: they
/// are retried only when the request surely had no effect, and any other failure reaches the
/// caller, who settles it by reading (see `Mode`).
package struct RetryPolicy: Sendable, Equatable {
    /// Which failures of one call are retried: decided per call by what a second send could do.
    package enum Mode: Sendable, Equatable {
        /// Idempotent calls (reads, unconditional puts): throttling, transient errors (5xx,
        /// `RequestTimeout`), connection failures, resets and timeouts.
        case standard
        /// Calls that may take effect twice: retried only when the request surely did not take
        /// effect, i.e. no connection could be made (refused, DNS) or the service refused it as
        /// throttled (HTTP 429 or a throttling code). A timeout, a connection lost after sending, a
        /// 5xx or `RequestTimeout` is *ambiguous* (the service may have acted) and is thrown at
        /// once. The one attempt is not cut at the client's per-attempt timeout: it gets all the
        /// time left before the caller's deadline (or the per-attempt timeout when there is none),
        /// so a slow answer is waited for rather than turned into an ambiguity.
        case onlyWhenNotSent
    }

    /// Attempts in all, the first included (1 disables retries).
    package var maxAttempts: Int
    /// Upper bound of the first retry's random delay; doubles with each retry.
    package var baseDelayMilliseconds: Int64
    /// Cap on any one delay, `Retry-After` included.
    package var maxBackoffMilliseconds: Int64
    /// Time an attempt needs at least; a retry that would start later than this before the deadline
    /// is not made.
    package var minimumAttemptMilliseconds: Int64

    /// A policy; defaults are the standard mode's (3 attempts, 100 ms base, 20 s cap).
    package init(
        maxAttempts: Int = 3,
        baseDelayMilliseconds: Int64 = 100,
        maxBackoffMilliseconds: Int64 = 20_000,
        minimumAttemptMilliseconds: Int64 = 50
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelayMilliseconds = max(0, baseDelayMilliseconds)
        self.maxBackoffMilliseconds = max(0, maxBackoffMilliseconds)
        self.minimumAttemptMilliseconds = max(0, minimumAttemptMilliseconds)
    }

    /// Three attempts, 100 ms base, 20 s cap.
    package static let standard = RetryPolicy()

    /// HTTP statuses retried whatever the error code.
    package static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    /// Throttling error codes (botocore's standard-mode list).
    package static let throttlingErrorCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Transient error codes (botocore's standard-mode list).
    package static let transientErrorCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    ]

    /// Whether `error` is worth another attempt for a call sent in `mode`.
    package func isRetryable(_ error: any Error, mode: Mode = .standard) -> Bool {
        if mode == .onlyWhenNotSent {
            return Self.surelyNotApplied(error)
        }
        return switch error {
        case let error as AWSServiceError:
            Self.retryableStatuses.contains(error.status) || Self.throttlingErrorCodes.contains(error.rawCode)
                || Self.transientErrorCodes.contains(error.rawCode)
        case let error as TransportError:
            error.isRetryable
        default:
            false
        }
    }

    /// Whether `error` proves the request had no effect: no connection could be made, or the
    /// service answered that it was throttled (HTTP 429 or a throttling code).
    package static func surelyNotApplied(_ error: any Error) -> Bool {
        switch error {
        case let error as AWSServiceError:
            error.status == 429 || throttlingErrorCodes.contains(error.rawCode)
        case let error as TransportError:
            error.code == .connectionFailed
        default:
            false
        }
    }

    /// Whether `error` leaves it open if a non-idempotent request took effect: a timeout, a
    /// connection lost once the request could have been sent, a 5xx or a `RequestTimeout` answer.
    /// An error that is neither this nor `surelyNotApplied` is a definite refusal (e.g. a 4xx
    /// validation or conflict error).
    package static func isAmbiguous(_ error: any Error) -> Bool {
        switch error {
        case let error as AWSServiceError:
            !surelyNotApplied(error)
                && (error.status >= 500 || transientErrorCodes.contains(error.rawCode))
        case let error as TransportError:
            error.code == .timedOut || error.code == .connectionLost || error.code == .other
        default:
            false
        }
    }

    /// The wait before retry number `retry` (1 for the first retry).
    ///
    /// - Parameters:
    ///   - random: a number in `[0, 1)` from the caller's random source.
    ///   - retryAfterMilliseconds: the server's `Retry-After`, which replaces the jittered delay.
    package func delayMilliseconds(beforeRetry retry: Int, random: Double, retryAfterMilliseconds: Int64? = nil)
        -> Int64
    {
        if let retryAfterMilliseconds {
            return min(max(0, retryAfterMilliseconds), maxBackoffMilliseconds)
        }
        let exponent = min(max(0, retry - 1), 40)
        let (scaled, overflow) = baseDelayMilliseconds.multipliedReportingOverflow(by: Int64(1) << Int64(exponent))
        let ceiling = overflow ? maxBackoffMilliseconds : min(scaled, maxBackoffMilliseconds)
        let fraction = random.isFinite ? min(max(random, 0), 1) : 0
        return min(Int64(fraction * Double(ceiling)), ceiling)
    }

    /// The `Retry-After` header in milliseconds, when it holds a number of seconds (an HTTP date is
    /// ignored).
    package static func retryAfterMilliseconds(_ headers: AWSHTTPHeaders) -> Int64? {
        guard let text = headers["Retry-After"]?.trimmingASCIIWhitespace(), !text.isEmpty,
            let seconds = Double(text), seconds.isFinite, seconds >= 0
        else { return nil }
        return Int64((seconds * 1000).rounded(.up))
    }
}
