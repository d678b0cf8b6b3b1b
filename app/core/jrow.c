/* jrow.c — canonical encoding of journal rows (see jrow.h for the layout). */
#include "jrow.h"

#include <string.h>

static const char tag[] = "alarmdesk-journal-v1"; /* written with its NUL */

static const char *const *fields(const struct jrow *r, const char *out[8])
{
	out[0] = r->console;
	out[1] = r->operator_;
	out[2] = r->role;
	out[3] = r->mode;
	out[4] = r->alarm_id;
	out[5] = r->action;
	out[6] = r->detail;
	out[7] = r->outcome;
	return out;
}

size_t jrow_encoded_len(const struct jrow *r)
{
	const char *f[8];
	size_t n = sizeof tag + 8 * 3 + 1 + r->prev_len;

	fields(r, f);
	for (int i = 0; i < 8; i++)
		n += 4 + (f[i] ? strlen(f[i]) : 0);
	return n;
}

static uint8_t *put64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--)
		*p++ = (uint8_t)(v >> (8 * i));
	return p;
}

size_t jrow_encode(const struct jrow *r, uint8_t *buf, size_t cap)
{
	const char *f[8];
	size_t need = jrow_encoded_len(r);
	uint8_t *p = buf;

	if (need > cap || r->prev_len > JROW_HASH_MAX)
		return 0;
	memcpy(p, tag, sizeof tag);
	p += sizeof tag;
	p = put64(p, r->seq);
	p = put64(p, (uint64_t)r->wall_ms);
	p = put64(p, (uint64_t)r->mono_ms);
	fields(r, f);
	for (int i = 0; i < 8; i++) {
		size_t len = f[i] ? strlen(f[i]) : 0;
		*p++ = (uint8_t)(len >> 24);
		*p++ = (uint8_t)(len >> 16);
		*p++ = (uint8_t)(len >> 8);
		*p++ = (uint8_t)len;
		if (len)
			memcpy(p, f[i], len);
		p += len;
	}
	*p++ = (uint8_t)r->prev_len;
	memcpy(p, r->prev_hash, r->prev_len);
	p += r->prev_len;
	return (size_t)(p - buf);
}

void jrow_hex(const uint8_t *h, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[2 * n] = '\0';
}
