/* flood.c — storm detection (center/flood.h). */
#include "flood.h"

#include <string.h>

#include "../app/core/ad.h"
#include "center.h"

#define WINDOW_S 10
#define QUIET_MS 30000 /* under half the threshold this long: the storm is over */

static double rate(const struct center_flood *f, int64_t now_s)
{
	uint64_t n = 0;

	for (int i = 0; i < WINDOW_S; i++)
		if (now_s - f->bucket_s[i] < WINDOW_S)
			n += f->count[i];
	return (double)n / WINDOW_S;
}

static void say(struct center *c, double r)
{
	struct center_flood *f = &c->flood;
	struct proto_flood m = {f->on, r, f->threshold, f->since_ms, center_now_ms(), f->alarms};

	center_batch_begin(c);
	center_emit_flood(c, &m);
	center_batch_end(c);
}

static void check(struct center *c, int64_t now_ms)
{
	struct center_flood *f = &c->flood;
	double r = rate(f, now_ms / 1000);

	if (!f->on && r > f->threshold) {
		f->on = true;
		f->since_ms = now_ms;
		f->quiet_since_ms = 0;
		f->alarms = 0;
		center_log("STORM: %.0f alarms/s (threshold %.0f): flood mode on", r, f->threshold);
		say(c, r);
	} else if (f->on && r >= f->threshold / 2) {
		f->quiet_since_ms = 0;
	} else if (f->on && f->quiet_since_ms == 0) {
		f->quiet_since_ms = now_ms;
	} else if (f->on && now_ms - f->quiet_since_ms >= QUIET_MS) {
		f->on = false;
		center_log("storm over after %lld s: %llu alarms; flood mode off",
			   (long long)((now_ms - f->since_ms) / 1000), (unsigned long long)f->alarms);
		say(c, r);
	}
}

static void tick_cb(uv_timer_t *t)
{
	check(t->data, center_now_ms());
}

/* A storm the center was in when it stopped. */
static int stored_cb(void *ctx, const char *frame)
{
	struct center *c = ctx;
	struct proto_msg m;
	char err[160];

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) == 0) {
		if (m.type == PROTO_FLOOD && m.u.flood.on) {
			c->flood.since_ms = m.u.flood.since_ms;
			c->flood.alarms = m.u.flood.alarms;
			c->flood.on = true;
		}
		proto_msg_release(&m);
	}
	return 0;
}

int flood_open(struct center *c, double threshold)
{
	struct center_flood *f = &c->flood;

	memset(f, 0, sizeof *f);
	f->threshold = threshold;
	if (store_standing_each(c->store, "flood", 0, stored_cb, c))
		return AD_EIO;
	/* Counted afresh: the consoles hear it ended, and again if it goes on
	 * (a follower's leader tells them). */
	if (f->on && c->follower) {
		f->on = false;
	} else if (f->on) {
		f->on = false;
		center_log("the storm of before the restart is over for now");
		say(c, 0);
	}
	if (threshold <= 0)
		return 0;
	if (uv_timer_init(c->loop, &f->timer))
		return AD_EIO;
	f->timer.data = c;
	uv_timer_start(&f->timer, tick_cb, 1000, 1000);
	uv_unref((uv_handle_t *)&f->timer);
	return 0;
}

void flood_close(struct center *c)
{
	if (c->flood.threshold > 0 && !uv_is_closing((uv_handle_t *)&c->flood.timer))
		uv_close((uv_handle_t *)&c->flood.timer, NULL);
}

void flood_alarm(struct center *c, const struct alarm *a)
{
	struct center_flood *f = &c->flood;
	int64_t now = center_now_ms(), s = now / 1000;
	int i = (int)(s % WINDOW_S);

	(void)a;
	if (f->threshold <= 0)
		return;
	if (f->bucket_s[i] != s) {
		f->bucket_s[i] = s;
		f->count[i] = 0;
	}
	f->count[i]++;
	f->alarms += f->on;
	if (!f->on && f->count[i] > f->threshold) /* at once, not at the next tick */
		check(c, now);
}
