/* lwsuv.h — libwebsockets on our own libuv loop: context creation that
 * detects lws's "half-baked" failure, log routing, and the two-phase
 * tear-down that lws 4.1 needs on a foreign loop (ENGINEERING.md §1.3–1.4).
 * Shared by the console's link and the center's server. */
#ifndef LWSUV_H
#define LWSUV_H

#include <uv.h>
/* uv.h must precede libwebsockets.h (lws guards its uv parts on UV_ERRNO_MAP). */
#include <libwebsockets.h>

struct lwsuv {
	struct lws_context *ctx; /* NULLed by lws when destruction completes */
	uv_timer_t destroy_timer;
	void (*done_cb)(struct lwsuv *l); /* after the context is gone */
	int destroying;
};

/* Routes lws log lines (errors and warnings only) to fn, which receives a
 * sanitised line without the trailing newline. Call before lwsuv_create. */
void lwsuv_log_to(void (*fn)(int level, const char *line));

/* Creates a context on `loop` from info (options, foreign_loops and pcontext
 * are filled in here). When `want_vhost` is set, a context whose default
 * vhost failed (e.g. the port is taken) counts as a failure: it is torn down
 * and -1 returned. Returns 0 on success. */
int lwsuv_create(struct lwsuv *l, uv_loop_t *loop, struct lws_context_creation_info *info,
		 int want_vhost);

/* Writes a WebSocket close frame (code, then why cut to 123 bytes) from a
 * WRITEABLE callback, which then returns -1. lws_close_reason alone does not
 * reach the peer when the callback returns -1 (lws 4.1): it would see 1006.
 * buf has LWS_PRE bytes of room before it and 125 after. */
void lwsuv_write_close(struct lws *wsi, unsigned char *buf, int code, const char *why);

/* Starts the tear-down; done_cb runs on the loop once the context is fully
 * destroyed, after which every lws handle is closed. Safe to call twice. */
void lwsuv_destroy(struct lwsuv *l, void (*done_cb)(struct lwsuv *l));

#endif
