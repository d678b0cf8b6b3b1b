/* panel_watch.c — supervision of the panels and their restores
 * (center/panel_watch.h). */
#include "panel_watch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "orders.h"
#include "every.h"

#define FAILED_TO_REPORT "354" /* Contact ID: failure to communicate */
#define SAVE_EVERY_MS 30000    /* the last-heard times are stored this often */

struct panel_watch {
	struct every *tick;
	struct center *c;
	int64_t started_ms, saved_ms;
};

int64_t panel_grace_ms(int32_t interval_s)
{
	int64_t g = (int64_t)interval_s * 500;

	return g < 1000 ? 1000 : g > 300000 ? 300000 : g;
}

bool panel_restore(struct center *c, const struct site *st, int zone, const char *cid,
		   const char *origin, char *id, size_t idlen)
{
	const struct alarm *best = NULL;

	orders_restored(c, st->tmpl.cust_id, zone); /* an open work order's device is back */
	for (size_t i = 0; book_at(c->book, i); i++) {
		const struct alarm *a = book_at(c->book, i);
		if (strcmp(a->cust_id, st->tmpl.cust_id) == 0 && a->zone_no == zone &&
		    strcmp(a->event_code, cid) == 0 && a->flow.restored_ms == 0 &&
		    (best == NULL || a->received_ms > best->received_ms))
			best = a;
	}
	if (best == NULL)
		return false;
	/* The id first: committing replaces the book's copy it points into. */
	snprintf(id, idlen, "%s", best->id);
	return center_restore(c, id, "panel", center_now_ms(), origin);
}

/* The panel as a device of its site, "DC-09 #1001": offline while it
 * fails to report (the status bar counts it, the voice says so). */
static void emit_device(struct center *c, const struct panel *p, enum proto_device_state st)
{
	char name[32];

	snprintf(name, sizeof name, "DC-09 #%s", p->account);
	center_emit_device(c, p->site->tmpl.cust_id, name, st);
}

void panel_heard(struct center *c, struct panel *p, int64_t now_ms)
{
	p->last_heard_ms = now_ms;
	if (c->heard_cb && now_ms - p->shared_heard_ms >= CENTER_HEARD_SHARE_MS) {
		c->heard_cb(c, p->account, now_ms);
		p->shared_heard_ms = now_ms;
	}
	if (p->missed_id[0]) {
		/* Back: its "failed to report" alarm is restored (the operator
		 * still closes it). */
		center_restore(c, p->missed_id, "panel", now_ms, NULL);
		center_log("dc09 #%s reports again", p->account);
		if (strcmp(p->missed_id, "-") != 0)
			emit_device(c, p, PROTO_DEV_ONLINE);
		p->missed_id[0] = '\0';
	}
}

/* The last-heard times that changed since they were last stored, in one
 * transaction: a restarted center goes on supervising from them. */
static void save_heard(struct panel_watch *w, int64_t now)
{
	struct center *c = w->c;
	bool any = false;

	w->saved_ms = now;
	for (size_t i = 0; i < c->panels.n; i++) {
		struct panel *p = &c->panels.v[i];
		if (p->last_heard_ms == p->saved_heard_ms)
			continue;
		center_batch_begin(c);
		any = true;
		if (store_heard_put(c->store, p->account, p->last_heard_ms))
			center_fatal_store(c);
		p->saved_heard_ms = p->last_heard_ms;
	}
	if (any)
		center_batch_end(c);
}

static void check_cb(void *ctx)
{
	struct panel_watch *w = ctx;
	struct center *c = w->c;
	int64_t now = center_now_ms();
	bool raised = false;

	if (now - w->saved_ms >= SAVE_EVERY_MS)
		save_heard(w, now);

	for (size_t i = 0; i < c->panels.n; i++) {
		struct panel *p = &c->panels.v[i];
		int64_t since = p->last_heard_ms ? p->last_heard_ms : w->started_ms;
		int64_t grace = panel_grace_ms(p->test_interval_s);
		struct alarm a;
		/* Due an interval and a grace after its last frame; after a
		 * restart at least a grace from then (panels send again what
		 * failed while the receiver was away). */
		if (p->test_interval_s == 0 || p->missed_id[0] ||
		    now - since <= (int64_t)p->test_interval_s * 1000 + grace ||
		    now - w->started_ms <= grace)
			continue;
		site_make_alarm(&c->sites, p->site, 0, FAILED_TO_REPORT, ALARM_CHANNEL_DC09_TCP, &a);
		/* A transaction only when there is something to store. */
		center_batch_begin(c);
		raised = true;
		switch (center_emit_alarm(c, &a, p->site)) {
		case 0:
			snprintf(p->missed_id, sizeof p->missed_id, "%s", a.id);
			emit_device(c, p, PROTO_DEV_OFFLINE);
			center_log("dc09 #%s (%s) failed to report: not heard for %llds (test every %ds) "
				   "→ alarm %s",
				   p->account, p->site->tmpl.cust_id, (long long)((now - since) / 1000),
				   p->test_interval_s, a.id);
			break;
		case CENTER_TEST_SIGNAL:
			/* Once: the site is on test, its silence a test signal. */
			snprintf(p->missed_id, sizeof p->missed_id, "-");
			break;
		}
	}
	if (raised)
		center_batch_end(c);
}

static void restore_heard(void *ctx, const char *account, int64_t at_ms)
{
	struct panel *p = panels_find(&((struct center *)ctx)->panels, account);

	if (p && at_ms > p->last_heard_ms)
		p->last_heard_ms = p->saved_heard_ms = at_ms;
}

/* After a restart: when each panel was last heard (stored), and the
 * "failed to report" alarms still open (not raised a second time). */
static void restore(struct center *c)
{
	size_t heard = 0, failing = 0;

	if (store_heard_each(c->store, restore_heard, c))
		center_fatal_store(c);
	for (size_t k = 0; book_at(c->book, k); k++) {
		const struct alarm *a = book_at(c->book, k);
		if (a->zone_no || a->flow.restored_ms || strcmp(a->event_code, FAILED_TO_REPORT) != 0)
			continue;
		for (size_t i = 0; i < c->panels.n; i++) {
			struct panel *p = &c->panels.v[i];
			if (strcmp(p->site->tmpl.cust_id, a->cust_id) == 0 && !p->missed_id[0]) {
				snprintf(p->missed_id, sizeof p->missed_id, "%s", a->id);
				failing++;
				break;
			}
		}
	}
	for (size_t i = 0; i < c->panels.n; i++)
		heard += c->panels.v[i].last_heard_ms != 0;
	if (heard || failing)
		center_log("dc09 supervision: the last frame of %zu panels restored, %zu failing to "
			   "report",
			   heard, failing);
}

struct panel_watch *panel_watch_start(struct center *c)
{
	struct panel_watch *w = calloc(1, sizeof *w);

	if (w == NULL)
		return NULL;
	w->c = c;
	w->started_ms = w->saved_ms = center_now_ms();
	restore(c);
	if ((w->tick = every_start(c->loop, 1000, check_cb, w)) == NULL) {
		free(w);
		return NULL;
	}
	return w;
}

void panel_watch_stop(struct panel_watch *w)
{
	if (w == NULL)
		return;
	save_heard(w, center_now_ms());
	every_stop(w->tick);
	free(w);
}
