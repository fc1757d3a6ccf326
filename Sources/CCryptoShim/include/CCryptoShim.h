// SHA-256 and HMAC-SHA256 from OpenSSL libcrypto, for SigV4 (AWSCore).
//
// The OpenSSL headers stay inside shim.c so Swift imports two plain functions instead of the whole
// OpenSSL API surface.
#pragma once

#include <stddef.h>
#include <stdint.h>

/// Length in bytes of a SHA-256 digest (and of an HMAC-SHA256 tag).
#define CCRYPTO_SHA256_LENGTH 32

/// Writes SHA-256(`data[0..<length]`) to `out` (32 bytes). Returns 1 on success, 0 on failure.
int ccrypto_sha256(const void *data, size_t length, uint8_t *out);

/// Writes HMAC-SHA256(`key`, `data`) to `out` (32 bytes). Returns 1 on success, 0 on failure.
int ccrypto_hmac_sha256(const void *key, size_t key_length, const void *data, size_t length, uint8_t *out);

/// Loads libcrypto on first use (a call while another thread loads it waits for that load). Returns 1 when SHA-256 and HMAC are available, 0 when libcrypto
/// could not be loaded (the digests above then fail).
int ccrypto_available(void);
