/* flow.c — the workflow transitions, guards, clocks and the checklist
 * layout. Each transition works on a copy and commits it only when every
 * guard passed and the invariants hold, so a refusal changes nothing. */
#include "flow.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "ad.h"
#include "call.h"
#include "plan.h"

static const char *const event_names[FLOW_EV_COUNT] = {
	"claim",  "review", "result", "forward", "tick",  "confirm", "police",
	"dispatch", "depart", "arrive", "order",  "close", "hold",   "unhold", "call",
	"permit", "plan", "report", "control",
};

const char *flow_event_name(enum flow_event e)
{
	return (unsigned)e < FLOW_EV_COUNT ? event_names[e] : "?";
}

int flow_event_parse(const char *s, enum flow_event *out)
{
	for (int i = 0; i < FLOW_EV_COUNT; i++)
		if (strcmp(event_names[i], s) == 0) {
			*out = (enum flow_event)i;
			return 0;
		}
	return -1;
}

int flow_method_parse(const char *s, enum flow_method *out)
{
	for (int i = 1; i < FLOW_METHOD_COUNT; i++)
		if (strcmp(flow_method_names[i], s) == 0) {
			*out = (enum flow_method)i;
			return 0;
		}
	return -1;
}

bool flow_open(enum alarm_state s)
{
	return s != ALARM_ST_NEW && s != ALARM_ST_CLOSED;
}

void flow_default_rules(struct alarm_rules *r, enum alarm_class cls, bool key_customer)
{
	memset(r, 0, sizeof *r);
	r->limit_ms[FLOW_CLK_REVIEW] = 60000;
	r->review_phone_ms = 300000;
	r->limit_ms[FLOW_CLK_FORWARD] = 120000;
	r->limit_ms[FLOW_CLK_POLICE] = 60000;
	r->limit_ms[FLOW_CLK_DEPART] = 120000;
	r->limit_ms[FLOW_CLK_ARRIVE] = 900000;
	r->limit_ms[FLOW_CLK_LINKAGE] = 8000;
	r->limit_ms[FLOW_CLK_UPLINK] = 4000;
	r->limit_ms[FLOW_CLK_RECEIPT] = 60000;
	r->method = cls == ALARM_CLASS_MEDICAL ? FLOW_METHOD_PHONE : FLOW_METHOD_VIDEO;
	if (key_customer)
		r->method = FLOW_METHOD_VIDEO;
	r->recipients[0] = cls == ALARM_CLASS_FIRE ? "消防119" : cls == ALARM_CLASS_MEDICAL ? "急救120" : "公安110";
	r->nrecipients = 1;
	r->notify_customer = true;
	r->dispatch = cls == ALARM_CLASS_PANIC || cls == ALARM_CLASS_INTRUSION || cls == ALARM_CLASS_FIRE;
}

static void start(struct flow_timer *t, int32_t limit, int64_t now)
{
	t->start_ms = now;
	t->stop_ms = 0;
	t->limit_ms = limit;
	t->escalated = false;
}

static void stop(struct alarm_flow *f, enum flow_clock c, int64_t now, struct flow_result *res)
{
	struct flow_timer *t = &f->clk[c];

	if (t->start_ms == 0 || t->stop_ms != 0)
		return;
	t->stop_ms = now < t->start_ms ? t->start_ms : now;
	res->clock_stopped = (int)c;
	res->took_ms = t->stop_ms - t->start_ms;
	res->met = res->took_ms <= t->limit_ms;
}

void flow_start(struct alarm *a, int64_t received_ms)
{
	memset(&a->flow, 0, sizeof a->flow);
	start(&a->flow.clk[FLOW_CLK_REVIEW], a->rules->limit_ms[FLOW_CLK_REVIEW], received_ms);
	if (a->rules->police_direct)
		start(&a->flow.clk[FLOW_CLK_POLICE], a->rules->limit_ms[FLOW_CLK_POLICE], received_ms);
}

int flow_items(const struct alarm *a)
{
	return a->rules->nrecipients * FLOW_ITEMS_PER_RECIPIENT + 2;
}

uint32_t flow_forward_mask(const struct alarm *a)
{
	int n = a->rules->nrecipients * FLOW_ITEMS_PER_RECIPIENT;
	return n >= 32 ? 0xffffffffu : (1u << n) - 1;
}

int flow_item_notify_customer(const struct alarm *a)
{
	return a->rules->nrecipients * FLOW_ITEMS_PER_RECIPIENT;
}

int flow_item_notify_insurer(const struct alarm *a)
{
	return flow_item_notify_customer(a) + 1;
}

uint32_t flow_notify_mask(const struct alarm *a)
{
	uint32_t m = 0;
	if (a->rules->notify_customer)
		m |= 1u << flow_item_notify_customer(a);
	if (a->rules->notify_insurer)
		m |= 1u << flow_item_notify_insurer(a);
	return m;
}

bool flow_check(const struct alarm *a)
{
	const struct alarm_flow *f = &a->flow;

	switch (a->state) {
	case ALARM_ST_REVIEWING:
	case ALARM_ST_INCONCLUSIVE:
		if (f->method == FLOW_METHOD_NONE)
			return false;
		break;
	case ALARM_ST_INCIDENT:
	case ALARM_ST_FORWARDING:
		if (f->verdict != FLOW_VERDICT_REAL)
			return false;
		break;
	case ALARM_ST_FORWARDED:
		if (f->verdict != FLOW_VERDICT_REAL || !f->forwarded ||
		    (f->ticks & flow_forward_mask(a)) != flow_forward_mask(a))
			return false;
		break;
	case ALARM_ST_FALSE_ALARM:
		if (f->verdict != FLOW_VERDICT_FALSE)
			return false;
		break;
	case ALARM_ST_CLOSED:
		if (f->verdict == FLOW_VERDICT_FALSE && f->cause <= 0)
			return false;
		break;
	default:
		break;
	}
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		const struct flow_timer *t = &f->clk[c];
		if (t->stop_ms && (t->start_ms == 0 || t->stop_ms < t->start_ms))
			return false;
	}
	return true;
}

static int refuse(struct flow_result *res, int code, const char *why)
{
	snprintf(res->why, sizeof res->why, "%s", why);
	return code;
}

/* What is still open before this alarm may close, or NULL. */
static const char *close_blocker(const struct alarm *a)
{
	const struct alarm_flow *f = &a->flow;
	uint32_t notify = flow_notify_mask(a);

	if (f->clk[FLOW_CLK_ARRIVE].stop_ms && !f->reported && f->verdict != FLOW_VERDICT_NONE)
		return "record the field officer's report first";
	switch (a->state) {
	case ALARM_ST_FALSE_ALARM:
		return NULL;
	case ALARM_ST_WORK_ORDER:
		return NULL;
	case ALARM_ST_FORWARDED:
		if (a->rules->dispatch)
			return "the plan needs a field officer on scene: dispatch first";
		break;
	case ALARM_ST_ON_SCENE:
		if (f->verdict == FLOW_VERDICT_NONE)
			return "record the field review's result first";
		if (f->verdict == FLOW_VERDICT_FALSE)
			return NULL;
		if (!f->forwarded)
			return "the incident was not forwarded yet";
		break;
	case ALARM_ST_NEW:
	case ALARM_ST_CLAIMED:
		return alarm_is_fault(a->cls) ? "open a work order or review it first"
					   : "review the alarm first";
	case ALARM_ST_REVIEWING:
		return "record the review result first";
	case ALARM_ST_INCONCLUSIVE:
		return "send a field officer to review on site first";
	case ALARM_ST_INCIDENT:
	case ALARM_ST_FORWARDING:
		return "the forward to the police is not confirmed yet";
	case ALARM_ST_DISPATCHED:
		return "the field officer has not departed yet";
	case ALARM_ST_DEPARTED:
		return "the field officer's arrival is not reported yet";
	default:
		return "already closed";
	}
	if (a->rules->police_direct && f->clk[FLOW_CLK_POLICE].stop_ms == 0)
		return "confirm that the police received the panel's report first";
	if ((f->ticks & notify) != notify)
		return (f->ticks & (1u << flow_item_notify_customer(a))) == 0 && a->rules->notify_customer
			       ? "notify the customer first"
			       : "notify the insurer first";
	return NULL;
}

/* A review's result: REVIEWING (or a field review on scene) → INCIDENT or
 * FALSE_ALARM, the review clock stopped. */
static int result(struct alarm *n, enum flow_verdict v, int64_t now, struct flow_result *res)
{
	struct alarm_flow *f = &n->flow;

	if (n->state == ALARM_ST_ON_SCENE && f->verdict == FLOW_VERDICT_NONE)
		f->method = FLOW_METHOD_FIELD;
	else if (n->state != ALARM_ST_REVIEWING)
		return refuse(res, FLOW_E_STATE, "start the review first");
	f->verdict = v;
	stop(f, FLOW_CLK_REVIEW, now, res);
	if (v == FLOW_VERDICT_FALSE) {
		n->state = ALARM_ST_FALSE_ALARM;
	} else {
		n->state = ALARM_ST_INCIDENT;
		start(&f->clk[FLOW_CLK_FORWARD], n->rules->limit_ms[FLOW_CLK_FORWARD], now);
	}
	return FLOW_OK;
}

/* A call and its outcome: the first call of a claimed alarm starts its
 * review by phone (the phone's limit), an outcome that reaches someone
 * gives the result; the duress passcode makes it P1, real and for the
 * police whatever the review method was. Calls after the result (notifying
 * contacts) change nothing but the timeline. */
static int call(struct alarm *n, const struct flow_input *in, struct flow_result *res)
{
	struct alarm_flow *f = &n->flow;
	enum flow_verdict v;
	bool duress = in->arg == CALL_DURESS;

	if (!flow_open(n->state))
		return refuse(res, FLOW_E_STATE, "claim the alarm before calling about it");
	if (in->arg < 0 || in->arg >= CALL_OUTCOME_COUNT)
		return refuse(res, FLOW_E_ARG, "unknown call outcome");
	v = call_verdict((enum call_outcome)in->arg);
	if (duress) {
		n->priority = ALARM_PRIORITY_MIN;
		f->duress = true;
	}
	if (n->state == ALARM_ST_CLAIMED) {
		if (n->key_customer && !duress) {
			if (v != FLOW_VERDICT_NONE)
				return refuse(res, FLOW_E_METHOD,
					      "a key customer needs a video review: the call is "
					      "noted, review by video for the result");
			return FLOW_OK;
		}
		f->method = FLOW_METHOD_PHONE;
		f->clk[FLOW_CLK_REVIEW].limit_ms = n->rules->review_phone_ms;
		n->state = ALARM_ST_REVIEWING;
	}
	if (v != FLOW_VERDICT_NONE && n->state == ALARM_ST_REVIEWING)
		return result(n, v, in->now_ms, res);
	return FLOW_OK;
}

/* A plan step ticked by hand, with what came of it. */
static int tick_step(struct alarm *n, const struct flow_input *in, struct flow_result *res)
{
	if (!flow_open(n->state))
		return refuse(res, FLOW_E_STATE, "claim the alarm first");
	if (in->arg < 0 || in->arg >= n->rules->nsteps)
		return refuse(res, FLOW_E_ARG, "the plan has no such step");
	if (plan_step_done(n, in->arg))
		return refuse(res, FLOW_E_STATE, "that step of the plan is done already");
	if (!plan_step_applies(n, in->arg))
		return refuse(res, FLOW_E_STATE, "that step is for a verified real alarm only");
	if (in->receiver == NULL || in->receiver[0] == '\0')
		return refuse(res, FLOW_E_MISSING, "say what came of the step");
	n->flow.steps |= (uint16_t)(1u << in->arg);
	return FLOW_OK;
}

int flow_apply(struct alarm *a, const struct flow_input *in, struct flow_result *res)
{
	int rc;

	struct alarm n = *a;
	struct alarm_flow *f = &n.flow;
	const char *blocker;

	memset(res, 0, sizeof *res);
	res->clock_stopped = -1;
	if (n.state == ALARM_ST_CLOSED)
		return refuse(res, FLOW_E_STATE, "the alarm is closed");
	switch (in->ev) {
	case FLOW_EV_CLAIM:
		if (n.state != ALARM_ST_NEW)
			return refuse(res, FLOW_E_STATE, "already being handled");
		n.state = ALARM_ST_CLAIMED;
		break;
	case FLOW_EV_REVIEW:
		if (n.state != ALARM_ST_CLAIMED)
			return refuse(res, FLOW_E_STATE, "claim the alarm before reviewing it");
		if (in->method <= FLOW_METHOD_NONE || in->method >= FLOW_METHOD_COUNT)
			return refuse(res, FLOW_E_METHOD, "unknown review method");
		if (n.key_customer && in->method != FLOW_METHOD_VIDEO)
			return refuse(res, FLOW_E_METHOD, "a key customer needs a video review");
		f->method = in->method;
		if (in->method == FLOW_METHOD_PHONE)
			f->clk[FLOW_CLK_REVIEW].limit_ms = n.rules->review_phone_ms;
		n.state = ALARM_ST_REVIEWING;
		break;
	case FLOW_EV_RESULT:
		if (in->verdict == FLOW_VERDICT_NONE && n.state == ALARM_ST_REVIEWING) {
			n.state = ALARM_ST_INCONCLUSIVE;
			stop(f, FLOW_CLK_REVIEW, in->now_ms, res);
			break;
		}
		if (in->verdict != FLOW_VERDICT_REAL && in->verdict != FLOW_VERDICT_FALSE)
			return refuse(res, FLOW_E_ARG, "the field review must say real or false");
		if ((rc = result(&n, in->verdict, in->now_ms, res)) != FLOW_OK)
			return rc;
		break;
	case FLOW_EV_CALL:
		if ((rc = call(&n, in, res)) != FLOW_OK)
			return rc;
		break;
	case FLOW_EV_FORWARD:
		if (n.state != ALARM_ST_INCIDENT || f->forwarded)
			return refuse(res, FLOW_E_STATE, "only a verified incident is forwarded");
		n.state = ALARM_ST_FORWARDING;
		break;
	case FLOW_EV_TICK:
		if (n.state != ALARM_ST_FORWARDING && n.state != ALARM_ST_FORWARDED &&
		    n.state != ALARM_ST_ON_SCENE && n.state != ALARM_ST_DISPATCHED &&
		    n.state != ALARM_ST_DEPARTED)
			return refuse(res, FLOW_E_STATE, "no forward checklist is open");
		if (in->arg < 0 || in->arg >= flow_items(&n) || in->arg >= 32)
			return refuse(res, FLOW_E_ARG, "no such checklist item");
		if ((uint32_t)in->arg < 32 && (flow_forward_mask(&n) >> in->arg & 1) &&
		    n.state != ALARM_ST_FORWARDING)
			return refuse(res, FLOW_E_STATE, "the forward is already confirmed");
		f->ticks |= 1u << in->arg;
		break;
	case FLOW_EV_CONFIRM:
		if (n.state != ALARM_ST_FORWARDING)
			return refuse(res, FLOW_E_STATE, "open the forward checklist first");
		if ((f->ticks & flow_forward_mask(&n)) != flow_forward_mask(&n))
			return refuse(res, FLOW_E_MISSING, "tick every item of the forward first");
		if (in->receiver == NULL || in->receiver[0] == '\0')
			return refuse(res, FLOW_E_MISSING, "record who received the forward");
		n.receiver = in->receiver;
		f->forwarded = true;
		/* The operator's confirmation ends the electronic forward's wait
		 * too (its receipt confirmed, or the forward made by phone). */
		stop(f, FLOW_CLK_UPLINK, in->now_ms, res);
		stop(f, FLOW_CLK_RECEIPT, in->now_ms, res);
		stop(f, FLOW_CLK_FORWARD, in->now_ms, res);
		/* An incident found by a field review is forwarded from the scene. */
		n.state = f->clk[FLOW_CLK_ARRIVE].stop_ms ? ALARM_ST_ON_SCENE : ALARM_ST_FORWARDED;
		break;
	case FLOW_EV_POLICE:
		if (!n.rules->police_direct || !flow_open(n.state))
			return refuse(res, FLOW_E_STATE, "the panel did not report to the police");
		stop(f, FLOW_CLK_POLICE, in->now_ms, res);
		break;
	case FLOW_EV_DISPATCH:
		if (n.state != ALARM_ST_INCONCLUSIVE && n.state != ALARM_ST_FORWARDED)
			return refuse(res, FLOW_E_STATE,
				      n.state == ALARM_ST_INCIDENT || n.state == ALARM_ST_FORWARDING
					      ? "forward the incident before dispatching"
					      : "nothing to dispatch for");
		if (in->receiver == NULL || in->receiver[0] == '\0')
			return refuse(res, FLOW_E_MISSING, "say which field unit is sent");
		n.unit = in->receiver;
		n.state = ALARM_ST_DISPATCHED;
		start(&f->clk[FLOW_CLK_DEPART], n.rules->limit_ms[FLOW_CLK_DEPART], in->now_ms);
		break;
	case FLOW_EV_DEPART:
		if (n.state != ALARM_ST_DISPATCHED)
			return refuse(res, FLOW_E_STATE, "no field officer was dispatched");
		n.state = ALARM_ST_DEPARTED;
		stop(f, FLOW_CLK_DEPART, in->now_ms, res);
		start(&f->clk[FLOW_CLK_ARRIVE], n.rules->limit_ms[FLOW_CLK_ARRIVE], in->now_ms);
		break;
	case FLOW_EV_ARRIVE:
		if (n.state != ALARM_ST_DEPARTED)
			return refuse(res, FLOW_E_STATE, "the field officer has not departed");
		n.state = ALARM_ST_ON_SCENE;
		stop(f, FLOW_CLK_ARRIVE, in->now_ms, res);
		break;
	case FLOW_EV_ORDER:
		if (n.state != ALARM_ST_CLAIMED)
			return refuse(res, FLOW_E_STATE, "claim the alarm first");
		if (!alarm_is_fault(n.cls))
			return refuse(res, FLOW_E_STATE, "work orders are for faults");
		n.state = ALARM_ST_WORK_ORDER;
		stop(f, FLOW_CLK_REVIEW, in->now_ms, res);
		break;
	case FLOW_EV_CLOSE:
		blocker = close_blocker(&n);
		if (blocker)
			return refuse(res, FLOW_E_MISSING, blocker);
		if ((rc = plan_first_open(&n)) >= 0) {
			snprintf(res->why, sizeof res->why,
				 "step %d of the plan is not done: do it, or tick it with what came of it",
				 rc + 1);
			return FLOW_E_MISSING;
		}
		if (f->verdict == FLOW_VERDICT_FALSE && in->arg <= 0)
			return refuse(res, FLOW_E_MISSING, "choose the false alarm's cause");
		if (in->arg < 0)
			return refuse(res, FLOW_E_ARG, "bad outcome code");
		f->cause = in->arg;
		n.state = ALARM_ST_CLOSED;
		break;
	case FLOW_EV_HOLD:
		if (n.state == ALARM_ST_CLOSED || in->arg <= 0 || in->arg > 24 * 60)
			return refuse(res, FLOW_E_ARG, "hold for 1 to 1440 minutes");
		if (in->receiver == NULL || in->receiver[0] == '\0')
			return refuse(res, FLOW_E_MISSING, "say why the alarm is held");
		/* An urgent alarm already late is handled, not parked, unless a
		 * supervisor permits it. */
		if (n.priority <= 2 && !f->hold_permit)
			for (int k = 0; k < FLOW_CLK_COUNT; k++) {
				int64_t left;
				if (flow_clock(&n, (enum flow_clock)k, in->now_ms, &left) ==
				    FLOW_CLOCK_OVERDUE)
					return refuse(res, FLOW_E_STATE,
						      "a P1/P2 alarm with an overdue clock is held only "
						      "with a supervisor's permission: handle it now");
			}
		f->hold_until = in->now_ms + (int64_t)in->arg * 60000;
		f->hold_permit = false;
		break;
	case FLOW_EV_PERMIT:
		if (!flow_open(n.state) && n.state != ALARM_ST_NEW)
			return refuse(res, FLOW_E_STATE, "the alarm is closed");
		f->hold_permit = true;
		break;
	case FLOW_EV_UNHOLD:
		f->hold_until = 0;
		break;
	case FLOW_EV_PLAN:
		if ((rc = tick_step(&n, in, res)) != FLOW_OK)
			return rc;
		break;
	case FLOW_EV_CONTROL:
		if (!flow_open(n.state))
			return refuse(res, FLOW_E_STATE, "claim the alarm first");
		if (in->receiver == NULL || in->receiver[0] == '\0')
			return refuse(res, FLOW_E_MISSING, "say why the device is controlled");
		if (f->clk[FLOW_CLK_LINKAGE].start_ms && !f->clk[FLOW_CLK_LINKAGE].stop_ms)
			return refuse(res, FLOW_E_STATE,
				      "the last control waits for the device's answer");
		start(&f->clk[FLOW_CLK_LINKAGE], n.rules->limit_ms[FLOW_CLK_LINKAGE], in->now_ms);
		break;
	case FLOW_EV_REPORT:
		if (f->clk[FLOW_CLK_ARRIVE].stop_ms == 0)
			return refuse(res, FLOW_E_STATE, "the field officer has not arrived yet");
		if (in->receiver == NULL || in->receiver[0] == '\0')
			return refuse(res, FLOW_E_MISSING, "write what the field officer found");
		f->reported = true;
		break;
	default:
		return refuse(res, FLOW_E_ARG, "unknown step");
	}
	plan_mark(&n, in->ev == FLOW_EV_CALL && call_verdict((enum call_outcome)in->arg) !=
							     FLOW_VERDICT_NONE);
	if (!flow_check(&n))
		return refuse(res, FLOW_E_STATE, "internal: the step would break an invariant");
	*a = n;
	return FLOW_OK;
}

void flow_clock_start(struct alarm *a, enum flow_clock c, int64_t now_ms)
{
	start(&a->flow.clk[c], a->rules->limit_ms[c], now_ms);
}

void flow_clock_stop(struct alarm *a, enum flow_clock c, int64_t now_ms, struct flow_result *res)
{
	memset(res, 0, sizeof *res);
	res->clock_stopped = -1;
	stop(&a->flow, c, now_ms, res);
}

enum flow_clock_status flow_clock(const struct alarm *a, enum flow_clock c, int64_t now_ms,
				  int64_t *left_ms)
{
	const struct flow_timer *t = &a->flow.clk[c];
	int64_t used;

	*left_ms = 0;
	if (t->start_ms == 0)
		return FLOW_CLOCK_IDLE;
	if (t->stop_ms) {
		*left_ms = t->stop_ms - t->start_ms;
		return *left_ms <= t->limit_ms ? FLOW_CLOCK_MET : FLOW_CLOCK_MISSED;
	}
	used = now_ms - t->start_ms;
	*left_ms = t->limit_ms - used;
	if (used > t->limit_ms)
		return FLOW_CLOCK_OVERDUE;
	return used * 4 >= (int64_t)t->limit_ms * 3 ? FLOW_CLOCK_AMBER : FLOW_CLOCK_RUNNING;
}

unsigned flow_escalate(struct alarm *a, int64_t now_ms)
{
	unsigned out = 0;
	int64_t left;

	if (a->state == ALARM_ST_CLOSED)
		return 0;
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		if (a->flow.clk[c].escalated || flow_clock(a, (enum flow_clock)c, now_ms, &left) !=
							FLOW_CLOCK_OVERDUE)
			continue;
		a->flow.clk[c].escalated = true;
		out |= 1u << c;
	}
	return out;
}

/* The next step by the state alone. */
static enum flow_event next_by_state(const struct alarm *a)
{
	switch (a->state) {
	case ALARM_ST_NEW: return FLOW_EV_CLAIM;
	case ALARM_ST_CLAIMED: return alarm_is_fault(a->cls) && a->cls != ALARM_CLASS_TAMPER
						 ? FLOW_EV_ORDER
						 : FLOW_EV_REVIEW;
	case ALARM_ST_INCONCLUSIVE: return FLOW_EV_DISPATCH;
	case ALARM_ST_INCIDENT: return FLOW_EV_FORWARD;
	case ALARM_ST_FORWARDING: return FLOW_EV_CONFIRM;
	case ALARM_ST_FORWARDED: return a->rules->dispatch ? FLOW_EV_DISPATCH : FLOW_EV_CLOSE;
	case ALARM_ST_DISPATCHED: return FLOW_EV_DEPART;
	case ALARM_ST_DEPARTED: return FLOW_EV_ARRIVE;
	case ALARM_ST_ON_SCENE:
		return a->flow.verdict == FLOW_VERDICT_NONE ? FLOW_EV_COUNT
		       : a->flow.verdict == FLOW_VERDICT_REAL && !a->flow.forwarded ? FLOW_EV_FORWARD
										 : FLOW_EV_CLOSE;
	case ALARM_ST_WORK_ORDER: return FLOW_EV_CLOSE;
	default: return FLOW_EV_COUNT; /* a result or a cause is the operator's choice */
	}
}

enum flow_event flow_next(const struct alarm *a)
{
	enum flow_event e = next_by_state(a);

	/* The field report first, then the plan's open steps (a false
	 * alarm's too), then closing. */
	if ((e == FLOW_EV_CLOSE || a->state == ALARM_ST_FALSE_ALARM) &&
	    a->flow.clk[FLOW_CLK_ARRIVE].stop_ms && !a->flow.reported)
		return FLOW_EV_REPORT;
	if ((e == FLOW_EV_CLOSE || (e == FLOW_EV_COUNT && a->state == ALARM_ST_FALSE_ALARM)) &&
	    plan_first_open(a) >= 0)
		return FLOW_EV_PLAN;
	return e;
}
