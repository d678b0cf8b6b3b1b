/* Tests of app/core/flow.c: every state × every event (table-driven), the
 * guards, the field-review and fault paths, and every clock boundary (just
 * before, at, and after each limit) with injected time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../app/core/call.h"
#include "../../app/core/flow.h"
#include "../../app/core/plan.h"

#define T0 1763690000000LL /* receipt */

/* The tests' alarms point to rules of their own, kept here (a few are
 * alive at once): a copy of a's, which a then points to. */
static struct alarm_rules *own_rules(struct alarm *a)
{
	static struct alarm_rules store[16];
	static unsigned n;
	struct alarm_rules *r = &store[n++ % 16];

	*r = *a->rules;
	a->rules = r;
	return r;
}

static struct alarm base(enum alarm_class cls, bool key)
{
	struct alarm a;
	struct alarm_rules *r;
	alarm_blank(&a);
	a.id = "e1-1";
	a.cls = cls;
	a.priority = alarm_default_priority(cls);
	a.key_customer = key;
	a.received_ms = T0;
	r = own_rules(&a);
	flow_default_rules(r, cls, key);
	r->nsteps = 1; /* one optional step, ticked by hand (PLAN) */
	flow_start(&a, T0);
	return a;
}

static int step(struct alarm *a, enum flow_event ev, int64_t at, int arg)
{
	struct flow_input in = {.ev = ev, .now_ms = at, .method = FLOW_METHOD_VIDEO,
				.verdict = FLOW_VERDICT_REAL, .arg = arg, .receiver = "110 王警官 3021"};
	struct flow_result res;
	return flow_apply(a, &in, &res);
}

static int result(struct alarm *a, enum flow_verdict v, int64_t at)
{
	struct flow_input in = {.ev = FLOW_EV_RESULT, .now_ms = at, .verdict = v};
	struct flow_result res;
	return flow_apply(a, &in, &res);
}

/* An intrusion alarm brought to state st by the ordinary path. */
static struct alarm at_state(enum alarm_state st)
{
	struct alarm a = base(st == ALARM_ST_WORK_ORDER ? ALARM_CLASS_FAULT : ALARM_CLASS_INTRUSION,
			      false);
	int64_t t = T0 + 1000;

	if (st == ALARM_ST_NEW)
		return a;
	assert_int_equal(step(&a, FLOW_EV_CLAIM, t, 0), FLOW_OK);
	if (st == ALARM_ST_CLAIMED)
		return a;
	if (st == ALARM_ST_WORK_ORDER) {
		assert_int_equal(step(&a, FLOW_EV_ORDER, t, 0), FLOW_OK);
		return a;
	}
	assert_int_equal(step(&a, FLOW_EV_REVIEW, t, 0), FLOW_OK);
	if (st == ALARM_ST_REVIEWING)
		return a;
	if (st == ALARM_ST_INCONCLUSIVE) {
		assert_int_equal(result(&a, FLOW_VERDICT_NONE, t), FLOW_OK);
		return a;
	}
	if (st == ALARM_ST_FALSE_ALARM || st == ALARM_ST_CLOSED) {
		assert_int_equal(result(&a, FLOW_VERDICT_FALSE, t), FLOW_OK);
		if (st == ALARM_ST_CLOSED)
			assert_int_equal(step(&a, FLOW_EV_CLOSE, t, 1), FLOW_OK);
		return a;
	}
	assert_int_equal(result(&a, FLOW_VERDICT_REAL, t), FLOW_OK);
	if (st == ALARM_ST_INCIDENT)
		return a;
	assert_int_equal(step(&a, FLOW_EV_FORWARD, t, 0), FLOW_OK);
	if (st == ALARM_ST_FORWARDING)
		return a;
	for (int i = 0; i < FLOW_ITEMS_PER_RECIPIENT; i++)
		assert_int_equal(step(&a, FLOW_EV_TICK, t, i), FLOW_OK);
	assert_int_equal(step(&a, FLOW_EV_CONFIRM, t, 0), FLOW_OK);
	if (st == ALARM_ST_FORWARDED)
		return a;
	assert_int_equal(step(&a, FLOW_EV_DISPATCH, t, 0), FLOW_OK);
	if (st == ALARM_ST_DISPATCHED)
		return a;
	assert_int_equal(step(&a, FLOW_EV_DEPART, t, 0), FLOW_OK);
	if (st == ALARM_ST_DEPARTED)
		return a;
	assert_int_equal(step(&a, FLOW_EV_ARRIVE, t, 0), FLOW_OK);
	assert_int_equal(a.state, ALARM_ST_ON_SCENE);
	return a;
}

#define X (-1) /* refused */
#define S (-2) /* allowed, state unchanged */

/* expected[state][event] with the standard arguments of step(): the new
 * state, S, or X. TICK ticks item 5 (notify the customer); CALL is a call
 * nobody answered (0), which starts a phone review of a claimed alarm; PLAN
 * ticks the plan's one optional step; REPORT is the field report; CONTROL a
 * remote control (the linkage clock starts, the state stays). */
static const int expected[ALARM_ST_COUNT][FLOW_EV_COUNT] = {
	/*                     CLAIM             REVIEW              RESULT             FORWARD             TICK CONFIRM            POLICE DISPATCH             DEPART            ARRIVE            ORDER CLOSE             HOLD UNHOLD CALL PERMIT PLAN REPORT CONTROL */
	[ALARM_ST_NEW] =       {ALARM_ST_CLAIMED, X,                 X,                 X,                  X,   X,                 X,     X,                   X,                X,                X,    X,                S,   S, X, S, X, X, X},
	[ALARM_ST_CLAIMED] =   {X,                ALARM_ST_REVIEWING, X,                X,                  X,   X,                 X,     X,                   X,                X,                X,    X,                S,   S, ALARM_ST_REVIEWING, S, S, X, S},
	[ALARM_ST_REVIEWING] = {X,                X,                 ALARM_ST_INCIDENT, X,                  X,   X,                 X,     X,                   X,                X,                X,    X,                S,   S, S, S, S, X, S},
	[ALARM_ST_INCONCLUSIVE] = {X,             X,                 X,                 X,                  X,   X,                 X,     ALARM_ST_DISPATCHED, X,                X,                X,    X,                S,   S, S, S, S, X, S},
	[ALARM_ST_INCIDENT] =  {X,                X,                 X,                 ALARM_ST_FORWARDING, X,  X,                 X,     X,                   X,                X,                X,    X,                S,   S, S, S, S, X, S},
	[ALARM_ST_FALSE_ALARM] = {X,              X,                 X,                 X,                  X,   X,                 X,     X,                   X,                X,                X,    ALARM_ST_CLOSED,  S,   S, S, S, S, X, S},
	[ALARM_ST_FORWARDING] = {X,               X,                 X,                 X,                  S,   X,                 X,     X,                   X,                X,                X,    X,                S,   S, S, S, S, X, S},
	[ALARM_ST_FORWARDED] = {X,                X,                 X,                 X,                  S,   X,                 X,     ALARM_ST_DISPATCHED, X,                X,                X,    X,                S,   S, S, S, S, X, S},
	[ALARM_ST_DISPATCHED] = {X,               X,                 X,                 X,                  S,   X,                 X,     X,                   ALARM_ST_DEPARTED, X,               X,    X,                S,   S, S, S, S, X, S},
	[ALARM_ST_DEPARTED] =  {X,                X,                 X,                 X,                  S,   X,                 X,     X,                   X,                ALARM_ST_ON_SCENE, X,   X,                S,   S, S, S, S, X, S},
	[ALARM_ST_ON_SCENE] =  {X,                X,                 X,                 X,                  S,   X,                 X,     X,                   X,                X,                X,    X,                S,   S, S, S, S, S, S},
	[ALARM_ST_WORK_ORDER] = {X,               X,                 X,                 X,                  X,   X,                 X,     X,                   X,                X,                X,    ALARM_ST_CLOSED,  S,   S, S, S, S, X, S},
	[ALARM_ST_CLOSED] =    {X,                X,                 X,                 X,                  X,   X,                 X,     X,                   X,                X,                X,    X,                X,   X, X, X, X, X, X},
};

/* A remote control runs the linkage clock (8 s, 000 7.2.6) until the
 * device answers; a second waits for the first; a reason is required. */
static void linkage_clock(void **state)
{
	struct alarm a = at_state(ALARM_ST_CLAIMED);
	struct flow_input in = {.ev = FLOW_EV_CONTROL, .now_ms = T0 + 1000, .receiver = ""};
	struct flow_result res;
	int64_t left;

	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
	in.receiver = "客户要求撤防";
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
	assert_int_equal(a.flow.clk[FLOW_CLK_LINKAGE].limit_ms, 8000);
	assert_int_equal(flow_clock(&a, FLOW_CLK_LINKAGE, T0 + 8000, &left), FLOW_CLOCK_AMBER);
	in.now_ms = T0 + 2000;
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_STATE); /* the first still waits */
	flow_clock_stop(&a, FLOW_CLK_LINKAGE, T0 + 3500, &res);
	assert_int_equal(res.clock_stopped, FLOW_CLK_LINKAGE);
	assert_int_equal(res.took_ms, 2500);
	assert_true(res.met);
	assert_int_equal(flow_clock(&a, FLOW_CLK_LINKAGE, T0 + 20000, &left), FLOW_CLOCK_MET);
	flow_clock_stop(&a, FLOW_CLK_LINKAGE, T0 + 9000, &res); /* stopped already: nothing */
	assert_int_equal(res.clock_stopped, -1);
	in.now_ms = T0 + 20000; /* the next control: a new clock, overdue after 8 s */
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
	assert_int_equal(flow_clock(&a, FLOW_CLK_LINKAGE, T0 + 28001, &left), FLOW_CLOCK_OVERDUE);
	assert_int_equal(a.state, ALARM_ST_CLAIMED);
}

static void every_state_and_event(void **state)
{
	for (int st = 0; st < ALARM_ST_COUNT; st++) {
		for (int ev = 0; ev < FLOW_EV_COUNT; ev++) {
			struct alarm a = at_state((enum alarm_state)st), before = a;
			int arg = ev == FLOW_EV_TICK ? 5 : ev == FLOW_EV_CLOSE ? 1 : ev == FLOW_EV_HOLD ? 5 : 0;
			int rc = step(&a, (enum flow_event)ev, T0 + 5000, arg), want = expected[st][ev];
			if (want == X) {
				if (rc == FLOW_OK)
					fail_msg("%s + %s: allowed, expected refused", alarm_state_names[st],
						 flow_event_name((enum flow_event)ev));
				assert_memory_equal(&a, &before, sizeof a); /* unchanged */
			} else {
				if (rc != FLOW_OK)
					fail_msg("%s + %s: refused (%d), expected allowed",
						 alarm_state_names[st], flow_event_name((enum flow_event)ev), rc);
				assert_int_equal(a.state, want == S ? st : want);
				assert_true(flow_check(&a));
			}
		}
	}
}

/* A call's outcome drives the review: the first call starts it by phone
 * (the phone's limit), reaching someone gives the result; the duress
 * passcode is real, P1 and marked, even for a key customer. */
static void call_outcomes(void **state)
{
	struct alarm a = at_state(ALARM_ST_CLAIMED), k;
	struct flow_input in = {.ev = FLOW_EV_CALL, .now_ms = T0 + 9000, .arg = CALL_BUSY};
	struct flow_result res;

	assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
	assert_int_equal(a.state, ALARM_ST_REVIEWING);
	assert_int_equal(a.flow.method, FLOW_METHOD_PHONE);
	assert_int_equal(a.flow.clk[FLOW_CLK_REVIEW].limit_ms, a.rules->review_phone_ms);
	in.arg = CALL_CONFIRMED_FALSE;
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
	assert_int_equal(a.state, ALARM_ST_FALSE_ALARM);
	assert_int_equal(res.clock_stopped, FLOW_CLK_REVIEW);
	assert_false(a.flow.duress);
	in.arg = CALL_NO_ANSWER; /* a call after the result: the timeline's only */
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
	assert_int_equal(a.state, ALARM_ST_FALSE_ALARM);
	in.arg = CALL_OUTCOME_COUNT;
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_ARG);

	k = at_state(ALARM_ST_CLAIMED);
	k.key_customer = true;
	k.priority = 3;
	in.arg = CALL_NO_ANSWER;
	assert_int_equal(flow_apply(&k, &in, &res), FLOW_OK);
	assert_int_equal(k.state, ALARM_ST_CLAIMED); /* noted: a video review comes first */
	in.arg = CALL_PASSCODE_OK;
	assert_int_equal(flow_apply(&k, &in, &res), FLOW_E_METHOD);
	in.arg = CALL_DURESS;
	assert_int_equal(flow_apply(&k, &in, &res), FLOW_OK);
	assert_int_equal(k.state, ALARM_ST_INCIDENT);
	assert_int_equal(k.priority, 1);
	assert_true(k.flow.duress);
	assert_int_equal(k.flow.verdict, FLOW_VERDICT_REAL);
	assert_true(k.flow.clk[FLOW_CLK_FORWARD].start_ms > 0);
	assert_true(flow_check(&k));

	a = at_state(ALARM_ST_NEW);
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_STATE);
}

static void guards_say_what_is_missing(void **state)
{
	struct alarm a = at_state(ALARM_ST_FORWARDING);
	struct flow_input in = {.ev = FLOW_EV_CONFIRM, .now_ms = T0 + 9000, .receiver = "王"};
	struct flow_result res;

	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
	assert_string_equal(res.why, "tick every item of the forward first");
	for (int i = 0; i < FLOW_ITEMS_PER_RECIPIENT; i++)
		step(&a, FLOW_EV_TICK, T0, i);
	in.receiver = "";
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
	assert_string_equal(res.why, "record who received the forward");
	in.receiver = "110 王警官 3021";
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
	assert_string_equal(a.receiver, "110 王警官 3021");

	a = at_state(ALARM_ST_FALSE_ALARM);
	in = (struct flow_input){.ev = FLOW_EV_CLOSE, .now_ms = T0, .arg = 0};
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
	assert_string_equal(res.why, "choose the false alarm's cause");

	a = at_state(ALARM_ST_FORWARDED);
	in.arg = 11;
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
	assert_string_equal(res.why, "the plan needs a field officer on scene: dispatch first");

	a = at_state(ALARM_ST_ON_SCENE);
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
	assert_string_equal(res.why, "record the field officer's report first");
	{
		struct flow_input rep = {.ev = FLOW_EV_REPORT, .now_ms = T0, .receiver = ""};
		assert_int_equal(flow_apply(&a, &rep, &res), FLOW_E_MISSING);
		assert_string_equal(res.why, "write what the field officer found");
		rep.receiver = "后门被撬，已报公安";
		assert_int_equal(flow_apply(&a, &rep, &res), FLOW_OK);
		assert_true(a.flow.reported);
	}
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
	assert_string_equal(res.why, "notify the customer first");
	assert_int_equal(step(&a, FLOW_EV_TICK, T0, flow_item_notify_customer(&a)), FLOW_OK);
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
	assert_int_equal(a.state, ALARM_ST_CLOSED);
	assert_int_equal(a.flow.cause, 11);

	a = at_state(ALARM_ST_REVIEWING);
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
	assert_string_equal(res.why, "record the review result first");
}

static void key_customer_needs_video(void **state)
{
	struct alarm a = base(ALARM_CLASS_INTRUSION, true);
	struct flow_input in = {.ev = FLOW_EV_REVIEW, .now_ms = T0, .method = FLOW_METHOD_PHONE};
	struct flow_result res;

	step(&a, FLOW_EV_CLAIM, T0, 0);
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_METHOD);
	assert_string_equal(res.why, "a key customer needs a video review");
	in.method = FLOW_METHOD_VIDEO;
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
	assert_int_equal(a.flow.method, FLOW_METHOD_VIDEO);
	assert_int_equal(a.rules->method, FLOW_METHOD_VIDEO);
}

static void field_review_and_fault_paths(void **state)
{
	struct alarm a = at_state(ALARM_ST_INCONCLUSIVE);
	int64_t t = T0 + 10000;

	assert_int_equal(step(&a, FLOW_EV_DISPATCH, t, 0), FLOW_OK);
	assert_int_equal(step(&a, FLOW_EV_DEPART, t, 0), FLOW_OK);
	assert_int_equal(step(&a, FLOW_EV_ARRIVE, t, 0), FLOW_OK);
	assert_int_equal(step(&a, FLOW_EV_CLOSE, t, 1), FLOW_E_MISSING); /* no result yet */
	assert_int_equal(flow_next(&a), FLOW_EV_COUNT);
	assert_int_equal(result(&a, FLOW_VERDICT_REAL, t), FLOW_OK);
	assert_int_equal(a.state, ALARM_ST_INCIDENT);
	assert_int_equal(a.flow.method, FLOW_METHOD_FIELD);
	assert_int_equal(step(&a, FLOW_EV_FORWARD, t, 0), FLOW_OK);
	for (int i = 0; i < FLOW_ITEMS_PER_RECIPIENT; i++)
		step(&a, FLOW_EV_TICK, t, i);
	assert_int_equal(step(&a, FLOW_EV_CONFIRM, t, 0), FLOW_OK);
	assert_int_equal(a.state, ALARM_ST_ON_SCENE); /* forwarded from the scene */
	step(&a, FLOW_EV_TICK, t, flow_item_notify_customer(&a));
	assert_int_equal(flow_next(&a), FLOW_EV_REPORT);
	assert_int_equal(step(&a, FLOW_EV_CLOSE, t, 12), FLOW_E_MISSING); /* no report */
	assert_int_equal(step(&a, FLOW_EV_REPORT, t, 0), FLOW_OK);
	assert_int_equal(flow_next(&a), FLOW_EV_CLOSE);
	assert_int_equal(step(&a, FLOW_EV_CLOSE, t, 12), FLOW_OK);

	a = at_state(ALARM_ST_INCONCLUSIVE);
	step(&a, FLOW_EV_DISPATCH, t, 0), step(&a, FLOW_EV_DEPART, t, 0), step(&a, FLOW_EV_ARRIVE, t, 0);
	assert_int_equal(result(&a, FLOW_VERDICT_FALSE, t), FLOW_OK);
	assert_int_equal(step(&a, FLOW_EV_REPORT, t, 0), FLOW_OK);
	assert_int_equal(step(&a, FLOW_EV_CLOSE, t, 3), FLOW_OK);

	a = base(ALARM_CLASS_OFFLINE, false);
	step(&a, FLOW_EV_CLAIM, t, 0);
	assert_int_equal(flow_next(&a), FLOW_EV_ORDER);
	assert_int_equal(step(&a, FLOW_EV_CLOSE, t, 14), FLOW_E_MISSING);
	assert_int_equal(step(&a, FLOW_EV_ORDER, t, 0), FLOW_OK);
	assert_int_equal(step(&a, FLOW_EV_CLOSE, t, 14), FLOW_OK);
}

/* status and time left of clock c at now */
static enum flow_clock_status clk(const struct alarm *a, enum flow_clock c, int64_t now)
{
	int64_t left;
	return flow_clock(a, c, now, &left);
}

static void clock_boundaries(void **state)
{
	struct {
		enum flow_clock c;
		enum alarm_state st;
		int64_t limit;
		bool phone;
	} cases[] = {
		{FLOW_CLK_REVIEW, ALARM_ST_NEW, 60000, false},
		{FLOW_CLK_REVIEW, ALARM_ST_NEW, 300000, true},
		{FLOW_CLK_FORWARD, ALARM_ST_INCIDENT, 120000, false},
		{FLOW_CLK_DEPART, ALARM_ST_DISPATCHED, 120000, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct alarm a = at_state(cases[i].st);
		int64_t s, L = cases[i].limit, left;
		if (cases[i].phone) {
			struct flow_input in = {.ev = FLOW_EV_REVIEW, .now_ms = T0, .method = FLOW_METHOD_PHONE};
			struct flow_result res;
			step(&a, FLOW_EV_CLAIM, T0, 0);
			assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
		}
		s = a.flow.clk[cases[i].c].start_ms;
		assert_int_equal(a.flow.clk[cases[i].c].limit_ms, L);
		assert_int_equal(clk(&a, cases[i].c, s + L * 3 / 4 - 1), FLOW_CLOCK_RUNNING);
		assert_int_equal(clk(&a, cases[i].c, s + L * 3 / 4), FLOW_CLOCK_AMBER);
		assert_int_equal(clk(&a, cases[i].c, s + L - 1), FLOW_CLOCK_AMBER);
		assert_int_equal(clk(&a, cases[i].c, s + L), FLOW_CLOCK_AMBER);
		assert_int_equal(clk(&a, cases[i].c, s + L + 1), FLOW_CLOCK_OVERDUE);
		flow_clock(&a, cases[i].c, s + L + 1, &left);
		assert_int_equal(left, -1);
		assert_int_equal(flow_escalate(&a, s + L), 0);
		assert_int_equal(flow_escalate(&a, s + L + 1), 1u << cases[i].c);
		assert_int_equal(flow_escalate(&a, s + L + 2), 0); /* once */
	}
	/* Met at the limit, missed one ms later: the stopping steps. */
	for (int late = 0; late <= 1; late++) {
		struct alarm a = at_state(ALARM_ST_REVIEWING);
		struct flow_input in = {.ev = FLOW_EV_RESULT, .now_ms = T0 + 60000 + late,
					.verdict = FLOW_VERDICT_REAL};
		struct flow_result res;
		int64_t took;
		assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
		assert_int_equal(res.clock_stopped, FLOW_CLK_REVIEW);
		assert_int_equal(res.took_ms, 60000 + late);
		assert_int_equal(res.met, !late);
		assert_int_equal(flow_clock(&a, FLOW_CLK_REVIEW, T0 + 999999, &took),
				 late ? FLOW_CLOCK_MISSED : FLOW_CLOCK_MET);
		assert_int_equal(clk(&a, FLOW_CLK_FORWARD, T0 + 60000 + late + 120000), FLOW_CLOCK_AMBER);
		assert_int_equal(clk(&a, FLOW_CLK_FORWARD, T0 + 60000 + late + 120001), FLOW_CLOCK_OVERDUE);
	}
	{
		struct alarm a = at_state(ALARM_ST_DISPATCHED);
		int64_t s = a.flow.clk[FLOW_CLK_DEPART].start_ms;
		assert_int_equal(step(&a, FLOW_EV_DEPART, s + 120000, 0), FLOW_OK);
		assert_int_equal(clk(&a, FLOW_CLK_DEPART, s + 999999), FLOW_CLOCK_MET);
		assert_int_equal(clk(&a, FLOW_CLK_ARRIVE, s + 120000), FLOW_CLOCK_RUNNING);
		assert_int_equal(clk(&a, FLOW_CLK_POLICE, s), FLOW_CLOCK_IDLE);
	}
}

static void police_direct_check(void **state)
{
	struct alarm a = base(ALARM_CLASS_PANIC, true);

	assert_int_equal(step(&a, FLOW_EV_POLICE, T0 + 1000, 0), FLOW_E_STATE); /* not direct */
	own_rules(&a)->police_direct = true;
	flow_start(&a, T0);
	assert_int_equal(clk(&a, FLOW_CLK_POLICE, T0 + 59999), FLOW_CLOCK_AMBER);
	assert_int_equal(step(&a, FLOW_EV_CLAIM, T0 + 1000, 0), FLOW_OK);
	assert_int_equal(step(&a, FLOW_EV_POLICE, T0 + 30000, 0), FLOW_OK);
	assert_int_equal(clk(&a, FLOW_CLK_POLICE, T0 + 90000), FLOW_CLOCK_MET);
}

static void next_step_for_enter(void **state)
{
	static const struct {
		enum alarm_state st;
		enum flow_event next;
	} rows[] = {
		{ALARM_ST_NEW, FLOW_EV_CLAIM},        {ALARM_ST_CLAIMED, FLOW_EV_REVIEW},
		{ALARM_ST_REVIEWING, FLOW_EV_COUNT},  {ALARM_ST_INCONCLUSIVE, FLOW_EV_DISPATCH},
		{ALARM_ST_INCIDENT, FLOW_EV_FORWARD}, {ALARM_ST_FALSE_ALARM, FLOW_EV_COUNT},
		{ALARM_ST_FORWARDING, FLOW_EV_CONFIRM}, {ALARM_ST_FORWARDED, FLOW_EV_DISPATCH},
		{ALARM_ST_DISPATCHED, FLOW_EV_DEPART}, {ALARM_ST_DEPARTED, FLOW_EV_ARRIVE},
		{ALARM_ST_ON_SCENE, FLOW_EV_REPORT},  {ALARM_ST_WORK_ORDER, FLOW_EV_CLOSE},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct alarm a = at_state(rows[i].st);
		assert_int_equal(flow_next(&a), rows[i].next);
	}
}

/* An intrusion plan: review*, call, forward*, dispatch*, a hand step*, close*. */
static struct alarm planned(void)
{
	static const enum plan_by by[] = {PLAN_BY_REVIEW,   PLAN_BY_CALL, PLAN_BY_FORWARD,
					  PLAN_BY_DISPATCH, PLAN_BY_HAND, PLAN_BY_CLOSE};
	struct alarm a = base(ALARM_CLASS_INTRUSION, false);
	struct alarm_rules *r = own_rules(&a);

	r->nsteps = 6;
	r->steps_mandatory = 0x3d; /* all but the call */
	for (int i = 0; i < 6; i++)
		r->step_by[i] = (uint8_t)by[i];
	return a;
}

static int tick(struct alarm *a, int i, const char *what)
{
	struct flow_input in = {.ev = FLOW_EV_PLAN, .now_ms = T0 + 3000, .arg = i, .receiver = what};
	struct flow_result res;
	int rc = flow_apply(a, &in, &res);
	if (rc != FLOW_OK)
		print_message("tick %d: %s\n", i, res.why);
	return rc;
}

/* The plan's mandatory steps that apply block closing, a false alarm's
 * too; the workflow does the steps its data names; the rest are ticked by
 * hand with what came of them, once. */
static void plan_steps_drive_closing(void **state)
{
	struct alarm a = planned();
	struct flow_input in = {.ev = FLOW_EV_CLOSE, .now_ms = T0 + 4000, .arg = 1};
	struct flow_result res;

	assert_int_equal(tick(&a, 4, "用户在家"), FLOW_E_STATE); /* not claimed */
	step(&a, FLOW_EV_CLAIM, T0, 0);
	step(&a, FLOW_EV_REVIEW, T0, 0);
	assert_true(plan_step_done(&a, 0));
	assert_int_equal(result(&a, FLOW_VERDICT_FALSE, T0 + 2000), FLOW_OK);
	assert_false(plan_step_applies(&a, 2)); /* forward: a real alarm's */
	assert_false(plan_step_applies(&a, 3));
	assert_int_equal(plan_first_open(&a), 4);
	assert_int_equal(flow_next(&a), FLOW_EV_PLAN);
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
	assert_string_equal(res.why,
			    "step 5 of the plan is not done: do it, or tick it with what came of it");
	assert_int_equal(tick(&a, 2, "已报"), FLOW_E_STATE);
	assert_int_equal(tick(&a, 6, "x"), FLOW_E_ARG);
	assert_int_equal(tick(&a, 4, ""), FLOW_E_MISSING);
	assert_int_equal(tick(&a, 4, "门卫确认是保洁误入"), FLOW_OK);
	assert_int_equal(tick(&a, 4, "again"), FLOW_E_STATE);
	assert_int_equal(plan_first_open(&a), -1);
	assert_int_equal(flow_next(&a), FLOW_EV_COUNT); /* the cause is the operator's */
	assert_int_equal(flow_apply(&a, &in, &res), FLOW_OK);
	assert_true(plan_step_done(&a, 5));
	assert_false(plan_step_done(&a, 1)); /* optional, never done */

	/* Real: a call that reached someone, the forward, the dispatch. */
	a = planned();
	step(&a, FLOW_EV_CLAIM, T0, 0);
	step(&a, FLOW_EV_CALL, T0, CALL_NO_ANSWER);
	assert_false(plan_step_done(&a, 1));
	assert_true(plan_step_done(&a, 0)); /* the call started a phone review */
	step(&a, FLOW_EV_CALL, T0, CALL_CONFIRMED_REAL);
	assert_true(plan_step_done(&a, 1));
	assert_true(plan_step_applies(&a, 2));
	step(&a, FLOW_EV_FORWARD, T0, 0);
	assert_false(plan_step_done(&a, 2));
	for (int i = 0; i < FLOW_ITEMS_PER_RECIPIENT; i++)
		step(&a, FLOW_EV_TICK, T0, i);
	step(&a, FLOW_EV_CONFIRM, T0, 0);
	assert_true(plan_step_done(&a, 2));
	assert_int_equal(step(&a, FLOW_EV_DISPATCH, T0, 0), FLOW_OK);
	assert_true(plan_step_done(&a, 3));
	assert_int_equal(plan_first_open(&a), 4);
}

static void hold_limits(void **state)
{
	struct alarm a = at_state(ALARM_ST_CLAIMED);
	assert_int_equal(step(&a, FLOW_EV_HOLD, T0, 0), FLOW_E_ARG);
	assert_int_equal(step(&a, FLOW_EV_HOLD, T0, 1441), FLOW_E_ARG);
	assert_int_equal(step(&a, FLOW_EV_HOLD, T0, 10), FLOW_OK);
	assert_int_equal(a.flow.hold_until, T0 + 600000);
	assert_int_equal(step(&a, FLOW_EV_UNHOLD, T0, 0), FLOW_OK);
	assert_int_equal(a.flow.hold_until, 0);
	/* An urgent alarm whose clock is overdue is handled, not parked; a P3
	 * in the same state may be held. */
	a.priority = 2;
	assert_int_equal(step(&a, FLOW_EV_HOLD, T0 + 3600000, 10), FLOW_E_STATE);
	assert_int_equal(a.flow.hold_until, 0);
	/* ... unless a supervisor permits it, once. */
	assert_int_equal(step(&a, FLOW_EV_PERMIT, T0 + 3600000, 0), FLOW_OK);
	assert_true(a.flow.hold_permit);
	assert_int_equal(step(&a, FLOW_EV_HOLD, T0 + 3600000, 10), FLOW_OK);
	assert_false(a.flow.hold_permit);
	assert_int_equal(step(&a, FLOW_EV_UNHOLD, T0 + 3600000, 0), FLOW_OK);
	assert_int_equal(step(&a, FLOW_EV_HOLD, T0 + 3600000, 10), FLOW_E_STATE);
	a.priority = 3;
	assert_int_equal(step(&a, FLOW_EV_HOLD, T0 + 3600000, 10), FLOW_OK);
	/* A hold says why. */
	{
		struct flow_input in = {.ev = FLOW_EV_HOLD, .now_ms = T0, .arg = 5, .receiver = ""};
		struct flow_result res;
		assert_int_equal(flow_apply(&a, &in, &res), FLOW_E_MISSING);
		assert_string_equal(res.why, "say why the alarm is held");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_state_and_event), cmocka_unit_test(guards_say_what_is_missing),
		cmocka_unit_test(call_outcomes),
		cmocka_unit_test(key_customer_needs_video), cmocka_unit_test(field_review_and_fault_paths),
		cmocka_unit_test(clock_boundaries), cmocka_unit_test(linkage_clock),       cmocka_unit_test(police_direct_check),
		cmocka_unit_test(next_step_for_enter),
		cmocka_unit_test(plan_steps_drive_closing),    cmocka_unit_test(hold_limits),
	};
	return cmocka_run_group_tests_name("flow", tests, NULL, NULL);
}
