/* orders_view.c — the work orders page (M): the open orders, most urgent
 * and soonest due first, with their repair clocks; the selected one's
 * device, description and history (who did what when) below. Keys act on
 * the selected order: a assign (from the maintenance staff), b begin the
 * repair, r repaired (what was done), v verify, x reject (why), c close;
 * n a new order by hand; 0–3 show every urgency or one. Each is an op
 * through the center (app_order_step), which refuses a step out of order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "../app/i18n.h"
#include "ui-int.h"

#define MAX_ROWS 1024

static const char *urgency_label(enum order_urgency u)
{
	static const char *const labels[ORDER_URGENCY_COUNT] = {N_("extra urgent"), N_("urgent"),
								  N_("normal")};
	return (unsigned)u < ORDER_URGENCY_COUNT ? _(labels[u]) : "?";
}

static const char *state_label(enum order_state s)
{
	static const char *const labels[ORDER_STATE_COUNT] = {
		N_("not assigned"), N_("assigned"), N_("in repair"), N_("repaired"), N_("verified"),
		N_("order closed"),
	};
	return (unsigned)s < ORDER_STATE_COUNT ? _(labels[s]) : "?";
}

/* A history entry's action in words (the wire's name when unknown). */
static const char *action_label(const char *action)
{
	static const struct {
		const char *action, *label;
	} labels[] = {
		{"open", N_("opened")},	  {"assign", N_("assigned to")},
		{"start", N_("repair begun")}, {"repaired", N_("repaired:")},
		{"verify", N_("verified")},	  {"reject", N_("sent back to repair:")},
		{"close", N_("closed the order")}, {"refault", N_("the device faulted again:")},
		{"restored", N_("the device reports restored")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(labels[i].action, action) == 0)
			return _(labels[i].label);
	return action;
}

static int by_urgency(const void *x, const void *y)
{
	const struct work_order *a = &(*(const struct console_order *const *)x)->o,
				*b = &(*(const struct console_order *const *)y)->o;
	if (a->urgency != b->urgency)
		return (int)a->urgency - (int)b->urgency;
	return (a->due_ms > b->due_ms) - (a->due_ms < b->due_ms);
}

/* The orders shown, in order; returns how many. */
static size_t shown(const struct ui *u, const struct console_order **v)
{
	size_t n = 0;

	for (size_t i = 0; i < console_order_count(u->v->core) && n < MAX_ROWS; i++) {
		const struct console_order *o = console_order_at(u->v->core, i);
		if (u->order_filter < 0 || (int)o->o.urgency == u->order_filter)
			v[n++] = o;
	}
	qsort(v, n, sizeof *v, by_urgency);
	return n;
}

/* The selected order (by id across changes), the first when it is gone. */
static const struct console_order *selected(struct ui *u, const struct console_order **v,
					    size_t n, size_t *at)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i]->o.id, u->order_id) == 0) {
			*at = i;
			return v[i];
		}
	*at = 0;
	if (n)
		snprintf(u->order_id, sizeof u->order_id, "%s", v[0]->o.id);
	return n ? v[0] : NULL;
}

static void clock_text(const struct work_order *o, int64_t now, char *buf, size_t len)
{
	char span[16];
	int met = order_met(o, now);

	ui_span(span, sizeof span, o->repaired_ms ? o->repaired_ms - o->opened_ms : o->due_ms - now);
	if (met < 0)
		snprintf(buf, len, "%s", span);
	else if (o->repaired_ms)
		snprintf(buf, len, "%s %s", met ? _("met") : _("missed"), span);
	else
		snprintf(buf, len, "%s", span); /* "+1h05": over its limit */
}

static void draw_detail(struct ui *u, const struct work_order *o, int y, int ymax, int x, int w)
{
	char buf[600], t[16];

	if (y > ymax)
		return;
	mvhline(y, x, ACS_HLINE, w);
	snprintf(buf, sizeof buf, " %s ", o->id);
	ui_put(y++, x + 1, buf, w - 2, A_BOLD);
	snprintf(buf, sizeof buf, "%s%s  ·  %s  ·  %s%s", _("Site: "), o->site, o->device,
		 o->alarm_id[0] ? _("from alarm ") : _("made by hand"), o->alarm_id);
	ui_put(y++, x, buf, w, A_NORMAL);
	snprintf(buf, sizeof buf, "%s%s  ·  %s%d%s", _("Fault: "), o->description, _("faults: "),
		 o->faults, o->restored_ms ? _("  ·  the device reports restored: verify and close") : "");
	ui_put(y++, x, buf, w, o->restored_ms ? A_BOLD : A_NORMAL);
	for (int i = 0; i < o->nhistory && y <= ymax; i++) {
		const struct order_entry *e = &o->history[i];
		ui_clock(t, sizeof t, e->at_ms);
		const char *label = action_label(e->action);
		snprintf(buf, sizeof buf, " %s  %s  %s%s%s", t, e->by, label,
			 e->text[0] && !ui_full_colon(label) ? " " : "", e->text);
		ui_put(y++, x, buf, w, A_NORMAL);
	}
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	static const struct console_order *v[MAX_ROWS];
	size_t n = shown(u, v), at;
	const struct console_order *sel = selected(u, v, n, &at);
	int64_t now = u->v->now_ms;
	int rows = h / 2 - 2 > 3 ? h / 2 - 2 : 3;
	size_t top = at >= (size_t)rows ? at - (size_t)rows + 1 : 0;

	for (int i = 0; i < h; i++)
		ui_put(y + i, x, "", w, A_NORMAL);
	ui_putf(y, x, w, A_BOLD, _("Work orders (%zu open)  ·  a assign · b begin · r repaired · v verify · x reject · c close · n new · 0-3 urgency"),
		n);
	ui_cell(y + 1, x, _("Urgency"), 10, A_UNDERLINE);
	ui_cell(y + 1, x + 10, _("Clock"), 12, A_UNDERLINE);
	ui_cell(y + 1, x + 22, _("State"), 10, A_UNDERLINE);
	ui_cell(y + 1, x + 32, _("Assignee"), 28, A_UNDERLINE);
	ui_put(y + 1, x + 60, _("Site and device"), w - 60, A_UNDERLINE);
	if (n == 0)
		ui_put(y + 2, x, _("  No open work order."), w, A_DIM);
	for (size_t i = top; i < n && (int)(i - top) < rows; i++) {
		const struct work_order *o = &v[i]->o;
		attr_t sa = i == at ? A_REVERSE : A_NORMAL;
		int ly = y + 2 + (int)(i - top), met = order_met(o, now);
		char buf[300];
		ui_cell(ly, x, urgency_label(o->urgency), 10,
			sa | (o->urgency == ORDER_EXTRA_URGENT ? A_BOLD : 0));
		clock_text(o, now, buf, sizeof buf);
		ui_cell(ly, x + 10, buf, 12, met == 0 ? ui_clock_attr(u, FLOW_CLOCK_OVERDUE) : sa);
		ui_cell(ly, x + 22, state_label(o->state), 10, sa);
		ui_cell(ly, x + 32, o->assignee[0] ? o->assignee : "-", 28, sa);
		snprintf(buf, sizeof buf, "%s  %s%s", o->site, o->device,
			 o->faults > 1 ? _("  (faulted again)") : "");
		ui_put(ly, x + 60, buf, w - 60, sa);
	}
	if (sel)
		draw_detail(u, &sel->o, y + 3 + rows, y + h - 1, x, w);
}

/* ---- the steps ------------------------------------------------------------ */

static void step(struct ui *u, enum order_step s, const char *text)
{
	int rc = app_order_step(u->a, u->order_id, s, text);

	if (rc == AD_EPERM)
		ui_message(u, true, _("Read-only: work orders are not changed here."));
	else if (rc)
		ui_message(u, true, _("The step could not be sent."));
}

static void assigned(struct ui *u, int code, const char *text)
{
	char who[160];

	if (text == NULL)
		return;
	if (code >= 0 && code < u->v->nstaff)
		snprintf(who, sizeof who, "%s %s", u->v->staff[code].name, u->v->staff[code].phone);
	else
		snprintf(who, sizeof who, "%s", text);
	step(u, ORDER_ASSIGN, who);
}

static void assign_typed(struct ui *u, const char *text)
{
	if (text)
		step(u, ORDER_ASSIGN, text);
}

static void repaired(struct ui *u, const char *text)
{
	if (text)
		step(u, ORDER_REPAIRED_STEP, text);
}

static void rejected(struct ui *u, const char *text)
{
	if (text)
		step(u, ORDER_REJECT, text);
}

/* A new order by hand: the site, then the urgency, then what is wrong. */
static void new_described(struct ui *u, const char *text)
{
	int rc;

	if (text == NULL)
		return;
	rc = app_order_new(u->a, u->order_site, (enum order_urgency)u->order_urgency, text);
	if (rc)
		ui_message(u, true, rc == AD_EPERM ? _("Read-only: work orders are not changed here.")
						   : _("The work order could not be sent."));
}

static void new_urgency(struct ui *u, int code, const char *text)
{
	if (text == NULL)
		return;
	u->order_urgency = code;
	ui_text_ask(u, _("What is wrong? (journaled, on the order)"), new_described);
}

static void new_site(struct ui *u, const char *text)
{
	if (text == NULL)
		return;
	snprintf(u->order_site, sizeof u->order_site, "%s", text);
	ui_choice_ask(u, _("Urgency of the new work order"), new_urgency);
	for (int i = 0; i < ORDER_URGENCY_COUNT; i++)
		ui_choice_add(u, urgency_label((enum order_urgency)i), i, order_urgency_names[i]);
}

bool ui_orders_key(struct ui *u, wint_t ch, bool fkey)
{
	static const struct console_order *v[MAX_ROWS];
	size_t n = shown(u, v), at;
	const struct console_order *sel = selected(u, v, n, &at);

	if (fkey)
		return false;
	if (ch >= '0' && ch <= '3') {
		u->order_filter = ch == '0' ? -1 : (int)(ch - '1');
		return true;
	}
	if (ch == 'n') {
		ui_text_ask(u, _("New work order: the site's account (KH0001)"), new_site);
		return true;
	}
	if ((ch == 'j' || ch == 'k') && n) {
		at = ch == 'j' ? (at + 1 < n ? at + 1 : at) : (at ? at - 1 : 0);
		snprintf(u->order_id, sizeof u->order_id, "%s", v[at]->o.id);
		return true;
	}
	if (sel == NULL)
		return false;
	switch (ch) {
	case 'a':
		if (u->v->nstaff == 0) {
			ui_text_ask(u, _("Assign to whom? (name and phone)"), assign_typed);
			return true;
		}
		ui_choice_ask(u, _("Assign the work order to"), assigned);
		for (int i = 0; i < u->v->nstaff && i < UI_CHOICES; i++) {
			char label[160];
			snprintf(label, sizeof label, "%s  %s", u->v->staff[i].name, u->v->staff[i].phone);
			ui_choice_add(u, label, i, u->v->staff[i].id);
		}
		return true;
	case 'b': step(u, ORDER_START, ""); return true;
	case 'r': ui_text_ask(u, _("What was repaired? (journaled, on the order)"), repaired); return true;
	case 'v': step(u, ORDER_VERIFY, ""); return true;
	case 'x': ui_text_ask(u, _("Why does the repair not hold?"), rejected); return true;
	case 'c': step(u, ORDER_CLOSE, ""); return true;
	default: return false;
	}
}

const struct ui_view ui_orders_view = {.name = "orders", .draw = draw};
