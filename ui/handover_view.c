/* handover_view.c — the shift handover: the counts an incoming operator
 * takes over, then the alarms needing attention and the devices not
 * restored; A acknowledges (journaled). */
#include <stdio.h>
#include <string.h>

#include "../app/i18n.h"
#include "ui-int.h"

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct app_view *a = u->v;
	int64_t now = u->v->now_ms;
	struct app_handover ho;
	int line = y + 2, end = y + h - 1;
	char buf[400];

	app_handover(a, &ho);
	for (int i = 0; i < h; i++)
		ui_put(y + i, x, "", w, A_NORMAL);
	ui_put(y, x, _("Shift handover"), w, A_BOLD);
	snprintf(buf, sizeof buf,
		 "%s %zu · %s %zu · %s %zu · %s %zu · %s %zu · %s %zu · %s %zu · %s %d · %s %zu",
		 _("open"), ho.open, _("unclaimed"), ho.unclaimed, _("held by me"), ho.held_by_me,
		 _("held by others"), ho.held_by_others, _("parked"), ho.parked, _("overdue"),
		 ho.overdue, _("on test"), ho.tests, _("devices not restored"), ho.unrestored,
		 _("sites on test"), ho.sites_on_test);
	ui_put(y + 1, x, buf, w, ho.overdue || ho.unclaimed ? A_BOLD : A_NORMAL);
	/* Every open alarm somebody must act on: unclaimed, held, parked,
	 * overdue or on test, in queue order. */
	for (size_t i = 0; i < book_count(a->book) && line < end; i++) {
		const struct alarm *al = book_at(a->book, i);
		int which;
		int64_t left;
		enum flow_clock_status st = ui_urgent_clock(al, now, &which, &left);
		char clock[16] = "";
		if (which >= 0)
			ui_span(clock, sizeof clock, left);
		snprintf(buf, sizeof buf, "P%d %-8s %s%s%s · %s · %s", al->priority, clock,
			 app_is_test(al) ? _("[TEST] ") : "",
			 al->flow.hold_until > now ? _("[PARKED] ") : "", al->cust_name,
			 ui_state_label(al->state), al->claimed_by[0] ? al->claimed_by : _("nobody"));
		ui_put(line++, x + 2, buf, w - 2,
		       st == FLOW_CLOCK_OVERDUE ? ui_clock_attr(u, st) : ui_prio_attr(u, al->priority));
	}
	for (int i = 0; i < a->core->nunrestored && line < end; i++) {
		const struct console_device *d = &a->core->unrestored[i];
		char since[16];
		ui_clock(since, sizeof since, d->since_ms);
		snprintf(buf, sizeof buf, "%s %s %s %s %s", _("device"), d->cust_id, d->device,
			 _(proto_device_state_name(d->state)), since);
		ui_put(line++, x + 2, buf, w - 2, A_BOLD);
	}
	for (size_t i = 0; i < a->core->ntests && line < end; i++) {
		const struct console_test *t = &a->core->tests[i];
		char until[16];
		ui_clock(until, sizeof until, t->until_ms);
		snprintf(buf, sizeof buf, "%s %s %s %s · %s%s%s", _("site on test"), t->cust_id,
			 _("until"), until, t->by, t->reason[0] ? ": " : "", t->reason);
		ui_put(line++, x + 2, buf, w - 2, t->state == PROTO_TEST_ENDING ? A_BOLD : A_NORMAL);
	}
	ui_put(end, x, _("A acknowledges the handover (journaled) · Esc the queue"), w, A_DIM);
}

const struct ui_view ui_handover_view = {.name = "handover", .draw = draw};
