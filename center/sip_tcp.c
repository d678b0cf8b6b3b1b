/* sip_tcp.c — SIP over TCP (center/sip_tcp.h). */
#include "sip_tcp.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "sip_msg.h"
#include "sockaddr.h"

#define TCP_CHUNK 4096

struct pending_write {
	struct pending_write *next;
	size_t len;
	char data[];
};

struct tconn {
	uv_tcp_t tcp;
	uv_connect_t connect;
	struct sip_tcp *t;
	struct tconn *next;
	uint64_t id;
	struct sockaddr_storage peer;
	char name[64];
	char *buf;
	size_t len, cap;
	bool connected;
	struct pending_write *waiting; /* until connected */
};

struct sip_tcp {
	uv_loop_t *loop;
	uv_tcp_t listener;
	struct sip_tcp_hooks hooks;
	struct tconn *conns;
	int nconns;
	uint64_t next_id;
	bool stopping, listener_open;
};

static void maybe_stopped(struct sip_tcp *t)
{
	if (t->stopping && !t->listener_open && t->conns == NULL) {
		struct sip_tcp_hooks h = t->hooks;
		free(t);
		if (h.stopped)
			h.stopped(h.ctx);
	}
}

static void tcp_written_cb(uv_write_t *w, int status)
{
	free(w->data);
	free(w);
}

static int write_conn(struct tconn *k, const char *text, size_t len)
{
	char *copy = malloc(len);
	uv_write_t *w = malloc(sizeof *w);
	uv_buf_t b;

	if (copy == NULL || w == NULL) {
		free(copy);
		free(w);
		return -1;
	}
	memcpy(copy, text, len);
	b = uv_buf_init(copy, (unsigned)len);
	w->data = copy;
	if (uv_write(w, (uv_stream_t *)&k->tcp, &b, 1, tcp_written_cb) != 0) {
		free(copy);
		free(w);
		return -1;
	}
	return 0;
}

static void conn_closed_cb(uv_handle_t *h)
{
	struct tconn *k = h->data;
	struct sip_tcp *t = k->t;
	struct pending_write *p, *next;
	struct sip_peer gone = {.tcp = true, .addr = k->peer, .conn = k->id};

	for (struct tconn **pp = &t->conns; *pp; pp = &(*pp)->next)
		if (*pp == k) {
			*pp = k->next;
			break;
		}
	t->nconns--;
	for (p = k->waiting; p; p = next) {
		next = p->next;
		free(p);
	}
	free(k->buf);
	free(k);
	if (!t->stopping && t->hooks.closed)
		t->hooks.closed(t->hooks.ctx, &gone);
	maybe_stopped(t);
}

static void close_conn(struct tconn *k)
{
	if (!uv_is_closing((uv_handle_t *)&k->tcp))
		uv_close((uv_handle_t *)&k->tcp, conn_closed_cb);
}

static void alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	struct tconn *k = h->data;

	if (k->cap - k->len < TCP_CHUNK && k->cap < SIP_MAX_MESSAGE + TCP_CHUNK) {
		size_t cap = k->cap ? k->cap * 2 : 2 * TCP_CHUNK;
		char *nb = realloc(k->buf, cap);
		if (nb) {
			k->buf = nb;
			k->cap = cap;
		}
	}
	b->base = k->buf + k->len;
	b->len = k->cap - k->len;
}

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	struct tconn *k = s->data;
	struct sip_peer p = {.tcp = true, .addr = k->peer, .conn = k->id};

	if (n < 0) {
		if (n != UV_EOF)
			center_log("%s %s: %s", k->t->hooks.tag, k->name, uv_strerror((int)n));
		close_conn(k);
		return;
	}
	k->len += (size_t)n;
	for (;;) {
		size_t skip = 0;
		ssize_t fl = sip_frame_len(k->buf, k->len, &skip);
		if (fl < 0) {
			center_log(
			    "%s tcp %s: not a SIP stream (no Content-Length, or headers over "
			    "%d bytes): closed",
			    k->t->hooks.tag, k->name, SIP_MAX_HEADERS);
			close_conn(k);
			return;
		}
		if (fl > 0)
			k->t->hooks.message(k->t->hooks.ctx, k->buf + skip, (size_t)fl, &p);
		if (uv_is_closing((uv_handle_t *)&k->tcp))
			return;
		memmove(k->buf, k->buf + skip + (size_t)fl, k->len - skip - (size_t)fl);
		k->len -= skip + (size_t)fl;
		if (fl == 0 || k->len == 0)
			break;
	}
}

static void start_reading(struct tconn *k)
{
	k->connected = true;
	uv_tcp_nodelay(&k->tcp, 1);
	uv_read_start((uv_stream_t *)&k->tcp, alloc_cb, read_cb);
}

static void connected_cb(uv_connect_t *c, int status)
{
	struct tconn *k = c->data;
	struct pending_write *p, *next;

	if (status < 0) {
		center_log("%s tcp %s: connect: %s", k->t->hooks.tag, k->name, uv_strerror(status));
		close_conn(k);
		return;
	}
	start_reading(k);
	for (p = k->waiting; p; p = next) {
		next = p->next;
		write_conn(k, p->data, p->len);
		free(p);
	}
	k->waiting = NULL;
}

static struct tconn *new_conn(struct sip_tcp *t)
{
	struct tconn *k;

	if (t->nconns >= SIP_MAX_CONNS || (k = calloc(1, sizeof *k)) == NULL)
		return NULL;
	k->t = t;
	k->id = ++t->next_id;
	uv_tcp_init(t->loop, &k->tcp);
	k->tcp.data = k;
	k->next = t->conns;
	t->conns = k;
	t->nconns++;
	return k;
}

static void connection_cb(uv_stream_t *server, int status)
{
	struct sip_tcp *t = server->data;
	struct tconn *k;
	int sl = sizeof k->peer;

	if (status < 0)
		return;
	if ((k = new_conn(t)) == NULL) {
		/* Accepted and closed at once: the peer sees a reset, not a hang. */
		uv_tcp_t *refuse = malloc(sizeof *refuse);
		if (refuse == NULL)
			return;
		uv_tcp_init(t->loop, refuse);
		if (uv_accept(server, (uv_stream_t *)refuse) == 0)
			center_log("%s: connection refused: %d connections already", t->hooks.tag,
				   SIP_MAX_CONNS);
		uv_close((uv_handle_t *)refuse, (uv_close_cb)free);
		return;
	}
	if (uv_accept(server, (uv_stream_t *)&k->tcp) != 0) {
		close_conn(k);
		return;
	}
	uv_tcp_getpeername(&k->tcp, (struct sockaddr *)&k->peer, &sl);
	sockaddr_name((const struct sockaddr *)&k->peer, k->name, sizeof k->name);
	start_reading(k);
}

int sip_tcp_send(struct sip_tcp *t, const struct sip_peer *to, const char *text, size_t len)
{
	struct tconn *k = NULL;

	for (struct tconn *c = t->conns; c && k == NULL; c = c->next)
		if (!uv_is_closing((uv_handle_t *)&c->tcp) &&
		    (to->conn ? c->id == to->conn : sockaddr_same(&c->peer, &to->addr)))
			k = c;
	if (k == NULL) {
		if (to->conn || (k = new_conn(t)) == NULL)
			return -1; /* the connection a request came on is gone */
		k->peer = to->addr;
		sockaddr_name((const struct sockaddr *)&to->addr, k->name, sizeof k->name);
		k->connect.data = k;
		if (uv_tcp_connect(&k->connect, &k->tcp, (const struct sockaddr *)&to->addr,
				   connected_cb) != 0) {
			close_conn(k);
			return -1;
		}
	}
	if (!k->connected) {
		struct pending_write *p = malloc(sizeof *p + len), **pp = &k->waiting;
		if (p == NULL)
			return -1;
		p->next = NULL;
		p->len = len;
		memcpy(p->data, text, len);
		while (*pp)
			pp = &(*pp)->next;
		*pp = p;
		return 0;
	}
	return write_conn(k, text, len);
}

static void listener_closed_cb(uv_handle_t *h)
{
	struct sip_tcp *t = h->data;

	t->listener_open = false;
	maybe_stopped(t);
}

struct sip_tcp *sip_tcp_start(uv_loop_t *loop, const struct sockaddr *addr,
			      const struct sip_tcp_hooks *hooks, int *rc)
{
	struct sip_tcp *t = calloc(1, sizeof *t);

	if (t == NULL) {
		*rc = UV_ENOMEM;
		return NULL;
	}
	t->loop = loop;
	t->hooks = *hooks;
	uv_tcp_init(loop, &t->listener);
	t->listener.data = t;
	t->listener_open = true;
	*rc = uv_tcp_bind(&t->listener, addr, 0);
	if (*rc == 0)
		*rc = uv_listen((uv_stream_t *)&t->listener, 128, connection_cb);
	if (*rc) {
		t->hooks.stopped = NULL;
		sip_tcp_stop(t);
		return NULL;
	}
	return t;
}

int sip_tcp_bound(const struct sip_tcp *t, struct sockaddr_storage *ss)
{
	int sl = sizeof *ss;

	return uv_tcp_getsockname(&t->listener, (struct sockaddr *)ss, &sl);
}

void sip_tcp_stop(struct sip_tcp *t)
{
	if (t->stopping)
		return;
	t->stopping = true;
	for (struct tconn *k = t->conns; k; k = k->next)
		close_conn(k);
	uv_close((uv_handle_t *)&t->listener, listener_closed_cb);
}
