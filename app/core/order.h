/* order.h — work orders (工单) for faults (GA 1383, 000 7.10): urgency, the
 * closed life cycle with who and when at each step, the repair clock, and
 * escalation when the device faults again while its order is open. Pure:
 * times are arguments; the center applies it and consoles show it.
 *
 *   OPEN ──assign──▶ ASSIGNED ──start──▶ REPAIRING ──repaired──▶ REPAIRED
 *     (assign again: another assignee)        ▲                      │ verify
 *                                             └───────reject─────────┤
 *                                                                    ▼
 *                                         CLOSED ◀──close── VERIFIED
 *
 * A step out of order is refused with a sentence naming what is missing;
 * the order is then unchanged. */
#ifndef ORDER_H
#define ORDER_H

#include <stdbool.h>
#include <stdint.h>

#include "alarm.h"

enum order_urgency { ORDER_EXTRA_URGENT, ORDER_URGENT, ORDER_NORMAL, ORDER_URGENCY_COUNT };
enum order_state {
	ORDER_OPEN,
	ORDER_ASSIGNED,
	ORDER_REPAIRING,
	ORDER_REPAIRED,
	ORDER_VERIFIED,
	ORDER_CLOSED,
	ORDER_STATE_COUNT
};
enum order_step {
	ORDER_ASSIGN,   /* text: the assignee */
	ORDER_START,    /* the repair begins */
	ORDER_REPAIRED_STEP, /* text: what was done */
	ORDER_VERIFY,   /* the repair holds (the device reports normally) */
	ORDER_REJECT,   /* text: why the repair does not hold: back to repairing */
	ORDER_CLOSE,
	ORDER_STEP_COUNT
};

extern const char *const order_urgency_names[ORDER_URGENCY_COUNT]; /* wire */
extern const char *const order_state_names[ORDER_STATE_COUNT];
extern const char *const order_step_names[ORDER_STEP_COUNT];
int order_urgency_parse(const char *s, enum order_urgency *out);
int order_state_parse(const char *s, enum order_state *out);
int order_step_parse(const char *s, enum order_step *out);

/* The repair limit of each urgency (ms): 4 h, 12 h, 24 h by default (the
 * 24 h repair rate of 000 7.10 counts against the order's own limit). */
struct order_limits {
	int64_t ms[ORDER_URGENCY_COUNT];
};
void order_default_limits(struct order_limits *l);

#define ORDER_MAX_HISTORY 16
struct order_entry {
	int64_t at_ms;
	char action[16], by[64], text[160];
};

struct work_order {
	char id[48];
	char cust_id[32], site[128]; /* the site's account and name */
	char device[96];             /* "03 主卧 被动红外探测器", "panel" */
	int zone_no;
	enum alarm_class cls;        /* the fault's class (fault, offline, tamper) */
	char event_code[8];
	char alarm_id[48];           /* the fault alarm it came from, "" by hand */
	char description[200];
	enum order_urgency urgency;
	enum order_state state;
	char assignee[64];
	int64_t opened_ms, due_ms, repaired_ms, closed_ms, restored_ms;
	int faults; /* the device's faults while it was open, the first included */
	struct order_entry history[ORDER_MAX_HISTORY]; /* oldest first; the newest kept */
	int nhistory;
};

/* The urgency a fault alarm's order starts with: offline and tamper
 * urgent, a P3 fault urgent, others normal; one level more for a key
 * customer. */
enum order_urgency order_urgency_for(const struct alarm *a);

/* A new order at now from the fault alarm a (NULL: by hand, then cust,
 * site and device come from the caller), its repair clock started. */
void order_open(struct work_order *o, const char *id, const struct alarm *a, enum order_urgency u,
		const char *description, const char *by, int64_t now, const struct order_limits *l);

/* Applies step to o by `by` at now with text. 0, or -1 with why filled
 * (o unchanged). */
int order_apply(struct work_order *o, enum order_step step, const char *by, const char *text,
		int64_t now, char *why, size_t whylen);

/* The same device faulted again (alarm_id) while o is open: counted, one
 * level more urgent (never beyond extra urgent), due no later than the new
 * urgency's limit from now; on the history. */
void order_refault(struct work_order *o, const char *alarm_id, int64_t now,
		   const struct order_limits *l);

/* The device reported restored: o suggests verifying and closing. */
void order_restored(struct work_order *o, int64_t now);

/* Appends a history entry (the newest ORDER_MAX_HISTORY are kept). */
void order_log(struct work_order *o, int64_t at, const char *action, const char *by,
	       const char *text);

/* Whether the repair clock was met: repaired by due. Open: -1 while
 * running and not due, 0 once overdue. */
int order_met(const struct work_order *o, int64_t now);

/* The key that says which device an order is for: "KH0001/3". */
void order_device_key(char *buf, size_t len, const char *cust_id, int zone_no);

#endif
