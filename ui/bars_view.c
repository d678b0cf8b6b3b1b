/* bars_view.c — the title bar (product, mode, operator, clock) and the
 * status bar (each link's state and the age of its last message, clock skew
 * to the center, counts by state, pending ops). */
#include <stdio.h>
#include <string.h>

#include "../app/core/text.h"
#include "../app/i18n.h"
#include "../app/replay.h"
#include "ui-int.h"

static const char *link_label(enum link_state s)
{
	switch (s) {
	case LINK_UP: return _("up");
	case LINK_CONNECTING:
	case LINK_RESOLVING: return _("connecting");
	case LINK_REFUSED: return _("REFUSED");
	case LINK_DOWN: return _("DOWN");
	default: return _("idle");
	}
}

/* Role names as the title bar shows them (marked for translation here). */
static const char *role_label(const char *role)
{
	static const char *const names[] = {N_("operator"), N_("supervisor"), N_("trainee")};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(role, names[i]) == 0)
			return _(names[i]);
	return role;
}

const struct alarm *ui_banner_alarm(const struct ui *u)
{
	int64_t now = u->v->now_ms;

	for (size_t i = 0;; i++) {
		const struct alarm *al = book_at(u->v->book, i);
		if (al == NULL || (!al->claimed_by[0] && al->flow.hold_until <= now))
			return al;
	}
}

/* The mode tag at the right of the title bar, on every screen: training,
 * replay (with its state) or a supervisor's read-only session. */
static void mode_tag(const struct ui *u, char *buf, size_t len)
{
	const struct app_view *a = u->v;

	if (a->mode == APP_MODE_TRAINING)
		snprintf(buf, len, " TRAINING · 演练 ");
	else if (a->replay) {
		char state[64];
		replay_describe(a->replay, state, sizeof state);
		snprintf(buf, len, " %s %s ", _("REPLAY"), state);
	}
	else if (a->role == PROTO_ROLE_SUPERVISOR)
		snprintf(buf, len, " %s ", _("SUPERVISOR · read-only"));
	else if (a->read_only)
		snprintf(buf, len, " %s ", _("NO JOURNAL · read-only"));
	else
		buf[0] = '\0';
}

static void draw_title(struct ui *u, int y, int x, int h, int w)
{
	const struct app_view *a = u->v;
	attr_t bar = u->colors ? COLOR_PAIR(UI_PAIR_BAR) : A_REVERSE;
	const struct alarm *top = ui_banner_alarm(u);
	char buf[300], clock[16], tag[80];
	int tw;

	/* A replay shows its own clock: the time of the recording. */
	ui_clock(clock, sizeof clock, a->replay ? a->now_ms : a->wall_ms);
	mode_tag(u, tag, sizeof tag);
	tw = text_width(tag);
	if (tw) {
		ui_put(y, x + w - tw, tag, tw,
		       (u->colors ? COLOR_PAIR(UI_PAIR_AMBER) : A_NORMAL) | A_REVERSE | A_BOLD);
		w -= tw;
	}
	if (a->links_down) {
		/* Nothing arrives: said on every screen, in red. */
		snprintf(tag, sizeof tag, " %s ", _("LINK DOWN"));
		tw = text_width(tag);
		ui_put(y, x + w - tw, tag, tw,
		       (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : A_NORMAL) | A_REVERSE | A_BOLD);
		w -= tw;
	}
	if (top != NULL) {
		/* The banner names the most urgent alarm nobody holds yet; who
		 * is at this desk stays on the right, beside the clock. */
		attr_t at = (u->colors ? COLOR_PAIR(UI_PAIR_OVER) : A_REVERSE) | A_BOLD;
		char who[200];
		int ww;
		if (u->flash && u->flash_on && top->priority <= 2)
			at ^= A_REVERSE;
		snprintf(who, sizeof who, " %s (%s) @ %s ", a->cfg->operator_, role_label(a->cfg->role),
			 a->cfg->console_id);
		ww = text_width(who) < w / 3 ? text_width(who) : w / 3;
		snprintf(buf, sizeof buf, " >> P%d %s  %s  %02d %s  ·  %s %zu", top->priority,
			 ui_class_label(top->cls), top->cust_name, top->zone_no, top->zone_name,
			 _("unclaimed"), book_count_state(a->book, ALARM_ST_NEW));
		ui_put(y, x, buf, w - 10 - ww, at);
		ui_put(y, x + w - 10 - ww, who, ww, bar | A_BOLD);
		ui_putf(y, x + w - 10, 10, bar | A_BOLD, " %s ", clock);
		return;
	}
	snprintf(buf, sizeof buf, " alarmdesk  %s  ·  %s  ·  %s %s (%s)  ·  %s %s", _("duty console"),
		 a->mode == APP_MODE_DEMO ? _("DEMO") : _(app_mode_name(a->mode)), _("operator"),
		 a->cfg->operator_,
		 role_label(a->cfg->role), _("console"), a->cfg->console_id);
	ui_put(y, x, buf, w - 10, bar | A_BOLD);
	ui_putf(y, x + w - 10, 10, bar | A_BOLD, " %s ", clock);
}

/* One segment of the status bar at *col, cut where the bar's room ends
 * (never past it: a character written beyond the last column would wrap
 * and scroll the screen). */
static void seg(int y, int *col, int end, const char *s, attr_t attr)
{
	int n = text_width(s);

	if (*col >= end)
		return;
	ui_put(y, *col, s, n < end - *col ? n : end - *col, attr);
	*col += n < end - *col ? n : end - *col;
}

static void draw_status(struct ui *u, int y, int x, int h, int w)
{
	const struct app_view *a = u->v;
	attr_t bar = u->colors ? COLOR_PAIR(UI_PAIR_BAR) : A_REVERSE;
	int col = x, end = x + w - 8; /* the help hint after it */
	char buf[300];

	ui_put(y, x, "", w, bar);
	for (int i = 0; i < a->ncenters; i++) {
		const struct app_view_center *c = &a->centers[i];
		attr_t at = c->state == LINK_UP ? (u->colors ? COLOR_PAIR(UI_PAIR_OK) : bar)
						: (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : bar) | A_BOLD;
		snprintf(buf, sizeof buf, " %s", c->name);
		seg(y, &col, end, buf, at);
		if (a->cfg->insecure) {
			snprintf(buf, sizeof buf, " %s", _("INSECURE"));
			seg(y, &col, end, buf, (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : bar) | A_BOLD | A_BLINK);
		}
		{
			double rate;
			if (console_flood(a->core, i, &rate)) { /* flood mode */
				snprintf(buf, sizeof buf, " %s %.0f/s", _("STORM"), rate);
				seg(y, &col, end, buf, (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : bar) | A_BOLD);
			}
		}
		/* Each link: its state and the age of its last message. */
		for (int k = 0; k < c->nlinks; k++) {
			const struct app_view_link *l = &c->links[k];
			int64_t idle = l->idle_ms;
			attr_t lat = l->state == LINK_UP ? (u->colors ? COLOR_PAIR(UI_PAIR_OK) : bar)
							 : (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : bar) | A_BOLD;
			if (l->state == LINK_UP)
				snprintf(buf, sizeof buf, "%s%s %llds", k ? "/" : " ", link_label(l->state),
					 (long long)(idle < 0 ? 0 : idle / 1000));
			else
				snprintf(buf, sizeof buf, "%s%s", k ? "/" : " ", link_label(l->state));
			seg(y, &col, end, buf, lat);
		}
		seg(y, &col, end, " ", at);
		if (c->has_skew && c->state == LINK_UP) {
			snprintf(buf, sizeof buf, "%s %+.1fs ", _("skew"), c->skew_ms / 1000.0);
			seg(y, &col, end, buf,
			    bar | (c->skew_ms > 3000 || c->skew_ms < -3000 ? A_BOLD : 0));
		}
	}
	{ /* a supervisor sees when no operator is on duty for the alarms */
		char classes[300];
		int n = ui_unattended(u, classes, sizeof classes);
		if (n) {
			snprintf(buf, sizeof buf, _("│ NO OPERATOR ON DUTY: %d unclaimed "), n);
			seg(y, &col, end, buf, (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : bar) | A_BOLD | A_BLINK);
		}
	}
	/* A filter hides alarms: say so first, and loudly when it hides an
	 * urgent alarm nobody holds. */
	if (u->filter.on) {
		long hidden_urgent = 0;
		for (size_t i = 0; book_at(a->book, i); i++) {
			const struct alarm *al = book_at(a->book, i);
			hidden_urgent += al->priority <= 2 && !al->claimed_by[0] &&
					 !filter_match(&u->filter, al, u->v->cfg->operator_,
						       u->v->now_ms);
		}
		snprintf(buf, sizeof buf, "│ %s「%s」%ld/%zu (Esc) ", _("filter"), u->query,
			 ui_shown_count(u), book_count(a->book));
		seg(y, &col, end, buf, (u->colors ? COLOR_PAIR(UI_PAIR_AMBER) : bar) | A_BOLD);
		if (hidden_urgent) {
			snprintf(buf, sizeof buf, _("%ld urgent hidden "), hidden_urgent);
			seg(y, &col, end, buf, (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : bar) | A_BOLD | A_BLINK);
		}
	}
	snprintf(buf, sizeof buf, "│ %s %zu  %s %zu  %s %d%s%s", _("new"),
		 book_count_state(a->book, ALARM_ST_NEW), _("claimed"),
		 book_count(a->book) - book_count_state(a->book, ALARM_ST_NEW), _("sending"), a->core->npending,
		 a->core->nunrestored ? "  " : "", a->core->nunrestored ? _("devices offline") : "");
	if (a->core->nunrestored)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " %d", a->core->nunrestored);
	if (a->core->ntests)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "  %s %zu", _("sites on test"),
			 a->core->ntests);
	seg(y, &col, end, buf, bar);
	/* The journal: its durable head, or what is wrong with it, loudly. */
	if (a->mode == APP_MODE_REPLAY) {
		buf[0] = '\0';
	} else if (!a->journal_open || a->journal_err[0]) {
		snprintf(buf, sizeof buf, "  %s ", a->journal_open ? _("JOURNAL ERROR") : _("JOURNAL OFF"));
		seg(y, &col, end, buf, (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : bar) | A_BOLD);
	} else {
		snprintf(buf, sizeof buf, "  %s %llu", _("journal"),
			 (unsigned long long)a->journal_rows);
		seg(y, &col, end, buf, bar);
	}
	/* Sound: off (why), or the silence countdown. */
	{
		int64_t left = a->silence_left_ms;
		char span[16];
		if (left > 0) {
			ui_span(span, sizeof span, left);
			snprintf(buf, sizeof buf, "  %s %s ", _("SILENCED"), span);
			seg(y, &col, end, buf, (u->colors ? COLOR_PAIR(UI_PAIR_AMBER) : bar) | A_BOLD);
		}
		if (a->audio_off) {
			snprintf(buf, sizeof buf, "  %s: %s (%s) ", _("AUDIO"), _("off"), a->audio_off);
			seg(y, &col, end, buf, (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : bar) | A_BOLD);
		}
	}
	if (end > col)
		ui_put(y, col, "", end - col, bar);
	ui_put(y, x + w - 8, _(" ? help "), 8, bar);
}

const struct ui_view ui_title_view = {.name = "title", .draw = draw_title};
const struct ui_view ui_status_view = {.name = "status", .draw = draw_status};

/* While a center is unreachable the message line is a full-width red
 * banner saying which and why (the status bar has the detail). */
void ui_link_banner(struct ui *u, int y, int w)
{
	const struct app_view *a = u->v;
	char buf[600], which[300] = "";
	size_t n = 0;

	for (int i = 0; i < a->ncenters && n < sizeof which; i++)
		if (a->centers[i].state != LINK_UP)
			n += (size_t)snprintf(which + n, sizeof which - n, "%s%s (%s)", n ? ", " : "",
					      a->centers[i].name, a->centers[i].why);
	snprintf(buf, sizeof buf, _(" LINK DOWN: no alarms reach this console from %s. s acknowledges."),
		 which);
	ui_put(y, 0, buf, w, (u->colors ? COLOR_PAIR(UI_PAIR_BAD) : A_NORMAL) | A_REVERSE | A_BOLD);
}
