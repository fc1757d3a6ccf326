// One blocking HTTP exchange over a reusable libcurl easy handle, for AWSCore's transport.
//
// libcurl's option setter is variadic and so cannot be called from Swift; this shim wraps the whole
// exchange (set options, perform, collect status, headers and body) in one call. The curl headers
// stay inside shim.c so Swift sees only these types.
#pragma once

#include <stddef.h>
#include <stdint.h>

/// A libcurl easy handle plus its error buffer. Keeps its connection open between exchanges.
typedef struct ccurl_handle ccurl_handle;

/// What went wrong, folded from libcurl's many error codes into what a caller acts on.
typedef enum {
    CCURL_OK = 0,
    /// The exchange did not finish within the timeout.
    CCURL_ERROR_TIMEOUT = 1,
    /// No connection could be made (refused, unreachable).
    CCURL_ERROR_CONNECT = 2,
    /// The host name did not resolve.
    CCURL_ERROR_RESOLVE = 3,
    /// The connection broke mid-exchange (reset, closed early, nothing received).
    CCURL_ERROR_CONNECTION_LOST = 4,
    /// TLS handshake or certificate verification failed.
    CCURL_ERROR_TLS = 5,
    /// The request itself was unusable (bad URL, unsupported scheme).
    CCURL_ERROR_INVALID_REQUEST = 6,
    /// Memory ran out while buffering.
    CCURL_ERROR_OUT_OF_MEMORY = 7,
    /// Anything else.
    CCURL_ERROR_OTHER = 8,
} ccurl_error_kind;

/// A growable byte buffer owned by the shim; release it with `ccurl_response_release`.
typedef struct {
    uint8_t *data;
    size_t length;
    size_t capacity;
} ccurl_buffer;

/// One request. All pointers must stay valid for the duration of `ccurl_perform`.
typedef struct {
    /// "GET", "POST", "PUT", "DELETE", "HEAD", ...
    const char *method;
    /// Absolute URL, already percent-encoded.
    const char *url;
    /// "Name: value" lines; "Name:" removes a header curl would add itself.
    const char *const *headers;
    size_t header_count;
    const uint8_t *body;
    size_t body_length;
    /// Upper bound for the whole exchange, in milliseconds (> 0).
    long timeout_ms;
    /// Upper bound for connecting, in milliseconds (> 0); capped by `timeout_ms`.
    long connect_timeout_ms;
} ccurl_request;

/// The outcome of one exchange.
typedef struct {
    ccurl_error_kind error_kind;
    /// The raw CURLcode, for diagnostics.
    int curl_code;
    /// HTTP status of the final response (0 when none arrived).
    long status;
    /// Connections libcurl opened for this exchange (0 when it reused one).
    long new_connections;
    /// Raw header lines of the final response, CRLF-separated, status line first.
    ccurl_buffer headers;
    ccurl_buffer body;
    /// libcurl's message for a failure; empty on success.
    char message[256];
} ccurl_response;

/// Loads libcurl and runs `curl_global_init`, once per process; a call while another thread loads it
/// waits for that load. Returns 1 when libcurl is usable, 0 when it could not be loaded.
int ccurl_load(void);

/// A new easy handle (loading libcurl first if needed), or NULL when libcurl is unavailable or
/// cannot allocate one.
ccurl_handle *ccurl_handle_create(void);

/// Closes the handle's connection and frees it.
void ccurl_handle_destroy(ccurl_handle *handle);

/// Performs one blocking exchange on `handle`, reusing its open connection when the endpoint matches.
/// Always fills `response`; release its buffers with `ccurl_response_release` afterwards.
void ccurl_perform(ccurl_handle *handle, const ccurl_request *request, ccurl_response *response);

/// Frees the buffers of `response`.
void ccurl_response_release(ccurl_response *response);
