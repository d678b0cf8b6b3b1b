/* sip_digest.h — HTTP digest authentication for SIP (RFC 2617 with MD5, as
 * GB/T 28181 devices use it): the response a client computes, and the
 * nonces a server hands out (self-checking: an HMAC of their time, so the
 * server keeps no table of them and a stale one is known). */
#ifndef CENTER_SIP_DIGEST_H
#define CENTER_SIP_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIGEST_HEX 33 /* an MD5 in hex and its NUL */

/* The request-digest: without qop when qop is NULL or "", else qop "auth"
 * with nc and cnonce. out gets 32 hex digits. */
void digest_response(const char *user, const char *realm, const char *password, const char *method,
		     const char *uri, const char *nonce, const char *qop, const char *nc,
		     const char *cnonce, char out[DIGEST_HEX]);

/* A nonce made at now_ms under secret (32 random bytes the server picks at
 * start): hex of the time and of its HMAC. */
void digest_nonce(const unsigned char secret[32], int64_t now_ms, char *out, size_t len);
/* Whether nonce was made under secret no more than max_age_ms before now. */
bool digest_nonce_ok(const unsigned char secret[32], const char *nonce, int64_t now_ms,
		     int64_t max_age_ms);

/* Constant-time comparison of two hex digests. */
bool digest_equal(const char *a, const char *b);

#endif
