/* receiver.c — SIA DC-09 over TCP and UDP (center/receiver.h). Frames come
 * off the sockets here; dc09.c reads them, dc09_crypt.c opens them, and each
 * event becomes an alarm through center_emit_alarm. Replies wait in a queue
 * until the batch the frames of this loop pass went into is committed (one
 * commit for them all, in a uv_check after the pass's reads): an
 * acknowledged alarm is never lost to a crash of the center. */
#include "receiver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "center.h"
#include "dc09.h"
#include "dc09_crypt.h"
#include "images.h"
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
	struct conn *conns;
	int nconns, port, open;
	bool stopping;
	char addr[80];
};

/* Where a frame came from and how to answer it. */
struct origin {
	struct receiver *r;
	struct conn *conn;               /* TCP */
	const struct sockaddr *udp_peer; /* UDP */
	const char *peer;
	enum alarm_channel channel;
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

/* A reply, sent once what came before it is committed. */
static void send_frame(const struct origin *o, const char *frame, size_t len)
{
	struct queued *q = malloc(sizeof *q + len);

	if (q == NULL)
		return;
	q->next = NULL;
	q->conn = o->conn;
	if (o->udp_peer)
		memcpy(&q->peer, o->udp_peer, sockaddr_len(o->udp_peer));
	q->len = len;
	memcpy(q->frame, frame, len);
	*o->r->tail = q;
	o->r->tail = &q->next;
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

/* ---- events → alarms ------------------------------------------------------- */

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

static void emit(const struct origin *o, struct panel *p, const struct dc09_frame *f,
		 const struct dc09_event *ev)
{
	struct center *c = o->r->c;
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
		snprintf(where, sizeof where, "DC-09 %s", o->peer);
		unknown.tmpl.cust_id = f->account;
		unknown.tmpl.cust_name = name;
		unknown.tmpl.addr_text = where;
		st = &unknown;
	}
	site_make_alarm(&c->sites, st, site_zone(st, ev->number) ? ev->number : 0, code, o->channel,
			&a);
	a.qualifier = ev->qualifier;
	a.partition = ev->group;
	if (ev->number && a.zone_no == 0 && p == NULL)
		a.zone_no = ev->number;
	if (f->has_time)
		a.occurred_ms = f->time_ms;
	/* Its path: another path's report of the same event is this alarm. */
	snprintf(source, sizeof source, "%s #%s", alarm_channel_name(o->channel), f->account);
	a.sources = source;
	if (center_emit_alarm(c, &a, p ? p->site : NULL) != 0)
		return; /* test signals log themselves */
	/* [V…]: where the panel keeps the scene's pictures (verification). */
	for (int i = 0; i < f->nxdata; i++)
		if (f->xdata[i][0] == 'V' && f->xdata[i][1])
			images_take(c->images, a.id, f->xdata[i] + 1);
	center_log("dc09 %s #%s seq %s: %s%s%s %s zone %d → alarm %s", o->peer, f->account, f->seq,
		   ev->sia, ev->sia[0] ? " = " : "", code,
		   p ? p->site->tmpl.cust_id : "unknown account", ev->number, a.id);
}

/* A frame whose header and body are read (and decrypted): its events,
 * inside the caller's batch. Returns the reply's token. */
static const char *take(const struct origin *o, struct panel *p, const struct dc09_frame *f)
{
	struct dc09_event ev[DC09_MAX_EVENTS];
	int n = dc09_events(f, ev, DC09_MAX_EVENTS);

	if (n < 0) {
		center_log("dc09 %s #%s seq %s: data block '%.60s' not understood: DUH", o->peer,
			   f->account, f->seq, f->data);
		return "DUH";
	}
	for (int i = 0; i < n; i++) {
		const struct dc09_event *e = &ev[i];
		char id[64] = "";
		if (raises_alarm(e)) {
			emit(o, p, f, e);
		} else if (opens_or_closes(e) && p) {
			char user[16] = "";
			if (e->number)
				snprintf(user, sizeof user, "%d", e->number);
			center_emit_arm(o->r->c, p->site->tmpl.cust_id, e->group, e->qualifier == 3, user);
			center_log("dc09 %s #%s seq %s: %s partition %d by user %d", o->peer, f->account,
				   f->seq, e->qualifier == 3 ? "armed" : "disarmed", e->group, e->number);
		} else if (restores(e) && p) {
			bool found = panel_restore(o->r->c, p->site,
						   site_zone(p->site, e->number) ? e->number : 0, e->cid,
						   id, sizeof id);
			center_log("dc09 %s #%s seq %s: restore %s zone %d: %s%s", o->peer, f->account,
				   f->seq, e->cid, e->number, found ? "shown on alarm " : "no open alarm",
				   id);
		} else {
			center_log("dc09 %s #%s seq %s: %s%s qualifier %d group %d number %d", o->peer,
				   f->account, f->seq, e->sia, e->cid, e->qualifier, e->group,
				   e->number);
		}
	}
	return "ACK";
}

static void on_frame(const struct origin *o, const char *text, size_t len, enum dc09_verdict v)
{
	struct dc09_frame f;
	struct panel *p;
	const char *token;
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
	p = panels_find(&o->r->c->panels, f.account);
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
	/* The batch stays open for the loop pass; flush_cb commits it before
	 * any reply goes: what the frame carried is durable before ACK. */
	center_batch_begin(o->r->c);
	if (p)
		panel_heard(o->r->c, p, now);
	/* A retry of a frame taken already (its ACK was lost) is only answered. */
	token = p && panel_repeat(p, f.seq, dc09_crc(text + 8, len - 8), now, REPEAT_WINDOW_MS)
			? "ACK"
			: take(o, p, &f);
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
	struct origin o = {k->r, k, NULL, k->peer, ALARM_CHANNEL_DC09_TCP};

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
	struct origin o = {r, NULL, from, peer, ALARM_CHANNEL_DC09_UDP};

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
	for (struct conn *k = r->conns; k; k = k->next)
		if (!uv_is_closing((uv_handle_t *)&k->tcp))
			uv_close((uv_handle_t *)&k->tcp, conn_closed_cb);
	uv_close((uv_handle_t *)&r->flush, listener_closed_cb);
	uv_close((uv_handle_t *)&r->tcp, listener_closed_cb);
	if (r->open == 3)
		uv_close((uv_handle_t *)&r->udp, listener_closed_cb);
}
