/* site_view.c — the site card (I), a page: a site's account, name, address,
 * contacts, cameras, arm state per partition, test, zones with their
 * detectors, its open alarms here and its last closed alarms with how they
 * ended (from the center). I opens the selected alarm's site; / asks for
 * any other by account or words of its name, address or a phone, with or
 * without an alarm; several matches are listed, a number opens one. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../app/core/text.h"
#include "../app/i18n.h"
#include "ui-int.h"

static void ask(struct ui *u, const char *words)
{
	if (words != u->site_q)
		snprintf(u->site_q, sizeof u->site_q, "%s", words);
	u->site_editing = false;
	if (app_query_site(u->a, u->site_q))
		ui_message(u, true, _("Site card: no link to the center."));
}

void ui_site_ask(struct ui *u, const struct alarm *al)
{
	if (al != NULL) {
		ask(u, al->cust_id);
	} else {
		u->site_q[0] = '\0';
		u->site_editing = true;
	}
}

/* The answer to what was asked last, or NULL while it is on its way. */
static const struct proto_site *answer(const struct ui *u)
{
	const struct proto_site *s = u->v->site;
	return s && !u->site_editing && strcmp(s->q, u->site_q) == 0 ? s : NULL;
}

static const char *outcome(const struct ui *u, const struct proto_site_past *p)
{
	const struct app_code *codes = p->verdict == FLOW_VERDICT_FALSE ? u->v->causes : u->v->outcomes;
	int n = p->verdict == FLOW_VERDICT_FALSE ? u->v->ncauses : u->v->noutcomes;

	for (int i = 0; i < n; i++)
		if (codes[i].code == p->cause)
			return codes[i].text;
	return "";
}

struct rows {
	int y, ymax, x, w;
};

static void put(struct rows *r, attr_t attr, const char *text)
{
	if (r->y <= r->ymax)
		ui_put(r->y++, r->x, text, r->w, attr);
}

static void draw_history(struct ui *u, const struct proto_site *s, struct rows *r)
{
	char buf[400], when[32];

	put(r, A_BOLD, s->nhistory ? _("Last closed alarms (newest first):")
				   : _("No closed alarm of this site in the records."));
	for (int i = 0; i < s->nhistory; i++) {
		const struct proto_site_past *p = &s->history[i];
		time_t t = (time_t)(p->received_ms / 1000);
		struct tm tm;
		const char *how = outcome(u, p);
		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%m-%d %H:%M", &tm);
		snprintf(buf, sizeof buf, " %s  P%d %s  %02d %s  %s%s%s  %s", when, p->priority,
			 ui_class_label(p->cls), p->zone_no, p->zone_name,
			 p->verdict == FLOW_VERDICT_FALSE  ? _("false alarm")
			 : p->verdict == FLOW_VERDICT_REAL ? _("real alarm")
							   : _("closed without a verdict"),
			 how[0] ? ": " : "", how, p->by);
		put(r, A_NORMAL, buf);
	}
}

/* Zones in columns as wide as the page allows: "01 入户门 门磁 1F". */
static void draw_zones(const struct proto_site *s, struct rows *r)
{
	int colw = 34, cols = r->w / colw > 0 ? r->w / colw : 1;
	char buf[200];

	put(r, A_BOLD, _("Zones:"));
	for (int i = 0; i < s->nzones; i += cols) {
		if (r->y > r->ymax)
			return;
		ui_put(r->y, r->x, "", r->w, A_NORMAL);
		for (int k = 0; k < cols && i + k < s->nzones; k++) {
			const struct proto_site_zone *z = &s->zones[i + k];
			snprintf(buf, sizeof buf, " %02d %s %s %s", z->no, z->name, z->detector, z->level);
			ui_put(r->y, r->x + k * colw, buf, colw - 1, A_NORMAL);
		}
		r->y++;
	}
}

static void draw_card(struct ui *u, const struct proto_site *s, struct rows *r)
{
	const struct console_arm *arms[8];
	const struct console_test *t = console_test_of(u->v->core, 0, s->id);
	size_t narms = console_arms_of(u->v->core, 0, s->id, arms, 8), n = 0;
	char buf[700], tm[16];

	snprintf(buf, sizeof buf, "%s  %s  %s%s  ·  %s", s->id, s->name,
		 s->key_customer ? _("[KEY CUSTOMER] ") : "", s->type, s->police);
	put(r, A_BOLD, buf);
	snprintf(buf, sizeof buf, "%s%s", _("Address: "), s->address);
	put(r, A_NORMAL, buf);
	for (int i = 0; i < s->ncontacts; i++) { /* one per line: a phone is never cut */
		snprintf(buf, sizeof buf, "%*s%d. %s %s (%s)", i ? text_width(_("Contacts: ")) : 0,
			 i ? "" : _("Contacts: "), i + 1, s->contacts[i].name, s->contacts[i].phone,
			 s->contacts[i].role);
		put(r, A_NORMAL, buf);
	}
	for (int i = 0; i < s->ncameras && n < 400; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? ", " : _("Cameras: "),
				      s->cameras[i].name);
	if (n)
		put(r, A_NORMAL, buf);
	n = (size_t)snprintf(buf, sizeof buf, "%s", _("Arm state: "));
	for (size_t i = 0; i < narms && n < 600; i++) {
		ui_clock(tm, sizeof tm, arms[i]->at_ms);
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%d %s, %s", i ? "  ·  " : "",
				      _("partition "), arms[i]->partition,
				      arms[i]->armed ? _("armed") : _("disarmed"), tm);
	}
	put(r, A_NORMAL, narms ? buf : _("Arm state: not reported since this console started"));
	if (t) {
		ui_clock(tm, sizeof tm, t->until_ms);
		snprintf(buf, sizeof buf, _("ON TEST until %s (%s)"), tm, t->by);
		put(r, A_BOLD, buf);
	}
	draw_zones(s, r);
	n = 0;
	for (size_t i = 0; i < book_count(u->v->book); i++) {
		const struct alarm *al = book_at(u->v->book, i);
		if (strcmp(al->cust_id, s->id) != 0)
			continue;
		if (n++ == 0)
			put(r, A_BOLD, _("Open alarms:"));
		snprintf(buf, sizeof buf, " %s  P%d %s  %02d %s  %s %s", al->id, al->priority,
			 ui_class_label(al->cls), al->zone_no, al->zone_name, ui_state_label(al->state),
			 al->claimed_by);
		put(r, A_NORMAL, buf);
	}
	draw_history(u, s, r);
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct proto_site *s = answer(u);
	struct rows r = {y, y + h - 2, x, w};
	char buf[300];

	for (int i = y; i < y + h; i++)
		ui_put(i, x, "", w, A_NORMAL);
	put(&r, A_REVERSE | A_BOLD, _(" Site card "));
	if (u->site_editing) {
		put(&r, A_NORMAL, _("Which site? An account, or words of its name, address or a phone."));
	} else if (s == NULL) {
		snprintf(buf, sizeof buf, _("Asking the center for %s…"), u->site_q);
		put(&r, A_DIM, buf);
	} else if (s->found) {
		draw_card(u, s, &r);
	} else if (s->nmatches == 0) {
		snprintf(buf, sizeof buf, _("No site matches %s."), s->q);
		put(&r, A_BOLD, buf);
	} else {
		snprintf(buf, sizeof buf, _("Sites matching %s (a number opens one):"), s->q);
		put(&r, A_BOLD, buf);
		for (int i = 0; i < s->nmatches; i++) {
			snprintf(buf, sizeof buf, " %d  %s  %s  %s", i + 1, s->matches[i].id,
				 s->matches[i].name, s->matches[i].address);
			put(&r, A_NORMAL, buf);
		}
	}
	if (u->site_editing)
		snprintf(buf, sizeof buf, "%s%s_", _("Site: "), u->site_q);
	else
		snprintf(buf, sizeof buf, "%s", _("/ another site · I or Esc back"));
	ui_put(y + h - 1, x, buf, w, u->site_editing ? A_BOLD : A_DIM);
}

bool ui_site_key(struct ui *u, wint_t ch, bool fkey)
{
	const struct proto_site *s = answer(u);
	int r;

	if (u->site_editing) {
		r = ui_edit_line(u->site_q, sizeof u->site_q, ch, fkey);
		if (r > 0 && u->site_q[0])
			ask(u, u->site_q);
		else if (r < 0)
			u->site_editing = false;
		return true;
	}
	if (fkey)
		return false;
	if (ch == '/') {
		u->site_q[0] = '\0';
		u->site_editing = true;
		return true;
	}
	if (s && !s->found && ch >= '1' && ch <= '9' && (int)(ch - '1') < s->nmatches) {
		ask(u, s->matches[ch - '1'].id);
		return true;
	}
	return false;
}

const struct ui_view ui_site_view = {.name = "site", .draw = draw};
