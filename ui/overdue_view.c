/* overdue_view.c — every open alarm with an overdue clock, the longest
 * over first: what a supervisor chases. */
#include <stdio.h>
#include <stdlib.h>

#include "../app/i18n.h"
#include "ui-int.h"

#define MAX_ROWS 512

struct over {
	const struct alarm *al;
	int clock;
	int64_t over_ms;
};

static int by_over(const void *x, const void *y)
{
	const struct over *a = x, *b = y;
	return (a->over_ms < b->over_ms) - (a->over_ms > b->over_ms);
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	static struct over v[MAX_ROWS];
	int64_t now = u->v->now_ms;
	size_t n = 0;

	for (int i = 0; i < h; i++)
		ui_put(y + i, x, "", w, A_NORMAL);
	for (size_t i = 0; i < book_count(u->v->book) && n < MAX_ROWS; i++) {
		const struct alarm *al = book_at(u->v->book, i);
		for (int c = 0; c < FLOW_CLK_COUNT; c++) {
			int64_t left;
			if (flow_clock(al, (enum flow_clock)c, now, &left) == FLOW_CLOCK_OVERDUE &&
			    n < MAX_ROWS)
				v[n++] = (struct over){al, c, -left};
		}
	}
	qsort(v, n, sizeof v[0], by_over);
	ui_putf(y, x, w, A_BOLD, "%s  (%zu)", _("Overdue clocks, longest first"), n);
	ui_cell(y + 1, x, "P", 3, A_UNDERLINE);
	ui_cell(y + 1, x + 3, _("Clock"), 12, A_UNDERLINE);
	ui_cell(y + 1, x + 15, _("Over by"), 9, A_UNDERLINE);
	ui_cell(y + 1, x + 24, _("State"), 14, A_UNDERLINE);
	ui_cell(y + 1, x + 38, _("Held by"), 14, A_UNDERLINE);
	ui_put(y + 1, x + 52, _("Customer"), w - 52, A_UNDERLINE);
	for (size_t i = 0; i < n && (int)i < h - 2; i++) {
		const struct alarm *al = v[i].al;
		char buf[200];
		int ly = y + 2 + (int)i;
		snprintf(buf, sizeof buf, "P%d", al->priority);
		ui_cell(ly, x, buf, 3, ui_prio_attr(u, al->priority));
		ui_cell(ly, x + 3, ui_clock_label((enum flow_clock)v[i].clock), 12, A_NORMAL);
		ui_span(buf, sizeof buf, -v[i].over_ms);
		ui_cell(ly, x + 15, buf, 9, ui_clock_attr(u, FLOW_CLOCK_OVERDUE));
		ui_cell(ly, x + 24, ui_state_label(al->state), 14, A_NORMAL);
		ui_cell(ly, x + 38, al->claimed_by[0] ? al->claimed_by : _("nobody"), 14,
			al->claimed_by[0] ? A_NORMAL : A_BOLD);
		snprintf(buf, sizeof buf, "%s  %s", al->cust_name, ui_class_label(al->cls));
		ui_put(ly, x + 52, buf, w - 52, A_NORMAL);
	}
	if (n == 0)
		ui_put(y + 2, x, _("  No clock is overdue."), w, A_DIM);
}

const struct ui_view ui_overdue_view = {.name = "overdue", .draw = draw};
