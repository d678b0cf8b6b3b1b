/* dc09_crypt.h — DC-09 encryption: AES-128/192/256 in CBC mode with an
 * all-zero IV, the key being its 16, 24 or 32 characters as bytes; the
 * ciphertext is sent as uppercase hex after the '[' of the data block, the
 * plain text padded at the front to a whole number of blocks
 * (eavanvalkenburg/pysiaalarm, fioletoven/dc09; docs/receivers.md). */
#ifndef DC09_CRYPT_H
#define DC09_CRYPT_H

#include <stddef.h>

#include "dc09.h"

/* True when key has a usable length (16, 24 or 32). */
int dc09_key_ok(const char *key);

/* Decrypts f->rest ("[" + hex) in place into the plain "[data]xdata…_time"
 * the rest of a plain frame would be. Returns 0, or -1 when it does not
 * decrypt to a DC-09 body under key (wrong key, not hex, not whole blocks,
 * control bytes after the pad, no timestamp: encrypted frames carry one). */
int dc09_decrypt(struct dc09_frame *f, const char *key);

/* The encrypted body of plain ("…]xdata…_time", without the opening '[':
 * the data block's content onwards) under key: "[" + hex, written to out.
 * The front pad is random characters other than [ ] |. Returns the length,
 * or 0 when it does not fit or the key is bad. */
size_t dc09_encrypt(const char *key, const char *plain, char *out, size_t cap);

#endif
