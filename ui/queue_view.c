/* queue_view.c — the alarm queue: priority, then oldest first; colour by
 * priority; unacknowledged rows bold (and flashing unless --no-flash); the
 * selected row reversed; an age counter per row. With a filter (`/`) it
 * shows the matching alarms only, and the selection moves among them. */
#include <stdio.h>
#include <string.h>

#include "../app/core/cid.h"
#include "../app/i18n.h"
#include "ui-int.h"

/* Column widths in display columns (customer takes what is left). */
enum { W_PRIO = 3, W_CLASS = 10, W_TIME = 9, W_AGE = 7, W_STATE = 14, W_ZONE = 18 };

static void header(int y, int x, int w)
{
	int cust = w - (W_PRIO + W_CLASS + W_TIME + W_AGE + W_STATE + W_ZONE);
	ui_cell(y, x, "P", W_PRIO, A_BOLD);
	x += W_PRIO;
	ui_cell(y, x, _("Class"), W_CLASS, A_BOLD);
	x += W_CLASS;
	ui_cell(y, x, _("Time"), W_TIME, A_BOLD);
	x += W_TIME;
	ui_cell(y, x, _("Clock"), W_AGE, A_BOLD);
	x += W_AGE;
	ui_cell(y, x, _("State"), W_STATE, A_BOLD);
	x += W_STATE;
	ui_cell(y, x, _("Customer"), cust, A_BOLD);
	x += cust;
	ui_put(y, x, _("Zone"), W_ZONE, A_BOLD);
}

/* The customer cell: a site's row counts its alarms; while the site is
 * expanded, its other alarms are set in under it. */
static void customer(const struct ui *u, const struct alarm *al, long k, char *buf, size_t len)
{
	const struct ui_group *g = ui_group_of(u, al);
	int n;

	if (g && g->count > 1 && g->first == k && g->cls >= 0 && !g->expanded) {
		/* A storm's faults of one kind, across sites. */
		const struct cid_code *cid = cid_lookup(al->event_code);
		snprintf(buf, len, _("STORM: %s %s, %d alarms (e: all)"), al->event_code,
			 cid ? (i18n_is_zh() ? cid->zh : cid->en) : "", g->count);
		return;
	}
	n = snprintf(buf, len, "%s%s%s", g && g->count > 1 && g->first != k ? "  └ " : "",
		     al->key_customer ? _("[KEY] ") : "", al->cust_name);

	if (g && g->count > 1 && g->first == k && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n,
			 g->expanded ? _(" (%d alarms, e: fold)") : _(" (%d alarms, e: all)"), g->count);
}

static void row(struct ui *u, const struct alarm *al, long k, int y, int x, int w, bool selected,
		int64_t now)
{
	int cust = w - (W_PRIO + W_CLASS + W_TIME + W_AGE + W_STATE + W_ZONE);
	attr_t base = ui_prio_attr(u, al->priority), attr;
	bool held = al->flow.hold_until > now; /* parked until it expires */
	bool unacked = al->claimed_by[0] == '\0' && !held; /* nobody is on it */
	char buf[300], t[16], age[16];

	if (unacked)
		base |= A_BOLD;
	if (held)
		base |= A_DIM;
	if (selected)
		base |= A_REVERSE;
	/* The priority cell of an unacknowledged row blinks by attribute. */
	attr = base;
	if (unacked && u->flash && u->flash_on)
		attr ^= A_REVERSE;
	snprintf(buf, sizeof buf, "P%d", al->priority);
	ui_cell(y, x, buf, W_PRIO, attr);
	x += W_PRIO;
	ui_cell(y, x, ui_class_label(al->cls), W_CLASS, base);
	x += W_CLASS;
	ui_clock(t, sizeof t, al->received_ms);
	ui_cell(y, x, t, W_TIME, base);
	x += W_TIME;
	{
		/* The most urgent running clock: time left, then time over. */
		int which;
		int64_t left;
		enum flow_clock_status st = ui_urgent_clock(al, now, &which, &left);
		if (which >= 0 && ui_stale(u, al)) { /* the last known, marked: link down */
			char span[16];
			ui_span(span, sizeof span, left);
			snprintf(age, sizeof age, "?%s", span);
			ui_cell(y, x, age, W_AGE, base | A_DIM);
		} else if (which >= 0) {
			ui_span(age, sizeof age, left);
			ui_cell(y, x, age, W_AGE,
				st == FLOW_CLOCK_RUNNING ? base : ui_clock_attr(u, st) | (selected ? A_REVERSE : 0));
		} else {
			ui_age(age, sizeof age, now - al->received_ms);
			ui_cell(y, x, age, W_AGE, base | A_DIM);
		}
	}
	x += W_AGE;
	if (console_op_pending(u->v->core, al->id))
		snprintf(buf, sizeof buf, "%s…", _("Sending"));
	else if (held) {
		char left[16];
		ui_span(left, sizeof left, al->flow.hold_until - now);
		snprintf(buf, sizeof buf, "%s %s", _("held"), left);
	}
	else if (al->claimed_by[0])
		snprintf(buf, sizeof buf, "%s %s", ui_state_label(al->state), al->claimed_by);
	else if (al->state != ALARM_ST_NEW)
		snprintf(buf, sizeof buf, "%s (%s)", ui_state_label(al->state), _("free"));
	else
		snprintf(buf, sizeof buf, "%s", ui_state_label(al->state));
	ui_cell(y, x, buf, W_STATE, base);
	x += W_STATE;
	customer(u, al, k, buf, sizeof buf);
	ui_cell(y, x, buf, cust, base);
	x += cust;
	if (al->zone_no)
		snprintf(buf, sizeof buf, "%02d %s", al->zone_no, al->zone_name);
	else
		snprintf(buf, sizeof buf, "%s", _("panel"));
	ui_put(y, x, buf, W_ZONE, base);
}

/* Moves the selection to the shown alarm at place pos (clamped). */
static void select_place(struct ui *u, long pos)
{
	long n = ui_shown_count(u), i;

	if (pos >= n)
		pos = n - 1;
	if (pos < 0)
		pos = 0;
	i = ui_shown_at(u, pos);
	u->sel = i >= 0 ? i : u->filter.on ? -1 : 0; /* -1: the filter shows nothing */
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct book *b = u->v->book;
	long n = ui_shown_count(u), rows = h - 1, sel, at;
	int64_t now = u->v->now_ms;

	header(y, x, w);
	/* The selection stays on a shown alarm (the next one when its own
	 * stopped matching); top is a place among the shown. */
	sel = ui_shown_place(u, u->sel);
	select_place(u, sel);
	if (sel < u->top)
		u->top = sel;
	if (sel >= u->top + rows)
		u->top = sel - rows + 1;
	if (u->top > 0 && u->top + rows > n)
		u->top = n > rows ? n - rows : 0;
	if (u->top < 0)
		u->top = 0;
	at = ui_shown_at(u, u->top);
	for (long i = 0; i < rows; i++) {
		const struct alarm *al = at >= 0 && i < n - u->top ? book_at(b, (size_t)at) : NULL;
		if (al == NULL) {
			if (i == 0 && n == 0)
				ui_put(y + 1, x,
				       u->filter.on ? _("  No alarm matches the filter (Esc clears it).")
						    : _("  No open alarms."),
				       w, A_DIM);
			else
				ui_put(y + 1 + (int)i, x, "", w, A_NORMAL);
			continue;
		}
		row(u, al, at, y + 1 + (int)i, x, w, at == u->sel, now);
		while (book_at(b, (size_t)++at) && !ui_shown_index(u, (size_t)at))
			;
	}
	if (n > rows)
		ui_putf(y, x + w - 12, 12, A_DIM, "%ld-%ld/%ld", u->top + 1,
			u->top + rows < n ? u->top + rows : n, n);
}

void ui_follow_selection(struct ui *u)
{
	long i = u->sel_id[0] ? book_index_of(u->v->book, u->sel_id) : -1;

	if (i >= 0)
		u->sel = i;
}

/* The silence key: silences, or ends a silence early. */
static void silence(struct ui *u)
{
	if (u->v->silence_left_ms > 0) {
		app_alert_unsilence(u->a);
		ui_message(u, false, _("Sound is back on."));
	} else {
		app_alert_silence(u->a);
	}
}

/* Keys that open another view over the queue. */
static bool open_key(struct ui *u, wint_t ch)
{
	const struct alarm *al = book_at(u->v->book, (size_t)u->sel);

	if (ch == 'm') {
		ui_focus_open(u, &ui_map_view);
		app_journal(u->a, al ? al->id : "", "view.map", "");
		return true;
	}
	return ui_page_key_open(u, ch);
}

/* Moving the selection, the console's own keys, and the alarm keys on the
 * selected alarm: what is left when no view above took the key. */
static enum ui_key key(struct ui *u, wint_t ch, bool fkey)
{
	const struct config_keys *k = &u->v->cfg->keys;
	long n = ui_shown_count(u), page = LINES / 3 > 1 ? LINES / 3 : 1,
	     pos = ui_shown_place(u, u->sel); /* a shown alarm's, even when sel's is not */
	const struct alarm *al;
	char before[64];

	select_place(u, pos);
	al = book_at(u->v->book, (size_t)u->sel);
	if (fkey) {
		switch (ch) {
		case KEY_UP: pos--; break;
		case KEY_DOWN: pos++; break;
		case KEY_PPAGE: pos -= page; break;
		case KEY_NPAGE: pos += page; break;
		case KEY_HOME: pos = 0; break;
		case KEY_END: pos = n - 1; break;
		case KEY_F(1): ui_focus_open(u, &ui_help_view); break;
		case KEY_RESIZE: break;
		default:
			if (!ui_step_key(u, al, ch, fkey))
				return UI_KEY_IGNORED;
		}
	} else if (ch == 'k') {
		pos--;
	} else if (ch == 'j') {
		pos++;
	} else if (ch == 'J') {
		u->detail_top++; /* the detail clamps it to its length */
	} else if (ch == 'K') {
		u->detail_top -= u->detail_top > 0;
	} else if (ch == 'g') {
		pos = 0;
	} else if (ch == 'G') {
		pos = n - 1;
	} else if (ch == '/') {
		ui_search_open(u);
	} else if (ch == 'e' && al) {
		const struct ui_group *g;
		ui_expand_toggle(u, al);
		app_journal(u->a, al->id, "view.group",
			    (g = ui_group_of(u, al)) && g->cls >= 0 ? al->event_code : al->cust_id);
		if ((g = ui_group_of(u, al)) != NULL && !g->expanded)
			pos = ui_shown_place(u, g->first); /* folded: on the site's row */
	} else if ((ch == 27 || ch == '\\') && u->filter.on) {
		ui_search_clear(u);
	} else if (ch == (wint_t)k->help) {
		ui_focus_open(u, &ui_help_view);
	} else if (ch == (wint_t)k->quit) {
		ui_focus_open(u, &ui_confirm_view);
	} else if (ch == (wint_t)k->silence) {
		silence(u);
	} else if (ch == 12) { /* Ctrl-L */
		clearok(curscr, TRUE);
	} else if (!open_key(u, ch) && !ui_step_key(u, al, ch, fkey)) {
		return UI_KEY_IGNORED;
	}
	select_place(u, pos);
	snprintf(before, sizeof before, "%s", u->sel_id);
	al = book_at(u->v->book, (size_t)u->sel);
	snprintf(u->sel_id, sizeof u->sel_id, "%s", al ? al->id : "");
	if (u->sel_id[0] && strcmp(before, u->sel_id) != 0) {
		u->detail_top = 0;
		app_journal(u->a, u->sel_id, "view.detail", "");
	}
	return UI_KEY_REDRAW;
}

const struct ui_view ui_queue_view = {"queue", draw, key, UI_LAYER_QUEUE, NULL};
