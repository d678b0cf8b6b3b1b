/* alert.c — the alert policy. Ranks: 1 is the most urgent; an overdue clock
 * ranks one above its alarm (min 1); a dead link ranks 1. */
#include "alert.h"

#include <string.h>

static const char *const sound_names[ALERT_SOUND_COUNT] = {
	"panic", "fire", "intrusion", "medical", "fault", "offline", "link", "overdue",
	"voice_offline", "voice_link",
};

const char *alert_sound_name(enum alert_sound s)
{
	return (unsigned)s < ALERT_SOUND_COUNT ? sound_names[s] : "none";
}

enum alert_sound alert_sound_of(enum alarm_class c)
{
	switch (c) {
	case ALARM_CLASS_PANIC: return ALERT_PANIC;
	case ALARM_CLASS_FIRE: return ALERT_FIRE;
	case ALARM_CLASS_INTRUSION: return ALERT_INTRUSION;
	case ALARM_CLASS_MEDICAL: return ALERT_MEDICAL;
	case ALARM_CLASS_OFFLINE: return ALERT_OFFLINE;
	default: return ALERT_FAULT;
	}
}

void alert_init(struct alert_policy *p)
{
	static const int intervals[ALARM_CLASS_COUNT] = {
		[ALARM_CLASS_PANIC] = 3000,    [ALARM_CLASS_FIRE] = 3000,
		[ALARM_CLASS_INTRUSION] = 5000, [ALARM_CLASS_MEDICAL] = 5000,
		[ALARM_CLASS_TAMPER] = 10000,  [ALARM_CLASS_FAULT] = 20000,
		[ALARM_CLASS_OFFLINE] = 20000, [ALARM_CLASS_OTHER] = 20000,
	};
	memset(p, 0, sizeof *p);
	memcpy(p->interval_ms, intervals, sizeof intervals);
	p->overdue_interval_ms = 2000;
	p->link_interval_ms = 10000;
	p->silence_ms = 120000;
	p->last = ALERT_NONE;
}

/* The candidate that decides what plays: its sound, rank and interval. */
static enum alert_sound pick(const struct alert_policy *p, const struct alert_view *v, int *rank,
			     int *interval)
{
	enum alert_sound s = ALERT_NONE;

	*rank = 99;
	*interval = 0;
	if (v->top_priority) {
		s = alert_sound_of(v->top_class);
		*rank = v->top_priority;
		*interval = p->interval_ms[v->top_class];
	}
	if (v->overdue_priority) {
		int r = v->overdue_priority > 1 ? v->overdue_priority - 1 : 1;
		if (r < *rank) {
			s = ALERT_OVERDUE;
			*rank = r;
			*interval = p->overdue_interval_ms;
		}
	}
	if (v->links_down && 1 < *rank) {
		s = ALERT_LINK;
		*rank = 1;
		*interval = p->link_interval_ms;
	}
	return s;
}

void alert_step(struct alert_policy *p, const struct alert_view *v, int64_t now_ms,
		struct alert_action *out)
{
	int rank, interval;
	enum alert_sound s = pick(p, v, &rank, &interval);

	memset(out, 0, sizeof *out);
	out->sound = ALERT_NONE;
	if (p->silence_until) {
		if (now_ms >= p->silence_until) {
			p->silence_until = 0;
			out->silence_expired = true;
		} else if (v->top_priority && v->top_received_ms > p->silenced_at &&
			   v->newest_priority < p->silenced_rank) {
			/* A newer, more urgent alarm: silence must not hide it. */
			p->silence_until = 0;
			out->silence_broken = true;
		} else {
			return;
		}
	}
	if (s == ALERT_NONE) {
		p->last = ALERT_NONE;
		return;
	}
	/* Play when the leading sound changed (a different or more urgent one),
	 * when its interval is up, or when a silence just ended. */
	if (p->last == ALERT_NONE || s != p->last || rank < p->last_rank ||
	    now_ms - p->last_ms >= interval || out->silence_broken || out->silence_expired) {
		out->sound = s;
		p->last = s;
		p->last_ms = now_ms;
		p->last_rank = rank;
	}
}

bool alert_silence(struct alert_policy *p, const struct alert_view *v, int64_t now_ms)
{
	int rank, interval;
	enum alert_sound s = pick(p, v, &rank, &interval);

	p->silence_until = now_ms + p->silence_ms;
	p->silenced_at = now_ms;
	p->silenced_rank = s == ALERT_NONE ? 99 : rank;
	return s != ALERT_NONE;
}

void alert_unsilence(struct alert_policy *p)
{
	p->silence_until = 0;
	p->last = ALERT_NONE; /* what is pending sounds again at once */
}

int64_t alert_silence_left(const struct alert_policy *p, int64_t now_ms)
{
	return p->silence_until > now_ms ? p->silence_until - now_ms : 0;
}
