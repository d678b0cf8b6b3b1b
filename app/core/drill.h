/* drill.h — scoring a training drill (GA 1383: response plans rehearsed at
 * least twice a year). Each scripted alarm carries what the trainer expects
 * (real or false, the review method, whether it must be forwarded and a
 * field officer dispatched); the trainee's handling, as the alarm's final
 * state, is scored against it: each step's time against its limit, wrong
 * dispositions, missed mandatory steps. Pure: no I/O, no clock. */
#ifndef DRILL_H
#define DRILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alarm.h"

struct drill_expect {
	bool real;
	enum flow_method method; /* FLOW_METHOD_NONE: any */
	bool forward, dispatch;  /* mandatory steps (forward defaults to real) */
};

/* What the trainee did with one alarm, as last seen. */
struct drill_seen {
	bool arrived, claimed;
	enum alarm_state state;
	struct alarm_flow flow;
	int32_t limit_ms[FLOW_CLK_COUNT];
};

#define DRILL_MAX_FINDINGS 8
struct drill_result {
	int points; /* of 100 */
	int nfindings;
	char findings[DRILL_MAX_FINDINGS][120]; /* what cost points, in English */
};

/* Scores one alarm at now_ms (a clock still running past its limit counts
 * as missed). */
void drill_score(const struct drill_expect *e, const struct drill_seen *s, int64_t now_ms,
		 struct drill_result *out);

/* Fills s from an alarm's current state. */
void drill_see(struct drill_seen *s, const struct alarm *a);

#endif
