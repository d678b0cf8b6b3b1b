/* console.c — the console's decisions (app/core/console.h). Exactly-once
 * display comes from the stream (seq) and the book (alarm id); an op the
 * center acknowledged is never missing from the journal because it goes out
 * only once its row is durable. */
#include "console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console-int.h"
#include "flow.h"

static uint64_t fx(struct console *c, struct console_fx e)
{
	return c->sink.fx(c->sink.ctx, &e);
}

static void event(struct console *c, struct app_event ev)
{
	fx(c, (struct console_fx){.kind = CONSOLE_FX_EVENT, .center = ev.center, .ev = ev});
}

static uint64_t row(struct console *c, const char *alarm_id, const char *action,
		    const char *detail, size_t len, const char *outcome)
{
	return fx(c, (struct console_fx){.kind = CONSOLE_FX_JOURNAL, .alarm_id = alarm_id,
					 .action = action, .detail = detail, .detail_len = len,
					 .outcome = outcome});
}

static uint64_t row_text(struct console *c, const char *alarm_id, const char *action,
			 const char *detail, const char *outcome)
{
	return row(c, alarm_id, action, detail, strlen(detail), outcome);
}

static void problem(struct console *c, int center, const char *text)
{
	event(c, (struct app_event){.kind = APP_EV_PROBLEM, .center = center, .text = text});
}

int console_init(struct console *c, size_t book_cap, int ncenters, const char *const *names,
		 const int *nlinks, const char *op_prefix, struct console_sink sink)
{
	memset(c, 0, sizeof *c);
	if (ncenters > CONSOLE_MAX_CENTERS)
		return -1;
	c->sink = sink;
	c->book_cap = book_cap;
	snprintf(c->op_prefix, sizeof c->op_prefix, "%s", op_prefix);
	for (int i = 0; i < ncenters; i++) {
		struct console_center *cc = &c->centers[i];
		if (nlinks[i] > CONSOLE_MAX_LINKS)
			return -1;
		snprintf(cc->name, sizeof cc->name, "%s", names[i]);
		cc->nlinks = nlinks[i];
		cc->sweep_link = -1;
	}
	c->ncenters = ncenters;
	c->book = book_new(book_cap);
	return c->book ? 0 : -1;
}

static void sweep_free(struct console_center *cc)
{
	for (size_t k = 0; k < cc->nsweep; k++)
		free(cc->sweep_ids[k]);
	free(cc->sweep_ids);
	free(cc->sweep_seen);
	cc->sweep_ids = NULL;
	cc->sweep_seen = NULL;
	cc->nsweep = 0;
	cc->sweep_link = -1;
}

void console_release(struct console *c)
{
	free(c->arms);
	c->arms = NULL;
	c->narms = c->arms_cap = 0;
	free(c->tests);
	free(c->orders);
	c->orders = NULL;
	c->norders = c->orders_cap = 0;
	c->tests = NULL;
	c->ntests = c->tests_cap = 0;
	for (int i = 0; i < c->ncenters; i++)
		sweep_free(&c->centers[i]);
	book_free(c->book);
	c->book = NULL;
}

/* ---- links and ops ------------------------------------------------------ */

int console_op_link(const struct console *c, int center)
{
	const struct console_center *cc = &c->centers[center];
	int best = -1;

	for (int k = 0; k < cc->nlinks; k++) {
		if (!cc->links[k].up)
			continue;
		if (best < 0 || (cc->links[k].synced && !cc->links[best].synced))
			best = k;
	}
	return best;
}

bool console_center_up(const struct console *c, int center)
{
	return console_op_link(c, center) >= 0;
}

/* Sends center's pending ops whose journal row is durable: those not sent
 * yet, or all of them again when `again` (a link was lost or caught up). */
static void send_ops(struct console *c, int center, bool again)
{
	int l = console_op_link(c, center);

	for (int i = 0; l >= 0 && i < c->npending; i++) {
		struct console_op *p = &c->pending[i];
		if (p->center != center || (p->sent && !again) || c->durable < p->jseq)
			continue;
		p->sent = fx(c, (struct console_fx){.kind = CONSOLE_FX_SEND, .center = center,
						    .link = l, .op = p}) != 0;
	}
}

void console_link_state(struct console *c, int center, int link, bool up, bool lost)
{
	struct console_center *cc = &c->centers[center];
	struct console_link *k = &cc->links[link];

	k->up = up;
	k->in_snapshot = false;
	if (!up) {
		k->synced = false;
		if (cc->sweep_link == link)
			sweep_free(cc); /* half a snapshot proves nothing: drop nothing */
	}
	/* Ops that went out on a link that died go out again on another one;
	 * the center applies each op_id once. */
	if (lost && console_center_up(c, center))
		send_ops(c, center, true);
}

bool console_welcome(struct console *c, int center, int link, const char *epoch)
{
	struct console_center *cc = &c->centers[center];
	bool changed = stream_welcome(&cc->stream, epoch);

	if (changed)
		book_clear_center(c->book, center);
	cc->links[link].synced = false;
	return changed;
}

void console_synced(struct console *c, int center, int link)
{
	c->centers[center].links[link].synced = true;
	send_ops(c, center, true);
}

void console_durable(struct console *c, uint64_t seq)
{
	if (seq > c->durable)
		c->durable = seq;
	for (int i = 0; i < c->ncenters; i++)
		send_ops(c, i, false);
}

static struct console_op *op_new(struct console *c, int center)
{
	struct console_op *p;

	if (c->npending == CONSOLE_MAX_PENDING)
		return NULL;
	p = &c->pending[c->npending++];
	memset(p, 0, sizeof *p);
	p->center = center;
	return p;
}

const struct console_op *console_op(struct console *c, int center, int action,
				    const char *alarm_id, const char *text, int code,
				    const char *row_action, bool notice)
{
	struct console_op *p = op_new(c, center);
	char detail[400];

	if (p == NULL)
		return NULL;
	snprintf(p->op_id, sizeof p->op_id, "%s-%llu", c->op_prefix,
		 (unsigned long long)++c->op_counter);
	snprintf(p->alarm_id, sizeof p->alarm_id, "%s", alarm_id);
	snprintf(p->text, sizeof p->text, "%s", text ? text : "");
	p->action = action;
	p->code = code;
	p->notice = notice;
	if (notice)
		snprintf(detail, sizeof detail, "op_id=%s center=%s text=%s", p->op_id,
			 c->centers[center].name, p->text);
	else
		snprintf(detail, sizeof detail, "op_id=%s center=%s code=%d%s%s", p->op_id,
			 c->centers[center].name, code, p->text[0] ? " text=" : "", p->text);
	p->jseq = row_text(c, p->alarm_id, row_action, detail, "pending");
	/* It goes once that row is durable (console_durable), at once when
	 * nothing is journaled (jseq 0). */
	send_ops(c, center, false);
	return p;
}

bool console_restore(struct console *c, int center, int action, const char *op_id,
		     const char *alarm_id, const char *text, int code)
{
	struct console_op *p = op_new(c, center);

	if (p == NULL)
		return false;
	snprintf(p->op_id, sizeof p->op_id, "%s", op_id);
	snprintf(p->alarm_id, sizeof p->alarm_id, "%s", alarm_id);
	snprintf(p->text, sizeof p->text, "%s", text);
	p->action = action;
	p->code = code;
	return true; /* jseq 0: already durable */
}

void console_ack(struct console *c, int center, const char *op_id, int code, const char *msg)
{
	char alarm_id[64] = "", d[160], out[300];

	for (int p = 0; p < c->npending; p++) {
		if (strcmp(c->pending[p].op_id, op_id) == 0) {
			snprintf(alarm_id, sizeof alarm_id, "%s", c->pending[p].alarm_id);
			/* Keep the order: ops go to the center in the order taken. */
			memmove(&c->pending[p], &c->pending[p + 1],
				(size_t)(c->npending - p - 1) * sizeof c->pending[0]);
			c->npending--;
			break;
		}
	}
	/* Anchors are the journal's own: their acks are not journaled. */
	if (strstr(op_id, "-anchor-") == NULL) {
		snprintf(d, sizeof d, "op_id=%s", op_id);
		if (code)
			snprintf(out, sizeof out, "refused %d: %s", code, msg);
		else
			snprintf(out, sizeof out, "ok");
		row_text(c, alarm_id, "op.ack", d, out);
	}
	/* An ack for an op we no longer hold (a repeat) is still reported. */
	event(c, (struct app_event){.kind = APP_EV_OP_ACK, .center = center,
				    .id = alarm_id[0] ? alarm_id : NULL, .op_id = op_id,
				    .text = msg, .code = code});
}

bool console_op_pending(const struct console *c, const char *alarm_id)
{
	for (int i = 0; i < c->npending; i++)
		if (strcmp(c->pending[i].alarm_id, alarm_id) == 0)
			return true;
	return false;
}

const char *console_last_op_id(const struct console *c)
{
	return c->npending ? c->pending[c->npending - 1].op_id : "";
}

/* ---- the stream --------------------------------------------------------- */

static void add_alarm(struct console *c, int center, struct alarm *al, uint64_t seq,
		      const char *frame, size_t len)
{
	enum book_result r;
	char msg[200];

	al->center = center;
	al->seq = seq;
	/* What this operator was shown: the alarm as received. */
	row(c, al->id, seq ? "rx.alarm" : "rx.snapshot", frame, len, "");
	if (seq)
		fx(c, (struct console_fx){.kind = CONSOLE_FX_SEEN, .center = center,
					  .ev = {.alarm = al, .id = al->id}});
	r = book_add(c->book, al);
	if (r == BOOK_ADDED || r == BOOK_UPDATED || r == BOOK_REMOVED) {
		event(c, (struct app_event){.kind = r == BOOK_ADDED ? APP_EV_ALARM : APP_EV_UPDATE,
					    .center = center, .alarm = book_find(c->book, al->id),
					    .id = al->id, .seq = seq});
	} else if (r == BOOK_FULL || r == BOOK_NOMEM) {
		snprintf(msg, sizeof msg, "alarm %s not shown: the queue holds %zu alarms already",
			 al->id, c->book_cap);
		problem(c, center, msg);
	}
}

/* Journals each clock that the update stopped, met or missed. */
static void note_clocks(struct console *c, const struct alarm *old, const struct alarm_flow *f)
{
	for (int k = 0; k < FLOW_CLK_COUNT; k++) {
		const struct flow_timer *t = &f->clk[k];
		char action[32], outcome[64];
		if (t->stop_ms == 0 || old->flow.clk[k].stop_ms != 0)
			continue;
		snprintf(action, sizeof action, "clock.%s", flow_clock_names[k]);
		snprintf(outcome, sizeof outcome, "%s %.1fs of %.0fs",
			 t->stop_ms - t->start_ms <= t->limit_ms ? "met" : "missed",
			 (t->stop_ms - t->start_ms) / 1000.0, t->limit_ms / 1000.0);
		row_text(c, old->id, action, "", outcome);
	}
}

static void apply_update(struct console *c, int center, const struct console_msg *m)
{
	const struct alarm_update *u = m->update;
	const struct alarm *cur = book_find(c->book, u->alarm_id);
	struct alarm n;
	struct alarm_entry tl[ALARM_MAX_TIMELINE];
	enum book_result r;

	row(c, u->alarm_id, "rx.update", m->frame, m->frame_len, "");
	if (cur == NULL)
		return; /* not one this console holds */
	if (u->has_flow)
		note_clocks(c, cur, &u->flow);
	alarm_apply_update(cur, u, &n, tl);
	fx(c, (struct console_fx){.kind = CONSOLE_FX_SEEN, .center = center,
				  .ev = {.alarm = &n, .id = n.id}});
	r = book_add(c->book, &n);
	if (r == BOOK_UPDATED || r == BOOK_REMOVED)
		event(c, (struct app_event){.kind = APP_EV_UPDATE, .center = center,
					    .alarm = book_find(c->book, u->alarm_id),
					    .id = u->alarm_id, .seq = m->seq, .text = u->action,
					    .by = u->by});
}

void console_forget(struct console *c, int center)
{
	book_clear_center(c->book, center);
	console__sites_forget(c, center);
}

/* The messages beside alarms and updates: the state each keeps (NULL:
 * none), its journal row and its event (naming the site or not). */
static const struct {
	void (*keep)(struct console *c, int center, const struct console_msg *m);
	const char *row;
	enum app_event_kind ev;
	bool names_site;
} others[] = {
	[CONSOLE_DEVICE] = {console__device, "rx.device", APP_EV_DEVICE, false},
	[CONSOLE_NOTICE] = {NULL, "rx.notice", APP_EV_NOTICE, false},
	[CONSOLE_ARM] = {console__arm, "rx.arm", APP_EV_ARM, false},
	[CONSOLE_TEST] = {console__test, "rx.test", APP_EV_TEST, true},
	[CONSOLE_SIGNAL] = {console__signal, "rx.signal", APP_EV_SIGNAL, true},
	[CONSOLE_ORDER] = {console__order, "rx.order", APP_EV_ORDER, true},
	[CONSOLE_FLOOD] = {console__flood, "rx.flood", APP_EV_FLOOD, false},
};

void console_apply(struct console *c, int center, const struct console_msg *m)
{
	if (m->kind == CONSOLE_ALARM) {
		add_alarm(c, center, m->alarm, m->seq, m->frame, m->frame_len);
	} else if (m->kind == CONSOLE_UPDATE) {
		apply_update(c, center, m);
	} else {
		if (others[m->kind].keep)
			others[m->kind].keep(c, center, m);
		row(c, "", others[m->kind].row, m->frame, m->frame_len, "");
		event(c, (struct app_event){.kind = others[m->kind].ev, .center = center,
					    .id = others[m->kind].names_site ? m->cust_id : NULL,
					    .text = m->text, .code = m->code, .seq = m->seq});
	}
}

void console_stream(struct console *c, int center, int link, const struct console_msg *m)
{
	struct console_center *cc = &c->centers[center];
	char text[200];

	switch (stream_accept(&cc->stream, m->seq)) {
	case STREAM_DUP:
		cc->dups++;
		return;
	case STREAM_GAP:
		snprintf(text, sizeof text, "gap in the stream after seq %llu (got %llu): resuming",
			 (unsigned long long)cc->stream.last, (unsigned long long)m->seq);
		problem(c, center, text);
		fx(c, (struct console_fx){.kind = CONSOLE_FX_RECONNECT, .center = center,
					  .link = link, .detail = "gap in the stream"});
		return;
	case STREAM_NEW:
		break;
	}
	cc->received++;
	console_apply(c, center, m);
}

/* ---- snapshots ---------------------------------------------------------- */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static bool other_link_synced(const struct console_center *cc, int link)
{
	for (int k = 0; k < cc->nlinks; k++)
		if (k != link && cc->links[k].up && cc->links[k].synced)
			return true;
	return false;
}

/* A snapshot replaces what this console holds of the center by what the
 * center holds: alarms it has are updated in place (no second "new
 * alarm"), alarms it no longer has are dropped at the end. */
static void sweep_begin(struct console *c, int center, int link)
{
	struct console_center *cc = &c->centers[center];
	size_t n = 0;

	sweep_free(cc);
	for (size_t k = 0; book_at(c->book, k); k++)
		n += book_at(c->book, k)->center == center;
	cc->sweep_ids = calloc(n ? n : 1, sizeof *cc->sweep_ids);
	cc->sweep_seen = calloc(n ? n : 1, sizeof *cc->sweep_seen);
	if (cc->sweep_ids == NULL || cc->sweep_seen == NULL)
		abort();
	for (size_t k = 0; book_at(c->book, k); k++)
		if (book_at(c->book, k)->center == center &&
		    (cc->sweep_ids[cc->nsweep] = strdup(book_at(c->book, k)->id)) != NULL)
			cc->nsweep++;
	qsort(cc->sweep_ids, cc->nsweep, sizeof *cc->sweep_ids, cmp_str);
	cc->sweep_link = link;
	/* The snapshot's standing state says which devices are not online and
	 * how the partitions are armed. */
	console__sites_forget(c, center);
}

static void sweep_end(struct console *c, int center)
{
	struct console_center *cc = &c->centers[center];

	for (size_t k = 0; k < cc->nsweep; k++) {
		const struct alarm *al = cc->sweep_seen[k] ? NULL : book_find(c->book, cc->sweep_ids[k]);
		struct alarm n;
		if (al == NULL)
			continue;
		n = *al;
		n.state = ALARM_ST_CLOSED;
		book_add(c->book, &n);
		event(c, (struct app_event){.kind = APP_EV_UPDATE, .center = center,
					    .id = cc->sweep_ids[k], .text = "snapshot"});
	}
	sweep_free(cc);
}

void console_snapshot_begin(struct console *c, int center, int link)
{
	struct console_center *cc = &c->centers[center];
	struct console_link *k = &cc->links[link];

	if (k->in_snapshot)
		return;
	/* Another link of this center already live, or already sweeping: this
	 * snapshot only adds what is missing. */
	if (!other_link_synced(cc, link) && cc->sweep_link < 0)
		sweep_begin(c, center, link);
	k->in_snapshot = true;
}

void console_snapshot_alarm(struct console *c, int center, int link, struct alarm *al,
			    const char *frame, size_t frame_len)
{
	struct console_center *cc = &c->centers[center];

	if (cc->sweep_link == link && cc->nsweep) {
		const char *id = al->id;
		char **hit = bsearch(&id, cc->sweep_ids, cc->nsweep, sizeof *cc->sweep_ids, cmp_str);
		if (hit)
			cc->sweep_seen[hit - cc->sweep_ids] = true;
	}
	add_alarm(c, center, al, 0, frame, frame_len);
}

void console_snapshot_end(struct console *c, int center, int link, bool more, uint64_t head)
{
	struct console_center *cc = &c->centers[center];
	struct console_link *k = &cc->links[link];

	/* Only a complete snapshot moves the stream to its head: a link lost
	 * half-way resumes from where the console really is. */
	if (!more && (head > cc->stream.last || !other_link_synced(cc, link)))
		stream_snapshot(&cc->stream, head);
	k->in_snapshot = more;
	if (!more && cc->sweep_link == link)
		sweep_end(c, center);
}

/* ---- clocks ------------------------------------------------------------- */

struct esc_ctx {
	struct console *c;
	size_t n;
};

static void escalated_cb(void *ctx, const struct alarm *al, unsigned clocks)
{
	struct esc_ctx *e = ctx;
	char text[64];

	for (int k = 0; k < FLOW_CLK_COUNT; k++) {
		if (!(clocks >> k & 1))
			continue;
		snprintf(text, sizeof text, "clock.%s", flow_clock_names[k]);
		row_text(e->c, al->id, "clock.overdue", text, "escalated");
	}
	e->n++;
	event(e->c, (struct app_event){.kind = APP_EV_OVERDUE, .center = al->center, .alarm = al,
				       .id = al->id, .code = (int)clocks});
}

size_t console_escalate(struct console *c, int64_t now_ms, int *worst)
{
	struct esc_ctx e = {c, 0};

	book_escalate(c->book, now_ms, escalated_cb, &e);
	/* Holds that ran out since the last look: the alarm is back. */
	for (size_t i = 0; c->hold_seen_ms && book_at(c->book, i); i++) {
		const struct alarm *al = book_at(c->book, i);
		if (al->flow.hold_until > c->hold_seen_ms && al->flow.hold_until <= now_ms) {
			row_text(c, al->id, "hold.end", "", "");
			event(c, (struct app_event){.kind = APP_EV_HOLD_END, .center = al->center,
						    .alarm = al, .id = al->id});
		}
	}
	c->hold_seen_ms = now_ms;
	*worst = 0;
	for (size_t i = 0;; i++) {
		const struct alarm *al = book_at(c->book, i);
		int64_t left;
		if (al == NULL || (*worst && al->priority > *worst))
			break;
		for (int k = 0; k < FLOW_CLK_COUNT; k++)
			if (flow_clock(al, (enum flow_clock)k, now_ms, &left) == FLOW_CLOCK_OVERDUE &&
			    al->flow.hold_until <= now_ms) {
				*worst = al->priority;
				break;
			}
	}
	return e.n;
}
