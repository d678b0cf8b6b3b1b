/* center.c — center state, stream emission and op arbitration. Frames are
 * written to the store and the ring inside a batch; sessions see them only
 * after the batch commits (persist before sending). */
#include "center.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../app/core/ad.h"
#include "../app/core/flow.h"
#include "standing.h"

int64_t center_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void center_log(const char *fmt, ...)
{
	char when[32];
	time_t t = time(NULL);
	struct tm tm;
	va_list ap;

	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
	flockfile(stderr); /* one line whole, whichever thread logs (cluster.c) */
	fprintf(stderr, "%s alarmdesk-center: ", when);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	funlockfile(stderr);
}

static void restore_alarm(void *ctx, const char *frame)
{
	struct center *c = ctx;
	struct proto_msg m;
	char err[256];

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) || m.type != PROTO_ALARM) {
		center_log("stored alarm skipped: %s", err);
		return;
	}
	m.alarm.seq = m.seq;
	if (book_add(c->book, &m.alarm) == BOOK_FULL)
		center_log("stored alarm %s skipped: more than %zu open", m.alarm.id,
			   c->cfg.max_open);
	proto_msg_release(&m);
}

int center_init(struct center *c, uv_loop_t *loop, const struct center_config *cfg)
{
	char err[512];

	memset(c, 0, sizeof *c);
	c->loop = loop;
	c->cfg = *cfg;
	if (sites_load(&c->sites, cfg->datadir, err, sizeof err) ||
	    panels_load(&c->panels, cfg->datadir, &c->sites, err, sizeof err) ||
	    gb_config_load(&c->gb, cfg->datadir, &c->sites, err, sizeof err)) {
		snprintf(c->err, sizeof c->err, "data: %s", err);
		return AD_EINVAL;
	}
	c->accounts = accounts_load(cfg->accounts, 1, err, sizeof err);
	if (c->accounts == NULL) {
		snprintf(c->err, sizeof c->err, "%s", err);
		return AD_EINVAL;
	}
	c->store = store_open(cfg->db, err, sizeof err);
	if (c->store == NULL) {
		snprintf(c->err, sizeof c->err, "%s", err);
		return AD_EIO;
	}
	c->book = book_new(cfg->max_open);
	c->ring = calloc(CENTER_RING, sizeof *c->ring);
	c->site_recent = calloc(c->sites.n, sizeof *c->site_recent);
	if (c->book == NULL || c->ring == NULL) {
		snprintf(c->err, sizeof c->err, "out of memory");
		return AD_ENOMEM;
	}
	if (store_alarm_each(c->store, restore_alarm, c)) {
		snprintf(c->err, sizeof c->err, "%s", store_error(c->store));
		return AD_EIO;
	}
	c->durable = store_head(c->store);
	return 0;
}

void center_release(struct center *c)
{
	if (c->ring != NULL)
		for (size_t i = 0; i < CENTER_RING; i++)
			free(c->ring[i].text);
	free(c->ring);
	free(c->site_recent);
	free(c->tests);
	book_free(c->book);
	store_close(c->store);
	accounts_free(c->accounts);
	panels_release(&c->panels);
	gb_config_release(&c->gb);
	sites_release(&c->sites);
	memset(c, 0, sizeof *c);
}

void center_fatal_store(struct center *c)
{
	center_log("FATAL: %s; stopping so that the stream and the disk cannot diverge",
		   store_error(c->store));
	exit(3);
}

bool center_batch_begin(struct center *c)
{
	if (c->in_batch)
		return false;
	if (store_begin(c->store))
		center_fatal_store(c);
	c->in_batch = true;
	return true;
}

void center_batch_end(struct center *c)
{
	if (!c->in_batch)
		return;
	c->in_batch = false;
	/* Prune in steps of 10 % so the delete is rare and amortised. */
	if (store_head(c->store) - store_oldest(c->store) > c->cfg.history + c->cfg.history / 10 &&
	    store_prune(c->store, c->cfg.history))
		center_fatal_store(c);
	if (store_commit(c->store))
		center_fatal_store(c);
	/* A cluster's leader: its batch is durable once the stream of record
	 * has it too (fenced); until then nobody is told. Crashed in between,
	 * the node sends its file's tail again when it starts. */
	if (c->replicate && store_head(c->store) > c->durable) {
		char why[300];
		if (c->replicate(c, c->durable + 1, store_head(c->store), why, sizeof why)) {
			center_log("cluster: %s: seq %llu-%llu are in this node's file only; it exits "
				   "so as not to act on stale state (started again, it sends them first)",
				   why, (unsigned long long)c->durable + 1,
				   (unsigned long long)store_head(c->store));
			exit(75);
		}
	}
	if (c->durable != store_head(c->store)) {
		c->durable = store_head(c->store);
		if (c->durable_cb)
			c->durable_cb(c);
	}
}

/* Appends frame (taking ownership) as the next stream seq. */
static int append(struct center *c, char *frame, uint64_t seq)
{
	struct ring_frame *r;

	if (frame == NULL) {
		center_log("out of memory encoding seq %llu", (unsigned long long)seq);
		return AD_ENOMEM;
	}
	if (c->follower && !c->mirroring) {
		/* A follower writes only what the leader wrote. */
		center_log("cluster: a follower does not emit (seq %llu dropped)", (unsigned long long)seq);
		free(frame);
		return AD_EPERM;
	}
	center_batch_begin(c);
	if (store_append(c->store, seq, frame, center_now_ms()))
		center_fatal_store(c);
	r = &c->ring[seq % CENTER_RING];
	free(r->text);
	r->seq = seq;
	r->text = frame;
	r->len = strlen(frame);
	return 0;
}

bool center_mirror(struct center *c, uint64_t seq, const char *frame, size_t len)
{
	char *copy;
	int rc;

	if (seq != store_head(c->store) + 1) {
		if (seq > store_head(c->store) + 1)
			center_log("cluster: seq %llu after %llu: frames are missing (pruned from the "
				   "stream?); this node cannot follow", (unsigned long long)seq,
				   (unsigned long long)store_head(c->store));
		return false; /* one it has (the consumer starts over after a reconnect) */
	}
	if ((copy = malloc(len + 1)) == NULL)
		center_fatal_store(c);
	memcpy(copy, frame, len);
	copy[len] = '\0';
	c->mirroring = true;
	rc = append(c, copy, seq);
	c->mirroring = false;
	return rc == 0;
}

static uint64_t next_seq(const struct center *c)
{
	return store_head(c->store) + 1;
}

/* A second alarm from a site that has one open is linked to it, and both
 * get one priority level more urgent than the more urgent of the two, each
 * within its class's ceiling (alarm_escalated_priority). */
static void link_to_open(struct center *c, struct alarm *a, size_t site)
{
	const struct alarm *open;
	struct alarm raised;
	int prio;

	if (c->site_recent == NULL || c->site_recent[site][0][0] == '\0')
		return;
	open = book_find(c->book, c->site_recent[site][0]);
	if (open == NULL)
		return;
	prio = (open->priority < a->priority ? open->priority : a->priority) - 1;
	if (prio < ALARM_PRIORITY_MIN)
		prio = ALARM_PRIORITY_MIN;
	a->priority = alarm_escalated_priority(a, prio);
	if (alarm_escalated_priority(open, prio) != open->priority) {
		raised = *open;
		raised.priority = alarm_escalated_priority(open, prio);
		center_commit(c, &raised, &(struct center_change){.action = "escalate", .by = "center"});
	}
	a->linked = c->site_recent[site][0];
}

/* An open alarm of site si's newest ones of the same event that came by
 * another path within the window, or NULL. */
static const struct alarm *same_event(struct center *c, const struct alarm *a, size_t si,
				      int64_t now)
{
	size_t n = a->sources ? strlen(a->sources) : 0;

	if (c->cfg.multi_window_ms == 0 || n == 0 || c->site_recent == NULL)
		return NULL;
	for (int k = 0; k < CENTER_SITE_RECENT; k++) {
		const struct alarm *o = book_find(c->book, c->site_recent[si][k]);
		bool known = false;
		if (o == NULL || o->zone_no != a->zone_no || strcmp(o->event_code, a->event_code) ||
		    now - o->received_ms > c->cfg.multi_window_ms)
			continue;
		for (const char *p = strstr(o->sources, a->sources); p; p = strstr(p + 1, a->sources))
			known |= (p == o->sources || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0');
		if (!known && strlen(o->sources) + n + 3 < 256)
			return o; /* the newest first */
	}
	return NULL;
}

/* What would have been alarm a, from a site on test: logged and broadcast
 * as a test signal. */
static int test_signal(struct center *c, const struct alarm *a, struct site_test *t)
{
	struct proto_signal g = {a->cust_id, a->zone_no,  a->zone_name,	 a->event_code,
				 a->channel, a->qualifier ? a->qualifier : 1, center_now_ms()};

	t->signals++;
	center_log("test signal from %s: %s zone %d by %s (%s)", a->cust_id, a->event_code,
		   a->zone_no, alarm_channel_name(a->channel), a->sources ? a->sources : "");
	return center_emit_signal(c, &g);
}

int center_emit_alarm(struct center *c, struct alarm *a, const struct site *site)
{
	uint64_t seq;
	char id[48], linked[64] = "";
	char *frame;
	enum book_result r;
	size_t si = site ? (size_t)(site - c->sites.v) : 0;

	center_batch_begin(c);
	if (site && c->tests && c->tests[si].state != PROTO_TEST_OFF)
		return test_signal(c, a, &c->tests[si]) ? AD_ENOMEM : CENTER_TEST_SIGNAL;
	{
		const struct alarm *o = site ? same_event(c, a, si, center_now_ms()) : NULL;
		if (o) {
			char sources[256];
			struct alarm n = *o;
			snprintf(sources, sizeof sources, "%s, %s", o->sources, a->sources);
			n.sources = sources;
			snprintf(id, sizeof id, "%s", o->id);
			center_log("alarm %s: the same event by %s too", id, a->sources);
			center_commit(c, &n, &(struct center_change){.action = "source", .by = "center", .text = a->sources});
			a->id = book_find(c->book, id)->id;
			return 0;
		}
	}
	a->linked = "";
	if (site) {
		int prio = a->priority;
		link_to_open(c, a, si);
		snprintf(linked, sizeof linked, "%s", a->linked);
		a->linked = linked;
		if (a->priority != prio) /* escalated: the plan of its new grade */
			sites_apply_plan(&c->sites, site, a);
	}
	seq = next_seq(c);
	snprintf(id, sizeof id, "%.6s-%llu", store_epoch(c->store), (unsigned long long)seq);
	a->id = id;
	a->received_ms = center_now_ms();
	if (a->occurred_ms == 0)
		a->occurred_ms = a->received_ms;
	a->state = ALARM_ST_NEW;
	a->claimed_by = "";
	a->receiver = "";
	a->unit = "";
	a->seq = seq; /* kept, so the stored frame of a changed alarm decodes again */
	flow_start(a, a->received_ms);
	r = book_add(c->book, a);
	if (r != BOOK_ADDED) {
		center_log("alarm from %s refused: %s", a->cust_id,
			   r == BOOK_FULL ? "too many open alarms" : "out of memory");
		return AD_ENOMEM;
	}
	frame = proto_encode_alarm(a, seq);
	if (append(c, frame, seq))
		return AD_ENOMEM;
	if (store_alarm_put(c->store, id, frame))
		center_fatal_store(c);
	if (site && c->site_recent) {
		memmove(&c->site_recent[si][1], &c->site_recent[si][0],
			(CENTER_SITE_RECENT - 1) * sizeof c->site_recent[si][0]);
		snprintf(c->site_recent[si][0], sizeof c->site_recent[si][0], "%s", id);
	}
	c->emitted_alarms++;
	/* The caller may read the id it was given: the book's copy (valid until
	 * the alarm changes), not this function's buffer. */
	a->id = book_find(c->book, id)->id;
	if (c->alarm_cb)
		c->alarm_cb(c, book_find(c->book, id));
	return 0;
}

/* Appends frame (taking ownership) as stream seq and keeps it as standing
 * state as k says (standing.c). */
static int append_standing(struct center *c, char *frame, uint64_t seq,
			   const struct standing_key *k)
{
	int rc = append(c, frame, seq);

	if (rc)
		return rc;
	if (k->kind ? store_standing_put(c->store, k->key, k->kind, k->at_ms,
					 c->ring[seq % CENTER_RING].text, k->keep)
		    : store_standing_delete(c->store, k->key))
		center_fatal_store(c);
	return 0;
}

int center_emit_device(struct center *c, const char *cust_id, const char *device,
		       enum proto_device_state st)
{
	struct proto_device d = {cust_id, device, st, center_now_ms()};
	uint64_t seq = next_seq(c);
	struct standing_key k;

	standing_device(&k, &d);
	return append_standing(c, proto_encode_device(&d, seq), seq, &k);
}

int center_emit_arm(struct center *c, const char *cust_id, int partition, bool armed,
		    const char *user, const char *origin)
{
	struct proto_arm a = {cust_id, partition, armed, user, center_now_ms(), origin};
	uint64_t seq = next_seq(c);
	struct standing_key k;

	standing_arm(&k, &a);
	return append_standing(c, proto_encode_arm(&a, seq), seq, &k);
}

int center_emit_test(struct center *c, const struct proto_test *t)
{
	uint64_t seq = next_seq(c);
	struct standing_key k;

	standing_test(&k, t);
	return append_standing(c, proto_encode_test(t, seq), seq, &k);
}

/* Every change of a work order is kept in the orders table too (the
 * figures read them). */
int center_emit_order(struct center *c, struct work_order *o)
{
	uint64_t seq = next_seq(c);
	struct standing_key k;
	int rc;

	if (!o->id[0])
		snprintf(o->id, sizeof o->id, "WO-%.6s-%llu", store_epoch(c->store),
			 (unsigned long long)seq);
	standing_order(&k, o);
	rc = append_standing(c, proto_encode_order(o, seq), seq, &k);
	if (rc == 0 && store_order_put(c->store, o->id, o->opened_ms, c->ring[seq % CENTER_RING].text))
		center_fatal_store(c);
	return rc;
}

int center_emit_flood(struct center *c, const struct proto_flood *f)
{
	uint64_t seq = next_seq(c);
	struct standing_key k;

	standing_flood(&k, f);
	return append_standing(c, proto_encode_flood(f, seq), seq, &k);
}

int center_emit_signal(struct center *c, const struct proto_signal *g)
{
	uint64_t seq = next_seq(c);

	return append(c, proto_encode_signal(g, seq), seq);
}

/* A notice stays in force for CENTER_NOTICE_MS (a shift). */
int center_emit_notice(struct center *c, const char *from, const char *text)
{
	struct proto_notice n = {from, text, center_now_ms()};
	uint64_t seq = next_seq(c);
	struct standing_key k;

	standing_notice(&k, &n, seq);
	return append_standing(c, proto_encode_notice(&n, seq), seq, &k);
}

/* n (a changed copy of an open alarm) committed in the caller's batch or
 * its own. */
static void commit_own(struct center *c, const struct alarm *n, const struct center_change *ch)
{
	bool own = center_batch_begin(c);

	center_commit(c, n, ch);
	if (own)
		center_batch_end(c);
}

bool center_step(struct center *c, const char *id, const struct center_change *ch, int stop,
		 int start)
{
	const struct alarm *a = book_find(c->book, id);
	int64_t now = center_now_ms();
	struct flow_result res;
	struct alarm n;

	if (a == NULL)
		return false;
	n = *a;
	if (stop >= 0)
		flow_clock_stop(&n, (enum flow_clock)stop, now, &res);
	if (start >= 0)
		flow_clock_start(&n, (enum flow_clock)start, now);
	commit_own(c, &n, ch);
	return true;
}

bool center_restore(struct center *c, const char *id, const char *by, int64_t at_ms,
		    const char *origin)
{
	const struct alarm *a = book_find(c->book, id);
	struct alarm n;

	if (a == NULL || a->flow.restored_ms)
		return false;
	n = *a;
	n.flow.restored_ms = at_ms;
	commit_own(c, &n, &(struct center_change){.action = "restore", .by = by, .origin = origin});
	return true;
}

void center_commit(struct center *c, const struct alarm *changed, const struct center_change *ch)
{
	const struct alarm *old = book_find(c->book, changed->id);
	struct alarm_entry tl[ALARM_MAX_TIMELINE];
	struct alarm copy = *changed, *n = &copy;
	struct alarm_update u = {.alarm_id = n->id, .by = ch->by,
				 .console = ch->console ? ch->console : "", .action = ch->action,
				 .op_id = ch->op_id, .origin = ch->origin,
				 .receiver = n->receiver, .unit = n->unit, .sources = n->sources,
				 .text = ch->text ? ch->text : "", .arg = ch->arg,
				 .holder = n->claimed_by, .state = n->state, .priority = n->priority,
				 .at_ms = center_now_ms(), .flow = n->flow, .has_flow = true};
	uint64_t seq = next_seq(c);
	char id[64], *update, *record;
	int64_t received = n->received_ms;

	/* Nothing changed and nothing said (a holder claiming again): nothing to tell. */
	if (old && alarm_same_handling(old, n) && u.text[0] == '\0')
		return;
	/* The same entry every console logs from this update. */
	alarm_log(n, &(struct alarm_entry){u.at_ms, u.action, u.by, u.text, u.arg}, tl);
	update = proto_encode_update(&u, seq);
	/* A closing alarm is kept as a record (with its timeline), for the figures. */
	record = n->state == ALARM_ST_CLOSED ? proto_encode_alarm(n, n->seq) : NULL;
	/* n may point into the book's copy: encode before the book replaces it. */
	snprintf(id, sizeof id, "%s", n->id);
	switch (book_add(c->book, n)) {
	case BOOK_NOMEM:
	case BOOK_FULL:
		center_log("out of memory updating %s", id);
		/* fall through */
	case BOOK_DUPLICATE:
		free(update);
		free(record);
		return;
	default:
		break;
	}
	append(c, update, seq);
	center_keep_alarm(c, id, received, record);
	free(record);
}

void center_keep_alarm(struct center *c, const char *id, int64_t received_ms, const char *record)
{
	const struct alarm *a = book_find(c->book, id);
	char *frame;

	if (a == NULL) {
		if (store_alarm_delete(c->store, id) || record == NULL ||
		    store_record_put(c->store, id, received_ms, record))
			center_fatal_store(c);
		return;
	}
	frame = proto_encode_alarm(a, a->seq);
	if (frame == NULL || store_alarm_put(c->store, id, frame))
		center_fatal_store(c);
	free(frame);
}

void center_session_synced(struct center *c)
{
	void (*ready)(struct center *) = c->ready_cb;

	c->nsynced++;
	if (ready != NULL && c->nsynced >= c->cfg.start_after) {
		c->ready_cb = NULL;
		center_log("%u console(s) synced: starting the sources", c->nsynced);
		ready(c);
	}
}

const char *center_frame(struct center *c, uint64_t seq, size_t *len, char **owned)
{
	struct ring_frame *r = &c->ring[seq % CENTER_RING];

	*owned = NULL;
	if (r->text != NULL && r->seq == seq) {
		*len = r->len;
		return r->text;
	}
	*owned = store_frame(c->store, seq);
	if (*owned == NULL)
		return NULL;
	*len = strlen(*owned);
	return *owned;
}
