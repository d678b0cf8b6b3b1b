/* strpool.c — an open-addressing set of counted strings (strpool.h): linear
 * probing, deletion by shifting the run back (no tombstones), grown at half
 * full. Each string lives in an entry of its own, found from the string by
 * its offset, so a holder needs only the pointer it was given. */
#include "strpool.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	uint64_t hash;
	size_t refs, len; /* len: of s, with a string's NUL */
	char s[];         /* aligned for pointers (offset 24 in a malloc'd block) */
};

struct strpool {
	struct entry **v; /* cap a power of two */
	size_t cap, n;
};

static const char empty[] = "";

#define FNV_START 1469598103934665603ULL
#define FNV_STEP(h, c) (((h) ^ (c)) * 1099511628211ULL)

static uint64_t hash_of(const void *b, size_t len)
{
	const unsigned char *p = b;
	uint64_t h = FNV_START;

	for (size_t i = 0; i < len; i++)
		h = FNV_STEP(h, p[i]);
	return h;
}

static struct entry *entry_of(const void *s)
{
	return (struct entry *)(void *)((const char *)s - offsetof(struct entry, s));
}

struct strpool *strpool_new(void)
{
	struct strpool *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->cap = 1024;
	if ((p->v = calloc(p->cap, sizeof *p->v)) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void strpool_free(struct strpool *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->cap; i++)
		free(p->v[i]);
	free(p->v);
	free(p);
}

static bool grow(struct strpool *p)
{
	size_t cap = p->cap * 2;
	struct entry **v = calloc(cap, sizeof *v);

	if (v == NULL)
		return false;
	for (size_t i = 0; i < p->cap; i++) {
		struct entry *e = p->v[i];
		size_t k;
		if (e == NULL)
			continue;
		for (k = e->hash & (cap - 1); v[k]; k = (k + 1) & (cap - 1))
			;
		v[k] = e;
	}
	free(p->v);
	p->v = v;
	p->cap = cap;
	return true;
}

/* b's copy, h its hash (hash_of). */
static const void *get(struct strpool *p, const void *b, size_t len, uint64_t h)
{
	struct entry *e;
	size_t k;

	for (k = h & (p->cap - 1); (e = p->v[k]) != NULL; k = (k + 1) & (p->cap - 1))
		if (e->hash == h && e->len == len && memcmp(e->s, b, len) == 0) {
			e->refs++;
			return e->s;
		}
	if ((p->n + 1) * 2 > p->cap) {
		if (!grow(p))
			return NULL;
		for (k = h & (p->cap - 1); p->v[k]; k = (k + 1) & (p->cap - 1))
			;
	}
	if ((e = malloc(sizeof *e + len)) == NULL)
		return NULL;
	e->hash = h;
	e->refs = 1;
	e->len = len;
	memcpy(e->s, b, len);
	p->v[k] = e;
	p->n++;
	return e->s;
}

const void *strpool_get_bytes(struct strpool *p, const void *b, size_t len)
{
	return get(p, b, len, hash_of(b, len));
}

const char *strpool_get(struct strpool *p, const char *s)
{
	uint64_t h = FNV_START;
	const char *q = s;

	if (s == NULL || s[0] == '\0')
		return empty;
	do /* the hash and the length in one pass, the NUL hashed too */
		h = FNV_STEP(h, (unsigned char)*q);
	while (*q++);
	return get(p, s, (size_t)(q - s), h);
}

void strpool_put(struct strpool *p, const void *s)
{
	struct entry *e;
	size_t k, hole;

	if (s == NULL || s == (const void *)empty)
		return;
	e = entry_of(s);
	if (--e->refs > 0)
		return;
	for (k = e->hash & (p->cap - 1); p->v[k] != e; k = (k + 1) & (p->cap - 1))
		;
	free(e);
	p->n--;
	/* Shift back what the run holds beyond the hole, so every string stays
	 * reachable from its home slot without passing an empty one. */
	hole = k;
	for (k = (k + 1) & (p->cap - 1); p->v[k]; k = (k + 1) & (p->cap - 1)) {
		size_t home = p->v[k]->hash & (p->cap - 1);
		/* Movable unless home lies cyclically in (hole, k]. */
		bool stays = hole <= k ? (home > hole && home <= k) : (home > hole || home <= k);
		if (!stays) {
			p->v[hole] = p->v[k];
			hole = k;
		}
	}
	p->v[hole] = NULL;
}

size_t strpool_count(const struct strpool *p)
{
	return p->n;
}
