#include "CCurlShim.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// libcurl is loaded with dlopen (at init on a background thread, `ccurl_load`, or else on the first
// AWS call), not linked: linking it makes the dynamic
// loader map and relocate libcurl and its ~30 dependencies (TLS, Kerberos, LDAP, ...) before main
// runs, which tripled bootstrap's cold start (bench/run.py) for requests such as /health that never
// call AWS. dlsym also binds the default symbol version, so the binary does not depend on the build
// machine's distribution-specific libcurl symbol versions.
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    int loaded;
} curl_api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_libcurl(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        return;
    }
#define CCURL_LOAD(field, name) *(void **)&curl_api.field = dlsym(library, name)
    CCURL_LOAD(global_init, "curl_global_init");
    CCURL_LOAD(easy_init, "curl_easy_init");
    CCURL_LOAD(easy_cleanup, "curl_easy_cleanup");
    CCURL_LOAD(easy_reset, "curl_easy_reset");
    CCURL_LOAD(easy_setopt, "curl_easy_setopt");
    CCURL_LOAD(easy_perform, "curl_easy_perform");
    CCURL_LOAD(easy_getinfo, "curl_easy_getinfo");
    CCURL_LOAD(easy_strerror, "curl_easy_strerror");
    CCURL_LOAD(slist_append, "curl_slist_append");
    CCURL_LOAD(slist_free_all, "curl_slist_free_all");
#undef CCURL_LOAD
    if (curl_api.global_init && curl_api.easy_init && curl_api.easy_cleanup && curl_api.easy_reset &&
        curl_api.easy_setopt && curl_api.easy_perform && curl_api.easy_getinfo && curl_api.easy_strerror &&
        curl_api.slist_append && curl_api.slist_free_all) {
        // curl_global_init is not thread-safe on every libcurl version; pthread_once runs it once.
        curl_api.loaded = curl_api.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    }
}

#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_easy_init curl_api.easy_init
#define curl_easy_cleanup curl_api.easy_cleanup
#define curl_easy_reset curl_api.easy_reset
#define curl_easy_setopt curl_api.easy_setopt
#define curl_easy_perform curl_api.easy_perform
#define curl_easy_getinfo curl_api.easy_getinfo
#define curl_easy_strerror curl_api.easy_strerror
#define curl_slist_append curl_api.slist_append
#define curl_slist_free_all curl_api.slist_free_all

struct ccurl_handle {
    CURL *easy;
    char error_buffer[CURL_ERROR_SIZE];
};

int ccurl_load(void) {
    // A caller arriving while another thread loads waits for that load to finish, and no longer.
    pthread_once(&load_once, load_libcurl);
    return curl_api.loaded;
}

ccurl_handle *ccurl_handle_create(void) {
    if (!ccurl_load()) {
        return NULL;
    }
    ccurl_handle *handle = calloc(1, sizeof(ccurl_handle));
    if (handle == NULL) {
        return NULL;
    }
    handle->easy = curl_easy_init();
    if (handle->easy == NULL) {
        free(handle);
        return NULL;
    }
    return handle;
}

void ccurl_handle_destroy(ccurl_handle *handle) {
    if (handle == NULL) {
        return;
    }
    curl_easy_cleanup(handle->easy);
    free(handle);
}

static int buffer_append(ccurl_buffer *buffer, const void *bytes, size_t count) {
    if (count == 0) {
        return 1;
    }
    if (buffer->length + count > buffer->capacity) {
        size_t capacity = buffer->capacity == 0 ? 1024 : buffer->capacity;
        while (capacity < buffer->length + count) {
            capacity *= 2;
        }
        uint8_t *grown = realloc(buffer->data, capacity);
        if (grown == NULL) {
            return 0;
        }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, bytes, count);
    buffer->length += count;
    return 1;
}

static size_t on_body(char *bytes, size_t size, size_t count, void *context) {
    ccurl_response *response = context;
    size_t total = size * count;
    // Returning less than `total` makes curl abort with CURLE_WRITE_ERROR.
    return buffer_append(&response->body, bytes, total) ? total : 0;
}

static size_t on_header(char *bytes, size_t size, size_t count, void *context) {
    ccurl_response *response = context;
    size_t total = size * count;
    // A new status line starts a new response (after `100 Continue` or a redirect); keep only the last.
    if (total >= 5 && memcmp(bytes, "HTTP/", 5) == 0) {
        response->headers.length = 0;
    }
    return buffer_append(&response->headers, bytes, total) ? total : 0;
}

static ccurl_error_kind classify(CURLcode code) {
    switch (code) {
    case CURLE_OK:
        return CCURL_OK;
    case CURLE_OPERATION_TIMEDOUT:
        return CCURL_ERROR_TIMEOUT;
    case CURLE_COULDNT_CONNECT:
        return CCURL_ERROR_CONNECT;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return CCURL_ERROR_RESOLVE;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return CCURL_ERROR_CONNECTION_LOST;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
        return CCURL_ERROR_TLS;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
        return CCURL_ERROR_INVALID_REQUEST;
    case CURLE_OUT_OF_MEMORY:
    case CURLE_WRITE_ERROR:
        return CCURL_ERROR_OUT_OF_MEMORY;
    default:
        return CCURL_ERROR_OTHER;
    }
}

static void fail(ccurl_response *response, ccurl_error_kind kind, int code, const char *message) {
    response->error_kind = kind;
    response->curl_code = code;
    strncpy(response->message, message, sizeof(response->message) - 1);
    response->message[sizeof(response->message) - 1] = '\0';
}

void ccurl_perform(ccurl_handle *handle, const ccurl_request *request, ccurl_response *response) {
    memset(response, 0, sizeof(*response));
    if (handle == NULL || request == NULL || request->url == NULL || request->method == NULL) {
        fail(response, CCURL_ERROR_INVALID_REQUEST, CURLE_BAD_FUNCTION_ARGUMENT, "missing handle, URL or method");
        return;
    }
    CURL *easy = handle->easy;
    // Reset forgets the previous exchange's options but keeps the live connection, the DNS cache
    // and the TLS session cache: that is what makes warm invocations cheap.
    curl_easy_reset(easy);
    handle->error_buffer[0] = '\0';

    struct curl_slist *headers = NULL;
    for (size_t i = 0; i < request->header_count; i++) {
        struct curl_slist *appended = curl_slist_append(headers, request->headers[i]);
        if (appended == NULL) {
            curl_slist_free_all(headers);
            fail(response, CCURL_ERROR_OUT_OF_MEMORY, CURLE_OUT_OF_MEMORY, "out of memory building headers");
            return;
        }
        headers = appended;
    }

    long timeout_ms = request->timeout_ms > 0 ? request->timeout_ms : 1;
    long connect_timeout_ms = request->connect_timeout_ms > 0 ? request->connect_timeout_ms : timeout_ms;
    if (connect_timeout_ms > timeout_ms) {
        connect_timeout_ms = timeout_ms;
    }

    curl_easy_setopt(easy, CURLOPT_URL, request->url);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    // Without NOSIGNAL, libcurl uses SIGALRM for DNS timeouts, which is unsafe with threads.
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    // A request written in two pieces would otherwise wait for the peer's delayed ACK (~40 ms).
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, handle->error_buffer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, response);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, response);

    static const uint8_t empty_body[1] = {0};
    const uint8_t *body = request->body != NULL ? request->body : empty_body;
    if (strcmp(request->method, "GET") == 0 && request->body_length == 0) {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(request->method, "HEAD") == 0) {
        curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
    } else if (strcmp(request->method, "DELETE") == 0 && request->body_length == 0) {
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "DELETE");
    } else {
        // POSTFIELDS does not copy: the caller keeps `body` alive for the duration of this call.
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, (const char *)body);
        if (strcmp(request->method, "POST") != 0) {
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request->method);
        }
    }

    CURLcode code = curl_easy_perform(easy);
    curl_slist_free_all(headers);
    // The header list is gone; make sure the handle does not keep a dangling pointer to it.
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, NULL);

    long connects = 0;
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
    response->new_connections = connects;
    if (code != CURLE_OK) {
        const char *message = handle->error_buffer[0] != '\0' ? handle->error_buffer : curl_easy_strerror(code);
        fail(response, classify(code), (int)code, message);
        return;
    }
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    response->status = status;
    response->error_kind = CCURL_OK;
    response->curl_code = CURLE_OK;
}

void ccurl_response_release(ccurl_response *response) {
    if (response == NULL) {
        return;
    }
    free(response->headers.data);
    free(response->body.data);
    response->headers = (ccurl_buffer){0};
    response->body = (ccurl_buffer){0};
}
