/* dc09_crypt.c — DC-09 encryption with OpenSSL's AES-CBC (center/dc09_crypt.h). */
#include "dc09_crypt.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

static const EVP_CIPHER *cipher(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	return n == 16 ? EVP_aes_128_cbc() : n == 24 ? EVP_aes_192_cbc() : n == 32 ? EVP_aes_256_cbc()
									  : NULL;
}

int dc09_key_ok(const char *key)
{
	return cipher(key) != NULL;
}

/* AES-CBC, zero IV, no padding (the plain text is whole blocks). */
static int aes(const char *key, int enc, const unsigned char *in, size_t n, unsigned char *out)
{
	static const unsigned char iv[16];
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int len = 0, fin = 0, ok;

	ok = c && EVP_CipherInit_ex(c, cipher(key), NULL, (const unsigned char *)key, iv, enc) == 1 &&
	     EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
	     EVP_CipherUpdate(c, out, &len, in, (int)n) == 1 &&
	     EVP_CipherFinal_ex(c, out + len, &fin) == 1 && (size_t)(len + fin) == n;
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
				      : -1;
}

int dc09_decrypt(struct dc09_frame *f, const char *key)
{
	unsigned char ct[DC09_MAX_FRAME / 2], pt[DC09_MAX_FRAME / 2 + 1];
	const char *hex = f->rest + 1, *p, *data, *end;
	char acct[24], body[DC09_MAX_FRAME + 1];
	size_t n = strlen(hex) / 2;

	if (f->rest[0] != '[' || !cipher(key) || strlen(hex) % 32 != 0 || n == 0 || n > sizeof ct)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		ct[i] = (unsigned char)(hi << 4 | lo);
	}
	if (aes(key, 0, ct, n, pt))
		return -1;
	pt[n] = '\0';
	if (memchr(pt, '\0', n))
		return -1; /* a pad of NULs or a wrong key: not a DC-09 body */
	/* The data block follows the pad: after "#acct|" when it names the
	 * account, else after the pad's '|' (pad + "|" + data); a NULL's or an
	 * ACK's body is pad + "]" + time. */
	snprintf(acct, sizeof acct, "#%s|", f->account);
	end = strchr((const char *)pt, ']');
	if (end == NULL)
		return -1;
	data = strstr((const char *)pt, acct);
	if (data == NULL || data > end) {
		p = memchr(pt, '|', (size_t)(end - (const char *)pt));
		data = p ? p + 1 : end;
	}
	end = strchr(data, ']');
	if (end == NULL || (size_t)snprintf(body, sizeof body, "[%.*s%s", (int)(end - data), data, end) >=
				   sizeof body)
		return -1;
	/* What follows the pad is text, and an encrypted frame carries its
	 * time: a wrong key's garbage does not pass for a body. */
	for (const char *c = body; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c == 0x7f)
			return -1;
	memcpy(f->rest, body, strlen(body) + 1);
	return dc09_parse_rest(f) == DC09_OK && f->has_time ? 0 : -1;
}

size_t dc09_encrypt(const char *key, const char *plain, char *out, size_t cap)
{
	static const char pad_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char pt[DC09_MAX_FRAME / 2], ct[DC09_MAX_FRAME / 2], rnd[16];
	size_t len = strlen(plain), total = (len + 15) / 16 * 16, pad = total - len;

	if (!cipher(key) || total > sizeof pt || 1 + 2 * total + 1 > cap ||
	    RAND_bytes(rnd, sizeof rnd) != 1)
		return 0;
	for (size_t i = 0; i < pad; i++)
		pt[i] = (unsigned char)pad_chars[rnd[i] % (sizeof pad_chars - 1)];
	memcpy(pt + pad, plain, len);
	if (aes(key, 1, pt, total, ct))
		return 0;
	out[0] = '[';
	for (size_t i = 0; i < total; i++) {
		static const char hx[] = "0123456789ABCDEF";
		out[1 + 2 * i] = hx[ct[i] >> 4];
		out[2 + 2 * i] = hx[ct[i] & 15];
	}
	out[1 + 2 * total] = '\0';
	return 1 + 2 * total;
}
