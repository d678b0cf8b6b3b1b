/* throttle.c — failed-login throttling (see throttle.h). */
#include "throttle.h"

#include <stdio.h>
#include <string.h>

static int live(const struct throttle_slot *s, int64_t now_ms)
{
	return s->key[0] && now_ms - s->last_ms < THROTTLE_FORGET_MS;
}

static const struct throttle_slot *find(const struct throttle *t, const char *key,
					int64_t now_ms)
{
	for (size_t i = 0; i < THROTTLE_SLOTS; i++)
		if (live(&t->v[i], now_ms) && strcmp(t->v[i].key, key) == 0)
			return &t->v[i];
	return NULL;
}

int64_t throttle_wait(const struct throttle *t, const char *key, int64_t now_ms)
{
	const struct throttle_slot *s = find(t, key, now_ms);

	return s && s->until_ms > now_ms ? s->until_ms - now_ms : 0;
}

/* The key's slot, else a free or expired one, else the least recently failed. */
static struct throttle_slot *claim(struct throttle *t, const char *key, int64_t now_ms)
{
	struct throttle_slot *s = (struct throttle_slot *)find(t, key, now_ms), *old = &t->v[0];

	if (s != NULL)
		return s;
	for (size_t i = 0; i < THROTTLE_SLOTS; i++) {
		if (!live(&t->v[i], now_ms)) {
			old = &t->v[i];
			break;
		}
		if (t->v[i].last_ms < old->last_ms)
			old = &t->v[i];
	}
	memset(old, 0, sizeof *old);
	snprintf(old->key, sizeof old->key, "%s", key);
	return old;
}

unsigned throttle_fail(struct throttle *t, const char *key, int64_t now_ms, int64_t *wait_ms)
{
	struct throttle_slot *s = claim(t, key, now_ms);
	unsigned over;

	s->fails++;
	s->last_ms = now_ms;
	over = s->fails > THROTTLE_FREE ? s->fails - THROTTLE_FREE : 0;
	*wait_ms = over == 0 ? 0 : over > 7 ? THROTTLE_MAX_MS : (int64_t)1000 << (over - 1);
	if (*wait_ms > THROTTLE_MAX_MS)
		*wait_ms = THROTTLE_MAX_MS;
	s->until_ms = now_ms + *wait_ms;
	return s->fails;
}

void throttle_ok(struct throttle *t, const char *key)
{
	for (size_t i = 0; i < THROTTLE_SLOTS; i++)
		if (strcmp(t->v[i].key, key) == 0)
			memset(&t->v[i], 0, sizeof t->v[i]);
}
