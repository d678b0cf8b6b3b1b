/* throttle.h — failed-login throttling: per key (an address "a:…" or an
 * account "u:…") the failures in a row and the time before which the next
 * attempt is refused. After THROTTLE_FREE failures each one doubles the wait,
 * from 1 s up to THROTTLE_MAX_MS; a success or THROTTLE_FORGET_MS without a
 * failure clears the key. A fixed table: when it is full the least recently
 * failed key is forgotten. Pure: the caller passes the time. */
#ifndef CENTER_THROTTLE_H
#define CENTER_THROTTLE_H

#include <stdint.h>

#define THROTTLE_FREE 3
#define THROTTLE_MAX_MS 60000
#define THROTTLE_FORGET_MS (15 * 60 * 1000)
#define THROTTLE_SLOTS 1024
#define THROTTLE_KEY 80

struct throttle_slot {
	char key[THROTTLE_KEY];
	unsigned fails;
	int64_t until_ms, last_ms;
};

struct throttle {
	struct throttle_slot v[THROTTLE_SLOTS];
};

/* Milliseconds before `key` may try again (0: now). */
int64_t throttle_wait(const struct throttle *t, const char *key, int64_t now_ms);
/* Records a failure; returns the failures in a row and sets *wait_ms to the
 * wait it imposes (0 while within the free ones). */
unsigned throttle_fail(struct throttle *t, const char *key, int64_t now_ms, int64_t *wait_ms);
/* A success: the key starts afresh. */
void throttle_ok(struct throttle *t, const char *key);

#endif
