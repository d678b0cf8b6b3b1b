/* sites_view.c — the sites page: what is unusual about sites beyond their
 * alarms. Sites on test (until when, by whom, why, their signals), the
 * newest test signals, and the devices not online. */
#include <stdio.h>

#include "../app/core/cid.h"
#include "../app/i18n.h"
#include "ui-int.h"

static void draw_tests(struct ui *u, int *y, int ymax, int x, int w)
{
	const struct console *c = u->v->core;

	ui_putf((*y)++, x, w, A_BOLD, "%s  (%zu)", _("Sites on test: their signals are not alarms"),
		c->ntests);
	for (size_t i = 0; i < c->ntests && *y <= ymax; i++) {
		const struct console_test *t = &c->tests[i];
		char until[16], left[24];
		ui_clock(until, sizeof until, t->until_ms);
		ui_span(left, sizeof left,
			t->until_ms > u->v->now_ms ? t->until_ms - u->v->now_ms : 0);
		ui_putf((*y)++, x, w, t->state == PROTO_TEST_ENDING ? A_BOLD : A_NORMAL,
			"  %-10s %s %s (%s)  ·  %s%s%s  ·  %u %s", t->cust_id, _("until"), until,
			left, t->by, t->reason[0] ? ": " : "", t->reason, t->signals,
			_("test signals"));
	}
	if (c->ntests == 0 && *y <= ymax)
		ui_put((*y)++, x, _("  No site is on test."), w, A_DIM);
}

static void draw_signals(struct ui *u, int *y, int ymax, int x, int w)
{
	const struct console_signal *g;

	if (*y > ymax)
		return;
	ui_put((*y)++, x, _("Newest test signals"), w, A_BOLD);
	for (size_t i = 0; (g = console_signal_at(u->v->core, i)) != NULL && *y <= ymax; i++) {
		const struct cid_code *k = cid_lookup(g->event);
		char at[16];
		char zone[32] = "";
		ui_clock(at, sizeof at, g->at_ms);
		if (g->zone)
			snprintf(zone, sizeof zone, "%s %d", _("zone"), g->zone);
		ui_putf((*y)++, x, w, A_NORMAL, "  %s  %-10s %-9s %s %s", at, g->cust_id, zone,
			g->event, k ? (i18n_is_zh() ? k->zh : k->en) : "");
	}
	if (console_signal_at(u->v->core, 0) == NULL && *y <= ymax)
		ui_put((*y)++, x, _("  None since the console started."), w, A_DIM);
}

static void draw_devices(struct ui *u, int *y, int ymax, int x, int w)
{
	const struct console *c = u->v->core;

	if (*y > ymax)
		return;
	ui_putf((*y)++, x, w, A_BOLD, "%s  (%d)", _("Devices not online"), c->nunrestored);
	for (int i = 0; i < c->nunrestored && *y <= ymax; i++) {
		const struct console_device *d = &c->unrestored[i];
		char since[16];
		ui_clock(since, sizeof since, d->since_ms);
		ui_putf((*y)++, x, w, A_NORMAL, "  %-10s %-20s %s %s %s", d->cust_id, d->device,
			proto_device_state_name((enum proto_device_state)d->state), _("since"),
			since);
	}
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	int ymax = y + h - 1, row = y;

	for (int i = 0; i < h; i++)
		ui_put(y + i, x, "", w, A_NORMAL);
	draw_tests(u, &row, ymax, x, w);
	row++;
	draw_signals(u, &row, ymax, x, w);
	row++;
	draw_devices(u, &row, ymax, x, w);
}

const struct ui_view ui_sites_view = {.name = "sites", .draw = draw};
