/* link.c — lws client links. Names are resolved off the loop with
 * uv_getaddrinfo (lws would block in getaddrinfo); reconnects are uv timers
 * with exponential backoff and jitter (app/core/backoff); a uv timer checks
 * liveness, because a half-open TCP link can look healthy for minutes. */
#include "link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/backoff.h"
#include "../app/core/text.h"
#include "lwsuv.h"

#define SEND_MAX 1024 /* queued outgoing frames per link */
#define CONNECT_TIMEOUT_MS 5000
#define MAX_LINKS 64

/* Each connection attempt carries a token (link id, generation) as its lws
 * opaque user data. Abandoning a connection bumps the generation: whatever
 * lws later reports about the old attempt is recognised as stale and the
 * old wsi is closed at its next callback, without ever touching a wsi that
 * lws may be tearing down. */
#define TOKEN(id, gen) ((void *)(uintptr_t)(((uint64_t)(id) << 32) | (uint32_t)(gen) | 1ull << 63))

struct out {
	struct out *next;
	size_t len;
	char *text;
};

#define LINK_BYE_MS 300 /* a stopping console waits this long to say goodbye */

struct link {
	struct link *next;
	struct link_net *net;
	const struct link_cb *cb;
	void *ud;
	char url[256], host[128], path[128], addr[64];
	int port;
	bool tls;
	enum link_state state;
	struct lws *wsi;
	uv_timer_t retry, live;
	uv_getaddrinfo_t gai;
	bool gai_busy;
	unsigned attempt;
	uint64_t last_rx, connect_started;
	uint32_t liveness_ms;
	char *rx;
	size_t rxlen;
	bool rx_overflow;
	unsigned char *bin; /* a binary message (an image) being received */
	size_t binlen;
	bool bin_overflow;
	struct out *out_head, *out_tail;
	size_t nout;
	bool stopping, closed;
	bool goodbye; /* stopping: its close frame is still to be written */
	unsigned id, gen;
	bool retry_scheduled;
	char close_why[160];
};

struct link_net {
	struct lwsuv lws;
	uv_loop_t *loop;
	struct link *links;
	unsigned char *txbuf;
	bool insecure;
	struct link *by_id[MAX_LINKS];
	unsigned nids;
	void (*done_cb)(void *ctx);
	void *done_ctx;
	int pending_closes;
	int goodbyes;        /* links still to write their close frame */
	uv_timer_t *bye;     /* caps the wait for them */
};

static void set_state(struct link *l, enum link_state st, const char *why)
{
	l->state = st;
	if (l->cb->on_state)
		l->cb->on_state(l->ud, l, st, why);
}

static void drop_queue(struct link *l)
{
	while (l->out_head) {
		struct out *o = l->out_head;
		l->out_head = o->next;
		free(o->text);
		free(o);
	}
	l->out_tail = NULL;
	l->nout = 0;
}

static void connect_now(struct link *l);

static void retry_cb(uv_timer_t *t)
{
	connect_now(t->data);
}

static void schedule_retry(struct link *l, const char *why)
{
	uint32_t delay = backoff_delay_ms(l->attempt++, 500, 15000, 20, (uint32_t)rand());
	char msg[200];

	if (l->retry_scheduled)
		return; /* one failure, reported twice by lws */
	l->retry_scheduled = true;
	l->gen++; /* whatever is left of this attempt is stale now */
	l->wsi = NULL;
	l->rxlen = 0;
	l->binlen = 0;
	l->bin_overflow = false;
	drop_queue(l);
	uv_timer_stop(&l->live);
	if (l->stopping)
		return;
	snprintf(msg, sizeof msg, "%s; retry in %.1f s", why, delay / 1000.0);
	set_state(l, LINK_DOWN, msg);
	uv_timer_start(&l->retry, retry_cb, delay, 0);
}

static void abandon(struct link *l, const char *why);

static void live_cb(uv_timer_t *t)
{
	struct link *l = t->data;
	uint64_t now = uv_now(t->loop);

	if (l->state == LINK_CONNECTING) {
		/* lws has its own connect timeouts, but a handshake that stalls
		 * half-way must not leave the link "connecting" for long. */
		if (now - l->connect_started > CONNECT_TIMEOUT_MS)
			abandon(l, "the connection attempt timed out");
		return;
	}
	if (l->wsi != NULL && now - l->last_rx > l->liveness_ms)
		link_reconnect(l, "no heartbeat from the center");
}

/* Frees a stopped link whose handles are closed; the last one ends the net. */
static void free_link(struct link *l)
{
	struct link_net *n = l->net;

	free(l->rx);
	free(l->bin);
	free(l);
	if (--n->pending_closes == 0) {
		void (*done)(void *) = n->done_cb;
		void *ctx = n->done_ctx;
		free(n->txbuf);
		free(n);
		if (done)
			done(ctx);
	}
}

static void gai_cb(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	struct link *l = req->data;
	struct lws_client_connect_info i;

	l->gai_busy = false;
	if (l->stopping) {
		uv_freeaddrinfo(res);
		if (l->closed)
			free_link(l);
		return;
	}
	if (status != 0 || res == NULL) {
		char why[200];
		snprintf(why, sizeof why, "cannot resolve %s: %s", l->host, uv_strerror(status));
		uv_freeaddrinfo(res);
		schedule_retry(l, why);
		return;
	}
	uv_ip4_name((struct sockaddr_in *)res->ai_addr, l->addr, sizeof l->addr);
	uv_freeaddrinfo(res);
	memset(&i, 0, sizeof i);
	i.context = l->net->lws.ctx;
	i.address = l->addr;
	i.port = l->port;
	i.path = l->path;
	i.host = l->host;
	i.origin = l->host;
	i.protocol = PROTO_SUBPROTOCOL;
	i.local_protocol_name = PROTO_SUBPROTOCOL;
	i.opaque_user_data = TOKEN(l->id, l->gen);
	if (l->tls) {
		/* Certificate and host name are verified unless --insecure. */
		i.ssl_connection = LCCSCF_USE_SSL;
		if (l->net->insecure)
			i.ssl_connection |= LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK |
					    LCCSCF_ALLOW_EXPIRED | LCCSCF_ALLOW_INSECURE;
	}
	set_state(l, LINK_CONNECTING, "connecting");
	l->connect_started = uv_now(l->net->loop);
	uv_timer_start(&l->live, live_cb, 250, 250);
	if (lws_client_connect_via_info(&i) == NULL)
		schedule_retry(l, "connection failed");
}

static void connect_now(struct link *l)
{
	struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};

	if (l->stopping || l->gai_busy || l->wsi != NULL)
		return;
	l->retry_scheduled = false;
	set_state(l, LINK_RESOLVING, "resolving");
	l->gai.data = l;
	l->gai_busy = true;
	if (uv_getaddrinfo(l->net->loop, &l->gai, gai_cb, l->host, NULL, &hints)) {
		l->gai_busy = false;
		schedule_retry(l, "cannot start name lookup");
	}
}

static void send_hello(struct link *l)
{
	struct proto_hello h = {.version = PROTO_VERSION};
	char *frame;

	l->cb->fill_hello(l->ud, l, &h);
	frame = proto_encode_hello(&h);
	if (frame == NULL) {
		link_reconnect(l, "out of memory");
		return;
	}
	/* The hello goes first: in front of anything queued. */
	{
		struct out *o = malloc(sizeof *o);
		if (o == NULL) {
			free(frame);
			return;
		}
		o->text = frame;
		o->len = strlen(frame);
		o->next = l->out_head;
		l->out_head = o;
		if (l->out_tail == NULL)
			l->out_tail = o;
		l->nout++;
		lws_callback_on_writable(l->wsi);
	}
}

static void deliver(struct link *l)
{
	struct proto_msg m;
	char err[256];
	size_t len = l->rxlen;
	int rc = proto_decode(l->rx, len, &m, err, sizeof err);

	l->rxlen = 0;
	if (rc) {
		if (l->cb->on_bad_frame)
			l->cb->on_bad_frame(l->ud, l, rc, err);
		return;
	}
	if (m.type == PROTO_WELCOME) {
		l->attempt = 0;
		set_state(l, LINK_UP, "connected");
	} else if (m.type == PROTO_ERROR && l->state != LINK_UP) {
		char why[300];
		snprintf(why, sizeof why, "refused: %s (%d)", m.u.error.msg, m.u.error.code);
		l->stopping = m.u.error.code == PROTO_E_AUTH || m.u.error.code == PROTO_E_ROLE ||
			      m.u.error.code == PROTO_E_VERSION;
		if (l->stopping)
			set_state(l, LINK_REFUSED, why);
	}
	l->cb->on_msg(l->ud, l, &m, l->rx, len);
	proto_msg_release(&m);
}

/* A binary message: an image after an images message (PROTO_MAX_IMAGE at
 * most; the buffer lives as long as the message). */
static void on_receive_binary(struct link *l, const char *in, size_t len)
{
	if (l->bin == NULL && (l->bin = malloc(PROTO_MAX_IMAGE)) == NULL)
		l->bin_overflow = true;
	if (l->bin_overflow || l->binlen + len > PROTO_MAX_IMAGE) {
		l->bin_overflow = true;
		l->binlen = 0;
	} else {
		memcpy(l->bin + l->binlen, in, len);
		l->binlen += len;
	}
	if (!lws_is_final_fragment(l->wsi) || lws_remaining_packet_payload(l->wsi) > 0)
		return;
	if (l->bin_overflow) {
		l->bin_overflow = false;
		if (l->cb->on_bad_frame)
			l->cb->on_bad_frame(l->ud, l, PROTO_E_SIZE, "binary message over 1 MiB dropped");
	} else if (l->cb->on_binary) {
		l->cb->on_binary(l->ud, l, l->bin, l->binlen);
	} else if (l->cb->on_bad_frame) {
		l->cb->on_bad_frame(l->ud, l, PROTO_E_TYPE, "binary message not expected");
	}
	free(l->bin);
	l->bin = NULL;
	l->binlen = 0;
}

static void on_receive(struct link *l, const char *in, size_t len)
{
	l->last_rx = uv_now(l->net->loop);
	if (lws_frame_is_binary(l->wsi)) {
		on_receive_binary(l, in, len);
		return;
	}
	if (l->rx == NULL && (l->rx = malloc(PROTO_MAX_FRAME + 1)) == NULL)
		return;
	if (l->rx_overflow || l->rxlen + len > PROTO_MAX_FRAME) {
		/* Skip the rest of an oversized message, then report it. */
		l->rx_overflow = true;
		l->rxlen = 0;
	} else {
		memcpy(l->rx + l->rxlen, in, len);
		l->rxlen += len;
	}
	if (!lws_is_final_fragment(l->wsi) || lws_remaining_packet_payload(l->wsi) > 0)
		return;
	if (l->rx_overflow) {
		l->rx_overflow = false;
		if (l->cb->on_bad_frame)
			l->cb->on_bad_frame(l->ud, l, PROTO_E_SIZE, "message over 64 KiB dropped");
		return;
	}
	deliver(l);
}

static int on_writeable(struct link *l)
{
	struct out *o = l->out_head;
	int n;

	if (o == NULL)
		return 0;
	l->out_head = o->next;
	if (l->out_head == NULL)
		l->out_tail = NULL;
	l->nout--;
	memcpy(l->net->txbuf + LWS_PRE, o->text, o->len);
	n = lws_write(l->wsi, l->net->txbuf + LWS_PRE, o->len, LWS_WRITE_TEXT);
	free(o->text);
	free(o);
	if (n < 0)
		return -1;
	if (l->out_head)
		lws_callback_on_writable(l->wsi);
	return 0;
}

static void destroy_net(struct link_net *n);

/* A stopping link's current connection has written its close frame: the
 * last one lets the net go. */
/* The link a wsi's token (id, generation) names, whatever its generation,
 * or NULL when the wsi is not one of ours; *gen is the token's generation. */
static struct link *token_link(struct link_net *n, struct lws *wsi, unsigned *gen)
{
	uintptr_t t = (uintptr_t)lws_get_opaque_user_data(wsi);
	unsigned id = (unsigned)((t >> 32) & 0x7fffffff);

	*gen = (unsigned)(t & 0xffffffff);
	return (t >> 63) && id < n->nids ? n->by_id[id] : NULL;
}

static void said_goodbye(struct link_net *n, struct lws *wsi)
{
	unsigned gen;
	struct link *l = token_link(n, wsi, &gen);

	if (l == NULL || !l->goodbye || gen != l->gen)
		return;
	l->goodbye = false;
	if (--n->goodbyes == 0)
		destroy_net(n);
}

/* The link a wsi belongs to, or NULL when the wsi is stale (abandoned) or
 * not one of ours. */
static struct link *owner(struct lws *wsi, bool *stale)
{
	unsigned gen;
	struct link *l = token_link(lws_context_user(lws_get_context(wsi)), wsi, &gen);

	*stale = l != NULL && (gen != l->gen || l->stopping);
	return l == NULL || *stale ? NULL : l;
}

static int callback(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
		    size_t len)
{
	bool stale;
	struct link *l = owner(wsi, &stale);
	char why[200];

	if (l == NULL) {
		/* An abandoned connection: closed with 1001 at its next
		 * WRITEABLE, what it receives meanwhile ignored. */
		if (stale && reason == LWS_CALLBACK_CLIENT_WRITEABLE) {
			struct link_net *n = lws_context_user(lws_get_context(wsi));
			lwsuv_write_close(wsi, n->txbuf + LWS_PRE, LWS_CLOSE_STATUS_GOINGAWAY,
					  "console reconnecting or stopping");
			said_goodbye(n, wsi);
			return -1;
		}
		if (stale && (reason == LWS_CALLBACK_CLIENT_ESTABLISHED ||
			      reason == LWS_CALLBACK_CLIENT_RECEIVE))
			lws_callback_on_writable(wsi); /* to say goodbye there */
		return 0;
	}
	switch (reason) {
	case LWS_CALLBACK_CLIENT_ESTABLISHED:
		l->wsi = wsi;
		l->last_rx = uv_now(l->net->loop);
		uv_timer_start(&l->live, live_cb, 250, 250);
		send_hello(l);
		break;
	case LWS_CALLBACK_CLIENT_RECEIVE:
		on_receive(l, in, len);
		break;
	case LWS_CALLBACK_CLIENT_WRITEABLE:
		return on_writeable(l);
	case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
		if (l->tls && in && strstr((const char *)in, "SSL"))
			/* OpenSSL's own words here are unreadable; say what it means. */
			snprintf(why, sizeof why,
				 "TLS refused %s:%d: its certificate is not trusted (--ca) or does not "
				 "name '%s'", l->host, l->port, l->host);
		else
			snprintf(why, sizeof why, "cannot connect to %s:%d: %.120s", l->host, l->port,
				 in ? (const char *)in : "error");
		schedule_retry(l, why);
		break;
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
		if (len >= 2) {
			const unsigned char *p = in;
			snprintf(l->close_why, sizeof l->close_why, "closed by the center (%d %.*s)",
				 p[0] << 8 | p[1], (int)(len - 2 > 100 ? 100 : len - 2),
				 (const char *)p + 2);
			text_sanitize(l->close_why, strlen(l->close_why));
		}
		break;
	case LWS_CALLBACK_CLIENT_CLOSED:
		if (l->state == LINK_REFUSED) {
			l->wsi = NULL;
			uv_timer_stop(&l->live);
		} else {
			schedule_retry(l, l->close_why[0] ? l->close_why : "connection closed");
		}
		l->close_why[0] = '\0';
		break;
	default:
		break;
	}
	return 0;
}

static const struct lws_protocols protocols[] = {
	{PROTO_SUBPROTOCOL, callback, 0, 4096, 0, NULL, 0},
	{NULL, NULL, 0, 0, 0, NULL, 0},
};

struct link_net *link_net_new(uv_loop_t *loop, void (*log_fn)(int level, const char *line),
			      const struct link_tls *tls)
{
	struct link_net *n = calloc(1, sizeof *n);
	struct lws_context_creation_info info;

	if (n == NULL || (n->txbuf = malloc(LWS_PRE + PROTO_MAX_FRAME)) == NULL) {
		free(n);
		return NULL;
	}
	n->loop = loop;
	lwsuv_log_to(log_fn);
	memset(&info, 0, sizeof info);
	info.port = CONTEXT_PORT_NO_LISTEN;
	info.protocols = protocols;
	info.user = n;
	info.options = LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT;
	if (tls && tls->ca_file && tls->ca_file[0]) {
		/* A private CA is the only one trusted: the OS store is left out. */
		info.client_ssl_ca_filepath = tls->ca_file;
		info.options |= LWS_SERVER_OPTION_DISABLE_OS_CA_CERTS;
	}
	n->insecure = tls && tls->insecure;
	if (lwsuv_create(&n->lws, loop, &info, 0)) {
		free(n->txbuf);
		free(n);
		return NULL;
	}
	return n;
}

static int parse_url(struct link *l, const char *url, char *err, size_t errlen)
{
	const char *p, *host, *colon, *slash;
	char *end;
	long port = 80;

	if (strlen(url) >= sizeof l->url) {
		snprintf(err, errlen, "'%.40s…': URL too long", url);
		return -1;
	}
	if (strncmp(url, "wss://", 6) == 0) {
		l->tls = true;
		port = 443;
		host = url + 6;
	} else if (strncmp(url, "ws://", 5) == 0) {
		host = url + 5;
	} else {
		snprintf(err, errlen, "'%s': expected ws://HOST:PORT or wss://HOST:PORT", url);
		return -1;
	}
	slash = strchr(host, '/');
	p = slash ? slash : host + strlen(host);
	colon = memchr(host, ':', (size_t)(p - host));
	if ((colon ? colon : p) == host || (size_t)((colon ? colon : p) - host) >= sizeof l->host) {
		snprintf(err, errlen, "'%s': missing or overlong host", url);
		return -1;
	}
	if (colon) {
		port = strtol(colon + 1, &end, 10);
		if (end != p || port < 1 || port > 65535) {
			snprintf(err, errlen, "'%s': bad port", url);
			return -1;
		}
	}
	snprintf(l->url, sizeof l->url, "%s", url);
	snprintf(l->host, sizeof l->host, "%.*s", (int)((colon ? colon : p) - host), host);
	snprintf(l->path, sizeof l->path, "%s", slash ? slash : "/");
	l->port = (int)port;
	return 0;
}

struct link *link_new(struct link_net *n, const char *url, const struct link_cb *cb, void *ud,
		      char *err, size_t errlen)
{
	struct link *l = calloc(1, sizeof *l);

	if (l == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (parse_url(l, url, err, errlen) || n->nids == MAX_LINKS) {
		if (n->nids == MAX_LINKS)
			snprintf(err, errlen, "more than %d links", MAX_LINKS);
		free(l);
		return NULL;
	}
	l->net = n;
	l->cb = cb;
	l->ud = ud;
	l->liveness_ms = 6000;
	uv_timer_init(n->loop, &l->retry);
	uv_timer_init(n->loop, &l->live);
	l->retry.data = l->live.data = l;
	l->id = n->nids;
	n->by_id[n->nids++] = l;
	l->next = n->links;
	n->links = l;
	return l;
}

void link_start(struct link *l)
{
	connect_now(l);
}

int link_send(struct link *l, char *frame)
{
	struct out *o;

	if (l->state != LINK_UP || l->wsi == NULL || l->nout >= SEND_MAX ||
	    (o = malloc(sizeof *o)) == NULL) {
		free(frame);
		return -1;
	}
	o->text = frame;
	o->len = strlen(frame);
	o->next = NULL;
	if (l->out_tail)
		l->out_tail->next = o;
	else
		l->out_head = o;
	l->out_tail = o;
	l->nout++;
	lws_callback_on_writable(l->wsi);
	return 0;
}

enum link_state link_state(const struct link *l)
{
	return l->state;
}

bool link_tls(const struct link *l)
{
	return l->tls;
}

const char *link_url(const struct link *l)
{
	return l->url;
}

int64_t link_idle_ms(const struct link *l)
{
	return l->last_rx ? (int64_t)(uv_now(l->net->loop) - l->last_rx) : -1;
}

void link_set_liveness(struct link *l, uint32_t ms)
{
	l->liveness_ms = ms;
}

/* Gives up the current connection: its generation becomes stale, so lws's
 * next callback for it closes it (asked for at once when it is up), and
 * our own retry is scheduled. */
static void abandon(struct link *l, const char *why)
{
	struct lws *wsi = l->wsi;

	schedule_retry(l, why);
	if (wsi != NULL)
		lws_callback_on_writable(wsi);
}

void link_reconnect(struct link *l, const char *why)
{
	if (l->wsi != NULL || l->state == LINK_CONNECTING)
		abandon(l, why);
}

static void handle_closed_cb(uv_handle_t *h)
{
	struct link *l = h->data;

	/* A name lookup still running owns the link until its callback. */
	l->closed = true;
	if (!l->gai_busy)
		free_link(l);
}

static void net_destroyed_cb(struct lwsuv *lw)
{
	struct link_net *n = (struct link_net *)lw;
	struct link *l = n->links;

	n->links = NULL;
	if (l == NULL) {
		free(n->txbuf);
		if (n->done_cb)
			n->done_cb(n->done_ctx);
		free(n);
		return;
	}
	for (; l; l = l->next) {
		n->pending_closes++;
		uv_close((uv_handle_t *)&l->retry, NULL);
		uv_close((uv_handle_t *)&l->live, handle_closed_cb);
	}
}

static void bye_closed_cb(uv_handle_t *h)
{
	free(h);
}

static void destroy_net(struct link_net *n)
{
	if (n->bye != NULL) {
		uv_close((uv_handle_t *)n->bye, bye_closed_cb);
		n->bye = NULL;
	}
	n->goodbyes = 0;
	lwsuv_destroy(&n->lws, net_destroyed_cb);
}

static void bye_timeout_cb(uv_timer_t *t)
{
	destroy_net(t->data);
}

/* Each connection that is up first says goodbye (close 1001), for at most
 * LINK_BYE_MS, then lws goes. */
void link_net_free(struct link_net *n, void (*done_cb)(void *ctx), void *ctx)
{
	n->done_cb = done_cb;
	n->done_ctx = ctx;
	for (struct link *l = n->links; l; l = l->next) {
		l->stopping = true;
		uv_timer_stop(&l->retry);
		uv_timer_stop(&l->live);
		drop_queue(l);
		if (l->gai_busy)
			uv_cancel((uv_req_t *)&l->gai);
		if (l->wsi != NULL && l->state == LINK_UP) {
			l->goodbye = true;
			n->goodbyes++;
			lws_callback_on_writable(l->wsi);
		}
	}
	if (n->goodbyes > 0 && (n->bye = malloc(sizeof *n->bye)) != NULL) {
		uv_timer_init(n->loop, n->bye);
		n->bye->data = n;
		uv_timer_start(n->bye, bye_timeout_cb, LINK_BYE_MS, 0);
		return;
	}
	destroy_net(n);
}
