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
	size_t refs;
	char s[];
};

struct strpool {
	struct entry **v; /* cap a power of two */
	size_t cap, n;
};

static const char empty[] = "";

static uint64_t hash_of(const char *s, size_t *len)
{
	uint64_t h = 1469598103934665603ULL;
	const char *p = s;

	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	*len = (size_t)(p - s);
	return h;
}

static struct entry *entry_of(const char *s)
{
	return (struct entry *)(void *)(s - offsetof(struct entry, s));
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

const char *strpool_get(struct strpool *p, const char *s)
{
	size_t len, k;
	uint64_t h;
	struct entry *e;

	if (s == NULL || s[0] == '\0')
		return empty;
	h = hash_of(s, &len);
	for (k = h & (p->cap - 1); (e = p->v[k]) != NULL; k = (k + 1) & (p->cap - 1))
		if (e->hash == h && strcmp(e->s, s) == 0) {
			e->refs++;
			return e->s;
		}
	if ((p->n + 1) * 2 > p->cap) {
		if (!grow(p))
			return NULL;
		for (k = h & (p->cap - 1); p->v[k]; k = (k + 1) & (p->cap - 1))
			;
	}
	if ((e = malloc(sizeof *e + len + 1)) == NULL)
		return NULL;
	e->hash = h;
	e->refs = 1;
	memcpy(e->s, s, len + 1);
	p->v[k] = e;
	p->n++;
	return e->s;
}

void strpool_put(struct strpool *p, const char *s)
{
	struct entry *e;
	size_t k, hole;

	if (s == NULL || s == empty)
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
