/* detail_view.c — everything about the selected alarm: customer, key-
 * customer flag, address, contacts, zone, the event code in words, channel,
 * times, state, the response plan's steps (mandatory ones marked) and the
 * timeline. The pane scrolls (J K): its lines are laid out whole and those
 * above the first shown are skipped. */
#include <string.h>

#include "../app/core/cid.h"
#include "../app/core/text.h"
#include "../app/i18n.h"
#include "ui-int.h"

/* The pane being laid out: the next screen row, the last, the lines still
 * to skip (scrolled off the top) and the lines counted so far. */
struct pane {
	int y, ymax, x, w, skip, lines;
};

/* The screen row of the pane's next line, or -1 when it is scrolled off or
 * below the pane (it is counted either way). */
static int next_row(struct pane *p)
{
	p->lines++;
	if (p->skip > 0) {
		p->skip--;
		return -1;
	}
	return p->y <= p->ymax ? p->y++ : -1;
}

static void line(struct pane *p, attr_t attr, const char *label, const char *text)
{
	char buf[700];
	int y = next_row(p);

	if (y < 0)
		return;
	snprintf(buf, sizeof buf, "%s%s", label, text);
	ui_put(y, p->x, buf, p->w, attr);
}

/* The site's partitions as its panel last reported them, when it did:
 * "P1 armed, user 3, 19:02 · P2 disarmed, 07:10". */
static void draw_arms(struct ui *u, const struct alarm *al, struct pane *p)
{
	const struct console_arm *arms[8];
	size_t n = console_arms_of(u->v->core, al->center, al->cust_id, arms, 8), used = 0;
	char buf[400] = "", t[16];

	for (size_t i = 0; i < n && used < sizeof buf; i++) {
		ui_clock(t, sizeof t, arms[i]->at_ms);
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s%d %s%s%s%s, %s",
					 i ? "  ·  " : "", _("partition "), arms[i]->partition,
					 arms[i]->armed ? _("armed") : _("disarmed"),
					 arms[i]->user[0] ? ", " : "", arms[i]->user[0] ? _("user ") : "",
					 arms[i]->user, t);
	}
	if (n)
		line(p, A_NORMAL, _("Arm state: "), buf);
}

/* The site on test: "on test until 19:30 · op1: installers · 3 test signals". */
static void draw_test(struct ui *u, const struct alarm *al, struct pane *p)
{
	const struct console_test *t = console_test_of(u->v->core, al->center, al->cust_id);
	char buf[400], until[16];

	if (t == NULL)
		return;
	ui_clock(until, sizeof until, t->until_ms);
	snprintf(buf, sizeof buf, _("until %s  ·  %s%s%s  ·  %u test signals (not alarms)"), until,
		 t->by, t->reason[0] ? ": " : "", t->reason, t->signals);
	line(p, t->state == PROTO_TEST_ENDING ? A_BOLD : A_NORMAL, _("ON TEST: "), buf);
}

/* The contacts, each whole: one that does not fit on the line goes to the
 * next (a phone number is never cut); one wider than a line shows its
 * phone first, so that only its name or role can be cut. */
static void draw_contacts(const struct alarm *al, struct pane *p)
{
	const char *label = _("Contacts: ");
	int lw = text_width(label), x = p->x, w = p->w, col = x + lw, y;

	if (al->ncontacts == 0)
		return;
	y = next_row(p);
	if (y >= 0)
		ui_put(y, x, label, lw, A_NORMAL);
	for (int i = 0; i < al->ncontacts; i++) {
		const struct alarm_contact *k = &al->contacts[i];
		char item[300];
		int iw;
		snprintf(item, sizeof item, "%s %s%s%s%s%s", k->name, k->phone, k->role[0] ? " (" : "",
			 k->role, k->role[0] ? ")" : "", i + 1 < al->ncontacts ? ";" : "");
		iw = text_width(item);
		if (col > x + lw && col + 1 + iw > x + w) {
			y = next_row(p);
			if (y >= 0)
				ui_put(y, x, "", lw, A_NORMAL);
			col = x + lw;
		}
		if (col > x + lw)
			col++; /* the space after the ";" */
		if (iw > x + w - col) /* alone and still too wide: the phone first */
			snprintf(item, sizeof item, "%s %s%s%s%s", k->phone, k->name,
				 k->role[0] ? " (" : "", k->role, k->role[0] ? ")" : "");
		if (y >= 0)
			ui_put(y, col, item, x + w - col, A_NORMAL);
		col += text_width(item) < x + w - col ? text_width(item) : x + w - col;
	}
}

/* The unit dispatched and its times: ordered, departed, arrived. */
static void draw_field(const struct alarm *al, struct pane *p)
{
	const struct alarm_flow *f = &al->flow;
	const int64_t at[3] = {f->clk[FLOW_CLK_DEPART].start_ms, f->clk[FLOW_CLK_DEPART].stop_ms,
			       f->clk[FLOW_CLK_ARRIVE].stop_ms};
	const char *what[3] = {_("ordered"), _("departed"), _("arrived")};
	char buf[400], t[16];
	size_t n;

	if (!al->unit[0])
		return;
	n = (size_t)snprintf(buf, sizeof buf, "%s", al->unit);
	for (int i = 0; i < 3 && at[i] && n < sizeof buf; i++) {
		ui_clock(t, sizeof t, at[i]);
		n += (size_t)snprintf(buf + n, sizeof buf - n, "  ·  %s %s", what[i], t);
	}
	if (f->clk[FLOW_CLK_ARRIVE].stop_ms && n < sizeof buf)
		snprintf(buf + n, sizeof buf - n, "  ·  %s", f->reported ? _("report given") : _("REPORT DUE"));
	line(p, A_NORMAL, _("Field unit: "), buf);
}

/* State, the clocks (each in its colour), and the keys of the next step. */
static void draw_flow(struct ui *u, const struct alarm *al, struct pane *p)
{
	int64_t now = u->v->now_ms, left;
	char buf[400], seg[120], restored[48] = "";
	int col, x = p->x, w = p->w, y;

	/* A restore the panel reported: the alarm stays open until handled. */
	if (al->flow.restored_ms) {
		char t[16];
		ui_clock(t, sizeof t, al->flow.restored_ms);
		snprintf(restored, sizeof restored, "  ·  %s %s", _("restored"), t);
	}
	snprintf(buf, sizeof buf, "%s%s%s%s  ·  %s%s%s%s%s%s", ui_state_label(al->state),
		 al->flow.method ? " (" : "", ui_method_label(al->flow.method),
		 al->flow.method ? ")" : "", al->claimed_by[0] ? al->claimed_by : _("nobody holds it"),
		 al->receiver[0] ? "  ·  " : "", al->receiver[0] ? _("forward received by ") : "",
		 al->receiver, al->flow.hold_until > now ? _("  ·  ON HOLD") : "", restored);
	/* The duress passcode: for the police, in words no bystander reads as such. */
	if (al->flow.duress)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "  ·  %s", _("police: tell 110"));
	line(p, al->claimed_by[0] ? A_NORMAL : A_BOLD, _("State: "), buf);
	draw_field(al, p);
	/* The clocks line, segment by segment; stale while the link is down. */
	{
		const char *label = ui_stale(u, al) ? _("Clocks (link down, last known): ") : _("Clocks: ");
		if ((y = next_row(p)) >= 0)
			ui_put(y, x, label, text_width(label), ui_stale(u, al) ? A_BOLD : A_NORMAL);
		col = x + text_width(label);
	}
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		enum flow_clock_status st = flow_clock(al, (enum flow_clock)c, now, &left);
		char span[24];
		if (st == FLOW_CLOCK_IDLE)
			continue;
		ui_span(span, sizeof span, left);
		if (st == FLOW_CLOCK_MET || st == FLOW_CLOCK_MISSED) /* "met 0:45": the time it took */
			snprintf(seg, sizeof seg, "%s %s %s  ", ui_clock_label((enum flow_clock)c),
				 st == FLOW_CLOCK_MET ? _("met") : _("missed"), span);
		else
			snprintf(seg, sizeof seg, "%s %s  ", ui_clock_label((enum flow_clock)c), span);
		if (col + text_width(seg) > x + w)
			break;
		if (y >= 0)
			ui_put(y, col, seg, text_width(seg),
			       ui_stale(u, al) ? A_DIM : ui_clock_attr(u, st));
		col += text_width(seg);
	}
	if (y >= 0 && col < x + w)
		ui_put(y, col, "", x + w - col, A_NORMAL);
	ui_step_hint(u, al, buf, sizeof buf);
	line(p, A_BOLD, _("Next: "), buf);
	if (al->linked[0]) {
		snprintf(buf, sizeof buf, _("second alarm of this site: linked to %s"), al->linked);
		line(p, A_NORMAL, "", buf);
	}
}

/* Received, then every step since, oldest first. */
static void draw_timeline(struct ui *u, const struct alarm *al, struct pane *p)
{
	char buf[700], t[16];

	line(p, A_BOLD, _("Timeline: "), "");
	ui_clock(t, sizeof t, al->received_ms);
	snprintf(buf, sizeof buf, " %s  -  %s", t, _("received"));
	line(p, A_NORMAL, "", buf);
	for (int i = 0; i < al->ntimeline; i++) {
		ui_timeline_entry(u, al, &al->timeline[i], buf + 1, sizeof buf - 1);
		buf[0] = ' ';
		line(p, strcmp(al->timeline[i].action, "note") == 0 ? A_BOLD : A_NORMAL, "", buf);
	}
}

static void draw_body(struct ui *u, const struct alarm *al, struct pane *p)
{
	const struct app_plan *plan;
	const struct cid_code *cid = cid_lookup(al->event_code);
	char buf[700], full[760], t1[16], t2[16];
	size_t n;

	snprintf(buf, sizeof buf, "P%d %s  %s  %s%s", al->priority, ui_class_label(al->cls),
		 al->cust_name, al->key_customer ? _("[KEY CUSTOMER] ") : "", al->cust_type);
	line(p, ui_prio_attr(u, al->priority) | A_BOLD, "", buf);
	draw_flow(u, al, p);
	line(p, A_NORMAL, _("Address: "), al->addr_text);
	draw_contacts(al, p);
	snprintf(buf, sizeof buf, "%s %s (%s)  ·  %s: %s %s",
		 al->zone_no ? al->zone_name : _("panel"), al->zone_detector,
		 al->pos_level[0] ? al->pos_level : "-", _("Event"), al->event_code,
		 cid ? (i18n_is_zh() ? cid->zh : cid->en) : _("unknown code"));
	snprintf(full, sizeof full, "%02d %s", al->zone_no, buf);
	line(p, A_NORMAL, _("Zone: "), full);
	ui_clock(t1, sizeof t1, al->occurred_ms);
	ui_clock(t2, sizeof t2, al->received_ms);
	snprintf(buf, sizeof buf, "%s  ·  %s %s  ·  %s %s  ·  %s", ui_channel_label(al->channel),
		 _("occurred"), t1, _("received"), t2, al->police);
	line(p, A_NORMAL, _("Channel: "), buf);
	/* 多源报警: the same event by several paths is this one alarm. */
	if (strchr(al->sources, ','))
		line(p, A_NORMAL, _("Sources: "), al->sources);
	draw_arms(u, al, p);
	draw_test(u, al, p);
	n = 0;
	buf[0] = '\0';
	for (int i = 0; i < al->ncameras && n < sizeof buf; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? ", " : "",
				      al->cameras[i].name);
	line(p, A_NORMAL, _("Cameras: "), n ? buf : "-");
	plan = app_view_plan(u->v, al->plan_id);
	if (plan == NULL) {
		line(p, A_DIM, _("Plan: "), _("none received for this class"));
	} else {
		line(p, A_BOLD, _("Plan: "), plan->name);
		for (int i = 0; i < plan->nsteps; i++) {
			int attr = ui_plan_line(al, plan, i, buf, sizeof buf);
			line(p, attr, "", buf);
		}
	}
	draw_timeline(u, al, p);
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct alarm *al = book_at(u->v->book, (size_t)u->sel);
	struct pane p = {y + 1, y + h - 1, x, w, 0, 0};
	int rows = h - 1;
	char head[120];

	for (int i = y + 1; i < y + h; i++)
		ui_put(i, x, "", w, A_NORMAL);
	if (al != NULL) {
		/* Laid out once from the first shown line (every line is counted);
		 * scrolled past the end, once more from the last full pane. */
		p.skip = u->detail_top;
		draw_body(u, al, &p);
		if (u->detail_top > 0 && u->detail_top > p.lines - rows) {
			u->detail_top = p.lines - rows > 0 ? p.lines - rows : 0;
			p = (struct pane){y + 1, y + h - 1, x, w, u->detail_top, 0};
			for (int i = y + 1; i < y + h; i++)
				ui_put(i, x, "", w, A_NORMAL);
			draw_body(u, al, &p);
		}
	}
	ui_put(y, x, "", w, A_NORMAL);
	mvhline(y, x, ACS_HLINE, w);
	ui_put(y, x + 1, _(" Alarm detail "), text_width(_(" Alarm detail ")), A_BOLD);
	if (al != NULL && p.lines > rows) {
		int shown_to = u->detail_top + rows < p.lines ? u->detail_top + rows : p.lines;
		snprintf(head, sizeof head, _(" lines %d-%d of %d (J K scroll) "),
			 u->detail_top + 1, shown_to, p.lines);
		ui_put(y, x + w - text_width(head) - 1, head, text_width(head), A_DIM);
	}
}

const struct ui_view ui_detail_view = {.name = "detail", .draw = draw};
