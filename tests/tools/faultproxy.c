/* faultproxy — a TCP proxy for tests that injects the faults links suffer:
 *   drop      close every connection at once (RST)
 *   stall     stop forwarding both ways without closing (half-open), 1.5 s
 *   delay     forward with 300 ms of extra latency, for 1 s
 *   throttle  forward at most 16 KiB/s, for 1 s
 *   cut       forward part of the next chunk, then close (a frame cut mid-way)
 *   cutat N   (stdin only) the first connection to have carried N bytes from
 *             the target is closed right there, once
 * Faults may overlap. Usage: faultproxy LISTEN_PORT (0: any) TARGET_PORT [EVERY_MS
 * PER_KIND SEED]. With EVERY_MS, a fault of the next kind (in turn) is
 * injected every EVERY_MS until PER_KIND of each were injected, from the
 * moment "go" is read on stdin; a kind name on stdin injects one at once. Each fault is logged on stdout as
 * "<wall ms> <kind>"; on SIGTERM or end of input "total <kind> <n>". */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/time.h>
#include <uv.h>

enum { DROP, STALL, DELAY, THROTTLE, CUT, KINDS };
static const char *const kind_names[KINDS] = {"drop", "stall", "delay", "throttle", "cut"};

/* A connection lives until its two handles are closed and no chunk it
 * carries is still waiting: `refs` counts both. */
struct conn {
	struct conn *next;
	uv_tcp_t a, b; /* client side, target side */
	int closing, refs;
	bool b_connected, stalled;
	uint64_t stalled_until;
	uint64_t due[2]; /* per direction: when the last queued chunk goes out */
	uint64_t down;   /* bytes carried from the target */
	uv_connect_t creq;
};

/* A chunk is freed when it was written (or dropped) and its timer, if it
 * had one, is closed: `refs` counts both, so no handle is ever freed while
 * libuv still holds it. */
struct chunk {
	uv_write_t w;
	uv_timer_t t;
	struct conn *c;
	uv_tcp_t *to;
	uv_buf_t buf;
	int refs;
};
static uv_loop_t *loop;
static struct conn *conns;
static int target_port;
static int counts[KINDS];
static bool cut_armed;
static uint64_t cut_at; /* 0: no "cutat" armed */
static uint64_t delay_until, throttle_until, throttle_window, throttle_bytes;
static uv_timer_t fault_timer, unstall_timer;
static uv_pipe_t in;
static char line[64];
static size_t line_len;
static int per_kind, next_kind;
static uint64_t every_ms;
static uv_signal_t sigterm;

static int64_t wall_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

static void conn_unref(struct conn *c)
{
	if (--c->refs > 0)
		return;
	for (struct conn **pp = &conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	free(c);
}

static void handle_closed(uv_handle_t *h)
{
	conn_unref(h->data);
}

static void conn_close(struct conn *c, bool reset)
{
	if (c->closing)
		return;
	c->closing = 1;
	if (reset)
		uv_tcp_close_reset(&c->a, handle_closed);
	else
		uv_close((uv_handle_t *)&c->a, handle_closed);
	uv_close((uv_handle_t *)&c->b, handle_closed);
}

static void alloc_cb(uv_handle_t *h, size_t s, uv_buf_t *b)
{
	b->base = malloc(65536);
	b->len = 65536;
}

static void chunk_unref(struct chunk *k)
{
	if (--k->refs > 0)
		return;
	conn_unref(k->c);
	free(k->buf.base);
	free(k);
}

static void write_done(uv_write_t *w, int status)
{
	chunk_unref(w->data);
}

static void send_now(struct chunk *k)
{
	k->w.data = k;
	if (k->c->closing || uv_write(&k->w, (uv_stream_t *)k->to, &k->buf, 1, write_done))
		chunk_unref(k);
}

static void timer_closed(uv_handle_t *h)
{
	chunk_unref(h->data);
}

static void delayed_cb(uv_timer_t *t)
{
	struct chunk *k = t->data;
	uv_close((uv_handle_t *)t, timer_closed);
	send_now(k);
}

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *buf);

/* Forward one chunk, after the extra latency the active faults add; a chunk
 * never overtakes an earlier one in the same direction (TCP does not
 * reorder, and neither may the proxy). */
static void forward(struct conn *c, uv_tcp_t *to, char *data, size_t n)
{
	struct chunk *k = calloc(1, sizeof *k);
	uint64_t now = uv_now(loop), extra = 0, *due = &c->due[to == &c->a];

	k->c = c;
	k->to = to;
	k->buf = uv_buf_init(data, (unsigned)n);
	k->refs = 1;
	c->refs++;
	if (to == &c->a && cut_at && c->down + n >= cut_at) {
		/* Exactly cut_at bytes from the target, then the connection is gone. */
		k->buf.len = (unsigned)(cut_at - c->down);
		c->down = cut_at;
		cut_at = 0;
		printf("%lld cutat %llu\n", (long long)wall_ms(), (unsigned long long)c->down);
		fflush(stdout);
		if (k->buf.len)
			send_now(k);
		else
			chunk_unref(k);
		conn_close(c, false); /* FIN after the bytes, not a reset that drops them */
		return;
	}
	if (to == &c->a)
		c->down += n;
	if (cut_armed) {
		/* Part of this chunk, then the connection is gone. */
		k->buf.len = n > 1 ? (unsigned)(n / 2) : (unsigned)n;
		cut_armed = false;
		send_now(k);
		conn_close(c, true);
		return;
	}
	if (now < delay_until)
		extra = 300;
	if (now < throttle_until) {
		uint64_t win = now / 1000;
		if (win != throttle_window)
			throttle_window = win, throttle_bytes = 0;
		throttle_bytes += n;
		if (throttle_bytes > 16384)
			extra = 1000 * (throttle_bytes / 16384);
	}
	if (*due < now + extra)
		*due = now + extra;
	if (*due <= now) {
		send_now(k);
		return;
	}
	/* Timers due at the same time fire in the order they were started. */
	uv_timer_init(loop, &k->t);
	k->t.data = k;
	k->refs++;
	uv_timer_start(&k->t, delayed_cb, *due - now, 0);
}

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct conn *c = s->data;

	if (n < 0) {
		free(buf->base);
		conn_close(c, false);
		return;
	}
	if (n == 0) {
		free(buf->base);
		return;
	}
	forward(c, s == (uv_stream_t *)&c->a ? &c->b : &c->a, buf->base, (size_t)n);
}

static void start_reading(struct conn *c)
{
	if (c->closing || !c->b_connected)
		return;
	uv_read_start((uv_stream_t *)&c->a, alloc_cb, read_cb);
	uv_read_start((uv_stream_t *)&c->b, alloc_cb, read_cb);
}

static void connected_cb(uv_connect_t *r, int status)
{
	struct conn *c = r->data;

	if (status < 0) {
		conn_close(c, true);
		return;
	}
	c->b_connected = true;
	start_reading(c);
}

static void accept_cb(uv_stream_t *server, int status)
{
	struct conn *c = calloc(1, sizeof *c);
	struct sockaddr_in addr;

	uv_tcp_init(loop, &c->a);
	uv_tcp_init(loop, &c->b);
	c->a.data = c->b.data = c->creq.data = c;
	c->refs = 2;
	c->next = conns;
	conns = c;
	if (uv_accept(server, (uv_stream_t *)&c->a)) {
		conn_close(c, false);
		return;
	}
	uv_ip4_addr("127.0.0.1", target_port, &addr);
	uv_tcp_connect(&c->creq, &c->b, (const struct sockaddr *)&addr, connected_cb);
}

static void unstall_cb(uv_timer_t *t)
{
	uint64_t now = uv_now(loop);

	for (struct conn *c = conns; c; c = c->next)
		if (c->stalled && now >= c->stalled_until) {
			c->stalled = false;
			start_reading(c);
		}
}

static void inject(int kind)
{
	uint64_t now = uv_now(loop);

	counts[kind]++;
	printf("%lld %s\n", (long long)wall_ms(), kind_names[kind]);
	fflush(stdout);
	switch (kind) {
	case DROP:
		for (struct conn *c = conns; c; c = c->next)
			conn_close(c, true);
		break;
	case STALL:
		/* Half-open: both TCP connections stay up, nothing moves. */
		for (struct conn *c = conns; c; c = c->next)
			if (!c->closing && c->b_connected) {
				uv_read_stop((uv_stream_t *)&c->a);
				uv_read_stop((uv_stream_t *)&c->b);
				c->stalled = true;
				c->stalled_until = now + 1500;
			}
		break;
	case DELAY:
		delay_until = now + 1000;
		break;
	case THROTTLE:
		throttle_until = now + 1000;
		break;
	case CUT:
		cut_armed = true;
		break;
	}
}

static void fault_cb(uv_timer_t *t)
{
	inject(next_kind);
	next_kind = (next_kind + 1) % KINDS;
	if (counts[next_kind] >= per_kind)
		uv_timer_stop(t);
}

static void report_and_exit(void)
{
	for (int k = 0; k < KINDS; k++)
		printf("total %s %d\n", kind_names[k], counts[k]);
	fflush(stdout);
	exit(0);
}

static void in_read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	for (ssize_t i = 0; i < n; i++) {
		if (buf->base[i] != '\n') {
			if (line_len + 1 < sizeof line)
				line[line_len++] = buf->base[i];
			continue;
		}
		line[line_len] = '\0';
		line_len = 0;
		for (int k = 0; k < KINDS; k++)
			if (strcmp(line, kind_names[k]) == 0)
				inject(k);
		if (strncmp(line, "cutat ", 6) == 0)
			cut_at = strtoull(line + 6, NULL, 10);
		if (strcmp(line, "go") == 0 && per_kind > 0)
			uv_timer_start(&fault_timer, fault_cb, every_ms, every_ms);
	}
	free(buf->base);
	if (n < 0)
		uv_read_stop(s);
}

static void sig_cb(uv_signal_t *s, int signum)
{
	report_and_exit();
}

int main(int argc, char **argv)
{
	uv_tcp_t server;
	struct sockaddr_in addr;

	if (argc != 3 && argc != 6) {
		fprintf(stderr, "usage: faultproxy LISTEN_PORT TARGET_PORT [EVERY_MS PER_KIND SEED]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	loop = uv_default_loop();
	target_port = atoi(argv[2]);
	uv_tcp_init(loop, &server);
	uv_ip4_addr("127.0.0.1", atoi(argv[1]), &addr);
	if (uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0) ||
	    uv_listen((uv_stream_t *)&server, 64, accept_cb)) {
		fprintf(stderr, "faultproxy: cannot listen on %s\n", argv[1]);
		return 1;
	}
	uv_timer_init(loop, &fault_timer);
	uv_timer_init(loop, &unstall_timer);
	uv_timer_start(&unstall_timer, unstall_cb, 50, 50);
	uv_pipe_init(loop, &in, 0);
	if (uv_pipe_open(&in, 0) == 0)
		uv_read_start((uv_stream_t *)&in, alloc_cb, in_read_cb);
	if (argc == 6) {
		per_kind = atoi(argv[4]);
		srand((unsigned)atoi(argv[5]));
		next_kind = rand() % KINDS;
		every_ms = (uint64_t)atoi(argv[3]);
	}
	uv_signal_init(loop, &sigterm);
	uv_signal_start(&sigterm, sig_cb, SIGTERM);
	{
		/* LISTEN_PORT 0: the system picks one; the tests read it here. */
		struct sockaddr_in bound;
		int len = sizeof bound;
		uv_tcp_getsockname(&server, (struct sockaddr *)&bound, &len);
		printf("ready %d\n", ntohs(bound.sin_port));
	}
	fflush(stdout);
	return uv_run(loop, UV_RUN_DEFAULT);
}
