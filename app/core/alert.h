/* alert.h — what should sound now: the alert policy, pure (time is an
 * argument). Designed against both failures operators report — missed
 * alerts and alerts so relentless that everything gets muted:
 *
 *  - An unclaimed alarm repeats its class's sound at the class's interval
 *    until someone claims it; only the most urgent candidate sounds.
 *  - An overdue clock escalates: the overdue sound at a shorter interval,
 *    ranked one level above its alarm's priority.
 *  - With no link to any center up, the link-lost sound repeats.
 *  - Silence mutes for a set time only, and never silences an alarm that
 *    arrives during it with a priority more urgent than the most urgent one
 *    sounding when it was pressed: such an alarm breaks the silence. */
#ifndef ALERT_H
#define ALERT_H

#include <stdbool.h>
#include <stdint.h>

#include "alarm.h"

enum alert_sound {
	ALERT_NONE = -1,
	ALERT_PANIC,
	ALERT_FIRE,
	ALERT_INTRUSION,
	ALERT_MEDICAL,
	ALERT_FAULT,
	ALERT_OFFLINE,
	ALERT_LINK,
	ALERT_OVERDUE,
	ALERT_VOICE_OFFLINE, /* one-shot voice prompts */
	ALERT_VOICE_LINK,
	ALERT_SOUND_COUNT
};

/* What the app sees now, summarised (built each evaluation). */
struct alert_view {
	int top_priority;          /* most urgent unclaimed alarm, 0 = none */
	enum alarm_class top_class;
	int64_t top_received_ms;   /* newest arrival among the unclaimed */
	int newest_priority;       /* priority of the newest unclaimed alarm */
	int overdue_priority;      /* most urgent alarm with an overdue clock, 0 = none */
	bool links_down;           /* no link to any center is up */
};

struct alert_policy {
	int interval_ms[ALARM_CLASS_COUNT]; /* repeat interval per class */
	int overdue_interval_ms;
	int link_interval_ms;
	int silence_ms;
	/* state */
	int64_t silence_until, silenced_at;
	int silenced_rank; /* the rank sounding when silence was pressed */
	enum alert_sound last;
	int64_t last_ms;
	int last_rank;
};

/* What to do now. */
struct alert_action {
	enum alert_sound sound; /* ALERT_NONE: nothing */
	bool silence_broken;    /* a more urgent alarm ended the silence */
	bool silence_expired;
};

void alert_init(struct alert_policy *p);
enum alert_sound alert_sound_of(enum alarm_class c);
const char *alert_sound_name(enum alert_sound s); /* file stem: "panic" … */

/* Evaluates at now; call on every alarm, claim, clock change and at least
 * every 250 ms. */
void alert_step(struct alert_policy *p, const struct alert_view *v, int64_t now_ms,
		struct alert_action *out);

/* The operator pressed silence. Returns false when there is nothing to
 * silence (the press is still journaled by the caller). */
bool alert_silence(struct alert_policy *p, const struct alert_view *v, int64_t now_ms);
void alert_unsilence(struct alert_policy *p);
/* ms of silence left, 0 when not silenced. */
int64_t alert_silence_left(const struct alert_policy *p, int64_t now_ms);

#endif
