/* app.c — what the console does with what the centers send. Exactly-once
 * display comes from app/core/stream (seq) and app/core/book (alarm id). */
#include "app-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ad.h"
#include "core/flow.h"
#include "replay.h"

int64_t app_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t app_center_now(const struct app *a)
{
	if (a->replay)
		return replay_now(a->replay); /* the recording's clock */
	return app_now_ms() + (a->ncenters && a->centers[0].has_skew ? a->centers[0].skew_ms : 0);
}

void app__emit(struct app *a, struct app_event ev)
{
	if (ev.kind == APP_EV_ALARM && ev.alarm && ev.seq) {
		a->newest_ms = ev.alarm->received_ms;
		a->newest_priority = ev.alarm->priority;
	}
	if (ev.kind == APP_EV_ALARM || ev.kind == APP_EV_UPDATE || ev.kind == APP_EV_LINK ||
	    ev.kind == APP_EV_OVERDUE)
		app_alert_due(a);
	if (ev.kind == APP_EV_DEVICE && ev.code == PROTO_DEV_OFFLINE)
		audio_play(a->audio, ALERT_VOICE_OFFLINE);
	if (a->fe && a->fe->event)
		a->fe->event(a, &ev);
}

void app_journal(struct app *a, const char *alarm_id, const char *action, const char *detail)
{
	if (a->journal)
		journal_append(a->journal, alarm_id, action, detail, "");
}

static void jrow(struct app *a, const char *alarm_id, const char *action, const char *detail,
		 const char *outcome)
{
	if (a->journal)
		journal_append(a->journal, alarm_id, action, detail, outcome);
}

/* Journals a received message as its frame (taken and freed): a replay
 * of the journal applies it again. */
static void jrow_frame(struct app *a, const char *alarm_id, const char *action, char *frame)
{
	jrow(a, alarm_id, action, frame ? frame : "", "");
	free(frame);
}

/* The center and link slot of a link. */
static int center_index(const struct app *a, const struct link *l, int *li)
{
	if (li)
		*li = 0;
	for (int i = 0; i < a->ncenters; i++)
		for (int k = 0; k < a->centers[i].nlinks; k++)
			if (a->centers[i].links[k].link == l) {
				if (li)
					*li = k;
				return i;
			}
	return -1;
}

/* The link ops of center c go out on: an up and synced one first. */
struct link *app__op_link(const struct app_center *c)
{
	const struct app_link *best = NULL;

	for (int k = 0; k < c->nlinks; k++) {
		const struct app_link *l = &c->links[k];
		if (l->state != LINK_UP)
			continue;
		if (best == NULL || (l->synced && !best->synced))
			best = l;
	}
	return best ? best->link : NULL;
}

static bool other_link_synced(const struct app_center *c, int li)
{
	for (int k = 0; k < c->nlinks; k++)
		if (k != li && c->links[k].state == LINK_UP && c->links[k].synced)
			return true;
	return false;
}

/* A center's state is the best of its links'. */
static enum link_state center_state(const struct app_center *c)
{
	static const int rank[] = {[LINK_UP] = 5, [LINK_CONNECTING] = 4, [LINK_RESOLVING] = 3,
				   [LINK_DOWN] = 2, [LINK_REFUSED] = 1, [LINK_IDLE] = 0};
	enum link_state best = LINK_IDLE;

	for (int k = 0; k < c->nlinks; k++)
		if (rank[c->links[k].state] > rank[best])
			best = c->links[k].state;
	return best;
}

static void fill_hello_cb(void *ud, struct link *l, struct proto_hello *h)
{
	struct app *a = ud;
	struct app_center *c = &a->centers[center_index(a, l, NULL)];

	h->console = a->cfg.console_id;
	h->operator_ = a->cfg.operator_;
	h->password = a->password;
	h->role = a->role;
	h->req_id = "hello";
	h->resume = c->stream.epoch[0] != '\0';
	h->epoch = c->stream.epoch;
	h->seq = c->stream.last;
}

static void send_pending(struct app *a, int center);
static void sweep_free(struct app_center *c);

static void on_state_cb(void *ud, struct link *l, enum link_state st, const char *why)
{
	struct app *a = ud;
	int li, i = center_index(a, l, &li);
	struct app_center *c = &a->centers[i];
	struct app_link *k = &c->links[li];

	if ((st == LINK_DOWN || st == LINK_REFUSED) && k->state != st) {
		char d[400];
		snprintf(d, sizeof d, "center=%s link=%s %s", c->cfg.name, link_url(l), why);
		jrow(a, "", st == LINK_REFUSED ? "session.refused" : "link.down", d, why);
	}
	k->state = st;
	snprintf(k->why, sizeof k->why, "%s", why);
	k->in_snapshot = false;
	if (c->sweep_link == li && st != LINK_UP)
		sweep_free(c); /* half a snapshot proves nothing: drop nothing */
	if (st != LINK_UP)
		k->synced = false;
	c->state = center_state(c);
	if (c->nlinks > 1)
		snprintf(c->why, sizeof c->why, "%s: %s", link_url(l), why);
	else
		snprintf(c->why, sizeof c->why, "%s", why);
	/* Ops that went out on a link that died go out again on another one;
	 * the center applies each op_id once. */
	if (st == LINK_DOWN && c->state == LINK_UP)
		send_pending(a, i);
	app__emit(a, (struct app_event){.kind = APP_EV_LINK, .center = i, .text = c->why,
				   .code = (int)c->state});
}

static void on_bad_frame_cb(void *ud, struct link *l, int code, const char *err)
{
	struct app *a = ud;
	char msg[300];

	snprintf(msg, sizeof msg, "bad frame from the center dropped: %s", err);
	app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = center_index(a, l, NULL),
				   .text = msg, .code = code});
}

/* Sends center's pending ops whose journal row is durable: those not sent
 * yet, or all of them again when `again` (after a link was lost). */
static void send_ops(struct app *a, int center, bool again)
{
	struct link *l = app__op_link(&a->centers[center]);

	for (int i = 0; l && i < a->npending; i++) {
		struct app_pending *p = &a->pending[i];
		struct proto_op op = {.op_id = p->op_id, .alarm_id = p->alarm_id,
				      .action = p->action, .text = p->text, .code = p->code};
		struct proto_broadcast b = {.op_id = p->op_id, .text = p->text};
		if (p->center != center || (p->sent && !again) ||
		    (a->journal && journal_durable(a->journal) < p->jseq))
			continue;
		p->sent = link_send(l, p->notice ? proto_encode_broadcast(&b)
						 : proto_encode_op(&op)) == 0;
	}
}

static void send_pending(struct app *a, int center)
{
	send_ops(a, center, true);
}

static int load_codes(struct app *a, const struct proto_msg *m, const char *list,
		      struct app_code *out, int center)
{
	struct proto_code_item items[APP_MAX_CODES];
	char err[200];
	int n = proto_plans_codes(m, list, items, APP_MAX_CODES, err, sizeof err);

	if (n < 0) {
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = center, .text = err});
		return 0;
	}
	for (int i = 0; i < n; i++) {
		out[i].code = items[i].code;
		snprintf(out[i].text, sizeof out[i].text, "%s", items[i].text);
	}
	return n;
}

static void add_plans(struct app *a, const struct proto_msg *m, int center)
{
	char err[256];

	a->nplans = 0;
	for (size_t i = 0; i < proto_plans_count(m) && a->nplans < APP_MAX_PLANS; i++) {
		struct proto_plan p;
		struct app_plan *d = &a->plans[a->nplans];
		if (proto_plans_get(m, i, &p, err, sizeof err)) {
			app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = center,
						   .text = err, .code = PROTO_E_FIELD});
			continue;
		}
		snprintf(d->id, sizeof d->id, "%s", p.id);
		snprintf(d->name, sizeof d->name, "%s", p.name);
		d->cls = p.cls;
		d->nsteps = p.nsteps;
		for (int k = 0; k < p.nsteps; k++) {
			snprintf(d->steps[k], sizeof d->steps[k], "%s", p.steps[k]);
			d->mandatory[k] = p.mandatory[k];
		}
		a->nplans++;
	}
	a->ncauses = load_codes(a, m, "causes", a->causes, center);
	a->noutcomes = load_codes(a, m, "outcomes", a->outcomes, center);
}

static void add_alarm(struct app *a, int center, struct alarm *al, uint64_t seq)
{
	enum book_result r;

	al->center = center;
	al->seq = seq;
	if (a->journal) {
		/* What this operator was shown: the alarm as received. */
		char *frame = proto_encode_alarm(al, seq);
		journal_append(a->journal, al->id, seq ? "rx.alarm" : "rx.snapshot",
			       frame ? frame : "", "");
		free(frame);
	}
	r = book_add(a->book, al);
	if (r == BOOK_ADDED) {
		app__emit(a, (struct app_event){.kind = APP_EV_ALARM, .center = center,
					   .alarm = book_find(a->book, al->id), .id = al->id,
					   .seq = seq});
	} else if (r == BOOK_UPDATED || r == BOOK_REMOVED) {
		app__emit(a, (struct app_event){.kind = APP_EV_UPDATE, .center = center,
					   .alarm = book_find(a->book, al->id), .id = al->id,
					   .seq = seq});
	} else if (r == BOOK_FULL || r == BOOK_NOMEM) {
		char msg[200];
		snprintf(msg, sizeof msg, "alarm %s not shown: the queue holds %d alarms already",
			 al->id, APP_BOOK_CAP);
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = center, .text = msg});
	}
}

/* Journals each clock that a step stopped, met or missed. */
static void note_clocks(struct app *a, const struct alarm *old, const struct alarm_flow *f)
{
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		const struct flow_timer *t = &f->clk[c];
		char action[32], outcome[64];
		if (t->stop_ms == 0 || old->flow.clk[c].stop_ms != 0)
			continue;
		snprintf(action, sizeof action, "clock.%s", flow_clock_names[c]);
		snprintf(outcome, sizeof outcome, "%s %.1fs of %.0fs",
			 t->stop_ms - t->start_ms <= t->limit_ms ? "met" : "missed",
			 (t->stop_ms - t->start_ms) / 1000.0, t->limit_ms / 1000.0);
		jrow(a, old->id, action, "", outcome);
	}
}

/* A device or notice message, from the stream or from a snapshot's
 * standing state (then with the seq it had when it was sent). */
static void on_standing(struct app *a, int i, const struct proto_msg *m)
{
	char text[600];

	if (m->type == PROTO_DEVICE) {
		const struct proto_device *d = &m->u.device;
		app__device(a, i, d);
		snprintf(text, sizeof text, "%s %s %s", d->cust_id, d->device,
			 proto_device_state_name(d->state));
		jrow_frame(a, "", "rx.device", proto_encode_device(d, m->seq));
		app__emit(a, (struct app_event){.kind = APP_EV_DEVICE, .center = i, .text = text,
					   .code = (int)d->state, .seq = m->seq});
		return;
	}
	snprintf(text, sizeof text, "%s: %s", m->u.notice.from, m->u.notice.text);
	jrow_frame(a, "", "rx.notice", proto_encode_notice(&m->u.notice, m->seq));
	app__emit(a, (struct app_event){.kind = APP_EV_NOTICE, .center = i, .text = text,
				   .seq = m->seq});
}

static void on_stream(struct app *a, int i, struct link *l, struct proto_msg *m)
{
	struct app_center *c = &a->centers[i];
	char text[600];

	switch (stream_accept(&c->stream, m->seq)) {
	case STREAM_DUP:
		c->dups++;
		return;
	case STREAM_GAP:
		snprintf(text, sizeof text, "gap in the stream after seq %llu (got %llu): resuming",
			 (unsigned long long)c->stream.last, (unsigned long long)m->seq);
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = i, .text = text});
		link_reconnect(l, "gap in the stream");
		return;
	case STREAM_NEW:
		break;
	}
	c->received++;
	app__apply(a, i, m);
}

void app__apply(struct app *a, int i, struct proto_msg *m)
{
	switch (m->type) {
	case PROTO_ALARM:
		add_alarm(a, i, &m->alarm, m->seq);
		if (a->drill)
			app__drill_seen(a, &m->alarm);
		break;
	case PROTO_UPDATE: {
		const struct proto_update *u = &m->u.update;
		const struct alarm *cur = book_find(a->book, u->alarm_id);
		struct alarm n;
		enum book_result r = BOOK_UNKNOWN;
		jrow_frame(a, u->alarm_id, "rx.update", proto_encode_update(u, m->seq));
		if (cur != NULL) {
			/* The center's word on the alarm's whole handling state. */
			n = *cur;
			if (u->has_flow)
				note_clocks(a, cur, &u->flow);
			n.state = u->state;
			n.claimed_by = u->holder;
			n.receiver = u->receiver;
			n.state_ms = u->at_ms;
			if (u->priority)
				n.priority = u->priority;
			if (u->has_flow) {
				n.flow = u->flow;
				/* Escalations are this console's: keep them across updates. */
				for (int k = 0; k < FLOW_CLK_COUNT; k++)
					if (cur->flow.clk[k].start_ms == n.flow.clk[k].start_ms)
						n.flow.clk[k].escalated |= cur->flow.clk[k].escalated;
			}
			if (a->drill)
				app__drill_seen(a, &n);
			r = book_add(a->book, &n);
		}
		if (r == BOOK_UPDATED || r == BOOK_REMOVED)
			app__emit(a, (struct app_event){.kind = APP_EV_UPDATE, .center = i,
						   .alarm = book_find(a->book, u->alarm_id),
						   .id = u->alarm_id, .seq = m->seq, .text = u->action,
						   .by = u->by});
		break;
	}
	case PROTO_DEVICE:
	case PROTO_NOTICE:
		on_standing(a, i, m);
		break;
	default:
		break;
	}
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void sweep_free(struct app_center *c)
{
	for (size_t k = 0; k < c->nsweep; k++)
		free(c->sweep_ids[k]);
	free(c->sweep_ids);
	free(c->sweep_seen);
	c->sweep_ids = NULL;
	c->sweep_seen = NULL;
	c->nsweep = 0;
	c->sweep_link = -1;
}

/* A snapshot replaces what this console holds of the center by what the
 * center holds: alarms it has are updated in place (no second "new
 * alarm"), alarms it no longer has are dropped at the end. */
static void sweep_begin(struct app *a, int i, int li)
{
	struct app_center *c = &a->centers[i];
	size_t n = 0;

	sweep_free(c);
	for (size_t k = 0; book_at(a->book, k); k++)
		n += book_at(a->book, k)->center == i;
	c->sweep_ids = calloc(n ? n : 1, sizeof *c->sweep_ids);
	c->sweep_seen = calloc(n ? n : 1, sizeof *c->sweep_seen);
	if (c->sweep_ids == NULL || c->sweep_seen == NULL)
		abort();
	for (size_t k = 0; book_at(a->book, k); k++)
		if (book_at(a->book, k)->center == i)
			c->sweep_ids[c->nsweep++] = strdup(book_at(a->book, k)->id);
	qsort(c->sweep_ids, c->nsweep, sizeof *c->sweep_ids, cmp_str);
	c->sweep_link = li;
	/* The snapshot's standing state says which devices are not online. */
	app__devices_forget(a, i);
}

static void sweep_mark(struct app_center *c, const char *id)
{
	char **hit = c->nsweep ? bsearch(&id, c->sweep_ids, c->nsweep, sizeof *c->sweep_ids, cmp_str)
			       : NULL;
	if (hit)
		c->sweep_seen[hit - c->sweep_ids] = true;
}

static void sweep_end(struct app *a, int i)
{
	struct app_center *c = &a->centers[i];

	for (size_t k = 0; k < c->nsweep; k++) {
		const struct alarm *al = c->sweep_seen[k] ? NULL : book_find(a->book, c->sweep_ids[k]);
		struct alarm n;
		if (al == NULL)
			continue;
		n = *al;
		n.state = ALARM_ST_CLOSED;
		book_add(a->book, &n);
		app__emit(a, (struct app_event){.kind = APP_EV_UPDATE, .center = i, .id = c->sweep_ids[k],
					   .text = "snapshot"});
	}
	sweep_free(c);
}

static void on_snapshot(struct app *a, int i, int li, struct proto_msg *m)
{
	struct app_center *c = &a->centers[i];
	struct app_link *k = &c->links[li];
	char err[256];

	if (!k->in_snapshot) {
		/* Another link of this center already live, or already sweeping:
		 * this snapshot only adds what is missing. */
		if (!other_link_synced(c, li) && c->sweep_link < 0)
			sweep_begin(a, i, li);
		k->in_snapshot = true;
	}
	for (size_t n = 0; n < m->u.snapshot.count; n++) {
		struct alarm al;
		if (proto_snapshot_alarm(m, n, &al, err, sizeof err)) {
			app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = i, .text = err});
			continue;
		}
		if (c->sweep_link == li)
			sweep_mark(c, al.id);
		add_alarm(a, i, &al, 0);
	}
	for (size_t n = 0; n < m->u.snapshot.nstanding; n++) {
		struct proto_msg sm;
		if (proto_snapshot_standing(m, n, &sm, err, sizeof err)) {
			app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = i, .text = err});
			continue;
		}
		on_standing(a, i, &sm);
		proto_msg_release(&sm);
	}
	/* Only a complete snapshot moves the stream to its head: a link lost
	 * half-way resumes from where the console really is. */
	if (!m->u.snapshot.more &&
	    (m->u.snapshot.head > c->stream.last || !other_link_synced(c, li)))
		stream_snapshot(&c->stream, m->u.snapshot.head);
	k->in_snapshot = m->u.snapshot.more;
	if (!k->in_snapshot && c->sweep_link == li)
		sweep_end(a, i);
}

static void on_ack(struct app *a, int i, const struct proto_op_ack *k)
{
	char alarm_id[64] = "";

	for (int p = 0; p < a->npending; p++) {
		if (strcmp(a->pending[p].op_id, k->op_id) == 0) {
			snprintf(alarm_id, sizeof alarm_id, "%s", a->pending[p].alarm_id);
			/* Keep the order: ops go to the center in the order taken. */
			memmove(&a->pending[p], &a->pending[p + 1],
				(size_t)(a->npending - p - 1) * sizeof a->pending[0]);
			a->npending--;
			break;
		}
	}
	if (a->journal && strstr(k->op_id, "-anchor-") == NULL) {
		char d[160], out[300];
		snprintf(d, sizeof d, "op_id=%s", k->op_id);
		if (k->code)
			snprintf(out, sizeof out, "refused %d: %s", k->code, k->msg);
		else
			snprintf(out, sizeof out, "ok");
		journal_append(a->journal, alarm_id, "op.ack", d, out);
	}
	/* An ack for an op we no longer hold (a repeat) is still reported. */
	app__emit(a, (struct app_event){.kind = APP_EV_OP_ACK, .center = i,
				   .id = alarm_id[0] ? alarm_id : NULL, .op_id = k->op_id,
				   .text = k->msg, .code = k->code});
}

static void on_msg_cb(void *ud, struct link *l, struct proto_msg *m)
{
	struct app *a = ud;
	int li, i = center_index(a, l, &li);
	struct app_center *c = &a->centers[i];
	char text[400];

	switch (m->type) {
	case PROTO_WELCOME:
		snprintf(c->name, sizeof c->name, "%s", m->u.welcome.center);
		c->role = m->u.welcome.role;
		c->skew_ms = m->u.welcome.time_ms - app_now_ms();
		c->has_skew = true;
		link_set_liveness(l, 3 * m->u.welcome.heartbeat_ms);
		if (stream_welcome(&c->stream, m->u.welcome.epoch))
			book_clear_center(a->book, i);
		c->links[li].synced = false;
		snprintf(text, sizeof text, "center=%s name=%s epoch=%s resume=%llu",
			 c->cfg.name, c->name, m->u.welcome.epoch, (unsigned long long)c->stream.last);
		jrow(a, "", "session.login", text, proto_role_name(c->role));
		break;
	case PROTO_ERROR:
		snprintf(text, sizeof text, "center: %s (%d%s%s)", m->u.error.msg, m->u.error.code,
			 m->u.error.field[0] ? ", " : "", m->u.error.field);
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .center = i, .text = text,
					   .code = m->u.error.code});
		break;
	case PROTO_PLANS:
		add_plans(a, m, i);
		break;
	case PROTO_SNAPSHOT:
		on_snapshot(a, i, li, m);
		break;
	case PROTO_SYNCED:
		c->links[li].synced = true;
		/* Live on this link: whatever is pending goes (again) now. */
		send_pending(a, i);
		app__emit(a, (struct app_event){.kind = APP_EV_SYNCED, .center = i, .seq = m->seq});
		break;
	case PROTO_TICK:
		c->skew_ms = m->u.tick.time_ms - app_now_ms();
		break;
	case PROTO_OP_ACK:
		on_ack(a, i, &m->u.op_ack);
		break;
	case PROTO_ROOM:
		app__on_room(a, i, m);
		break;
	case PROTO_FIGURES:
		app__on_figures(a, i, m);
		break;
	case PROTO_ALARM:
	case PROTO_UPDATE:
	case PROTO_DEVICE:
	case PROTO_NOTICE:
		on_stream(a, i, l, m);
		break;
	default:
		break;
	}
}

static const struct link_cb link_cbs = {
	.on_state = on_state_cb,
	.on_msg = on_msg_cb,
	.on_bad_frame = on_bad_frame_cb,
	.fill_hello = fill_hello_cb,
};

static void durable_cb(void *ctx, uint64_t seq)
{
	struct app *a = ctx;

	/* Ops go out only once their journal row is on disk: an action the
	 * center acknowledged is never missing from the journal. */
	for (int i = 0; i < a->ncenters; i++)
		send_ops(a, i, false);
}

static void journal_problem_cb(void *ctx, const char *what)
{
	struct app *a = ctx;

	bool was_bad = a->journal_err[0] != '\0';

	snprintf(a->journal_err, sizeof a->journal_err, "%s", what);
	if (what[0] || was_bad)
		app__emit(a, (struct app_event){
			.kind = APP_EV_PROBLEM,
			.text = what[0] ? what : "journal: writing again, actions are taken again"});
}

static void anchor_cb(uv_timer_t *t)
{
	struct app *a = t->data;
	char hex[80], text[120], op_id[80];
	uint64_t seq = a->journal ? journal_anchor(a->journal, hex, sizeof hex) : 0;

	/* A read-only session never sends an op: its head stays in the
	 * sidecar anchor file only. */
	if (seq == 0 || seq == a->anchor_sent || app_read_only(a))
		return;
	snprintf(text, sizeof text, "%llu:%s", (unsigned long long)seq, hex);
	snprintf(op_id, sizeof op_id, "%s-anchor-%llu", a->op_prefix, (unsigned long long)seq);
	for (int i = 0; i < a->ncenters; i++) {
		struct proto_op op = {.op_id = op_id, .alarm_id = "", .text = text,
				      .action = PROTO_ACT_ANCHOR};
		struct link *l = app__op_link(&a->centers[i]);
		if (l && link_send(l, proto_encode_op(&op)) == 0)
			a->anchor_sent = seq;
	}
}

/* Who the journal rows name: this console, operator, role and mode. */
static void identity(const struct app *a, struct journal_ident *id)
{
	memset(id, 0, sizeof *id);
	snprintf(id->console, sizeof id->console, "%s", a->cfg.console_id);
	snprintf(id->operator_, sizeof id->operator_, "%s", a->cfg.operator_);
	snprintf(id->role, sizeof id->role, "%s", a->cfg.role);
	snprintf(id->mode, sizeof id->mode, "%s", app_mode_name(a->mode));
}

static void retention_cb(uv_timer_t *t)
{
	struct app *a = t->data;

	if (a->journal)
		journal_prune(a->journal, app_now_ms() - (int64_t)a->cfg.retention_days * 86400000);
}

static void lws_log_cb(int level, const char *line)
{
	(void)level;
	(void)line; /* lws chatter never reaches the operator's terminal */
}

int app_init(struct app *a, uv_loop_t *loop, const struct config *cfg, const char *password,
	     const struct app_frontend *fe, void *fe_data)
{
	memset(a, 0, sizeof *a);
	a->loop = loop;
	a->cfg = *cfg;
	a->fe = fe;
	a->fe_data = fe_data;
	snprintf(a->password, sizeof a->password, "%s", password);
	if (proto_role_parse(cfg->role, &a->role)) {
		snprintf(a->err, sizeof a->err, "unknown role '%s'", cfg->role);
		return -1;
	}
	if (cfg->ncenters == 0) {
		snprintf(a->err, sizeof a->err,
			 "no center configured: add a [center] section with url = ws://HOST:PORT "
			 "to the config file, or use --center URL (or --demo)");
		return -1;
	}
	snprintf(a->op_prefix, sizeof a->op_prefix, "%.20s-%llx", cfg->console_id,
		 (unsigned long long)app_now_ms());
	a->book = book_new(APP_BOOK_CAP);
	{
		struct link_tls tls = {cfg->ca_file, cfg->insecure};
		a->net = link_net_new(loop, lws_log_cb, &tls);
	}
	if (a->book == NULL || a->net == NULL) {
		snprintf(a->err, sizeof a->err, "cannot start the WebSocket client (libwebsockets "
						"with libuv support: package libwebsockets-evlib-uv)");
		return -1;
	}
	for (int i = 0; i < cfg->ncenters; i++) {
		struct app_center *c = &a->centers[i];
		char err[300];
		c->cfg = cfg->centers[i];
		c->sweep_link = -1;
		snprintf(c->name, sizeof c->name, "%s", c->cfg.name);
		for (int k = 0; k < c->cfg.nurls; k++) {
			c->links[k].link = link_new(a->net, c->cfg.urls[k], &link_cbs, a, err, sizeof err);
			if (c->links[k].link == NULL) {
				snprintf(a->err, sizeof a->err, "center %s: %s", c->cfg.name, err);
				return -1;
			}
			c->nlinks++;
		}
		a->ncenters++;
	}
	/* Audio first: its device probe forks, which is only safe while this is
	 * the process's one thread (the journal starts a writer thread). */
	app_alert_init(a);
	{
		struct journal_ident id;
		struct journal_cb jcb = {durable_cb, journal_problem_cb, a};
		enum journal_alg alg = JOURNAL_SHA256;
		journal_alg_parse(cfg->journal_hash, &alg);
		identity(a, &id);
		/* No journal path: nothing to journal (a replay only shows). */
		if (cfg->journal[0])
			a->journal = journal_open(loop, cfg->journal, alg, &id, &jcb, a->journal_err,
						  sizeof a->journal_err);
		if (a->journal && cfg->journal_queue_mb)
			journal_set_queue_max(a->journal, (size_t)cfg->journal_queue_mb << 20);
	}
	uv_timer_init(loop, &a->anchor_timer);
	uv_timer_init(loop, &a->retention_timer);
	a->anchor_timer.data = a->retention_timer.data = a;
	return 0;
}

/* An op journaled by an earlier run and never acknowledged: pending again,
 * with its own op_id. */
static void restore_op(void *ctx, const char *alarm_id, const char *action, const char *detail)
{
	struct app *a = ctx;
	struct app_pending *p;
	char op_id[80] = "", center[80] = "";
	const char *text = strstr(detail, " text=");
	enum proto_action act;
	int code = 0, ci = -1, k;

	if (a->npending == APP_MAX_PENDING || strncmp(action, "op.", 3) != 0 ||
	    sscanf(detail, "op_id=%79s center=%79s code=%d", op_id, center, &code) < 2)
		return;
	for (k = 0; k < PROTO_ACT_COUNT; k++)
		if (strcmp(proto_action_name((enum proto_action)k), action + 3) == 0)
			break;
	for (int i = 0; i < a->ncenters; i++)
		if (strcmp(a->centers[i].cfg.name, center) == 0)
			ci = i;
	if (k == PROTO_ACT_COUNT || ci < 0)
		return;
	act = (enum proto_action)k;
	p = &a->pending[a->npending++];
	memset(p, 0, sizeof *p);
	snprintf(p->op_id, sizeof p->op_id, "%s", op_id);
	snprintf(p->alarm_id, sizeof p->alarm_id, "%s", alarm_id);
	snprintf(p->text, sizeof p->text, "%s", text ? text + 6 : "");
	p->action = act;
	p->code = code;
	p->center = ci;
	p->jseq = 0; /* already durable */
}

void app_start(struct app *a)
{
	if (a->journal) {
		struct journal_ident id;
		identity(a, &id);
		journal_set_identity(a->journal, &id);
		int restored = journal_unacked(journal_path(a->journal), restore_op, a);
		char note[80];
		journal_append(a->journal, "", "session.start", journal_path(a->journal), "");
		if (a->cfg.insecure)
			journal_append(a->journal, "", "tls.insecure",
				       "certificates and host names are not verified", "");
		if (restored) {
			snprintf(note, sizeof note, "%d ops from before the restart are sent again",
				 restored);
			journal_append(a->journal, "", "outbox.restore", note, "");
			app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .text = note});
		}
		app_alert_journal_state(a);
		uv_timer_start(&a->anchor_timer, anchor_cb, 2000, 10000);
		uv_timer_start(&a->retention_timer, retention_cb, 60000, 86400000);
	} else if (a->cfg.journal[0]) {
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .text = a->journal_err});
	}
	for (int i = 0; i < a->ncenters; i++)
		for (int k = 0; k < a->centers[i].nlinks; k++)
			link_start(a->centers[i].links[k].link);
}

struct stop_ctx {
	struct app *a;
	void (*done_cb)(void *ctx);
	void *ctx;
};

static void journal_gone_cb(void *p)
{
	struct app *a = p;

	if (a->journal) {
		struct journal *j = a->journal;
		a->journal = NULL;
		journal_close(j, a->stop_done, a->stop_ctx);
	} else if (a->stop_done) {
		a->stop_done(a->stop_ctx);
	}
}

static void links_gone_cb(void *p)
{
	struct stop_ctx *s = p;
	struct app *a = s->a;
	void (*done)(void *) = s->done_cb;
	void *ctx = s->ctx;

	free(s);
	a->stop_done = done;
	a->stop_ctx = ctx;
	app_alert_close(a, journal_gone_cb, a);
}

void app_stop(struct app *a, void (*done_cb)(void *ctx), void *ctx)
{
	struct stop_ctx *s = malloc(sizeof *s);

	if (s == NULL)
		abort();
	*s = (struct stop_ctx){a, done_cb, ctx};
	if (a->anchor_timer.loop != NULL && !uv_is_closing((uv_handle_t *)&a->anchor_timer)) {
		uv_close((uv_handle_t *)&a->anchor_timer, NULL);
		uv_close((uv_handle_t *)&a->retention_timer, NULL);
	}
	if (a->journal)
		journal_append(a->journal, "", "session.end", "", "");
	if (a->net) {
		link_net_free(a->net, links_gone_cb, s);
		a->net = NULL;
	} else {
		links_gone_cb(s);
	}
}

void app_release(struct app *a)
{
	for (int i = 0; i < a->ncenters; i++)
		sweep_free(&a->centers[i]);
	book_free(a->book);
	a->book = NULL;
	memset(a->password, 0, sizeof a->password);
}

struct app_pending *app__pending_new(struct app *a, int center)
{
	struct app_pending *p;

	if (a->npending == APP_MAX_PENDING)
		return NULL;
	p = &a->pending[a->npending++];
	memset(p, 0, sizeof *p);
	snprintf(p->op_id, sizeof p->op_id, "%s-%llu", a->op_prefix,
		 (unsigned long long)++a->op_counter);
	p->center = center;
	return p;
}

void app__pending_queue(struct app *a, struct app_pending *p, const char *row_action,
			const char *detail)
{
	/* Callers checked app_read_only: there is a journal taking rows. */
	p->jseq = journal_append(a->journal, p->alarm_id, row_action, detail, "pending");
	/* sent by durable_cb once the row is on disk */
}

int app_op(struct app *a, enum proto_action action, const char *id, const char *text, int code)
{
	const struct alarm *al = book_find(a->book, id);
	struct app_pending *p;
	char row_action[32], detail[400];

	if (al == NULL)
		return AD_ENOENT;
	if (app_read_only(a))
		return AD_EPERM;
	if ((p = app__pending_new(a, al->center)) == NULL)
		return AD_ENOMEM;
	snprintf(p->alarm_id, sizeof p->alarm_id, "%s", id);
	p->action = action;
	p->code = code;
	snprintf(p->text, sizeof p->text, "%s", text ? text : "");
	snprintf(row_action, sizeof row_action, "op.%s", proto_action_name(action));
	snprintf(detail, sizeof detail, "op_id=%s center=%s code=%d%s%s", p->op_id,
		 a->centers[p->center].cfg.name, code, p->text[0] ? " text=" : "", p->text);
	app__pending_queue(a, p, row_action, detail);
	return 0;
}

const char *app_mode_name(enum app_mode m)
{
	static const char *const names[] = {"live", "demo", "training", "replay"};
	return (unsigned)m < sizeof names / sizeof *names ? names[m] : "?";
}

const char *app_read_only(const struct app *a)
{
	if (a->mode == APP_MODE_REPLAY)
		return "replay";
	if (a->role == PROTO_ROLE_SUPERVISOR)
		return "supervisor";
	/* No action the journal could not record durably. */
	if (a->journal == NULL || journal_full(a->journal))
		return "journal";
	return NULL;
}

const char *app_last_op_id(const struct app *a)
{
	return a->npending ? a->pending[a->npending - 1].op_id : "";
}

bool app_op_pending(const struct app *a, const char *id)
{
	for (int i = 0; i < a->npending; i++)
		if (strcmp(a->pending[i].alarm_id, id) == 0)
			return true;
	return false;
}

const struct app_plan *app_plan(const struct app *a, const char *plan_id)
{
	for (int i = 0; i < a->nplans; i++)
		if (strcmp(a->plans[i].id, plan_id) == 0)
			return &a->plans[i];
	return NULL;
}

struct esc_ctx {
	struct app *a;
	size_t n;
};

static void escalated_cb(void *ctx, const struct alarm *al, unsigned clocks)
{
	struct esc_ctx *e = ctx;
	char text[200];

	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		if (!(clocks >> c & 1))
			continue;
		snprintf(text, sizeof text, "clock.%s", flow_clock_names[c]);
		jrow(e->a, al->id, "clock.overdue", text, "escalated");
	}
	e->n++;
	app__emit(e->a, (struct app_event){.kind = APP_EV_OVERDUE, .center = al->center, .alarm = al,
				      .id = al->id, .code = (int)clocks});
}

size_t app_escalate(struct app *a, int64_t now_ms)
{
	struct esc_ctx e = {a, 0};
	int worst = 0;

	book_escalate(a->book, now_ms, escalated_cb, &e);
	/* The most urgent alarm with a clock overdue now, for the alert policy. */
	for (size_t i = 0;; i++) {
		const struct alarm *al = book_at(a->book, i);
		int64_t left;
		if (al == NULL || (worst && al->priority > worst))
			break;
		for (int c = 0; c < FLOW_CLK_COUNT; c++)
			if (flow_clock(al, (enum flow_clock)c, now_ms, &left) == FLOW_CLOCK_OVERDUE &&
			    al->flow.hold_until <= now_ms) {
				worst = al->priority;
				break;
			}
	}
	if (worst != a->overdue_priority) {
		a->overdue_priority = worst;
		app_alert_due(a);
	}
	return e.n;
}
