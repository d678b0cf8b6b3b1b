/* receiver.c — SIA DC-09 over TCP and UDP (center/receiver.h). Frames come
 * off the sockets here; dc09.c reads them, dc09_crypt.c opens them, and each
 * event becomes an alarm through center_emit_alarm. Replies wait in a queue
 * until the batch the frames of this loop pass went into is committed (one
 * commit for them all, in a uv_check after the pass's reads): an
 * acknowledged alarm is never lost to a crash of the center. On a follower
 * of a cluster, a frame read and opened goes to the leader (relay_frame),
 * which takes it as its own (receiver_take), and its reply waits until the
 * cluster has it. */
#include "receiver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "center.h"
#include "dc09.h"
#include "dc09_crypt.h"
#include "dc09_take.h"
#include "panel_watch.h"
#include "sockaddr.h"

#define CONN_BUF (2 * DC09_MAX_FRAME + 16)
#define REPEAT_WINDOW_MS 60000 /* the same seq and CRC again: the panel's retry */

struct conn {
	uv_tcp_t tcp;
	struct receiver *r;
	struct conn *next;
	char peer[64];
	char buf[CONN_BUF];
	size_t len;
};

/* A reply waiting for the commit. */
struct queued {
	struct queued *next;
	struct conn *conn;              /* TCP, or NULL */
	struct sockaddr_storage peer;   /* UDP */
	size_t len;
	char frame[];
};

struct receiver {
	struct center *c;
	uv_tcp_t tcp;
	uv_udp_t udp;
	uv_check_t flush;
	struct queued *head, **tail;
	struct relayed *relayed;
	struct conn *conns;
	int nconns, port, open;
	bool stopping;
	char addr[80];
};

/* A follower's reply waiting for the cluster to have the frame. */
struct relayed {
	struct relayed *next;
	struct receiver *r; /* NULL: the receiver stopped */
	bool gone;          /* its connection closed */
	struct queued *q;
};

/* Where a frame came from and how to answer it. */
struct origin {
	struct center *c;
	struct receiver *r;              /* NULL: relayed by a follower, answered there */
	struct conn *conn;               /* TCP */
	const struct sockaddr *udp_peer; /* UDP */
	const char *peer;
	enum alarm_channel channel;
	struct relayed *relayed; /* a follower's: the reply is held here */
};

/* ---- replies --------------------------------------------------------------- */

static void written_cb(uv_write_t *w, int status)
{
	free(w->data);
	free(w);
}

static void sent_cb(uv_udp_send_t *s, int status)
{
	free(s->data);
	free(s);
}

static void write_now(struct receiver *r, struct queued *q)
{
	char *copy = malloc(q->len);
	uv_buf_t b = uv_buf_init(copy, (unsigned)q->len);

	if (copy == NULL)
		return;
	memcpy(copy, q->frame, q->len);
	if (q->conn) {
		uv_write_t *w = malloc(sizeof *w);
		if (w == NULL || (w->data = copy, uv_write(w, (uv_stream_t *)&q->conn->tcp, &b, 1,
							  written_cb)) != 0) {
			free(w);
			free(copy);
		}
	} else {
		uv_udp_send_t *s = malloc(sizeof *s);
		if (s == NULL || (s->data = copy, uv_udp_send(s, &r->udp, &b, 1,
							     (struct sockaddr *)&q->peer, sent_cb)) != 0) {
			free(s);
			free(copy);
		}
	}
}

/* After the loop pass's reads: one commit, then every reply. */
static void flush_cb(uv_check_t *h)
{
	struct receiver *r = h->data;
	struct queued *q = r->head, *next;

	if (q == NULL)
		return;
	center_batch_end(r->c);
	r->head = NULL;
	r->tail = &r->head;
	for (; q; q = next) {
		next = q->next;
		write_now(r, q);
		free(q);
	}
}

static struct queued *queued_new(const struct origin *o, const char *frame, size_t len)
{
	struct queued *q = malloc(sizeof *q + len);

	if (q == NULL)
		return NULL;
	q->next = NULL;
	q->conn = o->conn;
	if (o->udp_peer)
		memcpy(&q->peer, o->udp_peer, sockaddr_len(o->udp_peer));
	q->len = len;
	memcpy(q->frame, frame, len);
	return q;
}

static void enqueue(struct receiver *r, struct queued *q)
{
	*r->tail = q;
	r->tail = &q->next;
}

/* A reply, sent once what came before it is committed; on a follower, once
 * the cluster has the frame (relay); at the leader, a relayed frame's
 * reply was the follower's. */
static void send_frame(const struct origin *o, const char *frame, size_t len)
{
	struct queued *q;

	if (o->r == NULL || (q = queued_new(o, frame, len)) == NULL)
		return;
	if (o->relayed) {
		o->relayed->q = q;
		return;
	}
	enqueue(o->r, q);
}

/* A connection closes: its waiting replies have nowhere to go. */
static void drop_queued(struct receiver *r, const struct conn *k)
{
	for (struct queued **pp = &r->head; *pp;) {
		struct queued *q = *pp;
		if (q->conn == k) {
			*pp = q->next;
			free(q);
		} else {
			pp = &q->next;
		}
	}
	r->tail = &r->head;
	while (*r->tail)
		r->tail = &(*r->tail)->next;
}

static void account_field(const struct dc09_frame *f, char *out, size_t len)
{
	snprintf(out, len, "%s%s", f->account[0] ? "#" : "", f->account);
}

/* ACK (or DUH) with the frame's seq, receiver, line and account; encrypted
 * under key when the frame was. */
static void reply(const struct origin *o, const char *token, const struct dc09_frame *f,
		  const char *key)
{
	char frame[DC09_MAX_FRAME + 16], body[DC09_MAX_FRAME], tok[16], acct[24], ts[22];
	size_t n;

	account_field(f, acct, sizeof acct);
	if (f->encrypted && key && key[0]) {
		char plain[40];
		dc09_time_format(center_now_ms(), ts);
		snprintf(plain, sizeof plain, "]%s", ts);
		snprintf(tok, sizeof tok, "*%s", token);
		if (dc09_encrypt(key, plain, body, sizeof body) == 0)
			return;
	} else {
		snprintf(tok, sizeof tok, "%s", token);
		snprintf(body, sizeof body, "[]");
	}
	n = dc09_build(frame, sizeof frame, tok, f->seq[0] ? f->seq : "0000", f->receiver, f->line,
		       acct, body);
	if (n)
		send_frame(o, frame, n);
}

/* NAK, carrying the receiver's time so that the panel may set its clock. */
static void reply_nak(const struct origin *o)
{
	char frame[128], body[32], ts[22];
	size_t n;

	dc09_time_format(center_now_ms(), ts);
	snprintf(body, sizeof body, "[]%s", ts);
	n = dc09_build(frame, sizeof frame, "NAK", "0000", "R0", "L0", "A0", body);
	if (n)
		send_frame(o, frame, n);
}

/* A frame's id, the same on every node: its account, seq and CRC. */
static void frame_id(const struct dc09_frame *f, const char *text, size_t len, char *id,
		     size_t idlen)
{
	snprintf(id, idlen, "dc09/%s/%s/%08x", f->account, f->seq,
		 (unsigned)dc09_crc(text + 8, len - 8));
}

/* ---- a follower's frames, through the cluster ------------------------------ */

static void unlink_relayed(struct receiver *r, struct relayed *x)
{
	for (struct relayed **pp = &r->relayed; *pp; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			return;
		}
}

/* The cluster has the frame: its reply goes (unless its connection went);
 * or the frame could not be handed over: no reply, the panel sends again. */
static void relay_done(void *ctx, bool ok)
{
	struct relayed *x = ctx;

	if (x->r) {
		unlink_relayed(x->r, x);
		if (ok && !x->gone) {
			enqueue(x->r, x->q);
			x->q = NULL;
		}
	}
	free(x->q);
	free(x);
}

/* A follower's frame, read and opened: to the leader through the cluster,
 * under an id of the account, seq and CRC (a retry through another node is
 * kept once); its ACK built now and held until the cluster has it. */
static void relay(const struct origin *o, struct panel *p, const struct dc09_frame *f,
		  const char *id, const char *text, size_t len)
{
	struct dc09_event ev[DC09_MAX_EVENTS];
	struct origin held = *o;
	struct relayed *x;

	if (dc09_events(f, ev, DC09_MAX_EVENTS) < 0) {
		center_log("dc09 %s #%s seq %s: data block '%.60s' not understood: DUH", o->peer,
			   f->account, f->seq, f->data);
		reply(o, "DUH", f, NULL);
		return;
	}
	if ((x = calloc(1, sizeof *x)) == NULL)
		return; /* not answered: the panel sends it again */
	x->r = o->r;
	held.relayed = x;
	reply(&held, "ACK", f, p ? p->key : NULL);
	if (x->q == NULL) {
		free(x);
		return;
	}
	x->next = o->r->relayed;
	o->r->relayed = x;
	if (o->c->relay_frame(o->c, id, text, len, o->channel, o->peer, relay_done, x) != 0) {
		center_log("dc09 %s #%s seq %s: out of memory: not handed to the leader, not "
			   "answered", o->peer, f->account, f->seq);
		unlink_relayed(o->r, x);
		free(x->q);
		free(x);
		return;
	}
	center_log("dc09 %s #%s seq %s: to the leader through the cluster", o->peer, f->account,
		   f->seq);
}

static void on_frame(const struct origin *o, const char *text, size_t len, enum dc09_verdict v)
{
	struct dc09_frame f;
	struct panel *p;
	const char *token;
	char id[96];
	bool remembered;
	int64_t now = center_now_ms();

	if (v == DC09_BAD_CRC || v == DC09_BAD_LEN || v == DC09_TOO_LONG) {
		/* No reply: the panel sends again (DC-09). */
		center_log("dc09 %s: frame dropped: %s", o->peer,
			   v == DC09_BAD_CRC ? "bad CRC" : v == DC09_BAD_LEN ? "bad length" : "too long");
		return;
	}
	if (dc09_parse(text, len, &f) != DC09_OK) {
		center_log("dc09 %s: not a DC-09 frame: DUH", o->peer);
		reply(o, "DUH", &f, NULL);
		return;
	}
	if (f.token != DC09_SIA_DCS && f.token != DC09_ADM_CID && f.token != DC09_NULL &&
	    f.token != DC09_HENG_BO) {
		center_log("dc09 %s #%s: token \"%s\" not handled: DUH", o->peer, f.account,
			   f.token_text);
		reply(o, "DUH", &f, NULL);
		return;
	}
	p = panels_find(&o->c->panels, f.account);
	if (f.encrypted) {
		if (p == NULL || !p->key[0] || dc09_decrypt(&f, p->key)) {
			center_log("dc09 %s #%s seq %s: %s: NAK", o->peer, f.account, f.seq,
				   p == NULL   ? "encrypted, from an unknown account"
				   : p->key[0] ? "does not decrypt with the account's key"
					       : "encrypted, but the account has no key");
			reply_nak(o);
			return;
		}
		/* Inside the window, or a replay: the time is under the key. */
		if (!dc09_time_ok(f.time_ms, now)) {
			center_log("dc09 %s #%s seq %s: timestamp outside the window: NAK", o->peer,
				   f.account, f.seq);
			reply_nak(o);
			return;
		}
	} else if (dc09_parse_rest(&f) != DC09_OK) {
		center_log("dc09 %s #%s seq %s: body not understood: DUH", o->peer, f.account, f.seq);
		reply(o, "DUH", &f, NULL);
		return;
	}
	/* A follower's receiver: the leader takes it (its repeat memory, its
	 * supervision), the reply waits for the cluster. */
	frame_id(&f, text, len, id, sizeof id);
	if (o->r && o->c->relay_frame) {
		relay(o, p, &f, id, text, len);
		return;
	}
	/* The batch stays open for the loop pass; flush_cb commits it before
	 * any reply goes: what the frame carried is durable before ACK. */
	center_batch_begin(o->c);
	if (p)
		panel_heard(o->c, p, now);
	/* A retry of a frame taken already (its ACK was lost, perhaps with
	 * the node that took it) is only answered. Link tests carry nothing. */
	remembered = f.token != DC09_NULL;
	if (remembered && store_frame_taken(o->c->store, id, now - REPEAT_WINDOW_MS)) {
		center_log("dc09 %s #%s seq %s: taken already: ACK", o->peer, f.account, f.seq);
		token = "ACK";
	} else {
		token = dc09_take(o->c, p, &f, id, o->channel, o->peer);
		if (remembered && strcmp(token, "ACK") == 0 && store_frame_put(o->c->store, id, now))
			center_fatal_store(o->c);
	}
	reply(o, token, &f, p ? p->key : NULL);
}

/* Takes every whole frame off buf; keeps the part of one still coming. */
static size_t drain(const struct origin *o, char *buf, size_t len)
{
	for (;;) {
		const char *fr;
		size_t fl, used;
		enum dc09_verdict v;
		used = dc09_next(buf, len, &fr, &fl, &v);
		if (v != DC09_NEED_MORE)
			on_frame(o, fr, fl, v);
		memmove(buf, buf + used, len - used);
		len -= used;
		if (v == DC09_NEED_MORE || len == 0)
			return len;
	}
}

/* ---- sockets --------------------------------------------------------------- */

static void maybe_free(struct receiver *r)
{
	if (r->stopping && r->open == 0 && r->conns == NULL)
		free(r);
}

static void conn_closed_cb(uv_handle_t *h)
{
	struct conn *k = h->data;
	struct receiver *r = k->r;

	drop_queued(r, k);
	for (struct relayed *x = r->relayed; x; x = x->next)
		if (x->q && x->q->conn == k)
			x->gone = true;
	for (struct conn **pp = &r->conns; *pp; pp = &(*pp)->next)
		if (*pp == k) {
			*pp = k->next;
			break;
		}
	r->nconns--;
	free(k);
	maybe_free(r);
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	struct conn *k = h->data;

	b->base = k->buf + k->len;
	b->len = sizeof k->buf - k->len;
}

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	struct conn *k = s->data;
	struct origin o = {k->r->c, k->r, k, NULL, k->peer, ALARM_CHANNEL_DC09_TCP, NULL};

	if (n < 0) {
		if (n != UV_EOF)
			center_log("dc09 %s: %s", k->peer, uv_strerror((int)n));
		center_log("dc09 %s: connection closed", k->peer);
		uv_close((uv_handle_t *)&k->tcp, conn_closed_cb);
		return;
	}
	k->len += (size_t)n;
	k->len = drain(&o, k->buf, k->len);
	if (k->len == sizeof k->buf) {
		/* Full of something that is no frame: start again. */
		center_log("dc09 %s: %zu bytes without a frame dropped", k->peer, k->len);
		k->len = 0;
	}
}

static void connection_cb(uv_stream_t *server, int status)
{
	struct receiver *r = server->data;
	struct conn *k;
	struct sockaddr_storage ss;
	int sl = sizeof ss;

	if (status < 0 || (k = calloc(1, sizeof *k)) == NULL)
		return;
	k->r = r;
	uv_tcp_init(r->c->loop, &k->tcp);
	k->tcp.data = k;
	k->next = r->conns;
	r->conns = k;
	r->nconns++;
	if (uv_accept(server, (uv_stream_t *)&k->tcp) != 0) {
		uv_close((uv_handle_t *)&k->tcp, conn_closed_cb);
		return;
	}
	if (uv_tcp_getpeername(&k->tcp, (struct sockaddr *)&ss, &sl) == 0)
		sockaddr_name((struct sockaddr *)&ss, k->peer, sizeof k->peer);
	if (r->nconns > RECEIVER_MAX_CONNS) {
		center_log("dc09 %s: refused: %d connections already", k->peer, RECEIVER_MAX_CONNS);
		uv_close((uv_handle_t *)&k->tcp, conn_closed_cb);
		return;
	}
	uv_tcp_nodelay(&k->tcp, 1);
	uv_read_start((uv_stream_t *)&k->tcp, alloc_cb, read_cb);
}

static void udp_alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	static char mem[CONN_BUF]; /* one datagram at a time, taken before the next */

	b->base = mem;
	b->len = sizeof mem;
}

static void udp_cb(uv_udp_t *u, ssize_t n, const uv_buf_t *b, const struct sockaddr *from,
		   unsigned flags)
{
	struct receiver *r = u->data;
	char peer[64];
	struct origin o = {r->c, r, NULL, from, peer, ALARM_CHANNEL_DC09_UDP, NULL};

	if (n <= 0 || from == NULL)
		return;
	sockaddr_name(from, peer, sizeof peer);
	if (flags & UV_UDP_PARTIAL) {
		center_log("dc09 %s: datagram over %d bytes dropped", peer, CONN_BUF);
		return;
	}
	/* A datagram holds whole frames: what is left over is dropped. */
	drain(&o, b->base, (size_t)n);
}

static void listener_closed_cb(uv_handle_t *h)
{
	struct receiver *r = h->data;

	r->open--;
	maybe_free(r);
}

struct receiver *receiver_start(struct center *c, const char *addr, char *err, size_t errlen)
{
	struct receiver *r;
	struct sockaddr_storage ss;
	int rc, sl = sizeof ss;

	if (sockaddr_parse("--dc09-listen", addr, &ss, err, errlen) != 0 ||
	    (r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->c = c;
	r->tail = &r->head;
	snprintf(r->addr, sizeof r->addr, "%s", addr);
	uv_check_init(c->loop, &r->flush);
	r->flush.data = r;
	uv_check_start(&r->flush, flush_cb);
	uv_tcp_init(c->loop, &r->tcp);
	r->tcp.data = r;
	r->open = 2; /* the check and the TCP listener */
	rc = uv_tcp_bind(&r->tcp, (struct sockaddr *)&ss, 0);
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&r->tcp, 128, connection_cb);
	if (rc == 0 && uv_tcp_getsockname(&r->tcp, (struct sockaddr *)&ss, &sl) == 0)
		r->port = sockaddr_port((struct sockaddr *)&ss);
	if (rc == 0) {
		/* UDP on the same port (the TCP one, when 0 chose it). */
		uv_udp_init(c->loop, &r->udp);
		r->udp.data = r;
		r->open = 3;
		rc = uv_udp_bind(&r->udp, (struct sockaddr *)&ss, 0);
		if (rc == 0)
			rc = uv_udp_recv_start(&r->udp, udp_alloc_cb, udp_cb);
	}
	if (rc) {
		ad_err(err, errlen, "--dc09-listen %s: %s", addr, uv_strerror(rc));
		receiver_stop(r);
		return NULL;
	}
	center_log("dc09: listening on %s (TCP and UDP port %d), %zu panels known", addr, r->port,
		   c->panels.n);
	return r;
}

void receiver_take(struct center *c, const char *frame, size_t len, int channel, const char *peer)
{
	struct origin o = {c, NULL, NULL, NULL, peer, (enum alarm_channel)channel, NULL};

	on_frame(&o, frame, len, DC09_OK);
}

int receiver_port(const struct receiver *r)
{
	return r->port;
}

void receiver_stop(struct receiver *r)
{
	if (r == NULL || r->stopping)
		return;
	r->stopping = true;
	flush_cb(&r->flush); /* what was taken is answered first */
	for (struct relayed *x = r->relayed; x; x = x->next)
		x->r = NULL; /* the cluster's answer finds no receiver */
	r->relayed = NULL;
	for (struct conn *k = r->conns; k; k = k->next)
		if (!uv_is_closing((uv_handle_t *)&k->tcp))
			uv_close((uv_handle_t *)&k->tcp, conn_closed_cb);
	uv_close((uv_handle_t *)&r->flush, listener_closed_cb);
	uv_close((uv_handle_t *)&r->tcp, listener_closed_cb);
	if (r->open == 3)
		uv_close((uv_handle_t *)&r->udp, listener_closed_cb);
}
