/* alarm.h — the alarm as the console and the center both hold it: classes,
 * channels, states, and packing it into one heap block (alarm_pack: all it
 * points to inside; alarm_pack_in: what it shares with its site's other
 * alarms in a pool).
 * No parsing or I/O here (see net/proto.c). */
#ifndef ALARM_H
#define ALARM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum alarm_class {
	ALARM_CLASS_PANIC,     /* 紧急/胁迫报警 */
	ALARM_CLASS_FIRE,      /* 火警 */
	ALARM_CLASS_INTRUSION, /* 入侵报警 */
	ALARM_CLASS_MEDICAL,   /* 医疗求助 */
	ALARM_CLASS_TAMPER,    /* 防拆 */
	ALARM_CLASS_FAULT,     /* 设备故障 */
	ALARM_CLASS_OFFLINE,   /* 设备离线 */
	ALARM_CLASS_OTHER,
	ALARM_CLASS_COUNT
};

enum alarm_channel {
	ALARM_CHANNEL_IP,
	ALARM_CHANNEL_PSTN,
	ALARM_CHANNEL_WIRELESS,
	ALARM_CHANNEL_SIP,
	ALARM_CHANNEL_VIDEO,
	ALARM_CHANNEL_PHONE,
	ALARM_CHANNEL_DC09_TCP, /* SIA DC-09 over TCP: a panel's IP communicator */
	ALARM_CHANNEL_DC09_UDP,
	ALARM_CHANNEL_COUNT
};

/* The GA 1383 life cycle; app/core/flow.h documents the transitions. */
enum alarm_state {
	ALARM_ST_NEW,
	ALARM_ST_CLAIMED,
	ALARM_ST_REVIEWING,
	ALARM_ST_INCONCLUSIVE,
	ALARM_ST_INCIDENT,
	ALARM_ST_FALSE_ALARM,
	ALARM_ST_FORWARDING,
	ALARM_ST_FORWARDED,
	ALARM_ST_DISPATCHED,
	ALARM_ST_DEPARTED,
	ALARM_ST_ON_SCENE,
	ALARM_ST_WORK_ORDER,
	ALARM_ST_CLOSED,
	ALARM_ST_COUNT
};

/* How an alarm is reviewed (报警复核). */
enum flow_method {
	FLOW_METHOD_NONE,
	FLOW_METHOD_VIDEO,
	FLOW_METHOD_AUDIO,
	FLOW_METHOD_IMAGE,
	FLOW_METHOD_PHONE,
	FLOW_METHOD_FIELD,
	FLOW_METHOD_COUNT
};

/* The clocks GA 1383 sets on the steps. */
enum flow_clock {
	FLOW_CLK_REVIEW,  /* receipt → review result: 60 s (video/audio/image), 300 s phone */
	FLOW_CLK_FORWARD, /* verified incident → forward confirmed: 120 s (manual) */
	FLOW_CLK_POLICE,  /* panel sent it straight to police: check police got it */
	FLOW_CLK_DEPART,  /* field officer ordered → departed: 120 s */
	FLOW_CLK_ARRIVE,  /* departed → arrival reported */
	FLOW_CLK_LINKAGE, /* a remote control sent → the device's answer: 8 s (000 7.2.6) */
	FLOW_CLK_UPLINK,  /* forwarded to the police platform (GB/T 28181) → its receipt: 4 s */
	FLOW_CLK_RECEIPT, /* the platform's receipt → the operator confirms it by hand */
	FLOW_CLK_COUNT
};

struct flow_timer {
	int64_t start_ms, stop_ms; /* 0 = not started / not stopped */
	int32_t limit_ms;
	bool escalated;            /* the overdue escalation was raised */
};

/* The workflow step that does a plan step (plans.json "by"): the step is
 * done when that happens, or when the operator ticks it with an outcome
 * (PLAN_BY_HAND steps only that way). forward, dispatch and notify steps
 * apply only to a real alarm; a close step is done by the close itself. */
enum plan_by {
	PLAN_BY_HAND,
	PLAN_BY_REVIEW,   /* a review started */
	PLAN_BY_CALL,     /* a call reached someone, or a phone review gave a result */
	PLAN_BY_FORWARD,  /* the forward was confirmed */
	PLAN_BY_DISPATCH, /* a field officer was dispatched */
	PLAN_BY_REPORT,   /* the field report was given on arrival */
	PLAN_BY_NOTIFY,   /* the customer was notified (checklist) */
	PLAN_BY_ORDER,    /* a work order was opened */
	PLAN_BY_CLOSE,    /* closing the alarm */
	PLAN_BY_COUNT
};
extern const char *const plan_by_names[PLAN_BY_COUNT];
bool plan_by_real_only(enum plan_by b);

/* What the response plan (with the site's overrides) asks of this alarm;
 * set by the center when it emits the alarm. */
#define ALARM_MAX_RECIPIENTS 4
#define ALARM_MAX_STEPS 16
struct alarm_rules {
	int32_t limit_ms[FLOW_CLK_COUNT];
	int32_t review_phone_ms;
	enum flow_method method; /* the plan's review method (video for key customers) */
	const char *recipients[ALARM_MAX_RECIPIENTS]; /* forward to, in order ("公安110") */
	int nrecipients;
	bool notify_customer, notify_insurer; /* mandatory notifications after a forward */
	bool dispatch;      /* an incident needs a field officer on scene */
	bool police_direct; /* the panel reported straight to police */
	bool auto_forward;  /* the center forwards it to the police platform at once */
	/* The plan's steps: bit i of steps_mandatory = step i blocks closing
	 * until done (when it applies); step_by[i] what does it. */
	int nsteps;
	uint16_t steps_mandatory;
	uint8_t step_by[ALARM_MAX_STEPS];
};

/* The state of the handling beyond alarm.state. */
enum flow_verdict { FLOW_VERDICT_NONE, FLOW_VERDICT_REAL, FLOW_VERDICT_FALSE };
struct alarm_flow {
	enum flow_method method;
	enum flow_verdict verdict;
	bool forwarded;
	bool duress;     /* the duress passcode was given on a call: for the police */
	bool hold_permit; /* a supervisor permits holding it although it is overdue */
	bool reported;    /* the field officer's report on arrival was recorded */
	uint32_t ticks;  /* checklist items ticked (bit i = item i) */
	uint16_t steps;  /* plan steps done (bit i = step i) */
	int cause;       /* false-alarm cause or incident outcome code, 0 = none */
	int64_t hold_until;
	int64_t restored_ms; /* the panel reported the condition restored, 0: not (it stays open) */
	struct flow_timer clk[FLOW_CLK_COUNT];
};

#define ALARM_MAX_CONTACTS 4
#define ALARM_MAX_CAMERAS 8
#define ALARM_PRIORITY_MIN 1 /* most urgent */
#define ALARM_PRIORITY_MAX 4

struct alarm_contact {
	const char *name, *phone, *role;
};

struct alarm_camera {
	const char *name, *channel;
};

/* One step of the alarm's timeline: what was done, by whom, when, with its
 * words (a note's text, a call's outcome, a hold's reason) and its number
 * (the contact called, the cause, the minutes). The center and every
 * console append the same entries from the same updates (alarm_log). */
#define ALARM_MAX_TIMELINE 32 /* the newest are kept */
struct alarm_entry {
	int64_t at_ms;
	const char *action, *by, *text;
	int arg;
};

/* Every string field is non-NULL (possibly ""), and so is rules. The
 * contacts, the cameras and the rules are held as the alarm's strings are:
 * by whoever filled it (a decoded message, a site's data), and in a packed
 * alarm in its block or in the book's pool. The fields are ordered so that
 * none pads. */
struct alarm {
	const char *id;
	int priority;
	enum alarm_class cls;
	/* event code (Contact ID) */
	const char *event_code; /* "130" */
	int64_t occurred_ms, received_ms;
	enum alarm_channel channel;
	/* zone */
	int zone_no;
	const char *zone_name, *zone_detector;
	/* customer */
	const char *cust_id, *cust_name, *cust_type, *police;
	const char *addr_community, *addr_building, *addr_unit, *addr_floor,
		*addr_room, *addr_code, *addr_text;
	const struct alarm_contact *contacts; /* ncontacts of them */
	const struct alarm_camera *cameras;   /* ncameras of them */
	int ncontacts, ncameras;
	bool key_customer;
	bool has_lonlat;
	int16_t qualifier; /* of the event: 1 new, 3 restore, 6 status */
	int16_t partition;
	int16_t center; /* where it came from (console side): center index, and seq below */
	enum alarm_state state; /* as last reported by the center */
	int ntimeline;
	/* position on the site map */
	const char *pos_map, *pos_level, *pos_marker;
	double lon, lat;
	const char *plan_id;
	const char *linked;     /* an earlier open alarm of the same site, or "" */
	/* The paths it arrived by ("dc09-tcp #1001, dc09-udp #1101"): the same
	 * event from another path within the center's window is this alarm. */
	const char *sources;
	/* The receiver's frame that raised it ("dc09/1001/0042/5ab1f3c2"), or
	 * "": a center that takes the frame again (a retry) knows it. */
	const char *origin;
	/* What its plan asks (shared by the alarms of a plan and site). */
	const struct alarm_rules *rules;
	const char *claimed_by; /* operator holding it, "" when nobody does */
	const char *receiver;   /* who took the forward ("110 王警官 3021"), or "" */
	const char *unit;       /* the field unit dispatched ("巡逻一组 张强 139…"), or "" */
	int64_t state_ms;
	struct alarm_flow flow;
	struct alarm_entry *timeline; /* oldest first (ntimeline); in a packed alarm, in its block */
	uint64_t seq;
};

/* Wire names, indexed by the enums. */
extern const char *const alarm_class_names[ALARM_CLASS_COUNT];
extern const char *const alarm_channel_names[ALARM_CHANNEL_COUNT];
extern const char *const alarm_state_names[ALARM_ST_COUNT];
extern const char *const flow_method_names[FLOW_METHOD_COUNT];
extern const char *const flow_clock_names[FLOW_CLK_COUNT];

const char *alarm_class_name(enum alarm_class c);     /* "panic" … (wire) */
int alarm_class_parse(const char *s, enum alarm_class *out);
const char *alarm_channel_name(enum alarm_channel c); /* "ip" … (wire) */
int alarm_channel_parse(const char *s, enum alarm_channel *out);
const char *alarm_state_name(enum alarm_state s);     /* "new" … (wire) */
int alarm_state_parse(const char *s, enum alarm_state *out);

/* The newest entry of a's timeline with this action and number (a call to
 * contact arg, plan step arg), or NULL. */
const struct alarm_entry *alarm_last_entry(const struct alarm *a, const char *action, int arg);

/* Whether a class is a fault (fault, offline, tamper): a work order's, not
 * the police's. */
bool alarm_is_fault(enum alarm_class c);

/* The class a Contact ID event code belongs to, and its default priority. */
enum alarm_class alarm_class_of_cid(const char *code);
int alarm_default_priority(enum alarm_class c);
/* The priority a linked-alarm escalation gives alarm x when the linked pair
 * asks for `target` (1 = most urgent): never less urgent than x already is,
 * and never above its class's ceiling, so that faults (P3 at most) cannot
 * pass a real alarm (P2 and up) however many are linked. */
int alarm_escalated_priority(const struct alarm *x, int target);

/* Returns a heap copy of a (one allocation: free() it) whose string fields
 * point into the copy, or NULL on allocation failure. `state_by` overrides
 * a->claimed_by when non-NULL. */
struct alarm *alarm_pack(const struct alarm *a, const char *claimed_by);
/* The same, with the strings an alarm shares with the others of its site
 * (customer, address, zone, plan, contacts, cameras, recipients, holder…)
 * taken from pool, shared, and only its own (id, link, origin, timeline)
 * in its block; freed by alarm_release_in with the same pool. */
struct strpool;
struct alarm *alarm_pack_in(const struct alarm *a, const char *claimed_by, struct strpool *pool);
void alarm_release_in(struct alarm *a, struct strpool *pool);

/* Sets every string field of a to "", numbers to 0 and rules to
 * alarm_no_rules (all zero: a blank alarm). */
void alarm_blank(struct alarm *a);
extern const struct alarm_rules alarm_no_rules;

/* The center's word on an alarm's whole handling state. */
struct alarm_update {
	const char *alarm_id, *by, *console, *action, *receiver, *unit;
	const char *text; /* the op's words: a note, a call's outcome, a reason ("" none) */
	int arg;          /* the op's number: the contact called, the cause, the minutes */
	const char *sources; /* NULL: unchanged */
	const char *holder; /* who holds the alarm after the change, "" = nobody */
	const char *op_id;  /* the op of console that made it (NULL/"": none) */
	const char *origin; /* the receiver's frame that made it (as alarm.origin), or NULL/"" */
	enum alarm_state state;
	int priority; /* 0 = unchanged */
	int64_t at_ms;
	struct alarm_flow flow;
	bool has_flow;
};

/* True when x and y are in the same handling state (state, priority,
 * holder, receiver, sources, flow), whatever their timelines. */
bool alarm_same_handling(const struct alarm *x, const struct alarm *y);

/* Appends entry e to a's timeline when its action belongs there (every
 * change but a checklist tick), the oldest dropped when it is full; the
 * timeline is copied into buf (ALARM_MAX_TIMELINE entries), which must
 * outlive a until it is packed. */
void alarm_log(struct alarm *a, const struct alarm_entry *e, struct alarm_entry *buf);

/* Merges update u into the alarm cur as the center states it, and logs it
 * on the timeline (in buf, as alarm_log); the escalations of clocks that
 * did not restart survive (they are this console's). */
void alarm_apply_update(const struct alarm *cur, const struct alarm_update *u, struct alarm *out,
			struct alarm_entry *buf);

#endif
