/* sip_digest.c — digest authentication (center/sip_digest.h). */
#include "sip_digest.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void hex(const unsigned char *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* MD5 of the parts joined by ':'. */
static void md5_joined(const char *const *parts, int n, char out[DIGEST_HEX])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dl = 0;
	EVP_MD_CTX *x = EVP_MD_CTX_new();

	if (x == NULL || !EVP_DigestInit_ex(x, EVP_md5(), NULL)) {
		out[0] = '\0';
		EVP_MD_CTX_free(x);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (i)
			EVP_DigestUpdate(x, ":", 1);
		EVP_DigestUpdate(x, parts[i], strlen(parts[i]));
	}
	EVP_DigestFinal_ex(x, d, &dl);
	EVP_MD_CTX_free(x);
	hex(d, dl, out);
}

void digest_response(const char *user, const char *realm, const char *password, const char *method,
		     const char *uri, const char *nonce, const char *qop, const char *nc,
		     const char *cnonce, char out[DIGEST_HEX])
{
	char ha1[DIGEST_HEX], ha2[DIGEST_HEX];
	const char *p1[] = {user, realm, password}, *p2[] = {method, uri};

	md5_joined(p1, 3, ha1);
	md5_joined(p2, 2, ha2);
	if (qop && qop[0]) {
		const char *p[] = {ha1, nonce, nc ? nc : "", cnonce ? cnonce : "", qop, ha2};
		md5_joined(p, 6, out);
	} else {
		const char *p[] = {ha1, nonce, ha2};
		md5_joined(p, 3, out);
	}
}

static void nonce_mac(const unsigned char secret[32], const char *stamp, char out[DIGEST_HEX])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dl = 0;

	HMAC(EVP_sha256(), secret, 32, (const unsigned char *)stamp, strlen(stamp), d, &dl);
	hex(d, 16, out); /* 128 bits are plenty for a nonce */
}

void digest_nonce(const unsigned char secret[32], int64_t now_ms, char *out, size_t len)
{
	char stamp[20], mac[DIGEST_HEX];

	snprintf(stamp, sizeof stamp, "%012llx", (unsigned long long)now_ms);
	nonce_mac(secret, stamp, mac);
	snprintf(out, len, "%s%s", stamp, mac);
}

bool digest_nonce_ok(const unsigned char secret[32], const char *nonce, int64_t now_ms,
		     int64_t max_age_ms)
{
	char stamp[13], mac[DIGEST_HEX];
	unsigned long long at;

	if (strlen(nonce) != 12 + 32)
		return false;
	memcpy(stamp, nonce, 12);
	stamp[12] = '\0';
	if (sscanf(stamp, "%llx", &at) != 1)
		return false;
	nonce_mac(secret, stamp, mac);
	return digest_equal(mac, nonce + 12) && (int64_t)at <= now_ms &&
	       now_ms - (int64_t)at <= max_age_ms;
}

bool digest_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	unsigned diff = n != strlen(b);

	if (diff)
		return false;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned)((a[i] | 0x20) ^ (b[i] | 0x20)); /* hex in either case */
	return diff == 0;
}
