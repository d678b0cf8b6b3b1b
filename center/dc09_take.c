/* dc09_take.c — what a DC-09 frame's events are to the center: alarms,
 * restores, openings and closings, or lines of the log (center/dc09_take.h). */
#include "dc09_take.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "images.h"
#include "panel_watch.h"

/* What an event is to the center: an alarm, a restore of one, or (openings
 * and closings, tests, status reports) something only logged yet. */
static bool raises_alarm(const struct dc09_event *ev)
{
	return ev->qualifier == 1 && ev->cid[0] != '4' && ev->cid[0] != '6';
}

static bool restores(const struct dc09_event *ev)
{
	return ev->qualifier == 3 && ev->cid[0] && ev->cid[0] != '4' && ev->cid[0] != '6';
}

/* Openings and closings: Contact ID 400-409 and 441-459 (qualifier 1 opens,
 * that is disarms; 3 closes, arms), SIA OP/CL and their kin. */
static bool opens_or_closes(const struct dc09_event *ev)
{
	int code = atoi(ev->cid);
	return ev->cid[0] == '4' && ((code >= 400 && code <= 409) || (code >= 441 && code <= 459)) &&
	       (ev->qualifier == 1 || ev->qualifier == 3);
}

static void emit(struct center *c, struct panel *p, const struct dc09_frame *f, const char *id,
		 const struct dc09_event *ev, enum alarm_channel channel, const char *peer)
{
	struct site unknown;
	const struct site *st = p ? p->site : NULL;
	const char *code = ev->cid[0] ? ev->cid : ev->sia;
	char name[120], where[160], source[48];
	struct alarm a;

	if (st == NULL) {
		/* A panel the data set does not know: the operator sees it. */
		memset(&unknown, 0, sizeof unknown);
		alarm_blank(&unknown.tmpl);
		snprintf(name, sizeof name, "未知账户 #%s %s%s%s", f->account, f->receiver,
			 f->receiver[0] ? " " : "", f->line);
		snprintf(where, sizeof where, "DC-09 %s", peer);
		unknown.tmpl.cust_id = f->account;
		unknown.tmpl.cust_name = name;
		unknown.tmpl.addr_text = where;
		st = &unknown;
	}
	site_make_alarm(&c->sites, st, site_zone(st, ev->number) ? ev->number : 0, code, channel,
			&a);
	a.qualifier = ev->qualifier;
	a.partition = ev->group;
	if (ev->number && a.zone_no == 0 && p == NULL)
		a.zone_no = ev->number;
	if (f->has_time)
		a.occurred_ms = f->time_ms;
	/* Its path: another path's report of the same event is this alarm. */
	snprintf(source, sizeof source, "%s #%s", alarm_channel_name(channel), f->account);
	a.sources = source;
	a.origin = id;
	if (center_emit_alarm(c, &a, p ? p->site : NULL) != 0)
		return; /* test signals log themselves */
	/* [V…]: where the panel keeps the scene's pictures (verification). */
	for (int i = 0; i < f->nxdata; i++)
		if (f->xdata[i][0] == 'V' && f->xdata[i][1])
			images_take(c->images, a.id, f->xdata[i] + 1);
	center_log("dc09 %s #%s seq %s: %s%s%s %s zone %d → alarm %s", peer, f->account, f->seq,
		   ev->sia, ev->sia[0] ? " = " : "", code,
		   p ? p->site->tmpl.cust_id : "unknown account", ev->number, a.id);
}

const char *dc09_take(struct center *c, struct panel *p, const struct dc09_frame *f,
		      const char *id, enum alarm_channel channel, const char *peer)
{
	struct dc09_event ev[DC09_MAX_EVENTS];
	int n = dc09_events(f, ev, DC09_MAX_EVENTS);

	if (n < 0) {
		center_log("dc09 %s #%s seq %s: data block '%.60s' not understood: DUH", peer,
			   f->account, f->seq, f->data);
		return "DUH";
	}
	for (int i = 0; i < n; i++) {
		const struct dc09_event *e = &ev[i];
		char restored[64] = "";
		if (raises_alarm(e)) {
			emit(c, p, f, id, e, channel, peer);
		} else if (opens_or_closes(e) && p) {
			char user[16] = "";
			if (e->number)
				snprintf(user, sizeof user, "%d", e->number);
			center_emit_arm(c, p->site->tmpl.cust_id, e->group, e->qualifier == 3, user, id);
			center_log("dc09 %s #%s seq %s: %s partition %d by user %d", peer, f->account,
				   f->seq, e->qualifier == 3 ? "armed" : "disarmed", e->group, e->number);
		} else if (restores(e) && p) {
			bool found = panel_restore(c, p->site,
						   site_zone(p->site, e->number) ? e->number : 0, e->cid,
						   id, restored, sizeof restored);
			center_log("dc09 %s #%s seq %s: restore %s zone %d: %s%s", peer, f->account,
				   f->seq, e->cid, e->number, found ? "shown on alarm " : "no open alarm",
				   restored);
		} else {
			center_log("dc09 %s #%s seq %s: %s%s qualifier %d group %d number %d", peer,
				   f->account, f->seq, e->sia, e->cid, e->qualifier, e->group,
				   e->number);
		}
	}
	return "ACK";
}

