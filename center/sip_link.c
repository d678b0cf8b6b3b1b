/* sip_link.c — SIP transport and non-INVITE transactions on libuv
 * (center/sip_link.h). */
#include "sip_link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "center.h"
#include "sip_tcp.h"
#include "sockaddr.h"

#define CACHE 256 /* answers remembered for retransmitted requests */
#define TICK_MS 50

struct client_tx {
	struct client_tx *next;
	char branch[40], method[20], label[64];
	struct sip_peer to;
	char *text;
	size_t len;
	int64_t started, next_at;
	int interval, timeout;
	int failed; /* a code to report at the next tick (503) */
	sip_on_answer cb;
	void *arg;
};

struct cached {
	char key[192];
	char *text;
	size_t len;
	int64_t at;
};

struct sip_link {
	uv_loop_t *loop;
	uv_udp_t udp;
	struct sip_tcp *tcp;
	uv_timer_t timer;
	sip_on_request cb;
	void *ctx;
	int open; /* handles and the TCP side not yet closed */
	struct client_tx *txs;
	struct cached cache[CACHE];
	unsigned ncache;
	bool stopping;
	int port;
	char addr[80], tag[16];
};

static int64_t now_ms(struct sip_link *l)
{
	return (int64_t)uv_now(l->loop);
}

void sip_peer_name(const struct sip_peer *p, char *out, size_t len)
{
	char a[64];

	sockaddr_name((const struct sockaddr *)&p->addr, a, sizeof a);
	snprintf(out, len, "%s %s", p->tcp ? "tcp" : "udp", a);
}

/* ---- sending ---------------------------------------------------------------- */

static void udp_sent_cb(uv_udp_send_t *s, int status)
{
	free(s->data);
	free(s);
}

/* 0, or -1 when it could not go (no connection any more, out of memory). */
static int send_text(struct sip_link *l, const struct sip_peer *to, const char *text, size_t len)
{
	if (!to->tcp) {
		uv_udp_send_t *s = malloc(sizeof *s);
		char *copy = malloc(len);
		uv_buf_t b;
		if (s == NULL || copy == NULL) {
			free(s);
			free(copy);
			return -1;
		}
		memcpy(copy, text, len);
		b = uv_buf_init(copy, (unsigned)len);
		s->data = copy;
		if (uv_udp_send(s, &l->udp, &b, 1, (const struct sockaddr *)&to->addr,
				udp_sent_cb)) {
			free(copy);
			free(s);
			return -1;
		}
		return 0;
	}
	return sip_tcp_send(l->tcp, to, text, len);
}

/* ---- server transactions: answers to retransmissions ---------------------- */

static void request_key(const osip_message_t *req, char *key, size_t len)
{
	snprintf(key, len, "%s|%s|%s", sip_branch(req), req->sip_method ? req->sip_method : "",
		 req->call_id && req->call_id->number ? req->call_id->number : "");
}

static struct cached *cached_answer(struct sip_link *l, const char *key)
{
	for (unsigned i = 0; i < CACHE && i < l->ncache; i++)
		if (l->cache[i].text && strcmp(l->cache[i].key, key) == 0 &&
		    now_ms(l) - l->cache[i].at <= SIP_TIMEOUT_MS)
			return &l->cache[i];
	return NULL;
}

void sip_link_reply(struct sip_link *l, const struct sip_peer *to, const osip_message_t *req,
		    osip_message_t *resp)
{
	size_t len = 0;
	char *text = resp ? sip_to_text(resp, &len) : NULL;
	struct cached *c;

	osip_message_free(resp);
	if (text == NULL)
		return;
	send_text(l, to, text, len);
	c = &l->cache[l->ncache++ % CACHE];
	free(c->text);
	request_key(req, c->key, sizeof c->key);
	c->text = text;
	c->len = len;
	c->at = now_ms(l);
}

/* ---- client transactions ---------------------------------------------------- */

static void arm_timer(struct sip_link *l);

void sip_link_request(struct sip_link *l, const struct sip_peer *to, osip_message_t *req,
		      int timeout_ms, const char *label, sip_on_answer cb, void *arg)
{
	struct client_tx *t = calloc(1, sizeof *t);
	char via[200];

	if (t == NULL) {
		osip_message_free(req);
		return;
	}
	sip_token(t->branch + 7, sizeof t->branch - 7);
	memcpy(t->branch, "z9hG4bK", 7);
	snprintf(via, sizeof via, "SIP/2.0/%s %s;rport;branch=%s", to->tcp ? "TCP" : "UDP", l->addr,
		 t->branch);
	osip_message_set_via(req, via);
	snprintf(t->method, sizeof t->method, "%s", req->sip_method ? req->sip_method : "");
	t->text = sip_to_text(req, &t->len);
	osip_message_free(req);
	t->to = *to;
	snprintf(t->label, sizeof t->label, "%s", label ? label : "");
	t->cb = cb;
	t->arg = arg;
	t->started = now_ms(l);
	t->interval = SIP_T1_MS;
	t->next_at = to->tcp ? INT64_MAX : t->started + SIP_T1_MS;
	t->timeout = timeout_ms > 0 ? timeout_ms : SIP_TIMEOUT_MS;
	if (t->text == NULL || send_text(l, to, t->text, t->len) != 0)
		t->failed = 503; /* reported at the next tick, not from inside this call */
	t->next = l->txs;
	l->txs = t;
	arm_timer(l);
}

static void free_tx(struct client_tx *t)
{
	free(t->text);
	free(t);
}

/* Takes t off the list and reports code (resp NULL but for an answer). */
static void finish_tx(struct sip_link *l, struct client_tx *t, int code, const osip_message_t *resp)
{
	for (struct client_tx **pp = &l->txs; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	if (t->cb)
		t->cb(t->arg, t->label, code, resp);
	free_tx(t);
}

static void tick_cb(uv_timer_t *h)
{
	struct sip_link *l = h->data;
	int64_t now = now_ms(l);
	struct client_tx *t, *next;

	for (t = l->txs; t; t = next) {
		next = t->next;
		if (t->failed) {
			finish_tx(l, t, t->failed, NULL);
			next = l->txs; /* a callback may have changed the list: from the start */
			continue;
		}
		if (now - t->started >= t->timeout) {
			finish_tx(l, t, 408, NULL);
			next = l->txs;
			continue;
		}
		if (now >= t->next_at) {
			send_text(l, &t->to, t->text, t->len);
			t->interval = t->interval * 2 > SIP_T2_MS ? SIP_T2_MS : t->interval * 2;
			t->next_at = now + t->interval;
		}
	}
	if (l->txs == NULL)
		uv_timer_stop(&l->timer);
}

static void arm_timer(struct sip_link *l)
{
	if (!uv_is_active((uv_handle_t *)&l->timer) && !l->stopping)
		uv_timer_start(&l->timer, tick_cb, TICK_MS, TICK_MS);
}

static void on_answer(struct sip_link *l, osip_message_t *resp)
{
	const char *branch = sip_branch(resp);
	const char *method = resp->cseq && resp->cseq->method ? resp->cseq->method : "";

	if (resp->status_code < 200)
		return; /* provisional: keep waiting (retransmissions go on) */
	for (struct client_tx *t = l->txs; t; t = t->next)
		if (strcmp(t->branch, branch) == 0 && strcmp(t->method, method) == 0) {
			finish_tx(l, t, resp->status_code, resp);
			return;
		}
	/* A retransmitted answer of a finished transaction: nothing to do. */
}

/* ---- receiving -------------------------------------------------------------- */

static void on_message(struct sip_link *l, const char *text, size_t len,
		       const struct sip_peer *from)
{
	char err[160], who[80], key[192];
	osip_message_t *m = sip_parse(text, len, err, sizeof err);
	struct cached *c;

	if (m == NULL) {
		sip_peer_name(from, who, sizeof who);
		center_log("%s %s: %zu bytes dropped: %s", l->tag, who, len, err);
		return;
	}
	if (MSG_IS_RESPONSE(m)) {
		on_answer(l, m);
	} else if (MSG_IS_ACK(m)) {
		/* no INVITE here: nothing is waiting for an ACK */
	} else if (request_key(m, key, sizeof key), (c = cached_answer(l, key)) != NULL) {
		send_text(l, from, c->text, c->len); /* a retransmission: the same answer */
	} else if (l->cb) {
		l->cb(l->ctx, m, from);
	}
	osip_message_free(m);
}

static void udp_alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	static char mem[SIP_MAX_MESSAGE];

	b->base = mem;
	b->len = sizeof mem;
}

static void udp_cb(uv_udp_t *u, ssize_t n, const uv_buf_t *b, const struct sockaddr *from,
		   unsigned flags)
{
	struct sip_link *l = u->data;
	struct sip_peer p = {.tcp = false};
	size_t skip = 0;

	if (n <= 0 || from == NULL)
		return;
	memcpy(&p.addr, from, sockaddr_len(from));
	if (flags & UV_UDP_PARTIAL) {
		char who[80];
		sip_peer_name(&p, who, sizeof who);
		center_log("%s %s: datagram over %d bytes dropped", l->tag, who, SIP_MAX_MESSAGE);
		return;
	}
	while (skip < (size_t)n && (b->base[skip] == '\r' || b->base[skip] == '\n'))
		skip++; /* a keepalive of blank lines */
	if (skip < (size_t)n)
		on_message(l, b->base + skip, (size_t)n - skip, &p);
}

/* A connection closed: requests waiting on it fail now. */
static void tcp_closed(void *ctx, const struct sip_peer *gone)
{
	struct sip_link *l = ctx;

	for (struct client_tx *t = l->txs; t; t = t->next)
		if (t->to.tcp &&
		    (t->to.conn == gone->conn || sockaddr_same(&t->to.addr, &gone->addr)))
			t->failed = 503;
	if (l->txs)
		arm_timer(l);
}

static void tcp_message(void *ctx, const char *text, size_t len, const struct sip_peer *from)
{
	on_message(ctx, text, len, from);
}

/* ---- life ------------------------------------------------------------------- */

static void closed(struct sip_link *l)
{
	if (--l->open == 0)
		free(l);
}

static void handle_closed_cb(uv_handle_t *h)
{
	closed(h->data);
}

static void tcp_stopped(void *ctx)
{
	closed(ctx);
}

struct sip_link *sip_link_start(uv_loop_t *loop, const char *option, const char *addr,
				const char *tag, sip_on_request cb, void *ctx, char *err,
				size_t errlen)
{
	struct sip_link *l;
	struct sockaddr_storage ss;
	int rc = 0;

	if (sockaddr_parse(option, addr, &ss, err, errlen) != 0)
		return NULL;
	if ((l = calloc(1, sizeof *l)) == NULL)
		return NULL;
	sip_init();
	l->loop = loop;
	l->cb = cb;
	l->ctx = ctx;
	snprintf(l->tag, sizeof l->tag, "%s", tag);
	uv_timer_init(loop, &l->timer);
	uv_udp_init(loop, &l->udp);
	l->timer.data = l->udp.data = l;
	l->open = 2;
	{
		struct sip_tcp_hooks h = {l, l->tag, tcp_message, tcp_closed, tcp_stopped};
		if ((l->tcp = sip_tcp_start(loop, (struct sockaddr *)&ss, &h, &rc)) != NULL) {
			l->open = 3;
			rc = sip_tcp_bound(l->tcp, &ss);
		}
	}
	if (rc == 0)
		rc = uv_udp_bind(&l->udp, (struct sockaddr *)&ss, 0); /* the same port */
	if (rc == 0)
		rc = uv_udp_recv_start(&l->udp, udp_alloc_cb, udp_cb);
	if (rc) {
		ad_err(err, errlen, "%s %s: %s", option, addr, uv_strerror(rc));
		sip_link_stop(l);
		return NULL;
	}
	l->port = sockaddr_port((struct sockaddr *)&ss);
	sockaddr_name((struct sockaddr *)&ss, l->addr, sizeof l->addr);
	return l;
}

int sip_link_port(const struct sip_link *l)
{
	return l->port;
}

const char *sip_link_addr(const struct sip_link *l)
{
	return l->addr;
}

void sip_link_stop(struct sip_link *l)
{
	struct client_tx *t, *next;

	if (l == NULL || l->stopping)
		return;
	l->stopping = true;
	for (t = l->txs; t; t = next) {
		next = t->next;
		free_tx(t);
	}
	l->txs = NULL;
	for (unsigned i = 0; i < CACHE; i++)
		free(l->cache[i].text);
	if (l->tcp)
		sip_tcp_stop(l->tcp);
	uv_close((uv_handle_t *)&l->timer, handle_closed_cb);
	uv_close((uv_handle_t *)&l->udp, handle_closed_cb);
}
