/* backoff.c — reconnect delay computation. */
#include "backoff.h"

uint32_t backoff_delay_ms(unsigned attempt, uint32_t base_ms, uint32_t cap_ms,
			  unsigned jitter_pct, uint32_t rnd)
{
	uint64_t d = base_ms;
	int64_t span, off;

	for (unsigned i = 0; i < attempt && d < cap_ms; i++)
		d *= 2;
	if (d > cap_ms)
		d = cap_ms;
	if (jitter_pct > 100)
		jitter_pct = 100;
	span = (int64_t)d * jitter_pct / 100;
	off = span ? (int64_t)(rnd % (uint32_t)(2 * span + 1)) - span : 0;
	d = (uint64_t)((int64_t)d + off);
	return d < 50 ? 50 : (uint32_t)d;
}
