/* plan.c — the plan's steps on an alarm (plan.h). */
#include "plan.h"

#include <string.h>

#include "flow.h"

bool plan_step_applies(const struct alarm *a, int i)
{
	if (i < 0 || i >= a->rules->nsteps)
		return false;
	return !plan_by_real_only((enum plan_by)a->rules->step_by[i]) ||
	       a->flow.verdict == FLOW_VERDICT_REAL;
}

/* Whether the workflow step b has happened on a. */
static bool happened(const struct alarm *a, enum plan_by b, bool reached)
{
	const struct alarm_flow *f = &a->flow;

	switch (b) {
	case PLAN_BY_REVIEW: return f->method != FLOW_METHOD_NONE;
	case PLAN_BY_CALL:
		return reached || (f->method == FLOW_METHOD_PHONE && f->verdict != FLOW_VERDICT_NONE);
	case PLAN_BY_FORWARD: return f->forwarded;
	case PLAN_BY_DISPATCH: return f->clk[FLOW_CLK_DEPART].start_ms != 0;
	case PLAN_BY_REPORT: return f->reported;
	case PLAN_BY_NOTIFY:
		return f->ticks >> (a->rules->nrecipients * FLOW_ITEMS_PER_RECIPIENT) & 1;
	case PLAN_BY_ORDER: return a->state == ALARM_ST_WORK_ORDER;
	case PLAN_BY_CLOSE: return a->state == ALARM_ST_CLOSED;
	default: return false;
	}
}

void plan_mark(struct alarm *a, bool reached)
{
	for (int i = 0; i < a->rules->nsteps && i < ALARM_MAX_STEPS; i++)
		if (happened(a, (enum plan_by)a->rules->step_by[i], reached))
			a->flow.steps |= (uint16_t)(1u << i);
}

int plan_first_open(const struct alarm *a)
{
	for (int i = 0; i < a->rules->nsteps && i < ALARM_MAX_STEPS; i++)
		if ((a->rules->steps_mandatory >> i & 1) && a->rules->step_by[i] != PLAN_BY_CLOSE &&
		    plan_step_applies(a, i) && !plan_step_done(a, i))
			return i;
	return -1;
}

int plan_by_parse(const char *s, enum plan_by *out)
{
	for (int i = 0; i < PLAN_BY_COUNT; i++)
		if (strcmp(plan_by_names[i], s) == 0) {
			*out = (enum plan_by)i;
			return 0;
		}
	return -1;
}
