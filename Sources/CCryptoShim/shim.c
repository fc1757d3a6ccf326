#include "CCryptoShim.h"

#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <pthread.h>

// libcrypto is loaded (at init on a background thread, or else on the first signature) rather than linked, so a cold start that never signs
// (GET /health) does not pay for mapping it; see CCurlShim for the measurement.
static struct {
    unsigned char *(*sha256)(const unsigned char *, size_t, unsigned char *);
    unsigned char *(*hmac)(const EVP_MD *, const void *, int, const unsigned char *, size_t, unsigned char *,
                           unsigned int *);
    const EVP_MD *(*evp_sha256)(void);
} crypto_api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_libcrypto(void) {
    void *library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        library = dlopen("libcrypto.so", RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        return;
    }
    *(void **)&crypto_api.sha256 = dlsym(library, "SHA256");
    *(void **)&crypto_api.hmac = dlsym(library, "HMAC");
    *(void **)&crypto_api.evp_sha256 = dlsym(library, "EVP_sha256");
}

int ccrypto_available(void) {
    pthread_once(&load_once, load_libcrypto);
    return crypto_api.sha256 != NULL && crypto_api.hmac != NULL && crypto_api.evp_sha256 != NULL;
}

// OpenSSL accepts NULL only with length 0; Swift may hand us NULL for an empty buffer, and some
// OpenSSL builds dereference it anyway, so point empty inputs at a real byte.
static const unsigned char empty_input[1] = {0};

int ccrypto_sha256(const void *data, size_t length, uint8_t *out) {
    const unsigned char *bytes = data != NULL ? (const unsigned char *)data : empty_input;
    if (!ccrypto_available()) {
        return 0;
    }
    return crypto_api.sha256(bytes, length, out) != NULL ? 1 : 0;
}

int ccrypto_hmac_sha256(const void *key, size_t key_length, const void *data, size_t length, uint8_t *out) {
    const void *key_bytes = key != NULL ? key : (const void *)empty_input;
    const unsigned char *bytes = data != NULL ? (const unsigned char *)data : empty_input;
    unsigned int out_length = 0;
    if (key_length > (size_t)INT32_MAX) {
        return 0;
    }
    if (!ccrypto_available()) {
        return 0;
    }
    if (crypto_api.hmac(crypto_api.evp_sha256(), key_bytes, (int)key_length, bytes, length, out, &out_length) == NULL) {
        return 0;
    }
    return out_length == CCRYPTO_SHA256_LENGTH ? 1 : 0;
}
