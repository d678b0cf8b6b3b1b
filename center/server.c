/* server.c — lws protocol callback of the center. One write per WRITEABLE
 * callback: control frames (welcome, plans, snapshot, op_ack, tick) first,
 * then stream frames up to the durable head, read from the ring or the
 * store. A session is never sent a seq twice within a connection. */
#include "server.h"

#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "../app/core/text.h"
#include "../net/lwsuv.h"
#include "center.h"
#include "login.h"
#include "snapshot.h"

#define CTL_MAX 8192            /* queued control frames per session */
#define HELLO_TIMEOUT_MS 10000
#define HELD_MAX 16             /* frames a client may send before its welcome */
#define IMAGES_QUEUED_MAX (24 * 1024 * 1024) /* image bytes one session may wait for */

struct ctl {
	struct ctl *next;
	size_t len;
	bool binary; /* an image's bytes (after the images message) */
	char text[];
};

/* HELLO: waiting for hello; AUTH: its password is being checked (frames
 * that arrive meanwhile are held and handled after the welcome). */
enum sess_state { SESS_HELLO, SESS_AUTH, SESS_LIVE, SESS_CLOSING };

struct session {
	struct session *next;
	struct lws *wsi;
	struct center *c;
	enum sess_state state;
	enum proto_role role;
	char console[64], operator_[64], addr[64];
	struct login_req *login;     /* the check in flight (SESS_AUTH) */
	struct proto_hello hello;    /* what the welcome needs, copied: */
	char req_id[64], epoch[64];
	struct ctl *held_head, *held_tail;
	size_t nheld;
	uint64_t sent;    /* last stream seq sent */
	uint64_t sync_at; /* send `synced` once `sent` reaches it (0 = done) */
	bool counted;     /* counted in center_session_synced */
	struct snap *snap; /* a snapshot being sent, chunk by chunk */
	struct ctl *ctl_head, *ctl_tail;
	size_t nctl;
	size_t image_bytes; /* of images queued and not yet written */
	char *rx;
	size_t rxlen;
	int close_code;
	char close_msg[64];
	int64_t opened_ms;
};

struct center_server {
	struct lwsuv lws;
	struct center *c;
	struct login *login;
	int port;
	void (*done_cb)(struct center *c);
	unsigned char *txbuf;
};

static void session_close(struct session *s, int code, const char *why)
{
	s->state = SESS_CLOSING;
	s->close_code = code;
	snprintf(s->close_msg, sizeof s->close_msg, "%s", why);
	lws_callback_on_writable(s->wsi);
}

size_t center_server_drop_removed(struct center *c)
{
	size_t n = 0;

	for (struct session *s = c->sessions; s; s = s->next)
		if (s->state == SESS_LIVE && !accounts_has(c->accounts, s->operator_)) {
			center_log("session of %s at %s closed: the account was removed", s->operator_,
				   s->console);
			session_close(s, PROTO_CLOSE_AUTH, "account removed");
			n++;
		}
	return n;
}

#define CUT_OFF_WHY "this center node lost the cluster (NATS): what it has may be stale; " \
		    "connect to another node"

/* Appends a copy of text to a frame list; -1 when out of memory. */
static int append(struct ctl **head, struct ctl **tail, const char *text, size_t len)
{
	struct ctl *k = malloc(sizeof *k + len + 1);

	if (k == NULL)
		return -1;
	k->next = NULL;
	k->len = len;
	k->binary = false;
	memcpy(k->text, text, len);
	k->text[len] = '\0';
	if (*tail)
		(*tail)->next = k;
	else
		*head = k;
	*tail = k;
	return 0;
}

static void free_list(struct ctl *k)
{
	while (k) {
		struct ctl *next = k->next;
		free(k);
		k = next;
	}
}

/* Queues a control frame (takes ownership of text). */
static void push_ctl(struct session *s, char *text)
{
	if (text == NULL) {
		session_close(s, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "out of memory");
		return;
	}
	if (s->nctl >= CTL_MAX) {
		free(text);
		session_close(s, LWS_CLOSE_STATUS_POLICY_VIOLATION, "too slow: resume");
		return;
	}
	if (append(&s->ctl_head, &s->ctl_tail, text, strlen(text))) {
		free(text);
		session_close(s, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "out of memory");
		return;
	}
	free(text);
	s->nctl++;
	lws_callback_on_writable(s->wsi);
}

static void send_error(struct session *s, int code, const char *msg, const char *field,
		       int close_code)
{
	struct proto_error e = {.req_id = "", .msg = msg, .field = field, .code = code};

	push_ctl(s, proto_encode_error(&e));
	if (close_code)
		session_close(s, close_code, msg);
}

/* A hash strengthened at a login: the accounts changed here. */
static void accounts_saved(void *ctx)
{
	struct center *c = ctx;

	if (c->accounts_changed)
		c->accounts_changed(c);
}

/* Tells a console this node lost the cluster and closes its link; the close
 * reason is short, the error frame says it all. */
static void refuse_cut_off(struct session *s)
{
	send_error(s, PROTO_E_INTERNAL, CUT_OFF_WHY, "", 0);
	session_close(s, LWS_CLOSE_STATUS_GOINGAWAY, "this node lost the cluster");
}

void center_server_cut_off(struct center *c)
{
	for (struct session *s = c->sessions; s; s = s->next)
		if (s->state == SESS_LIVE)
			refuse_cut_off(s);
}

/* Queues `synced` at head: the session is live from here. */
static void send_synced(struct session *s, uint64_t head)
{
	push_ctl(s, proto_encode_synced(head));
	s->sync_at = 0;
	if (!s->counted) {
		s->counted = true;
		center_session_synced(s->c);
	}
}

/* Starts a snapshot at the durable head; stream frames wait until it is out. */
static void queue_snapshot(struct session *s)
{
	struct center *c = s->c;

	snap_free(s->snap);
	s->snap = snap_start(c);
	if (s->snap == NULL) {
		session_close(s, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "out of memory");
		return;
	}
	s->sent = snap_head(s->snap);
	s->sync_at = 0;
	lws_callback_on_writable(s->wsi);
}

/* Tells every supervisor who is connected, after each login and logout. */
static void room_changed(struct center *c)
{
	struct proto_room_entry v[PROTO_MAX_ITEMS];
	size_t n = 0;
	char *frame;

	for (struct session *s = c->sessions; s && n < PROTO_MAX_ITEMS; s = s->next)
		if (s->state == SESS_LIVE)
			v[n++] = (struct proto_room_entry){s->operator_, s->console, s->role,
							   s->opened_ms};
	frame = proto_encode_room(v, n);
	for (struct session *s = c->sessions; s; s = s->next)
		if (s->state == SESS_LIVE && s->role == PROTO_ROLE_SUPERVISOR)
			push_ctl(s, frame ? strdup(frame) : NULL);
	free(frame);
}

static void on_frame(struct session *s, const char *buf, size_t len);

/* The password check is done: welcome, then what came meanwhile. */
static void login_done(void *ctx, int rc, const char *msg)
{
	struct session *s = ctx;
	struct center *c = s->c;
	const struct proto_hello *h = &s->hello;
	struct proto_welcome w;
	struct ctl *held;

	s->login = NULL;
	if (s->state == SESS_CLOSING)
		return;
	if (rc != PROTO_OK) {
		free_list(s->held_head);
		s->held_head = s->held_tail = NULL;
		send_error(s, rc, msg, rc == PROTO_E_ROLE ? "role" : "password", PROTO_CLOSE_AUTH);
		return;
	}
	s->state = SESS_LIVE;
	w = (struct proto_welcome){.req_id = h->req_id, .center = c->cfg.name,
				   .epoch = store_epoch(c->store), .role = h->role,
				   .time_ms = center_now_ms(), .heartbeat_ms = c->cfg.heartbeat_ms,
				   .head = c->durable};
	push_ctl(s, proto_encode_welcome(&w));
	push_ctl(s, strdup(c->sites.plans));
	/* A console that read further on another node of the cluster resumes
	 * here from this node's head: it keeps each seq once. */
	uint64_t from = c->in_cluster && h->seq > c->durable ? c->durable : h->seq;
	if (h->resume && strcmp(h->epoch, store_epoch(c->store)) == 0 && from <= c->durable &&
	    (from + 1 >= store_oldest(c->store) || from == c->durable)) {
		s->sent = from;
		s->sync_at = c->durable;
		if (s->sent == s->sync_at)
			send_synced(s, c->durable);
	} else {
		queue_snapshot(s);
	}
	center_log("console '%s' operator '%s' (%s) from %s connected, %s from seq %llu",
		   s->console, s->operator_, proto_role_name(s->role), s->addr,
		   s->sync_at ? "resuming" : "snapshot", (unsigned long long)s->sent);
	room_changed(c);
	held = s->held_head;
	s->held_head = s->held_tail = NULL;
	for (struct ctl *k = held; k && s->state == SESS_LIVE; k = k->next)
		on_frame(s, k->text, k->len);
	free_list(held);
}

static void on_hello(struct session *s, const struct proto_msg *m)
{
	const struct proto_hello *h = &m->u.hello;

	if (s->c->cut_off) {
		refuse_cut_off(s);
		return;
	}
	if (h->version != PROTO_VERSION) {
		send_error(s, PROTO_E_VERSION, "unsupported protocol version", "version",
			   PROTO_CLOSE_AUTH);
		return;
	}
	snprintf(s->console, sizeof s->console, "%s", h->console);
	snprintf(s->operator_, sizeof s->operator_, "%s", h->operator_);
	snprintf(s->req_id, sizeof s->req_id, "%s", h->req_id);
	snprintf(s->epoch, sizeof s->epoch, "%s", h->epoch ? h->epoch : "");
	s->hello = *h;
	s->hello.req_id = s->req_id;
	s->hello.epoch = s->epoch;
	s->hello.console = s->console;
	s->hello.operator_ = s->operator_;
	s->hello.password = NULL;
	s->role = h->role;
	s->state = SESS_AUTH;
	s->login = login_start(s->c->server->login, s->addr, s->console, h->operator_,
			       h->password, h->role, login_done, s);
}

/* A frame sent before the welcome: kept for after it, within a cap. */
static void hold(struct session *s, const char *buf, size_t len)
{
	if (s->nheld >= HELD_MAX || append(&s->held_head, &s->held_tail, buf, len)) {
		session_close(s, LWS_CLOSE_STATUS_POLICY_VIOLATION,
			      "too many frames before the welcome");
		return;
	}
	s->nheld++;
}

static void on_op(struct session *s, const struct proto_msg *m, const char *frame, size_t len)
{
	struct proto_op_ack ack = {.op_id = m->u.op.op_id};
	char *owned;

	/* A follower hands its consoles' ops to the leader (its op_ack comes
	 * back through center_server_op_ack); its journal anchors are its own. */
	if (s->c->forward_op && m->u.op.action != PROTO_ACT_ANCHOR) {
		if (s->c->forward_op(s->c, s->console, s->operator_, s->role, m->u.op.op_id, frame,
				     len) == 0)
			return;
		ack.code = PROTO_E_INTERNAL;
		ack.msg = "the cluster does not take ops now: send it again";
		push_ctl(s, proto_encode_op_ack(&ack));
		return;
	}
	ack.code = center_apply_op(s->c, &m->u.op, s->role, s->operator_, s->console, NULL, &ack.msg,
				   &owned);
	push_ctl(s, proto_encode_op_ack(&ack));
	free(owned);
}

void center_server_op_ack(struct center *c, const char *console, const char *op_id, int code,
			  const char *msg)
{
	struct proto_op_ack ack = {.op_id = op_id, .code = code, .msg = msg};

	for (struct session *s = c->sessions; s; s = s->next)
		if (s->state == SESS_LIVE && strcmp(s->console, console) == 0)
			push_ctl(s, proto_encode_op_ack(&ack));
}

/* A supervisor's notice to every console: the one thing a read-only
 * session may send. Idempotent by op_id like an op. */
static void on_broadcast(struct session *s, const struct proto_broadcast *b)
{
	struct center *c = s->c;
	struct proto_op_ack ack = {.op_id = b->op_id, .msg = "sent"};
	char *owned = NULL;

	if (s->role != PROTO_ROLE_SUPERVISOR) {
		ack.code = PROTO_E_ROLE;
		ack.msg = "only supervisors broadcast notices";
	} else if (store_op_get(c->store, s->console, b->op_id, &ack.code, &owned)) {
		ack.msg = owned;
	} else {
		center_batch_begin(c);
		center_emit_notice(c, s->operator_, b->text);
		if (store_op_put(c->store, s->console, b->op_id, 0, ack.msg))
			center_fatal_store(c);
		center_batch_end(c);
		center_log("notice from supervisor %s at %s: %s", s->operator_, s->console, b->text);
	}
	push_ctl(s, proto_encode_op_ack(&ack));
	free(owned);
}

struct images_answer {
	struct proto_images x;
	struct ctl *head, *tail;
	size_t bytes;
};

static int image_cb(void *ctx, int n, int64_t at_ms, const void *data, size_t len)
{
	struct images_answer *w = ctx;

	if (w->x.n == PROTO_IMAGES_MAX || len > PROTO_MAX_IMAGE ||
	    append(&w->head, &w->tail, data, len))
		return 1;
	w->tail->binary = true;
	w->x.at_ms[w->x.n] = at_ms;
	w->x.bytes[w->x.n++] = len;
	w->bytes += len;
	return 0;
}

/* An alarm's images: the images message, then each image as a binary
 * message, queued together so nothing comes between them. */
static void on_images(struct session *s, const struct proto_query *q)
{
	struct images_answer w = {.x = {.req_id = q->req_id, .alarm = q->alarm}};
	struct proto_error e = {.req_id = q->req_id, .field = "", .code = PROTO_E_INTERNAL};
	char *text;

	if (s->image_bytes > IMAGES_QUEUED_MAX) {
		e.msg = "images: the last answer is still being sent";
		e.code = PROTO_E_THROTTLED;
		push_ctl(s, proto_encode_error(&e));
		return;
	}
	if (store_image_each(s->c->store, q->alarm, image_cb, &w)) {
		free_list(w.head);
		e.msg = "images: cannot read the store";
		push_ctl(s, proto_encode_error(&e));
		return;
	}
	text = proto_encode_images(&w.x);
	push_ctl(s, text);
	if (text == NULL || s->state == SESS_CLOSING) {
		free_list(w.head);
		return;
	}
	if (w.head) {
		s->ctl_tail->next = w.head;
		s->ctl_tail = w.tail;
		s->nctl += (size_t)w.x.n;
		s->image_bytes += w.bytes;
	}
}

static void on_query(struct session *s, const struct proto_query *q)
{
	struct proto_figures f = {.req_id = q->req_id};
	char *site = q->what == PROTO_Q_SITE ? center_site_answer(s->c, q) : NULL;

	if (q->what == PROTO_Q_IMAGES) {
		on_images(s, q);
		return;
	}
	if (site) {
		push_ctl(s, site);
		return;
	}
	if (q->what == PROTO_Q_SITE || center_figures(s->c, q->from_ms, q->to_ms, &f.f)) {
		struct proto_error e = {.req_id = q->req_id, .msg = "out of memory", .field = "",
					.code = PROTO_E_INTERNAL};
		push_ctl(s, proto_encode_error(&e));
		return;
	}
	push_ctl(s, proto_encode_figures(&f));
}

static void on_frame(struct session *s, const char *buf, size_t len)
{
	struct proto_msg m;
	char err[256];
	int rc;

	if (s->state == SESS_AUTH) {
		hold(s, buf, len);
		return;
	}
	rc = proto_decode(buf, len, &m, err, sizeof err);

	if (rc && s->state == SESS_LIVE && m.refused_op_id[0]) {
		/* An op (or notice) the sender waits for by op_id gets its
		 * op_ack; the role is checked before the content. */
		struct proto_op_ack ack = {.op_id = m.refused_op_id, .code = rc, .msg = err};
		if (m.type == PROTO_OP && s->role == PROTO_ROLE_SUPERVISOR) {
			ack.code = PROTO_E_READONLY;
			ack.msg = "read-only session: supervisors may not change alarms";
		} else if (m.type == PROTO_BROADCAST && s->role != PROTO_ROLE_SUPERVISOR) {
			ack.code = PROTO_E_ROLE;
			ack.msg = "only supervisors broadcast notices";
		}
		push_ctl(s, proto_encode_op_ack(&ack));
		return;
	}
	if (rc) {
		/* Before hello a bad frame ends the session; after it, the
		 * console is told and the session carries on. */
		send_error(s, rc, err, NULL, s->state == SESS_HELLO ? LWS_CLOSE_STATUS_PROTOCOL_ERR : 0);
		return;
	}
	if (s->state == SESS_HELLO) {
		if (m.type == PROTO_HELLO)
			on_hello(s, &m);
		else
			send_error(s, PROTO_E_HELLO, "send hello first", "type",
				   LWS_CLOSE_STATUS_POLICY_VIOLATION);
	} else if (m.type == PROTO_OP) {
		on_op(s, &m, buf, len);
	} else if (m.type == PROTO_BROADCAST) {
		on_broadcast(s, &m.u.broadcast);
	} else if (m.type == PROTO_QUERY) {
		on_query(s, &m.u.query);
	} else if (m.type != PROTO_TICK) {
		send_error(s, PROTO_E_TYPE, "unexpected message type", "type", 0);
	}
	proto_msg_release(&m);
}

static void on_receive(struct session *s, const char *in, size_t len)
{
	if (lws_frame_is_binary(s->wsi)) {
		session_close(s, LWS_CLOSE_STATUS_UNACCEPTABLE_OPCODE, "text frames only");
		return;
	}
	if (s->rxlen + len > PROTO_MAX_FRAME) {
		session_close(s, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, "message too large");
		return;
	}
	if (s->rx == NULL && (s->rx = malloc(PROTO_MAX_FRAME + 1)) == NULL) {
		session_close(s, LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "out of memory");
		return;
	}
	memcpy(s->rx + s->rxlen, in, len);
	s->rxlen += len;
	if (!lws_is_final_fragment(s->wsi) || lws_remaining_packet_payload(s->wsi) > 0)
		return;
	on_frame(s, s->rx, s->rxlen);
	s->rxlen = 0;
}

static int write_frame(struct center_server *sv, struct lws *wsi, const char *text, size_t len,
		       enum lws_write_protocol kind)
{
	memcpy(sv->txbuf + LWS_PRE, text, len);
	return lws_write(wsi, sv->txbuf + LWS_PRE, len, kind) < (int)len ? -1 : 0;
}

static int write_text(struct center_server *sv, struct lws *wsi, const char *text, size_t len)
{
	return write_frame(sv, wsi, text, len, LWS_WRITE_TEXT);
}

/* One frame of what the session has to send: a control frame first, then
 * the close, the snapshot, the stream. 1 when one was written, 0 when
 * there is nothing to write, -1 to close the link. */
static int write_one(struct center_server *sv, struct session *s)
{
	struct center *c = s->c;
	struct ctl *k = s->ctl_head;

	if (k != NULL) {
		int rc;
		s->ctl_head = k->next;
		if (s->ctl_head == NULL)
			s->ctl_tail = NULL;
		s->nctl--;
		if (k->binary)
			s->image_bytes -= k->len;
		rc = write_frame(sv, s->wsi, k->text, k->len,
				 k->binary ? LWS_WRITE_BINARY : LWS_WRITE_TEXT);
		free(k);
		return rc ? -1 : 1;
	}
	if (s->state == SESS_CLOSING) {
		lwsuv_write_close(s->wsi, sv->txbuf + LWS_PRE, s->close_code, s->close_msg);
		return -1;
	}
	if (s->state == SESS_LIVE && s->snap != NULL) {
		char *frame = snap_next_frame(c, s->snap);
		int rc = frame ? write_text(sv, s->wsi, frame, strlen(frame)) : -1;
		free(frame);
		if (rc)
			return -1;
		if (snap_done(s->snap)) {
			uint64_t head = snap_head(s->snap);
			snap_free(s->snap);
			s->snap = NULL;
			send_synced(s, head);
		}
		return 1;
	}
	if (s->state == SESS_LIVE && s->sent < c->durable) {
		size_t len;
		char *owned;
		const char *f = center_frame(c, s->sent + 1, &len, &owned);
		if (f == NULL) {
			/* Fell out of the kept history: start over from a snapshot. */
			queue_snapshot(s);
			return 1;
		}
		if (write_text(sv, s->wsi, f, len)) {
			free(owned);
			return -1;
		}
		free(owned);
		s->sent++;
		if (s->sync_at && s->sent >= s->sync_at)
			send_synced(s, s->sync_at);
		return 1;
	}
	return 0;
}

/* Writable: frames while the socket takes them, up to WRITE_BURST (one
 * session does not hold the loop); asking for writable again per frame
 * cost two epoll_ctl calls a frame and a connection (the fan-out bench). */
#define WRITE_BURST 32
static int on_writeable(struct center_server *sv, struct session *s)
{
	struct center *c = s->c;

	for (int n = 0; n < WRITE_BURST; n++) {
		int rc = write_one(sv, s);
		if (rc < 0)
			return -1;
		if (rc == 0 || lws_send_pipe_choked(s->wsi))
			break;
	}
	if (s->ctl_head != NULL || s->state == SESS_CLOSING || s->snap != NULL ||
	    (s->state == SESS_LIVE && s->sent < c->durable))
		lws_callback_on_writable(s->wsi);
	return 0;
}

static void session_free(struct center *c, struct session *s)
{
	struct session **pp;

	for (pp = &c->sessions; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	free_list(s->ctl_head);
	free_list(s->held_head);
	snap_free(s->snap);
	if (s->login)
		login_cancel(s->login);
	free(s->rx);
	if (s->operator_[0]) {
		center_log("console '%s' operator '%s' disconnected", s->console, s->operator_);
		room_changed(c);
	}
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		    size_t len)
{
	struct center_server *sv = lws_context_user(lws_get_context(wsi));
	struct session *s = user;

	switch (reason) {
	case LWS_CALLBACK_ESTABLISHED:
		memset(s, 0, sizeof *s);
		s->wsi = wsi;
		s->c = sv->c;
		s->opened_ms = center_now_ms();
		lws_get_peer_simple(wsi, s->addr, sizeof s->addr);
		s->next = sv->c->sessions;
		sv->c->sessions = s;
		lws_set_timer_usecs(wsi, (lws_usec_t)HELLO_TIMEOUT_MS * 1000);
		break;
	case LWS_CALLBACK_TIMER:
		if (s->state == SESS_HELLO)
			session_close(s, PROTO_CLOSE_TIMEOUT, "no hello in time");
		break;
	case LWS_CALLBACK_RECEIVE:
		if (s->state != SESS_CLOSING)
			on_receive(s, in, len);
		break;
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return on_writeable(sv, s);
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: {
		const unsigned char *p = in;
		char why[128];
		snprintf(why, sizeof why, "%.*s", len > 2 ? (int)(len - 2) : 0, (const char *)in + 2);
		text_sanitize(why, strlen(why));
		center_log("console '%s' at %s closed its link (%d %s)", s->console, s->addr,
			   len >= 2 ? p[0] << 8 | p[1] : 1005, why);
		break;
	}
	case LWS_CALLBACK_CLOSED:
		session_free(sv->c, s);
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{PROTO_SUBPROTOCOL, callback, sizeof(struct session), 4096, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0},
};

static void tick_cb(uv_timer_t *t)
{
	struct center *c = t->data;
	struct proto_tick tick = {center_now_ms(), c->durable};

	for (struct session *s = c->sessions; s; s = s->next)
		if (s->state == SESS_LIVE && s->nctl < CTL_MAX / 2)
			push_ctl(s, proto_encode_tick(&tick));
}

static void log_cb(int level, const char *line)
{
	center_log("lws: %s", line);
}

/* New durable frames: wake every live session. */
static void wake_cb(struct center *c)
{
	for (struct session *s = c->sessions; s; s = s->next)
		if (s->state == SESS_LIVE)
			lws_callback_on_writable(s->wsi);
}

int center_server_start(struct center *c)
{
	struct center_server *sv = calloc(1, sizeof *sv);
	struct lws_context_creation_info info;
	char host[256];
	const char *colon = strrchr(c->cfg.listen, ':');
	char *end;
	long port;

	if (sv == NULL || (sv->txbuf = malloc(LWS_PRE + PROTO_MAX_IMAGE)) == NULL) {
		snprintf(c->err, sizeof c->err, "out of memory");
		free(sv);
		return -1;
	}
	port = colon ? strtol(colon + 1, &end, 10) : -1;
	if (colon == NULL || colon == c->cfg.listen || *end != '\0' || port < 0 || port > 65535 ||
	    (size_t)(colon - c->cfg.listen) >= sizeof host) {
		snprintf(c->err, sizeof c->err, "--listen '%s': expected ADDRESS:PORT", c->cfg.listen);
		free(sv->txbuf);
		free(sv);
		return -1;
	}
	memcpy(host, c->cfg.listen, (size_t)(colon - c->cfg.listen));
	host[colon - c->cfg.listen] = '\0';
	sv->c = c;
	sv->login = login_new(&(struct login_env){c->loop, &c->accounts, c->cfg.accounts,
						  center_now_ms, center_log, accounts_saved, c});
	if (sv->login == NULL) {
		snprintf(c->err, sizeof c->err, "out of memory");
		free(sv->txbuf);
		free(sv);
		return -1;
	}
	c->server = sv;
	c->durable_cb = wake_cb;
	lwsuv_log_to(log_cb);
	memset(&info, 0, sizeof info);
	info.port = (int)port;
	info.iface = host;
	info.protocols = protocols;
	info.user = sv;
	info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
	info.vhost_name = "default";
	if (c->cfg.tls_cert) {
		info.options |= LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
		info.ssl_cert_filepath = c->cfg.tls_cert;
		info.ssl_private_key_filepath = c->cfg.tls_key;
	}
	if (lwsuv_create(&sv->lws, c->loop, &info, 1)) {
		snprintf(c->err, sizeof c->err, "cannot listen on %s (address in use or invalid?)",
			 c->cfg.listen);
		return -1;
	}
	sv->port = lws_get_vhost_listen_port(lws_get_vhost_by_name(sv->lws.ctx, "default"));
	uv_timer_init(c->loop, &c->tick_timer);
	c->tick_timer.data = c;
	uv_timer_start(&c->tick_timer, tick_cb, c->cfg.heartbeat_ms, c->cfg.heartbeat_ms);
	return 0;
}

int center_server_port(const struct center *c)
{
	return c->server ? c->server->port : -1;
}

static void destroyed_cb(struct lwsuv *l)
{
	struct center_server *sv = (struct center_server *)l;
	struct center *c = sv->c;
	void (*done)(struct center *) = sv->done_cb;

	login_free(sv->login);
	free(sv->txbuf);
	free(sv);
	c->server = NULL;
	c->durable_cb = NULL;
	if (done)
		done(c);
}

void center_server_stop(struct center *c, void (*done_cb)(struct center *c))
{
	struct center_server *sv = c->server;

	if (sv == NULL) {
		if (done_cb)
			done_cb(c);
		return;
	}
	sv->done_cb = done_cb;
	if (c->tick_timer.loop != NULL && !uv_is_closing((uv_handle_t *)&c->tick_timer))
		uv_close((uv_handle_t *)&c->tick_timer, NULL);
	lwsuv_destroy(&sv->lws, destroyed_cb);
}
