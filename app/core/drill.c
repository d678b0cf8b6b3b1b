/* drill.c — the drill score: 100 points per scripted alarm, less what the
 * handling missed. The deductions are the trainer's published rules
 * (docs/operator-guide.md, "Trainers"): not handled 100, wrong or no
 * disposition 40, missed forward 30, no dispatch 20, a late operator clock
 * (review, forward, police check) 15 each, wrong review method 10, left
 * open 10. */
#include "drill.h"

#include <stdio.h>
#include <string.h>

#include "flow.h"

static void lose(struct drill_result *r, int points, const char *what)
{
	r->points -= points;
	if (r->nfindings < DRILL_MAX_FINDINGS)
		snprintf(r->findings[r->nfindings++], sizeof r->findings[0], "-%d %s", points, what);
}

void drill_see(struct drill_seen *s, const struct alarm *a)
{
	s->arrived = true;
	s->claimed |= a->claimed_by[0] != '\0' || a->state != ALARM_ST_NEW;
	s->state = a->state;
	s->flow = a->flow;
	memcpy(s->limit_ms, a->rules->limit_ms, sizeof s->limit_ms);
}

static bool late(const struct flow_timer *t, int64_t now_ms)
{
	if (t->start_ms == 0)
		return false;
	return (t->stop_ms ? t->stop_ms : now_ms) - t->start_ms > t->limit_ms;
}

void drill_score(const struct drill_expect *e, const struct drill_seen *s, int64_t now_ms,
		 struct drill_result *r)
{
	static const enum flow_clock operator_clocks[] = {FLOW_CLK_REVIEW, FLOW_CLK_FORWARD,
							  FLOW_CLK_POLICE};
	enum flow_verdict want = e->real ? FLOW_VERDICT_REAL : FLOW_VERDICT_FALSE;
	bool dispatched = s->state == ALARM_ST_DISPATCHED || s->state == ALARM_ST_DEPARTED ||
			  s->state == ALARM_ST_ON_SCENE || s->flow.clk[FLOW_CLK_DEPART].start_ms;
	char what[120];

	memset(r, 0, sizeof *r);
	r->points = 100;
	if (!s->arrived || !s->claimed) {
		lose(r, 100, "not handled");
		r->points = 0;
		return;
	}
	if (s->flow.verdict == FLOW_VERDICT_NONE) {
		lose(r, 40, "no review result");
	} else if (s->flow.verdict != want) {
		lose(r, 40, e->real ? "a real alarm judged false" : "a false alarm judged real");
	}
	if (e->method != FLOW_METHOD_NONE && s->flow.method != e->method) {
		snprintf(what, sizeof what, "reviewed by %s, expected %s",
			 flow_method_names[s->flow.method], flow_method_names[e->method]);
		lose(r, 10, what);
	}
	if (e->forward && !s->flow.forwarded)
		lose(r, 30, "missed forward");
	if (e->dispatch && !dispatched)
		lose(r, 20, "no field officer dispatched");
	for (size_t i = 0; i < sizeof operator_clocks / sizeof *operator_clocks; i++) {
		enum flow_clock c = operator_clocks[i];
		if (late(&s->flow.clk[c], now_ms)) {
			snprintf(what, sizeof what, "%s clock over its %d s", flow_clock_names[c],
				 s->flow.clk[c].limit_ms / 1000);
			lose(r, 15, what);
		}
	}
	if (s->state != ALARM_ST_CLOSED)
		lose(r, 10, "left open");
	if (r->points < 0)
		r->points = 0;
}
