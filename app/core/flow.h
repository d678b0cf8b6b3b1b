/* flow.h — the GA 1383 alarm handling workflow as a state machine, with the
 * clocks on its steps. Pure: times are arguments; the center applies it to
 * arbitrate, the console to suggest the next step and show the clocks.
 *
 *                       CLAIM             REVIEW(method)
 *   NEW ─────────────▶ CLAIMED ───────────────────────▶ REVIEWING
 *                        │ WORK_ORDER (fault classes)     │ RESULT
 *                        ▼                                ├─ real ────▶ INCIDENT ──FORWARD──▶ FORWARDING
 *                    WORK_ORDER ──CLOSE──▶ CLOSED         ├─ false ───▶ FALSE_ALARM ─CLOSE(cause)─▶ CLOSED
 *                                            ▲            └─ unsure ──▶ INCONCLUSIVE
 *                                            │                              │ DISPATCH (field review)
 *   FORWARDING ──CONFIRM(receiver)──▶ FORWARDED ──DISPATCH──▶ DISPATCHED ◀──┘
 *                                        │ CLOSE (plan needs no dispatch)  │ DEPART
 *                                        ▼                                 ▼
 *                                      CLOSED ◀──CLOSE── ON_SCENE ◀─ARRIVE─ DEPARTED
 *                          (ON_SCENE after a field review: RESULT real/false first)
 *
 * Transition table (event: from → to; function flow_apply):
 *   CLAIM     NEW → CLAIMED
 *   REVIEW    CLAIMED → REVIEWING     method set; key customers: video only
 *   RESULT    REVIEWING → INCIDENT | FALSE_ALARM | INCONCLUSIVE
 *             ON_SCENE (not yet verified) → INCIDENT | FALSE_ALARM
 *   FORWARD   INCIDENT → FORWARDING
 *   TICK      FORWARDING, FORWARDED, ON_SCENE: ticks checklist item i (stays)
 *   CONFIRM   FORWARDING → FORWARDED  all forward items ticked, receiver given
 *   POLICE    any open state, police_direct: stops the police clock (stays)
 *   DISPATCH  INCONCLUSIVE | FORWARDED → DISPATCHED  the unit sent named
 *   DEPART    DISPATCHED → DEPARTED
 *   ARRIVE    DEPARTED → ON_SCENE
 *   ORDER     CLAIMED (fault, offline, tamper classes) → WORK_ORDER
 *   CLOSE     FALSE_ALARM (cause given) | WORK_ORDER | FORWARDED (no dispatch
 *             required, notifications ticked) | ON_SCENE (verified; real:
 *             forwarded and notified; false: cause given) → CLOSED
 *   HOLD      any open state, with a reason: hold_until = now + minutes
 *             (stays); a P1/P2 alarm with an overdue clock only with a
 *             supervisor's PERMIT (used up by the hold); UNHOLD clears
 *   PERMIT    any open state (a supervisor): the next HOLD may park it
 *   PLAN      any open state: plan step i ticked by hand with what came of
 *             it (app/core/plan.h); steps are also done by the workflow
 *             step their data names, and a mandatory step that applies
 *             and is not done refuses CLOSE
 *   REPORT    once the field officer arrived: the report (what was found),
 *             which CLOSE then needs
 *   CALL      any open state: a call's outcome (app/core/call.h). CLAIMED →
 *             REVIEWING by phone (its limit); an outcome that reached
 *             someone → INCIDENT | FALSE_ALARM as RESULT; the duress
 *             passcode → P1, flow.duress, real (even for a key customer)
 * Anything else is refused with FLOW_E_* and a sentence naming what is
 * missing; the alarm is left unchanged.
 *
 * Invariants (flow_check, asserted after every transition):
 *   - REVIEWING and later verified states have a review method;
 *   - INCIDENT, FORWARDING, FORWARDED have verdict REAL; FALSE_ALARM has FALSE;
 *   - FORWARDED ⇒ forwarded and every forward item ticked;
 *   - CLOSED from a false alarm ⇒ cause > 0;
 *   - a stopped clock was started, and stopped no earlier than it started.
 *
 * Clocks: REVIEW starts at receipt; FORWARD when the incident is verified;
 * POLICE at receipt when police_direct; DEPART at DISPATCH; ARRIVE at DEPART.
 * Each stops at the step that ends it; met = (stop - start) ≤ limit. */
#ifndef FLOW_H
#define FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alarm.h"

enum flow_event {
	FLOW_EV_CLAIM,
	FLOW_EV_REVIEW,
	FLOW_EV_RESULT,
	FLOW_EV_FORWARD,
	FLOW_EV_TICK,
	FLOW_EV_CONFIRM,
	FLOW_EV_POLICE,
	FLOW_EV_DISPATCH,
	FLOW_EV_DEPART,
	FLOW_EV_ARRIVE,
	FLOW_EV_ORDER,
	FLOW_EV_CLOSE,
	FLOW_EV_HOLD,
	FLOW_EV_UNHOLD,
	FLOW_EV_CALL,
	FLOW_EV_PERMIT,
	FLOW_EV_PLAN,
	FLOW_EV_REPORT,
	FLOW_EV_CONTROL, /* a remote control of the site's device: the linkage clock runs */
	FLOW_EV_COUNT
};

enum {
	FLOW_OK = 0,
	FLOW_E_STATE = -1,   /* not allowed in this state */
	FLOW_E_METHOD = -2,  /* bad or not allowed review method */
	FLOW_E_MISSING = -3, /* a mandatory step or item is open */
	FLOW_E_ARG = -4,     /* bad argument (item, code, minutes) */
};

struct flow_input {
	enum flow_event ev;
	int64_t now_ms;
	enum flow_method method;   /* REVIEW */
	enum flow_verdict verdict; /* RESULT */
	int arg;              /* TICK item, CLOSE cause/outcome, HOLD minutes, CALL outcome,
				 STEP step */
	const char *receiver; /* CONFIRM: who received it; HOLD: the reason; STEP: its
				 outcome; REPORT: the report; DISPATCH: the unit */
};

/* What a transition did, for the adapters (journal, screen, sound). */
struct flow_result {
	int clock_stopped;  /* a flow_clock that stopped, or -1 */
	bool met;           /* whether it stopped within its limit */
	int64_t took_ms;
	char why[160];      /* on refusal: what is missing, in English */
};

/* Default limits of the standard (STANDARDS.md), for rules without any. */
void flow_default_rules(struct alarm_rules *r, enum alarm_class cls, bool key_customer);

/* Starts the clocks that run from receipt (review; police when direct). */
void flow_start(struct alarm *a, int64_t received_ms);

/* Applies one event to a (state and a->flow). Returns FLOW_OK or FLOW_E_*
 * with res->why filled; a is unchanged on refusal. */
int flow_apply(struct alarm *a, const struct flow_input *in, struct flow_result *res);

/* The invariants above; true when they hold. */
bool flow_check(const struct alarm *a);

/* Checklist of the manual forward: 5 items per recipient (type, address,
 * zone/position, handling staff, contact phone), then "notify customer" and
 * "notify insurer". */
#define FLOW_ITEMS_PER_RECIPIENT 5
int flow_items(const struct alarm *a);
uint32_t flow_forward_mask(const struct alarm *a);  /* items needed before CONFIRM */
uint32_t flow_notify_mask(const struct alarm *a);   /* mandatory notifications */
int flow_item_notify_customer(const struct alarm *a);
int flow_item_notify_insurer(const struct alarm *a);

/* A clock's status at now. */
enum flow_clock_status {
	FLOW_CLOCK_IDLE,    /* not started */
	FLOW_CLOCK_RUNNING, /* under 75 % of its limit */
	FLOW_CLOCK_AMBER,   /* 75 % or more */
	FLOW_CLOCK_OVERDUE, /* past its limit and still running */
	FLOW_CLOCK_MET,     /* stopped within its limit */
	FLOW_CLOCK_MISSED,  /* stopped after its limit */
};
/* Starts clock c of a at now with its rule's limit (a step of the center's
 * own: the forward to the police platform, its receipt). */
void flow_clock_start(struct alarm *a, enum flow_clock c, int64_t now_ms);
/* Stops clock c of a at now (an answer that is not an op: a device's to a
 * remote control, the platform's receipt); res says what it took. Nothing
 * when it is not running. */
void flow_clock_stop(struct alarm *a, enum flow_clock c, int64_t now_ms, struct flow_result *res);
/* *left_ms: time left (negative = over) while running; time taken when stopped. */
enum flow_clock_status flow_clock(const struct alarm *a, enum flow_clock c, int64_t now_ms,
				  int64_t *left_ms);

/* Clocks that became overdue and were not escalated yet: marks them
 * escalated and returns a bit set of flow_clock (the adapters sound and
 * mark). */
unsigned flow_escalate(struct alarm *a, int64_t now_ms);

/* The step an operator would take next, for the Enter key; FLOW_EV_COUNT when
 * the next step needs a choice (a review result, a cause). */
enum flow_event flow_next(const struct alarm *a);

/* True when a is in a handling state (claimed and not closed). */
bool flow_open(enum alarm_state s);

const char *flow_event_name(enum flow_event e); /* wire names of op actions */
int flow_event_parse(const char *s, enum flow_event *out);
int flow_method_parse(const char *s, enum flow_method *out);

#endif
