/* shown.c — the alarms the queue shows: the filter's matches (every alarm
 * without one) in the book's order, with the alarms of one site grouped:
 * the site's most urgent (its first in the book) is its row, with a count,
 * and the others are shown only while the site is expanded (e). In an alarm
 * storm the P3/P4 faults group by kind instead (class and event code, across
 * sites); a P1/P2 alarm is never in a storm's group. The groups are counted
 * again, lazily, after the book changed (ui_shown_stale), and with them the
 * list of the book indexes shown, so that finding a row's alarm, an
 * alarm's row or the count costs no walk of the book (a storm's book holds
 * tens of thousands while the screen draws sixty times a second). */
#include <stdlib.h>
#include <string.h>

#include "ui-int.h"

struct ui_groups {
	struct ui_group *v; /* open addressing by site; cap a power of two */
	size_t cap;
	bool stale;
	bool any; /* some collapsed group hides alarms */
	long *shown; /* the book indexes shown, in order (listed) */
	long *slot_of; /* per book index its group's slot, -1 filtered out */
	size_t nshown, shown_cap;
	bool listed;
};

/* The group an alarm is in, from its book key: in a storm a P3/P4 fault's
 * kind (*cls: its class; its event code), a P1/P2 alarm alone (*cls: -2;
 * its id), else its site (*cls: -1; its customer). The hash of that. */
static uint64_t group_of(const struct ui *u, const struct book_key *k, int *cls)
{
	bool storm = console_flood(u->v->core, k->center, NULL);

	if (storm && k->priority <= 2) {
		*cls = -2; /* never grouped, hidden or delayed */
		return k->id;
	}
	if (storm && alarm_is_fault((enum alarm_class)k->cls)) {
		*cls = k->cls;
		return k->code;
	}
	*cls = -1;
	return k->site;
}

/* The words of the group's key (cls from group_of): the id, the event code
 * or the customer. */
static const char *key_text(const struct alarm *al, int cls)
{
	return cls == -2 ? al->id : cls >= 0 ? al->event_code : al->cust_id;
}

static const char *key_of(const struct ui *u, const struct alarm *al, int *cls)
{
	struct book_key k;

	book_key_make(al, &k);
	group_of(u, &k, cls);
	return key_text(al, *cls);
}

static size_t mix(int center, int cls, uint64_t h)
{
	return (size_t)((h ^ ((uint64_t)(unsigned)center << 40) ^ ((uint64_t)(cls + 2) << 56)) *
			 0x9e3779b97f4a7c15ULL >> 17);
}

static bool expanded(const struct ui *u, int center, int cls, const char *key)
{
	for (int i = 0; i < UI_EXPANDED; i++)
		if (u->expanded[i].key[0] && u->expanded[i].center == center &&
		    u->expanded[i].cls == cls && strcmp(u->expanded[i].key, key) == 0)
			return true;
	return false;
}

/* The slot of a group: its center, kind and key's hash (64 bits: two keys
 * of one hash are not told apart, which for customers and event codes
 * does not happen). */
static struct ui_group *slot(const struct ui_groups *g, int center, int cls, uint64_t h)
{
	size_t i = mix(center, cls, h) & (g->cap - 1);

	while (g->v[i].key && (g->v[i].hash != h || g->v[i].center != center || g->v[i].cls != cls))
		i = (i + 1) & (g->cap - 1);
	return &g->v[i];
}

/* The book indexes shown, from the groups counted and each alarm's slot. */
static void list_shown(struct ui_groups *g, size_t n)
{
	g->nshown = 0;
	for (size_t k = 0; k < n; k++) {
		const struct ui_group *s = g->slot_of[k] < 0 ? NULL : &g->v[g->slot_of[k]];
		if (s && (s->count < 2 || s->first == (long)k || s->expanded))
			g->shown[g->nshown++] = (long)k;
	}
	g->listed = true;
}

/* Room for the list of n (false: no list this time, each question walks). */
static bool list_room(struct ui_groups *g, size_t n)
{
	if (n > g->shown_cap) {
		long *v = realloc(g->shown, n * sizeof *v), *w;
		if (v == NULL)
			return false;
		g->shown = v;
		if ((w = realloc(g->slot_of, n * sizeof *w)) == NULL)
			return false;
		g->slot_of = w;
		g->shown_cap = n;
	}
	return true;
}

static void build(const struct ui *u)
{
	struct ui_groups *g = u->groups;
	size_t n = book_count(u->v->book), cap = 64;
	bool room;

	while (cap < 2 * n)
		cap *= 2;
	if (cap > g->cap) {
		struct ui_group *v = realloc(g->v, cap * sizeof *v);
		if (v == NULL)
			return; /* stays stale: no grouping this time */
		g->v = v;
		g->cap = cap;
	}
	memset(g->v, 0, g->cap * sizeof *g->v);
	g->any = false;
	g->listed = false;
	room = list_room(g, n);
	/* The keys alone, unless a filter needs the alarm; the alarm once a
	 * group, for its words. */
	for (size_t k = 0; k < n; k++) {
		const struct book_key *bk = book_key_at(u->v->book, k);
		struct ui_group *s;
		uint64_t h;
		int cls;
		if (room)
			g->slot_of[k] = -1;
		if (u->filter.on && !filter_match(&u->filter, book_at(u->v->book, k),
						  u->v->cfg->operator_, u->v->now_ms))
			continue;
		h = group_of(u, bk, &cls);
		s = slot(g, bk->center, cls, h);
		if (room)
			g->slot_of[k] = s - g->v;
		if (s->key == NULL) {
			const char *key = key_text(book_at(u->v->book, k), cls);
			*s = (struct ui_group){bk->center, cls, key, (long)k, 0,
					       expanded(u, bk->center, cls, key), h};
		}
		s->count++;
		g->any |= s->count == 2 && !s->expanded;
	}
	g->stale = false;
	if (room)
		list_shown(g, n);
}

static const struct ui_groups *groups(const struct ui *u)
{
	if (u->groups && u->groups->stale)
		build(u);
	return u->groups && !u->groups->stale ? u->groups : NULL;
}

const struct ui_group *ui_group_of(const struct ui *u, const struct alarm *al)
{
	const struct ui_groups *g = groups(u);
	struct book_key k;
	int cls;
	uint64_t h;
	const struct ui_group *s;

	book_key_make(al, &k);
	h = group_of(u, &k, &cls);
	s = g ? slot(g, al->center, cls, h) : NULL;

	return s && s->key ? s : NULL;
}

void ui_shown_stale(struct ui *u)
{
	if (u->groups == NULL)
		u->groups = calloc(1, sizeof *u->groups);
	if (u->groups)
		u->groups->stale = true;
}

void ui_shown_release(struct ui *u)
{
	if (u->groups) {
		free(u->groups->v);
		free(u->groups->shown);
		free(u->groups->slot_of);
	}
	free(u->groups);
	u->groups = NULL;
}

/* Whether the alarm at book index k is a row of the queue. */
static bool shown_k(const struct ui *u, size_t k, const struct alarm *al)
{
	const struct ui_group *s;

	if (!filter_match(&u->filter, al, u->v->cfg->operator_, u->v->now_ms))
		return false;
	s = ui_group_of(u, al);
	return s == NULL || s->count < 2 || s->first == (long)k || s->expanded;
}

/* Whether anything is hidden: otherwise places are book indexes. */
static bool hiding(const struct ui *u)
{
	const struct ui_groups *g = groups(u);
	return u->filter.on || (g && g->any);
}

/* The list, when it is there and something is hidden (else NULL). */
static const struct ui_groups *listed(const struct ui *u)
{
	const struct ui_groups *g = groups(u);
	return g && g->listed ? g : NULL;
}

/* The number of listed indexes below k. */
static size_t below(const struct ui_groups *g, long k)
{
	size_t lo = 0, hi = g->nshown;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (g->shown[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool ui_shown_index(const struct ui *u, size_t k)
{
	const struct alarm *al = book_at(u->v->book, k);
	const struct ui_groups *g;

	if (al == NULL || !hiding(u))
		return al != NULL;
	if ((g = listed(u)) != NULL) {
		size_t i = below(g, (long)k);
		return i < g->nshown && g->shown[i] == (long)k;
	}
	return shown_k(u, k, al);
}

bool ui_shown(const struct ui *u, const struct alarm *al)
{
	long k = hiding(u) ? book_index_of(u->v->book, al->id) : 0;
	return k >= 0 && (!hiding(u) || ui_shown_index(u, (size_t)k));
}

long ui_shown_count(const struct ui *u)
{
	long n = 0;

	if (!hiding(u))
		return (long)book_count(u->v->book);
	if (listed(u))
		return (long)listed(u)->nshown;
	for (size_t i = 0; book_at(u->v->book, i); i++)
		n += shown_k(u, i, book_at(u->v->book, i));
	return n;
}

long ui_shown_place(const struct ui *u, long i)
{
	long pos = 0;

	if (!hiding(u))
		return i;
	if (listed(u))
		return (long)below(listed(u), i);
	for (long k = 0; k < i && book_at(u->v->book, (size_t)k); k++)
		pos += shown_k(u, (size_t)k, book_at(u->v->book, (size_t)k));
	return pos;
}

long ui_shown_at(const struct ui *u, long pos)
{
	if (!hiding(u))
		return pos < (long)book_count(u->v->book) ? pos : -1;
	if (listed(u))
		return pos >= 0 && (size_t)pos < listed(u)->nshown ? listed(u)->shown[pos] : -1;
	for (size_t k = 0; book_at(u->v->book, k); k++)
		if (shown_k(u, k, book_at(u->v->book, k)) && pos-- == 0)
			return (long)k;
	return -1;
}

void ui_expand_toggle(struct ui *u, const struct alarm *al)
{
	int cls;
	const char *key = key_of(u, al, &cls);

	for (int i = 0; i < UI_EXPANDED; i++)
		if (u->expanded[i].key[0] && u->expanded[i].center == al->center &&
		    u->expanded[i].cls == cls && strcmp(u->expanded[i].key, key) == 0) {
			u->expanded[i].key[0] = '\0';
			ui_shown_stale(u);
			return;
		}
	/* The oldest expansion makes room. */
	memmove(&u->expanded[1], &u->expanded[0], (UI_EXPANDED - 1) * sizeof u->expanded[0]);
	u->expanded[0].center = al->center;
	u->expanded[0].cls = cls;
	snprintf(u->expanded[0].key, sizeof u->expanded[0].key, "%s", key);
	ui_shown_stale(u);
}
