/* plan.h — the response plan's steps on an alarm (001 报警处置预案): which
 * apply, which are done, which still block closing. A step is done by the
 * workflow step its data names (alarm.h, enum plan_by) or ticked by hand
 * with its outcome (op step). Pure; the workflow (flow.c) marks and asks,
 * the screen shows. */
#ifndef PLAN_H
#define PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "alarm.h"

/* Whether step i applies to a: forward, dispatch, report and notify steps
 * only when the alarm was verified real. */
bool plan_step_applies(const struct alarm *a, int i);

/* Whether step i is done (ticked, or done by its workflow step). */
static inline bool plan_step_done(const struct alarm *a, int i)
{
	return i >= 0 && i < ALARM_MAX_STEPS && (a->flow.steps >> i & 1);
}

/* Marks done the steps of a whose workflow step has happened (from its
 * state and flow, plus `reached`: a call just reached someone). */
void plan_mark(struct alarm *a, bool reached);

/* The first mandatory step that applies and is not done (a close step is
 * done by the close), or -1. */
int plan_first_open(const struct alarm *a);

/* Reads a plan step's "by" word; 0, or -1 when unknown. */
int plan_by_parse(const char *s, enum plan_by *out);

#endif
