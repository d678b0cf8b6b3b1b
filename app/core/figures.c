/* figures.c — accumulates the figures of figures.h: counters as alarms come
 * in, the times taken per step kept in growable arrays until fig_end sorts
 * them for the percentiles. */
#include "figures.h"

#include <stdlib.h>
#include <string.h>

#include "ad.h"
#include "flow.h"

struct samples {
	int64_t *v;
	size_t n, cap;
};

struct fig_acc {
	struct figures f;
	int64_t now_ms;
	struct samples took[FLOW_CLK_COUNT];
};

struct fig_acc *fig_begin(int64_t from_ms, int64_t to_ms, int64_t now_ms)
{
	struct fig_acc *acc;

	if (to_ms <= from_ms || (acc = calloc(1, sizeof *acc)) == NULL)
		return NULL;
	acc->f.from_ms = from_ms;
	acc->f.to_ms = to_ms;
	acc->now_ms = now_ms;
	return acc;
}

static int push(struct samples *s, int64_t v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		int64_t *nv = realloc(s->v, cap * sizeof *nv);
		if (nv == NULL)
			return AD_ENOMEM;
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n++] = v;
	return 0;
}

const char *const fig_fault_names[FIG_FAULT_COUNT] = {
	"offline", "failed_report", "low_battery", "power", "tamper", "other", "arm_disarm",
};

/* What kind of fault a fault-class alarm is, by its class and event code. */
static enum fig_fault fault_kind(const struct alarm *a)
{
	const char *e = a->event_code;

	if (a->cls == ALARM_CLASS_OFFLINE)
		return FIG_FAULT_OFFLINE;
	if (a->cls == ALARM_CLASS_TAMPER)
		return FIG_FAULT_TAMPER;
	if (strcmp(e, "350") == 0 || strcmp(e, "354") == 0)
		return FIG_FAULT_REPORT;
	if (strcmp(e, "302") == 0 || strcmp(e, "309") == 0 || strcmp(e, "311") == 0 ||
	    strcmp(e, "384") == 0)
		return FIG_FAULT_BATTERY;
	if (strcmp(e, "301") == 0 || strcmp(e, "342") == 0)
		return FIG_FAULT_POWER;
	return FIG_FAULT_OTHER;
}

void fig_add_order(struct fig_acc *acc, const struct work_order *o)
{
	struct figures *f = &acc->f;
	int met = order_met(o, acc->now_ms);

	if (o->opened_ms < f->from_ms || o->opened_ms >= f->to_ms)
		return;
	f->orders++;
	f->orders_met += met == 1;
	f->orders_missed += met == 0;
	if (o->state != ORDER_CLOSED) {
		f->orders_open[o->urgency < ORDER_URGENCY_COUNT ? o->urgency : ORDER_NORMAL]++;
		if (acc->now_ms - o->opened_ms > f->oldest_open_ms)
			f->oldest_open_ms = acc->now_ms - o->opened_ms;
	}
}

int fig_add(struct fig_acc *acc, const struct alarm *a, bool false_outcome)
{
	struct figures *f = &acc->f;
	bool closed = a->state == ALARM_ST_CLOSED;
	int64_t span = f->to_ms - f->from_ms;

	if (a->received_ms < f->from_ms || a->received_ms >= f->to_ms)
		return 0;
	f->alarms++;
	f->by_class[a->cls < ALARM_CLASS_COUNT ? a->cls : ALARM_CLASS_OTHER]++;
	if (alarm_is_fault(a->cls))
		f->faults[fault_kind(a)]++;
	if (a->channel < ALARM_CHANNEL_COUNT)
		f->by_channel[a->channel]++;
	f->rate[(a->received_ms - f->from_ms) * FIG_BUCKETS / span]++;
	if (a->flow.verdict != FLOW_VERDICT_NONE)
		f->reviewed++;
	if (a->flow.verdict == FLOW_VERDICT_FALSE)
		f->false_alarms++;
	if (a->flow.verdict == FLOW_VERDICT_REAL) {
		const struct flow_timer *t = &a->flow.clk[FLOW_CLK_FORWARD];
		f->incidents++;
		if (a->flow.forwarded)
			f->forwarded++;
		else if (closed ||
			 (t->start_ms && t->stop_ms == 0 && acc->now_ms - t->start_ms > t->limit_ms))
			f->missed_forwards++;
	}
	if (closed && a->flow.forwarded && false_outcome)
		f->false_forwards++;
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		const struct flow_timer *t = &a->flow.clk[c];
		int64_t took;
		if (t->start_ms == 0)
			continue;
		took = (t->stop_ms ? t->stop_ms : acc->now_ms) - t->start_ms;
		if (t->stop_ms == 0 && (closed || took <= t->limit_ms))
			continue; /* still running within its limit, or never ended */
		f->step[c].n++;
		if (t->stop_ms && took <= t->limit_ms)
			f->step[c].met++;
		else
			f->step[c].missed++;
		if (push(&acc->took[c], took))
			return AD_ENOMEM;
	}
	return 0;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

/* Nearest rank: the smallest value with at least p % of the values at or
 * below it. */
static int64_t percentile(const struct samples *s, unsigned p)
{
	size_t rank = (s->n * p + 99) / 100;
	return s->n ? s->v[rank ? rank - 1 : 0] : 0;
}

void fig_end(struct fig_acc *acc, struct figures *out)
{
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		struct samples *s = &acc->took[c];
		if (s->n)
			qsort(s->v, s->n, sizeof *s->v, cmp_i64);
		acc->f.step[c].p50_ms = percentile(s, 50);
		acc->f.step[c].p90_ms = percentile(s, 90);
		free(s->v);
	}
	*out = acc->f;
	free(acc);
}

unsigned fig_permille(uint32_t part, uint32_t whole)
{
	return whole ? (unsigned)(((uint64_t)part * 1000 + whole / 2) / whole) : 0;
}
