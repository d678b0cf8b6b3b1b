/* jrow.h — one row of the operator journal and its canonical binary
 * encoding, the input of the row hash (the hash itself is computed outside
 * the core, with OpenSSL). The encoding is fixed forever for version 1:
 *
 *   "alarmdesk-journal-v1\0" | u64 seq | i64 wall_ms | i64 mono_ms |
 *   for console, operator, role, mode, alarm_id, action, detail, outcome:
 *       u32 length | bytes |
 *   u8 prev_len | prev_hash
 *
 * All integers big-endian. Pure: no I/O. */
#ifndef JROW_H
#define JROW_H

#include <stddef.h>
#include <stdint.h>

#define JROW_HASH_MAX 32 /* SHA-256 and SM3 both give 32 bytes */

struct jrow {
	uint64_t seq;
	int64_t wall_ms, mono_ms;
	const char *console, *operator_, *role, *mode;
	const char *alarm_id, *action, *detail, *outcome;
	uint8_t prev_hash[JROW_HASH_MAX];
	size_t prev_len;
};

/* Bytes needed to encode r. */
size_t jrow_encoded_len(const struct jrow *r);

/* Encodes r into buf (cap bytes). Returns the length, or 0 when cap is too
 * small. */
size_t jrow_encode(const struct jrow *r, uint8_t *buf, size_t cap);

/* Lower-case hex of n bytes into out (2n+1 bytes). */
void jrow_hex(const uint8_t *h, size_t n, char *out);

#endif
