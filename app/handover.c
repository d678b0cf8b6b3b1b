/* handover.c — the shift handover: what an incoming operator takes over
 * (open alarms, held ones, parked ones, overdue clocks, sites on test,
 * devices not restored: the core keeps that list), and the journaled
 * acknowledgement. */
#include <stdio.h>
#include <string.h>

#include "app-int.h"
#include "core/flow.h"

bool app_is_test(const struct alarm *al)
{
	return al->event_code[0] == '6';
}

void app_handover(const struct app_view *v, struct app_handover *h)
{
	int64_t now_ms = v->now_ms;

	memset(h, 0, sizeof *h);
	h->unrestored = v->core->nunrestored;
	h->sites_on_test = v->core->ntests;
	for (size_t i = 0; i < book_count(v->book); i++) {
		const struct alarm *al = book_at(v->book, i);
		int64_t left;
		h->open++;
		if (!al->claimed_by[0])
			h->unclaimed++;
		else if (strcmp(al->claimed_by, v->cfg->operator_) == 0)
			h->held_by_me++;
		else
			h->held_by_others++;
		if (al->flow.hold_until > now_ms)
			h->parked++;
		if (app_is_test(al))
			h->tests++;
		for (int c = 0; c < FLOW_CLK_COUNT; c++)
			if (flow_clock(al, (enum flow_clock)c, now_ms, &left) == FLOW_CLOCK_OVERDUE) {
				h->overdue++;
				break;
			}
	}
}

void app_handover_ack(struct app *a)
{
	struct app_handover h;
	struct app_view v;
	char detail[240];

	app_view_fill(a, &v);
	app_handover(&v, &h);
	snprintf(detail, sizeof detail,
		 "open=%zu unclaimed=%zu held_by_me=%zu held_by_others=%zu parked=%zu overdue=%zu "
		 "tests=%zu unrestored=%d sites_on_test=%zu",
		 h.open, h.unclaimed, h.held_by_me, h.held_by_others, h.parked, h.overdue, h.tests,
		 h.unrestored, h.sites_on_test);
	app_journal(a, "", "handover.ack", detail);
}
