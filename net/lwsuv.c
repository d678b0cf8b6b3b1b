/* lwsuv.c — lws context life cycle on a foreign libuv loop. lws 4.1.6 only
 * finishes destroying a foreign-loop context when lws_context_destroy() is
 * called again on a later loop iteration; a uv timer does that. */
#include "lwsuv.h"

#include <dlfcn.h>
#include <string.h>

#include "../app/core/text.h"

static void (*log_fn)(int level, const char *line);

static void emit_cb(int level, const char *line)
{
	char buf[512];
	size_t n;

	if (log_fn == NULL)
		return;
	snprintf(buf, sizeof buf, "%s", line);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	text_sanitize(buf, n);
	log_fn(level, buf);
}

void lwsuv_log_to(void (*fn)(int level, const char *line))
{
	log_fn = fn;
	lws_set_log_level(LLL_ERR | LLL_WARN, emit_cb);
}

/* lws 4.1 dlcloses its libuv plugin when a context is destroyed, and uv
 * close callbacks that point into it can still be pending: a crash when a
 * context is destroyed early (warmcat/libwebsockets#2857). Loading the
 * plugin once with RTLD_NODELETE keeps its code mapped for good. */
static void pin_uv_plugin(void)
{
	static int done;
	static const char *const names[] = {
		"libwebsockets-evlib_uv.so",
		"/usr/lib/x86_64-linux-gnu/libwebsockets-evlib_uv.so",
		"/usr/lib/aarch64-linux-gnu/libwebsockets-evlib_uv.so",
		"/usr/local/lib/libwebsockets-evlib_uv.so",
	};

	if (done)
		return;
	done = 1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (dlopen(names[i], RTLD_NOW | RTLD_NODELETE) != NULL)
			return;
}

int lwsuv_create(struct lwsuv *l, uv_loop_t *loop, struct lws_context_creation_info *info,
		 int want_vhost)
{
	void *loops[1] = {loop};

	pin_uv_plugin();
	memset(l, 0, sizeof *l);
	uv_timer_init(loop, &l->destroy_timer);
	l->destroy_timer.data = l;
	info->options |= LWS_SERVER_OPTION_LIBUV;
	info->foreign_loops = loops;
	info->pcontext = &l->ctx;
	l->ctx = lws_create_context(info);
	if (l->ctx == NULL)
		return -1;
	if (want_vhost && lws_get_vhost_by_name(l->ctx, "default") == NULL) {
		lwsuv_destroy(l, NULL);
		return -1;
	}
	return 0;
}

static void timer_closed_cb(uv_handle_t *h)
{
	struct lwsuv *l = h->data;
	if (l->done_cb)
		l->done_cb(l);
}

static void count_closing(uv_handle_t *h, void *arg)
{
	*(int *)arg += uv_is_closing(h) != 0;
}

static void destroy_tick_cb(uv_timer_t *t)
{
	struct lwsuv *l = t->data;
	int closing = 0;

	if (l->ctx != NULL) {
		/* The first destroy starts closing lws's handles; the next one
		 * frees the context, which must wait until their close
		 * callbacks have run (they use the context's wsi memory). */
		if (l->destroying == 1) {
			lws_context_destroy(l->ctx);
			l->destroying = 2;
			return;
		}
		uv_walk(t->loop, count_closing, &closing);
		if (closing == 0)
			lws_context_destroy(l->ctx);
		return; /* the timer repeats until lws NULLs l->ctx */
	}
	uv_timer_stop(t);
	uv_close((uv_handle_t *)t, timer_closed_cb);
}

void lwsuv_destroy(struct lwsuv *l, void (*done_cb)(struct lwsuv *l))
{
	if (l->destroying) {
		if (done_cb)
			l->done_cb = done_cb;
		return;
	}
	l->destroying = 1;
	l->done_cb = done_cb;
	/* Always from the loop: a context destroyed before the loop ever ran
	 * leaves lws half-initialised handles behind. */
	uv_timer_start(&l->destroy_timer, destroy_tick_cb, 10, 10);
}

void lwsuv_write_close(struct lws *wsi, unsigned char *buf, int code, const char *why)
{
	size_t n = strlen(why);

	if (n > 123)
		n = 123;
	buf[0] = (unsigned char)(code >> 8);
	buf[1] = (unsigned char)code;
	memcpy(buf + 2, why, n);
	/* 4 is the close opcode; lws_write takes it though its header says
	 * only lws_close_reason does. */
	lws_write(wsi, buf, n + 2, (enum lws_write_protocol)4);
}
