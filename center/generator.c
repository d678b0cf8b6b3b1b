/* generator.c — random alarms at a fixed rate for load tests and demos.
 * Emits in batches every 20 ms (one commit per batch) and catches up on
 * lateness, so the long-run rate is exact. */
#include <stdlib.h>

#include "source.h"

#define GEN_LOG_EVERY 10000 /* a progress line in the log every so many alarms */

struct generator {
	struct center *c;
	uv_timer_t timer;
	double rate;
	uint64_t count, emitted, started, fill;
	uint32_t rnd;
	bool faults_only; /* the fault rows of the mix only (a storm of faults) */
};

struct mix {
	int weight;
	const char *codes[4];
};

/* Rough share of a real center's traffic: faults and intrusion dominate.
 * FAULTS and REPORTS are its rows of faults. */
enum { FAULTS = 1, REPORTS = 3 };
static const struct mix mix[] = {
	{35, {"130", "131", "132", "134"}}, {20, {"301", "302", "380", "384"}},
	{10, {"137", "144", "383", "137"}}, {10, {"350", "354", "350", "354"}},
	{8, {"110", "111", "114", "110"}},  {7, {"120", "121", "122", "120"}},
	{5, {"100", "101", "100", "101"}},
};

static uint32_t next_rand(struct generator *g)
{
	g->rnd ^= g->rnd << 13;
	g->rnd ^= g->rnd >> 17;
	g->rnd ^= g->rnd << 5;
	return g->rnd;
}

static void emit_one(struct generator *g)
{
	const struct sites *s = &g->c->sites;
	const struct site *st = &s->v[next_rand(g) % s->n];
	int total = 0, pick;
	size_t i;
	struct alarm a;

	if (g->faults_only) {
		i = next_rand(g) % 2 ? FAULTS : REPORTS;
	} else {
		for (i = 0; i < sizeof mix / sizeof mix[0]; i++)
			total += mix[i].weight;
		pick = (int)(next_rand(g) % (uint32_t)total);
		for (i = 0; pick >= mix[i].weight; i++)
			pick -= mix[i].weight;
	}
	site_make_alarm(s, st, st->zones[next_rand(g) % (uint32_t)st->nzones].no,
			mix[i].codes[next_rand(g) % 4],
			(enum alarm_channel)(next_rand(g) % 3), &a);
	center_emit_alarm(g->c, &a, st);
}

static void tick_cb(uv_timer_t *t)
{
	struct generator *g = t->data;
	uint64_t due = (uint64_t)(g->rate * (double)(uv_now(t->loop) - g->started) / 1000.0);

	if (g->count && due > g->count)
		due = g->count;
	if (g->fill && book_count(g->c->book) + (due - g->emitted) > g->fill)
		due = g->emitted + (g->fill > book_count(g->c->book) ? g->fill - book_count(g->c->book) : 0);
	if (due > g->emitted) {
		uint64_t before = g->emitted;
		center_batch_begin(g->c);
		while (g->emitted < due) {
			emit_one(g);
			g->emitted++;
		}
		center_batch_end(g->c);
		if (g->emitted / GEN_LOG_EVERY != before / GEN_LOG_EVERY)
			center_log("generator: %llu alarms so far", (unsigned long long)g->emitted);
	}
	if ((g->count && g->emitted >= g->count) || (g->fill && book_count(g->c->book) >= g->fill)) {
		uv_timer_stop(t);
		center_log("generator: %llu alarms emitted", (unsigned long long)g->emitted);
	}
}

struct generator *generator_start(struct center *c, double rate, uint64_t count, uint32_t seed,
				  bool faults_only)
{
	struct generator *g = calloc(1, sizeof *g);

	if (g == NULL)
		return NULL;
	g->c = c;
	g->rate = rate;
	g->count = count;
	g->faults_only = faults_only;
	g->rnd = seed ? seed : 0x9e3779b9u;
	uv_timer_init(c->loop, &g->timer);
	g->timer.data = g;
	g->started = uv_now(c->loop);
	uv_timer_start(&g->timer, tick_cb, 20, 20);
	return g;
}

void generator_fill(struct generator *g, uint64_t open)
{
	if (g)
		g->fill = open;
}

static void closed_cb(uv_handle_t *h)
{
	free(h->data);
}

void generator_stop(struct generator *g)
{
	if (g != NULL)
		uv_close((uv_handle_t *)&g->timer, closed_cb);
}
