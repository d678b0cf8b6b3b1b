/* book.c — an open-addressing hash by alarm id plus one array per priority,
 * each kept sorted by received time. Alarms mostly arrive in time order, so
 * an insert is an append; display order is the concatenation of the arrays.
 * This file does not know about the wire, the screen or the journal. */
#include "book.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ad.h"
#include "flow.h"
#include "strpool.h"

#define NPRIO (ALARM_PRIORITY_MAX - ALARM_PRIORITY_MIN + 1)

struct bucket {
	struct alarm **v;
	struct book_key *keys; /* keys[i] is v[i]'s */
	size_t n, cap;
};

struct book {
	struct alarm **slots; /* hash table; TOMB marks a deleted slot */
	size_t nslots, used;  /* used counts live + tombstones */
	size_t count, cap;
	size_t by_state[ALARM_ST_COUNT];
	struct bucket prio[NPRIO];
	struct strpool *pool; /* the strings the alarms of a site share */
};

static struct alarm tomb_alarm;
#define TOMB (&tomb_alarm)

uint64_t book_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

#define hash_id book_hash

void book_key_make(const struct alarm *a, struct book_key *k)
{
	k->id = book_hash(a->id);
	k->site = book_hash(a->cust_id);
	k->code = book_hash(a->event_code);
	k->center = a->center;
	k->priority = (unsigned char)a->priority;
	k->cls = (unsigned char)a->cls;
}

struct book *book_new(size_t cap)
{
	struct book *b = calloc(1, sizeof *b);
	size_t n = 64;

	if (b == NULL)
		return NULL;
	while (n < cap * 2 && n < ((size_t)1 << 40))
		n <<= 1;
	b->nslots = n < 1024 ? n : 1024; /* grows on demand up to 2*cap */
	b->slots = calloc(b->nslots, sizeof *b->slots);
	b->pool = strpool_new();
	if (b->slots == NULL || b->pool == NULL) {
		free(b->slots);
		strpool_free(b->pool);
		free(b);
		return NULL;
	}
	b->cap = cap;
	return b;
}

void book_free(struct book *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->nslots; i++)
		if (b->slots[i] != NULL && b->slots[i] != TOMB)
			free(b->slots[i]);
	for (int p = 0; p < NPRIO; p++) {
		free(b->prio[p].v);
		free(b->prio[p].keys);
	}
	free(b->slots);
	strpool_free(b->pool); /* the shared strings, whoever held them */
	free(b);
}

/* Slot holding id, or the first free slot for it when absent. */
static size_t probe(const struct book *b, const char *id, int *found)
{
	size_t mask = b->nslots - 1, i = hash_id(id) & mask, first_free = SIZE_MAX;

	for (;;) {
		struct alarm *a = b->slots[i];
		if (a == NULL) {
			*found = 0;
			return first_free != SIZE_MAX ? first_free : i;
		}
		if (a == TOMB) {
			if (first_free == SIZE_MAX)
				first_free = i;
		} else if (strcmp(a->id, id) == 0) {
			*found = 1;
			return i;
		}
		i = (i + 1) & mask;
	}
}

static int rehash(struct book *b, size_t nslots)
{
	struct alarm **old = b->slots;
	size_t oldn = b->nslots;
	int found;

	b->slots = calloc(nslots, sizeof *b->slots);
	if (b->slots == NULL) {
		b->slots = old;
		return AD_ENOMEM;
	}
	b->nslots = nslots;
	b->used = 0;
	for (size_t i = 0; i < oldn; i++) {
		if (old[i] == NULL || old[i] == TOMB)
			continue;
		b->slots[probe(b, old[i]->id, &found)] = old[i];
		b->used++;
	}
	free(old);
	return 0;
}

static struct bucket *bucket_of(struct book *b, const struct alarm *a)
{
	int p = a->priority;
	if (p < ALARM_PRIORITY_MIN)
		p = ALARM_PRIORITY_MIN;
	if (p > ALARM_PRIORITY_MAX)
		p = ALARM_PRIORITY_MAX;
	return &b->prio[p - ALARM_PRIORITY_MIN];
}

/* Index of the first element received strictly after t. */
static size_t upper_bound(const struct bucket *k, int64_t t)
{
	size_t lo = 0, hi = k->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (k->v[mid]->received_ms <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int bucket_insert(struct bucket *k, struct alarm *a)
{
	size_t at;

	if (k->n == k->cap) {
		size_t nc = k->cap ? k->cap * 2 : 64;
		struct alarm **v = realloc(k->v, nc * sizeof *v);
		struct book_key *keys;
		if (v == NULL)
			return AD_ENOMEM;
		k->v = v;
		if ((keys = realloc(k->keys, nc * sizeof *keys)) == NULL)
			return AD_ENOMEM;
		k->keys = keys;
		k->cap = nc;
	}
	at = (k->n == 0 || k->v[k->n - 1]->received_ms <= a->received_ms)
		     ? k->n
		     : upper_bound(k, a->received_ms);
	memmove(k->v + at + 1, k->v + at, (k->n - at) * sizeof *k->v);
	memmove(k->keys + at + 1, k->keys + at, (k->n - at) * sizeof *k->keys);
	k->v[at] = a;
	book_key_make(a, &k->keys[at]);
	k->n++;
	return 0;
}

static void bucket_remove(struct bucket *k, const struct alarm *a)
{
	size_t i = upper_bound(k, a->received_ms);

	/* Equal times sit just before the upper bound; search back for a. */
	while (i > 0) {
		i--;
		if (k->v[i] == a) {
			memmove(k->v + i, k->v + i + 1, (k->n - i - 1) * sizeof *k->v);
			memmove(k->keys + i, k->keys + i + 1, (k->n - i - 1) * sizeof *k->keys);
			k->n--;
			return;
		}
	}
}

static void drop(struct book *b, size_t slot)
{
	struct alarm *a = b->slots[slot];

	bucket_remove(bucket_of(b, a), a);
	b->by_state[a->state]--;
	b->count--;
	b->slots[slot] = TOMB;
	alarm_release_in(a, b->pool);
}

/* Same alarm, same handling: nothing to redraw or store. */
/* The timelines only grow (the oldest dropped when full): the same length
 * and the same newest entry are the same timeline. */
static bool same_timeline(const struct alarm *x, const struct alarm *y)
{
	const struct alarm_entry *p, *q;

	if (x->ntimeline != y->ntimeline)
		return false;
	if (x->ntimeline == 0)
		return true;
	p = &x->timeline[x->ntimeline - 1];
	q = &y->timeline[y->ntimeline - 1];
	return p->at_ms == q->at_ms && p->arg == q->arg && strcmp(p->action, q->action) == 0 &&
	       strcmp(p->by, q->by) == 0 && strcmp(p->text, q->text) == 0;
}

static bool same(const struct alarm *x, const struct alarm *y)
{
	return same_timeline(x, y) && alarm_same_handling(x, y);
}

/* Replaces the alarm in `slot` by a packed copy of a (same id). */
static enum book_result replace(struct book *b, size_t slot, const struct alarm *a)
{
	struct alarm *old = b->slots[slot], *copy;

	if (a->state == ALARM_ST_CLOSED) {
		drop(b, slot);
		return BOOK_REMOVED;
	}
	if (same(old, a))
		return BOOK_DUPLICATE;
	copy = alarm_pack_in(a, NULL, b->pool);
	if (copy == NULL)
		return BOOK_NOMEM;
	if (bucket_insert(bucket_of(b, copy), copy) < 0) {
		alarm_release_in(copy, b->pool);
		return BOOK_NOMEM;
	}
	bucket_remove(bucket_of(b, old), old);
	b->by_state[old->state]--;
	b->by_state[copy->state]++;
	b->slots[slot] = copy;
	alarm_release_in(old, b->pool);
	return BOOK_UPDATED;
}

enum book_result book_add(struct book *b, const struct alarm *a)
{
	struct alarm *copy;
	size_t slot;
	int found;

	slot = probe(b, a->id, &found);
	if (found)
		return replace(b, slot, a);
	if (a->state == ALARM_ST_CLOSED)
		return BOOK_DUPLICATE;
	if (b->count >= b->cap)
		return BOOK_FULL;
	if ((b->used + 1) * 4 > b->nslots * 3) {
		size_t n = b->nslots;
		if (b->count * 2 + 2 > n / 2)
			n *= 2;
		if (rehash(b, n) < 0)
			return BOOK_NOMEM;
		slot = probe(b, a->id, &found);
	}
	copy = alarm_pack_in(a, NULL, b->pool);
	if (copy == NULL)
		return BOOK_NOMEM;
	if (bucket_insert(bucket_of(b, copy), copy) < 0) {
		alarm_release_in(copy, b->pool);
		return BOOK_NOMEM;
	}
	if (b->slots[slot] == NULL)
		b->used++;
	b->slots[slot] = copy;
	b->count++;
	b->by_state[copy->state]++;
	return BOOK_ADDED;
}

const struct alarm *book_find(const struct book *b, const char *id)
{
	int found;
	size_t slot = probe(b, id, &found);
	return found ? b->slots[slot] : NULL;
}

size_t book_count(const struct book *b)
{
	return b->count;
}

size_t book_count_state(const struct book *b, enum alarm_state st)
{
	return (unsigned)st < ALARM_ST_COUNT ? b->by_state[st] : 0;
}

const struct alarm *book_at(const struct book *b, size_t i)
{
	for (int p = 0; p < NPRIO; p++) {
		if (i < b->prio[p].n)
			return b->prio[p].v[i];
		i -= b->prio[p].n;
	}
	return NULL;
}

const struct book_key *book_key_at(const struct book *b, size_t i)
{
	for (int p = 0; p < NPRIO; p++) {
		if (i < b->prio[p].n)
			return &b->prio[p].keys[i];
		i -= b->prio[p].n;
	}
	return NULL;
}

long book_index_of(const struct book *b, const char *id)
{
	const struct alarm *a = book_find(b, id);
	size_t base = 0;

	if (a == NULL)
		return -1;
	for (int p = 0; p < NPRIO; p++) {
		const struct bucket *k = &b->prio[p];
		if (k == bucket_of((struct book *)b, a)) {
			for (size_t i = upper_bound(k, a->received_ms); i > 0; i--)
				if (k->v[i - 1] == a)
					return (long)(base + i - 1);
			return -1;
		}
		base += k->n;
	}
	return -1;
}

void book_clear_center(struct book *b, int center)
{
	for (size_t i = 0; i < b->nslots; i++)
		if (b->slots[i] != NULL && b->slots[i] != TOMB &&
		    b->slots[i]->center == center)
			drop(b, i);
}

size_t book_escalate(struct book *b, int64_t now_ms,
		     void (*fn)(void *ctx, const struct alarm *a, unsigned clocks), void *ctx)
{
	size_t n = 0;

	for (int p = 0; p < NPRIO; p++) {
		for (size_t i = 0; i < b->prio[p].n; i++) {
			unsigned bits = flow_escalate(b->prio[p].v[i], now_ms);
			if (bits == 0)
				continue;
			n++;
			if (fn)
				fn(ctx, b->prio[p].v[i], bits);
		}
	}
	return n;
}
