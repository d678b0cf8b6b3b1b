/* every.c — a repeating call on the loop (center/every.h). */
#include "every.h"

#include <stdlib.h>

struct every {
	uv_timer_t timer;
	void (*fn)(void *ctx);
	void *ctx;
};

static void tick_cb(uv_timer_t *t)
{
	struct every *e = t->data;

	e->fn(e->ctx);
}

struct every *every_start(uv_loop_t *loop, uint64_t ms, void (*fn)(void *ctx), void *ctx)
{
	struct every *e = calloc(1, sizeof *e);

	if (e == NULL)
		return NULL;
	e->fn = fn;
	e->ctx = ctx;
	uv_timer_init(loop, &e->timer);
	e->timer.data = e;
	uv_timer_start(&e->timer, tick_cb, ms, ms);
	return e;
}

static void closed_cb(uv_handle_t *h)
{
	free(h->data);
}

void every_stop(struct every *e)
{
	if (e)
		uv_close((uv_handle_t *)&e->timer, closed_cb);
}
