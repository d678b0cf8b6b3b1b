/* every.h — a function called every so often on the center's loop (a
 * libuv repeating timer with its handle's life cycle handled). */
#ifndef CENTER_EVERY_H
#define CENTER_EVERY_H

#include <stdint.h>
#include <uv.h>

struct every;

/* Calls fn(ctx) every ms milliseconds, first after ms. NULL when out of memory. */
struct every *every_start(uv_loop_t *loop, uint64_t ms, void (*fn)(void *ctx), void *ctx);
/* Stops it; fn is not called again (NULL: nothing). */
void every_stop(struct every *e);

#endif
