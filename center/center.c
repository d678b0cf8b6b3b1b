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
#include "server.h"

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
	fprintf(stderr, "%s alarmdesk-center: ", when);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
	if (sites_load(&c->sites, cfg->datadir, err, sizeof err)) {
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
	book_free(c->book);
	store_close(c->store);
	accounts_free(c->accounts);
	sites_release(&c->sites);
	memset(c, 0, sizeof *c);
}

static void fatal_store(struct center *c)
{
	center_log("FATAL: %s; stopping so that the stream and the disk cannot diverge",
		   store_error(c->store));
	exit(3);
}

void center_batch_begin(struct center *c)
{
	if (c->in_batch)
		return;
	if (store_begin(c->store))
		fatal_store(c);
	c->in_batch = true;
}

void center_batch_end(struct center *c)
{
	if (!c->in_batch)
		return;
	c->in_batch = false;
	/* Prune in steps of 10 % so the delete is rare and amortised. */
	if (store_head(c->store) - store_oldest(c->store) > c->cfg.history + c->cfg.history / 10 &&
	    store_prune(c->store, c->cfg.history))
		fatal_store(c);
	if (store_commit(c->store))
		fatal_store(c);
	if (c->durable != store_head(c->store)) {
		c->durable = store_head(c->store);
		center_server_wake(c);
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
	center_batch_begin(c);
	if (store_append(c->store, seq, frame, center_now_ms()))
		fatal_store(c);
	r = &c->ring[seq % CENTER_RING];
	free(r->text);
	r->seq = seq;
	r->text = frame;
	r->len = strlen(frame);
	return 0;
}

static uint64_t next_seq(const struct center *c)
{
	return store_head(c->store) + 1;
}

int center_emit_alarm(struct center *c, struct alarm *a)
{
	uint64_t seq = next_seq(c);
	char id[48];
	char *frame;
	enum book_result r;

	snprintf(id, sizeof id, "%.6s-%llu", store_epoch(c->store), (unsigned long long)seq);
	a->id = id;
	a->received_ms = center_now_ms();
	if (a->occurred_ms == 0)
		a->occurred_ms = a->received_ms;
	a->state = ALARM_ST_NEW;
	a->claimed_by = "";
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
		fatal_store(c);
	c->emitted_alarms++;
	return 0;
}

int center_emit_device(struct center *c, const char *cust_id, const char *device,
		       enum proto_device_state st)
{
	struct proto_device d = {cust_id, device, st, center_now_ms()};
	uint64_t seq = next_seq(c);
	return append(c, proto_encode_device(&d, seq), seq);
}

int center_emit_notice(struct center *c, const char *from, const char *text)
{
	struct proto_notice n = {from, text, center_now_ms()};
	uint64_t seq = next_seq(c);
	return append(c, proto_encode_notice(&n, seq), seq);
}

/* Emits the update for a state change already applied to the book. */
static void emit_update(struct center *c, const char *id, enum alarm_state st,
			const char *by, const char *console)
{
	struct proto_update u = {id, by, console, st, center_now_ms()};
	uint64_t seq = next_seq(c);
	const struct alarm *a;

	append(c, proto_encode_update(&u, seq), seq);
	a = book_find(c->book, id);
	if (a == NULL) {
		if (store_alarm_delete(c->store, id))
			fatal_store(c);
	} else {
		char *frame = proto_encode_alarm(a, 0);
		if (frame == NULL || store_alarm_put(c->store, id, frame))
			fatal_store(c);
		free(frame);
	}
}

int center_apply_op(struct center *c, const struct proto_op *op, enum proto_role role,
		    const char *op_name, const char *console, const char **msg,
		    char **msg_owned)
{
	const char *holder = "";
	enum alarm_state before;
	const struct alarm *a;
	int code, rc;

	*msg_owned = NULL;
	if (role == PROTO_ROLE_SUPERVISOR && op->action != PROTO_ACT_ANCHOR) {
		*msg = "read-only session: supervisors may not change alarms";
		return PROTO_E_READONLY;
	}
	if (store_op_get(c->store, console, op->op_id, &code, msg_owned)) {
		*msg = *msg_owned;
		return code;
	}
	if (op->action == PROTO_ACT_ANCHOR) {
		/* Any role may anchor its own journal: it changes no alarm. */
		center_batch_begin(c);
		if (store_anchor_put(c->store, console, op->text, center_now_ms()) ||
		    store_op_put(c->store, console, op->op_id, PROTO_OK, "anchored"))
			fatal_store(c);
		center_batch_end(c);
		*msg = "anchored";
		return PROTO_OK;
	}
	a = book_find(c->book, op->alarm_id);
	before = a ? a->state : ALARM_ST_CLOSED;
	switch (op->action) {
	case PROTO_ACT_CLAIM:
		rc = book_claim(c->book, op->alarm_id, op_name, center_now_ms(), &holder);
		break;
	case PROTO_ACT_RELEASE:
		rc = book_release(c->book, op->alarm_id, op_name, center_now_ms());
		break;
	case PROTO_ACT_CLOSE:
		rc = book_close(c->book, op->alarm_id, op_name, center_now_ms());
		break;
	case PROTO_ACT_NOTE:
		rc = a ? 0 : AD_ENOENT;
		break;
	default:
		*msg = "unknown action";
		return PROTO_E_ACTION;
	}
	switch (rc) {
	case 0:
		code = PROTO_OK;
		*msg = "ok";
		break;
	case AD_ENOENT:
		code = PROTO_E_ALARM;
		*msg = "no open alarm with that id";
		break;
	case AD_ESTATE:
		if (op->action == PROTO_ACT_CLAIM) {
			code = PROTO_E_CLAIMED;
			*msg_owned = malloc(160);
			if (*msg_owned)
				snprintf(*msg_owned, 160, "already claimed by %s", holder);
			*msg = *msg_owned ? *msg_owned : "already claimed";
		} else {
			code = PROTO_E_HOLDER;
			*msg = "claim the alarm first";
		}
		break;
	default:
		code = PROTO_E_INTERNAL;
		*msg = "internal error";
	}
	center_batch_begin(c);
	a = book_find(c->book, op->alarm_id);
	if (code == PROTO_OK && (a == NULL ? ALARM_ST_CLOSED : a->state) != before)
		emit_update(c, op->alarm_id, a ? a->state : ALARM_ST_CLOSED, op_name, console);
	if (code == PROTO_OK && op->action == PROTO_ACT_NOTE)
		center_log("note on %s by %s: %s", op->alarm_id, op_name, op->text);
	if (store_op_put(c->store, console, op->op_id, code, *msg))
		fatal_store(c);
	center_batch_end(c);
	center_log("op %s %s %s by %s at %s: %d %s", op->op_id, proto_action_name(op->action),
		   op->alarm_id, op_name, console, code, *msg);
	return code;
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
