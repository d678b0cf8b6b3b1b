/* order.c — work orders (order.h). */
#include "order.h"

#include <stdio.h>
#include <string.h>

const char *const order_urgency_names[ORDER_URGENCY_COUNT] = {"extra_urgent", "urgent", "normal"};
const char *const order_state_names[ORDER_STATE_COUNT] = {
	"open", "assigned", "repairing", "repaired", "verified", "closed",
};
const char *const order_step_names[ORDER_STEP_COUNT] = {
	"assign", "start", "repaired", "verify", "reject", "close",
};

static int find(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int order_urgency_parse(const char *s, enum order_urgency *out)
{
	int i = find(order_urgency_names, ORDER_URGENCY_COUNT, s);
	if (i >= 0)
		*out = (enum order_urgency)i;
	return i < 0 ? -1 : 0;
}

int order_state_parse(const char *s, enum order_state *out)
{
	int i = find(order_state_names, ORDER_STATE_COUNT, s);
	if (i >= 0)
		*out = (enum order_state)i;
	return i < 0 ? -1 : 0;
}

int order_step_parse(const char *s, enum order_step *out)
{
	int i = find(order_step_names, ORDER_STEP_COUNT, s);
	if (i >= 0)
		*out = (enum order_step)i;
	return i < 0 ? -1 : 0;
}

void order_default_limits(struct order_limits *l)
{
	l->ms[ORDER_EXTRA_URGENT] = 4 * 3600000LL;
	l->ms[ORDER_URGENT] = 12 * 3600000LL;
	l->ms[ORDER_NORMAL] = 24 * 3600000LL;
}

enum order_urgency order_urgency_for(const struct alarm *a)
{
	enum order_urgency u = a->cls == ALARM_CLASS_OFFLINE || a->cls == ALARM_CLASS_TAMPER ||
					       a->priority <= 3
				       ? ORDER_URGENT
				       : ORDER_NORMAL;

	return a->key_customer && u > ORDER_EXTRA_URGENT ? (enum order_urgency)(u - 1) : u;
}

void order_log(struct work_order *o, int64_t at, const char *action, const char *by,
	       const char *text)
{
	struct order_entry *e;

	if (o->nhistory == ORDER_MAX_HISTORY) {
		memmove(&o->history[0], &o->history[1], (ORDER_MAX_HISTORY - 1) * sizeof o->history[0]);
		o->nhistory--;
	}
	e = &o->history[o->nhistory++];
	e->at_ms = at;
	snprintf(e->action, sizeof e->action, "%s", action);
	snprintf(e->by, sizeof e->by, "%s", by ? by : "");
	snprintf(e->text, sizeof e->text, "%s", text ? text : "");
}

void order_device_key(char *buf, size_t len, const char *cust_id, int zone_no)
{
	snprintf(buf, len, "%s/%d", cust_id, zone_no);
}

void order_open(struct work_order *o, const char *id, const struct alarm *a, enum order_urgency u,
		const char *description, const char *by, int64_t now, const struct order_limits *l)
{
	if (a != NULL) {
		memset(o, 0, sizeof *o);
		snprintf(o->cust_id, sizeof o->cust_id, "%s", a->cust_id);
		snprintf(o->site, sizeof o->site, "%s", a->cust_name);
		if (a->zone_no)
			snprintf(o->device, sizeof o->device, "%02d %s %s", a->zone_no, a->zone_name,
				 a->zone_detector);
		else
			snprintf(o->device, sizeof o->device, "panel");
		o->zone_no = a->zone_no;
		o->cls = a->cls;
		snprintf(o->event_code, sizeof o->event_code, "%s", a->event_code);
		snprintf(o->alarm_id, sizeof o->alarm_id, "%s", a->id);
	}
	snprintf(o->id, sizeof o->id, "%s", id);
	snprintf(o->description, sizeof o->description, "%s", description ? description : "");
	o->urgency = u;
	o->state = ORDER_OPEN;
	o->opened_ms = now;
	o->due_ms = now + l->ms[u];
	o->faults = 1;
	o->nhistory = 0;
	order_log(o, now, "open", by, o->description);
}

/* The state a step needs, and the one it leads to. */
static const struct {
	enum order_state from, from2, to;
	const char *refusal;
} steps[ORDER_STEP_COUNT] = {
	[ORDER_ASSIGN] = {ORDER_OPEN, ORDER_ASSIGNED, ORDER_ASSIGNED,
			  "only an open or assigned order is assigned"},
	[ORDER_START] = {ORDER_ASSIGNED, ORDER_ASSIGNED, ORDER_REPAIRING,
			 "assign the order before the repair starts"},
	[ORDER_REPAIRED_STEP] = {ORDER_REPAIRING, ORDER_REPAIRING, ORDER_REPAIRED,
				 "the repair has not started"},
	[ORDER_VERIFY] = {ORDER_REPAIRED, ORDER_REPAIRED, ORDER_VERIFIED,
			  "only a repaired order is verified"},
	[ORDER_REJECT] = {ORDER_REPAIRED, ORDER_REPAIRED, ORDER_REPAIRING,
			  "only a repaired order is sent back to repair"},
	[ORDER_CLOSE] = {ORDER_VERIFIED, ORDER_VERIFIED, ORDER_CLOSED,
			 "verify the repair before the order is closed"},
};

int order_apply(struct work_order *o, enum order_step step, const char *by, const char *text,
		int64_t now, char *why, size_t whylen)
{
	bool needs_text = step == ORDER_ASSIGN || step == ORDER_REPAIRED_STEP || step == ORDER_REJECT;

	if ((unsigned)step >= ORDER_STEP_COUNT) {
		snprintf(why, whylen, "unknown work order step");
		return -1;
	}
	if (o->state == ORDER_CLOSED) {
		snprintf(why, whylen, "the work order is closed");
		return -1;
	}
	if (o->state != steps[step].from && o->state != steps[step].from2) {
		snprintf(why, whylen, "%s", steps[step].refusal);
		return -1;
	}
	if (needs_text && (text == NULL || text[0] == '\0')) {
		snprintf(why, whylen, "%s",
			 step == ORDER_ASSIGN		 ? "say who repairs it"
			 : step == ORDER_REPAIRED_STEP ? "say what was repaired"
						       : "say why the repair does not hold");
		return -1;
	}
	if (step == ORDER_ASSIGN)
		snprintf(o->assignee, sizeof o->assignee, "%s", text);
	if (step == ORDER_REPAIRED_STEP)
		o->repaired_ms = now;
	if (step == ORDER_REJECT)
		o->repaired_ms = 0;
	if (step == ORDER_CLOSE)
		o->closed_ms = now;
	o->state = steps[step].to;
	order_log(o, now, order_step_names[step], by, text);
	return 0;
}

void order_refault(struct work_order *o, const char *alarm_id, int64_t now,
		   const struct order_limits *l)
{
	char text[96];

	o->faults++;
	if (o->urgency > ORDER_EXTRA_URGENT)
		o->urgency = (enum order_urgency)(o->urgency - 1);
	if (now + l->ms[o->urgency] < o->due_ms)
		o->due_ms = now + l->ms[o->urgency];
	snprintf(text, sizeof text, "%s (%d)", alarm_id, o->faults);
	order_log(o, now, "refault", "center", text);
}

void order_restored(struct work_order *o, int64_t now)
{
	o->restored_ms = now;
	order_log(o, now, "restored", "center", "");
}

int order_met(const struct work_order *o, int64_t now)
{
	if (o->repaired_ms)
		return o->repaired_ms <= o->due_ms;
	return now > o->due_ms ? 0 : -1;
}
