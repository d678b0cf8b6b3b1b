/* room_view.c — the supervisor's room: each operator connected to the
 * center with the console, the alarms held, the step of the most urgent one
 * and the overdue clocks among them; then holders who are not connected. */
#include <stdio.h>
#include <string.h>

#include "../app/i18n.h"
#include "ui-int.h"

enum { W_OP = 14, W_ROLE = 10, W_CON = 14, W_SINCE = 10, W_HOLDS = 7, W_OVER = 9 };

struct holds {
	size_t n, overdue;
	const struct alarm *top; /* most urgent held */
};

static void count_holds(const struct ui *u, const char *op, int64_t now, struct holds *h)
{
	memset(h, 0, sizeof *h);
	for (size_t i = 0; i < book_count(u->v->book); i++) {
		const struct alarm *al = book_at(u->v->book, i);
		int which;
		int64_t left;
		if (strcmp(al->claimed_by, op) != 0)
			continue;
		if (h->n++ == 0)
			h->top = al;
		if (ui_urgent_clock(al, now, &which, &left) == FLOW_CLOCK_OVERDUE)
			h->overdue++;
	}
}

static void row(struct ui *u, int y, int x, int w, const char *op, const char *role,
		const char *console, const char *since, int64_t now)
{
	struct holds h;
	char buf[300];
	int step = w - (W_OP + W_ROLE + W_CON + W_SINCE + W_HOLDS + W_OVER);

	count_holds(u, op, now, &h);
	ui_cell(y, x, op, W_OP, A_BOLD);
	ui_cell(y, x += W_OP, role, W_ROLE, A_NORMAL);
	ui_cell(y, x += W_ROLE, console, W_CON, A_NORMAL);
	ui_cell(y, x += W_CON, since, W_SINCE, A_NORMAL);
	snprintf(buf, sizeof buf, "%zu", h.n);
	ui_cell(y, x += W_SINCE, buf, W_HOLDS, A_NORMAL);
	snprintf(buf, sizeof buf, "%zu", h.overdue);
	ui_cell(y, x += W_HOLDS, buf, W_OVER, h.overdue ? ui_clock_attr(u, FLOW_CLOCK_OVERDUE) : A_DIM);
	if (h.top)
		snprintf(buf, sizeof buf, "P%d %s · %s", h.top->priority, ui_state_label(h.top->state),
			 h.top->cust_name);
	else
		snprintf(buf, sizeof buf, "%s", _("idle"));
	ui_put(y, x + W_OVER, buf, step, h.top ? A_NORMAL : A_DIM);
}

static bool in_room(const struct app_view *a, const char *op)
{
	for (int i = 0; i < a->nroom; i++)
		if (strcmp(a->room[i].operator_, op) == 0)
			return true;
	return false;
}

int ui_unattended(const struct ui *u, char *buf, size_t len)
{
	const struct app_view *a = u->v;
	uint32_t by[ALARM_CLASS_COUNT] = {0};
	size_t n = 0, total = 0;

	buf[0] = '\0';
	if (a->role != PROTO_ROLE_SUPERVISOR || a->nroom == 0)
		return 0; /* only a supervisor has the room list */
	for (int i = 0; i < a->nroom; i++)
		if (a->room[i].role == PROTO_ROLE_OPERATOR)
			return 0;
	for (size_t i = 0; book_at(a->book, i); i++)
		if (!book_at(a->book, i)->claimed_by[0]) {
			by[book_at(a->book, i)->cls]++;
			total++;
		}
	for (int c = 0; c < ALARM_CLASS_COUNT && n < len; c++)
		if (by[c])
			n += (size_t)snprintf(buf + n, len - n, "%s%s %u", n ? ", " : "",
					      ui_class_label((enum alarm_class)c), by[c]);
	return (int)total;
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct app_view *a = u->v;
	int64_t now = u->v->now_ms;
	int line = y + 2, end = y + h;
	const char *seen[64];
	int nseen = 0;

	for (int i = 0; i < h; i++)
		ui_put(y + i, x, "", w, A_NORMAL);
	ui_putf(y, x, w, A_BOLD, "%s  (%d)", _("Room: who is on duty"), a->nroom);
	ui_cell(y + 1, x, _("Operator"), W_OP, A_UNDERLINE);
	ui_cell(y + 1, x + W_OP, _("Role"), W_ROLE, A_UNDERLINE);
	ui_cell(y + 1, x + W_OP + W_ROLE, _("Console"), W_CON, A_UNDERLINE);
	ui_cell(y + 1, x + W_OP + W_ROLE + W_CON, _("Since"), W_SINCE, A_UNDERLINE);
	ui_cell(y + 1, x + W_OP + W_ROLE + W_CON + W_SINCE, _("Holds"), W_HOLDS, A_UNDERLINE);
	ui_cell(y + 1, x + W_OP + W_ROLE + W_CON + W_SINCE + W_HOLDS, _("Overdue"), W_OVER,
		A_UNDERLINE);
	ui_put(y + 1, x + W_OP + W_ROLE + W_CON + W_SINCE + W_HOLDS + W_OVER, _("Current step"),
	       w - (W_OP + W_ROLE + W_CON + W_SINCE + W_HOLDS + W_OVER), A_UNDERLINE);
	for (int i = 0; i < a->nroom && line < end; i++) {
		char since[16];
		ui_clock(since, sizeof since, a->room[i].since_ms);
		row(u, line++, x, w, a->room[i].operator_, _(proto_role_name(a->room[i].role)),
		    a->room[i].console, since, now);
	}
	if (a->nroom == 0 && line < end)
		ui_put(line++, x, _("  No room list yet (supervisor sessions receive it)."), w, A_DIM);
	{
		char classes[300];
		if (ui_unattended(u, classes, sizeof classes) && line < end)
			ui_putf(line++, x, w, ui_clock_attr(u, FLOW_CLOCK_OVERDUE) | A_BOLD,
				_("No operator is connected: unclaimed %s"), classes);
	}
	/* Alarms held by someone who is not connected: nobody is working them. */
	for (size_t i = 0; i < book_count(a->book) && line < end; i++) {
		const char *op = book_at(a->book, i)->claimed_by;
		bool dup = false;
		if (!op[0] || in_room(a, op))
			continue;
		for (int k = 0; k < nseen; k++)
			dup |= strcmp(seen[k], op) == 0;
		if (dup || nseen == 64)
			continue;
		seen[nseen++] = op;
		row(u, line++, x, w, op, "", _("(not connected)"), "", now);
	}
	if (end - 1 > line)
		ui_put(end - 1, x, _("R O F H pages · Esc the queue · B notice to every console"), w,
		       A_DIM);
}

const struct ui_view ui_room_view = {.name = "room", .draw = draw};
