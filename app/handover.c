/* handover.c — the shift handover: what an incoming operator takes over
 * (open alarms, held ones, parked ones, overdue clocks, sites on test,
 * devices not restored), and the journaled acknowledgement. The list of
 * unrestored devices is kept here from the device messages. */
#include <stdio.h>
#include <string.h>

#include "app-int.h"
#include "core/flow.h"

void app__device(struct app *a, int center, const struct proto_device *d)
{
	int i;

	for (i = 0; i < a->devices_offline; i++)
		if (a->unrestored[i].center == center &&
		    strcmp(a->unrestored[i].cust_id, d->cust_id) == 0 &&
		    strcmp(a->unrestored[i].device, d->device) == 0)
			break;
	if (d->state == PROTO_DEV_ONLINE) {
		if (i < a->devices_offline)
			memmove(&a->unrestored[i], &a->unrestored[i + 1],
				(size_t)(a->devices_offline - i - 1) * sizeof a->unrestored[0]);
		a->devices_offline -= i < a->devices_offline;
		return;
	}
	if (i == a->devices_offline) {
		if (i == APP_MAX_UNRESTORED)
			return; /* beyond the cap a device is not listed (nor counted) */
		a->devices_offline++;
		snprintf(a->unrestored[i].cust_id, sizeof a->unrestored[i].cust_id, "%s", d->cust_id);
		snprintf(a->unrestored[i].device, sizeof a->unrestored[i].device, "%s", d->device);
		a->unrestored[i].since_ms = d->at_ms;
		a->unrestored[i].center = center;
	}
	a->unrestored[i].state = d->state;
}

void app__devices_forget(struct app *a, int center)
{
	int k = 0;

	for (int i = 0; i < a->devices_offline; i++)
		if (a->unrestored[i].center != center)
			a->unrestored[k++] = a->unrestored[i];
	a->devices_offline = k;
}

bool app_is_test(const struct alarm *al)
{
	return al->event_code[0] == '6';
}

void app_handover(const struct app *a, int64_t now_ms, struct app_handover *h)
{
	memset(h, 0, sizeof *h);
	h->unrestored = a->devices_offline;
	for (size_t i = 0; i < book_count(a->book); i++) {
		const struct alarm *al = book_at(a->book, i);
		int64_t left;
		h->open++;
		if (!al->claimed_by[0])
			h->unclaimed++;
		else if (strcmp(al->claimed_by, a->cfg.operator_) == 0)
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
	char detail[240];

	app_handover(a, app_center_now(a), &h);
	snprintf(detail, sizeof detail,
		 "open=%zu unclaimed=%zu held_by_me=%zu held_by_others=%zu parked=%zu overdue=%zu "
		 "tests=%zu unrestored=%d",
		 h.open, h.unclaimed, h.held_by_me, h.held_by_others, h.parked, h.overdue, h.tests,
		 h.unrestored);
	app_journal(a, "", "handover.ack", detail);
}
