/* figures.h — the supervisor's quality figures over a period: alarms per
 * class and channel, each step's response time (p50/p90, met/missed), the
 * false-alarm share, false and missed forwards (GA 1383: missed = 0, false
 * forwards ≤ 1 % of forwards), and the alarm rate over time. Pure: the
 * caller feeds alarms in their latest state and passes `now`. */
#ifndef FIGURES_H
#define FIGURES_H

#include <stdbool.h>
#include <stdint.h>

#include "alarm.h"
#include "order.h"

#define FIG_BUCKETS 48 /* alarm-rate bars across the period */

/* Fault alarms by kind (001 故障统计). */
enum fig_fault { FIG_FAULT_OFFLINE, FIG_FAULT_REPORT, FIG_FAULT_BATTERY, FIG_FAULT_POWER,
		 FIG_FAULT_TAMPER, FIG_FAULT_OTHER,
		 FIG_FAULT_ARM, /* arm and disarm reports: counted by the center, not alarms */
		 FIG_FAULT_COUNT };
extern const char *const fig_fault_names[FIG_FAULT_COUNT]; /* wire */

struct fig_step {
	uint32_t n;      /* clocks that ran in the period */
	uint32_t met;    /* stopped within the limit */
	uint32_t missed; /* stopped late, or still running past the limit at `now` */
	int64_t p50_ms, p90_ms; /* of the time taken (a running overdue clock: so far) */
};

struct figures {
	int64_t from_ms, to_ms; /* alarms received in [from, to) */
	uint32_t alarms;
	uint32_t by_class[ALARM_CLASS_COUNT];
	uint32_t by_channel[ALARM_CHANNEL_COUNT];
	uint32_t reviewed, false_alarms; /* review results given; of them false */
	uint32_t incidents;              /* verified real */
	uint32_t forwarded;              /* incidents forwarded (receipt confirmed) */
	uint32_t missed_forwards; /* incidents not forwarded: closed, or the forward clock overdue */
	uint32_t false_forwards;  /* forwarded, then closed with a "false" outcome */
	struct fig_step step[FLOW_CLK_COUNT];
	uint32_t rate[FIG_BUCKETS];
	/* Work orders opened in the period (000 7.10): repaired within the
	 * limit of their urgency (24 h for normal ones) or not — late, or
	 * still open past it at `now`; those still open at now by urgency, and
	 * the age of the oldest; fault alarms by kind. */
	uint32_t orders, orders_met, orders_missed;
	uint32_t orders_open[ORDER_URGENCY_COUNT];
	int64_t oldest_open_ms;
	uint32_t faults[FIG_FAULT_COUNT];
};

struct fig_acc;

/* Starts collecting for [from_ms, to_ms) as seen at now_ms. NULL on
 * allocation failure or an empty period. */
struct fig_acc *fig_begin(int64_t from_ms, int64_t to_ms, int64_t now_ms);

/* Counts one alarm in its latest state (ignored outside the period).
 * false_outcome: it was closed with an outcome that says "false" (the
 * center knows its outcome codes). Returns 0 or AD_ENOMEM. */
int fig_add(struct fig_acc *acc, const struct alarm *a, bool false_outcome);

/* Counts one work order in its latest state (ignored when opened outside
 * the period). */
void fig_add_order(struct fig_acc *acc, const struct work_order *o);

/* Computes the percentiles into *out and frees acc. */
void fig_end(struct fig_acc *acc, struct figures *out);

/* Per mille of part in whole (0 when whole is 0). */
unsigned fig_permille(uint32_t part, uint32_t whole);

#endif
