/* backoff.h — reconnect delays: exponential with a cap and jitter. Pure: the
 * caller supplies the random number, so tests are deterministic. */
#ifndef BACKOFF_H
#define BACKOFF_H

#include <stdint.h>

/* Delay in ms before attempt number `attempt` (0 = first retry):
 * min(base * 2^attempt, cap) scaled by a jitter of ±jitter_pct % drawn from
 * `rnd` (any 32-bit value). Never below 50 ms. */
uint32_t backoff_delay_ms(unsigned attempt, uint32_t base_ms, uint32_t cap_ms,
			  unsigned jitter_pct, uint32_t rnd);

#endif
