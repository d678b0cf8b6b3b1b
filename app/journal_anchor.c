/* journal_anchor.c — what the journal writer and its verifier share: the
 * chain's hash algorithms and the anchor sidecar's file ("<path>.anchor":
 * the last durable seq and its hash, written by the writer thread). */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

const char *journal_alg_name(enum journal_alg alg)
{
	return alg == JOURNAL_SM3 ? "sm3" : "sha256";
}

int journal_alg_parse(const char *s, enum journal_alg *out)
{
	if (strcmp(s, "sha256") == 0)
		*out = JOURNAL_SHA256;
	else if (strcmp(s, "sm3") == 0)
		*out = JOURNAL_SM3;
	else
		return -1;
	return 0;
}

struct journal_hasher {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
};

struct journal_hasher *journal_hasher_new(enum journal_alg alg)
{
	struct journal_hasher *h = calloc(1, sizeof *h);

	if (h == NULL)
		return NULL;
	h->md = EVP_MD_fetch(NULL, alg == JOURNAL_SM3 ? "SM3" : "SHA256", NULL);
	h->ctx = EVP_MD_CTX_new();
	if (h->md == NULL || h->ctx == NULL) {
		journal_hasher_free(h);
		return NULL;
	}
	return h;
}

int journal_hasher_run(struct journal_hasher *h, const uint8_t *data, size_t len, uint8_t *out)
{
	unsigned int n = 0;

	return EVP_DigestInit_ex2(h->ctx, h->md, NULL) == 1 &&
			       EVP_DigestUpdate(h->ctx, data, len) == 1 &&
			       EVP_DigestFinal_ex(h->ctx, out, &n) == 1 && n == 32
		       ? 0
		       : -1;
}

void journal_hasher_free(struct journal_hasher *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->ctx);
	EVP_MD_free(h->md);
	free(h);
}

void journal_anchor_path(const char *path, char *buf, size_t len)
{
	snprintf(buf, len, "%s.anchor", path);
}

int journal_read_anchor(const char *path, uint64_t *seq, uint8_t *hash, size_t *hash_len)
{
	char ap[1100], hex[2 * JROW_HASH_MAX + 3]; /* %66s writes 67 bytes */
	unsigned long long s;
	FILE *f;
	int ok;

	journal_anchor_path(path, ap, sizeof ap);
	f = fopen(ap, "r");
	if (f == NULL)
		return -1;
	ok = fscanf(f, "alarmdesk-journal-anchor 1 seq %llu hash %66s", &s, hex) == 2;
	fclose(f);
	if (!ok || strlen(hex) != 64)
		return -1;
	for (size_t i = 0; i < 32; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		hash[i] = (uint8_t)v;
	}
	*seq = s;
	*hash_len = 32;
	return 0;
}
