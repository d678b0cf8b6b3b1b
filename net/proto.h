/* proto.h — protocol v1 (docs/protocol.md): decoding with our own strictness
 * on top of cJSON, and encoding. Shared by the console and the center, so
 * both sides agree by construction. Pure: no sockets, no clock. */
#ifndef PROTO_H
#define PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../app/core/alarm.h"
#include "../app/core/figures.h"
#include "../app/core/order.h"

#define PROTO_VERSION 1
#define PROTO_SUBPROTOCOL "alarmdesk.v1"
#define PROTO_MAX_FRAME (64 * 1024) /* bytes of one message */
#define PROTO_MAX_DEPTH 8           /* nesting of objects/arrays */
#define PROTO_MAX_STRING 1024       /* bytes of one string value */
#define PROTO_MAX_ITEMS 256         /* members of one object or array */
#define PROTO_SNAPSHOT_CHUNK 40     /* alarms per snapshot frame */

enum proto_type {
	PROTO_HELLO,
	PROTO_WELCOME,
	PROTO_ERROR,
	PROTO_PLANS,
	PROTO_ALARM,
	PROTO_UPDATE,
	PROTO_DEVICE,
	PROTO_NOTICE,
	PROTO_TICK,
	PROTO_SNAPSHOT,
	PROTO_SYNCED,
	PROTO_OP,
	PROTO_OP_ACK,
	PROTO_ROOM,      /* center → supervisors: who is connected */
	PROTO_BROADCAST, /* supervisor → center: a notice to every console */
	PROTO_QUERY,     /* console → center: figures for a period */
	PROTO_FIGURES,   /* center → console: the answer to a query */
	PROTO_ARM,       /* center → consoles (stream): a partition armed or disarmed */
	PROTO_TEST,      /* center → consoles (stream): a site put on test, ending, off test */
	PROTO_SIGNAL,    /* center → consoles (stream): a signal from a site on test */
	PROTO_SITE,      /* center → console: the answer to a site query (card, history) */
	PROTO_ORDER,     /* center → consoles (stream): a work order after a change */
	PROTO_FLOOD,     /* center → consoles (stream): an alarm storm began or ended */
	PROTO_IMAGES,    /* center → console: an alarm's images (each then a binary message) */
	PROTO_TYPE_COUNT
};

/* `code` values of error and op_ack (0 = ok). */
enum proto_code {
	PROTO_OK = 0,
	PROTO_E_JSON = 1001,     /* not UTF-8 / not JSON / not an object */
	PROTO_E_FIELD = 1002,    /* a field is missing, of the wrong type or too long */
	PROTO_E_SIZE = 1003,     /* frame, depth or item count over the cap */
	PROTO_E_TYPE = 1004,     /* unknown or unexpected message type */
	PROTO_E_VERSION = 1005,  /* unsupported protocol version */
	PROTO_E_AUTH = 2001,     /* unknown operator or wrong password */
	PROTO_E_ROLE = 2002,     /* role not granted to this operator */
	PROTO_E_HELLO = 2003,    /* anything but hello before welcome */
	PROTO_E_THROTTLED = 2004, /* too many failed logins lately: try later */
	PROTO_E_ALARM = 3001,    /* no open alarm with that id */
	PROTO_E_CLAIMED = 3002,  /* another operator holds the alarm */
	PROTO_E_HOLDER = 3003,   /* the action needs the alarm claimed by you */
	PROTO_E_READONLY = 3004, /* the session's role may not send ops */
	PROTO_E_ACTION = 3005,   /* unknown op action */
	PROTO_E_FLOW = 3006,     /* the workflow refuses the step (msg says what is missing) */
	PROTO_E_SITE = 3007,     /* no site with that id in the center's data set */
	PROTO_E_INTERNAL = 5000,
};

/* WebSocket close codes used besides the RFC 6455 ones (1000 normal, 1002
 * protocol error, 1007 invalid data, 1009 too big, 1011 internal error). */
enum {
	PROTO_CLOSE_AUTH = 4001,    /* hello refused */
	PROTO_CLOSE_TIMEOUT = 4002, /* no hello in time */
};

enum proto_role { PROTO_ROLE_OPERATOR, PROTO_ROLE_SUPERVISOR, PROTO_ROLE_TRAINEE, PROTO_ROLE_COUNT };

/* Op actions: every workflow step (app/core/flow.h) plus these. */
enum proto_action {
	PROTO_ACT_CLAIM,
	PROTO_ACT_RELEASE,
	PROTO_ACT_CLOSE,
	PROTO_ACT_NOTE,
	PROTO_ACT_ANCHOR, /* the console's journal head "SEQ:HASH"; no alarm */
	PROTO_ACT_REVIEW,   /* text: method (video|audio|image|phone) */
	PROTO_ACT_RESULT,   /* text: real|false|inconclusive */
	PROTO_ACT_FORWARD,  /* open the forward checklist */
	PROTO_ACT_TICK,     /* code: checklist item */
	PROTO_ACT_CONFIRM,  /* text: who received the forward */
	PROTO_ACT_POLICE,   /* police confirmed they got a panel-direct alarm */
	PROTO_ACT_DISPATCH, /* order a field officer out */
	PROTO_ACT_DEPART,
	PROTO_ACT_ARRIVE,
	PROTO_ACT_ORDER,    /* open a work order (faults) */
	PROTO_ACT_HOLD,     /* code: minutes, text: why (required) */
	PROTO_ACT_UNHOLD,
	PROTO_ACT_TEST,     /* site: put on test for code minutes (0: end the test), text: why */
	PROTO_ACT_CALL,     /* code: the contact called (its index; the police station after
			     * them), text: the outcome (app/core/call.h) */
	PROTO_ACT_PERMIT,   /* supervisors: the alarm may be held although overdue; text: why */
	PROTO_ACT_PLAN,     /* code: the plan step (from 0), text: what came of it */
	PROTO_ACT_REPORT,   /* text: the field officer's report (what was found) */
	PROTO_ACT_WORK,     /* order (no alarm_id): a work order's step (code: order_step),
			     * text: its words (the assignee, what was repaired, why not) */
	PROTO_ACT_WORK_NEW, /* site (no alarm_id): a work order by hand, code: urgency,
			     * text: what is wrong */
	PROTO_ACT_AUTOLOG,  /* supervisors: log the P3/P4 alarms of alarm_id's kind in bulk,
			     * code: 0 the restored ones, 1 all; text: why */
	PROTO_ACT_CONTROL,  /* the alarm's site's device (GB/T 28181): code: proto_control,
			     * text: why (required) */
	PROTO_ACT_COUNT
};

/* The remote controls of a site's device (op control's code): arm, disarm,
 * alarm reset (with a reason, the linkage clock), and the PTZ of the
 * alarm's camera for the review (moves until stop; no clock, no timeline). */
enum proto_control {
	PROTO_CTL_ARM,
	PROTO_CTL_DISARM,
	PROTO_CTL_RESET,
	PROTO_CTL_PTZ_LEFT,
	PROTO_CTL_PTZ_RIGHT,
	PROTO_CTL_PTZ_UP,
	PROTO_CTL_PTZ_DOWN,
	PROTO_CTL_ZOOM_IN,
	PROTO_CTL_ZOOM_OUT,
	PROTO_CTL_PTZ_STOP,
	PROTO_CTL_COUNT
};
#define PROTO_CTL_PTZ PROTO_CTL_PTZ_LEFT /* the first PTZ control */

enum proto_device_state { PROTO_DEV_ONLINE, PROTO_DEV_OFFLINE, PROTO_DEV_FAULT, PROTO_DEV_COUNT };

struct proto_hello {
	int version;
	const char *req_id, *console, *operator_, *password;
	enum proto_role role;
	bool resume;
	const char *epoch;
	uint64_t seq;
};

struct proto_welcome {
	const char *req_id, *center, *epoch;
	enum proto_role role;
	int64_t time_ms;
	uint32_t heartbeat_ms;
	uint64_t head;
};

struct proto_error {
	const char *req_id, *msg, *field;
	int code;
};

/* A change to an alarm: its whole handling state after the change. */
/* An update is the core's struct alarm_update (app/core/alarm.h). */

struct proto_device {
	const char *cust_id, *device;
	enum proto_device_state state;
	int64_t at_ms;
};

/* A site's partition armed or disarmed by a user (a panel's opening or
 * closing report). */
struct proto_arm {
	const char *cust_id;
	int partition;
	bool armed;
	const char *user; /* the panel's user number, "" when it did not say */
	int64_t at_ms;
	const char *origin; /* the receiver's frame that said it (as alarm.origin), or NULL/"" */
};

struct proto_notice {
	const char *from, *text;
	int64_t at_ms;
};

/* A site on test (installers at work, a user's test): its signals are
 * logged and shown as test signals, not alarms, until until_ms. ENDING is
 * the warning before that; OFF ends it (expired or ended by hand). */
enum proto_test_state { PROTO_TEST_OFF, PROTO_TEST_ON, PROTO_TEST_ENDING, PROTO_TEST_COUNT };
struct proto_test {
	const char *cust_id;
	enum proto_test_state state;
	int64_t until_ms;
	const char *by, *reason;
	int64_t at_ms;
};

/* An alarm storm (flood mode): on from since_ms while more than the
 * center's threshold of alarms arrive per second; off when the rate stayed
 * under half of it for a while. rate: alarms/s now; alarms: during it. */
struct proto_flood {
	bool on;
	double rate, threshold;
	int64_t since_ms, at_ms;
	uint64_t alarms;
};

/* What would have been an alarm, from a site on test. */
struct proto_signal {
	const char *cust_id;
	int zone;
	const char *zone_name, *event; /* event: the Contact ID code */
	enum alarm_channel channel;
	int qualifier; /* 1 new, 3 restore */
	int64_t at_ms;
};

struct proto_tick {
	int64_t time_ms;
	uint64_t head;
};

struct proto_snapshot {
	uint64_t head;
	size_t count;     /* alarms in this frame; read them with proto_snapshot_alarm */
	size_t nstanding; /* device and notice frames; proto_snapshot_standing */
	bool more;        /* more snapshot frames follow */
};

struct proto_op {
	const char *op_id, *alarm_id, *text;
	const char *site;  /* PROTO_ACT_TEST, PROTO_ACT_WORK_NEW (no alarm_id) */
	const char *order; /* PROTO_ACT_WORK (no alarm_id) */
	enum proto_action action;
	int code;
};

struct proto_op_ack {
	const char *op_id, *msg;
	int code;
};

/* A supervisor's notice to every console; answered with an op_ack. */
struct proto_broadcast {
	const char *op_id, *text;
};

/* "what": figures for a period, a site's card, an alarm's images. */
enum proto_query_what { PROTO_Q_FIGURES, PROTO_Q_SITE, PROTO_Q_IMAGES };
struct proto_query {
	const char *req_id;
	int64_t from_ms, to_ms;    /* figures: the period */
	enum proto_query_what what;
	const char *site;          /* site: an account, or words of a name, address or phone */
	const char *alarm;         /* images: the alarm's id */
};

/* The answer to an images query: the images kept with the alarm (GA 1383
 * 000 7.4.3), oldest first; the n binary messages that follow at once on
 * the same connection are their bytes (JPEG), in this order. */
#define PROTO_IMAGES_MAX 20
#define PROTO_MAX_IMAGE (1024 * 1024) /* bytes of one image message */
struct proto_images {
	const char *req_id, *alarm;
	int n;
	int64_t at_ms[PROTO_IMAGES_MAX];
	size_t bytes[PROTO_IMAGES_MAX];
};

/* The answer to a site query: the sites that match (when not exactly one),
 * or the one site's card, its zones and its last closed alarms, newest
 * first. Read from a decoded message with proto_site_get (the strings
 * point into it). */
#define PROTO_SITE_MATCHES 8
#define PROTO_SITE_ZONES 64
#define PROTO_SITE_HISTORY 20
struct proto_site_zone {
	int no;
	const char *name, *detector, *level;
};
struct proto_site_past {
	const char *id, *event_code, *zone_name, *by;
	enum alarm_class cls;
	int priority, zone_no, cause;
	enum flow_verdict verdict;
	int64_t received_ms, closed_ms;
};
struct proto_site {
	const char *req_id, *q;
	int nmatches;
	struct proto_site_match {
		const char *id, *name, *address;
	} matches[PROTO_SITE_MATCHES];
	bool found; /* exactly one: the card below */
	const char *id, *name, *type, *police, *address;
	bool key_customer;
	struct alarm_contact contacts[ALARM_MAX_CONTACTS];
	int ncontacts;
	struct alarm_camera cameras[ALARM_MAX_CAMERAS];
	int ncameras;
	struct proto_site_zone zones[PROTO_SITE_ZONES];
	int nzones;
	struct proto_site_past history[PROTO_SITE_HISTORY];
	int nhistory;
};
struct proto_msg;
char *proto_encode_site(const struct proto_site *s);
/* The order message (proto_order.c): a work order, read from a decoded
 * message. */
char *proto_encode_order(const struct work_order *o, uint64_t seq);
int proto_order_get(const struct proto_msg *m, struct work_order *out, char *err, size_t errlen);
int proto_site_get(const struct proto_msg *m, struct proto_site *out, char *err, size_t errlen);

struct proto_figures {
	const char *req_id;
	struct figures f;
};

/* One session in a room message. */
struct proto_room_entry {
	const char *operator_, *console;
	enum proto_role role;
	int64_t since_ms;
};

/* A decoded message. String pointers point into the parsed tree and live
 * until proto_msg_release. Stream messages (alarm, update, device, notice)
 * carry seq > 0. */
struct proto_msg {
	enum proto_type type;
	uint64_t seq;
	void *tree; /* the parsed cJSON tree (owned) */
	union {
		struct proto_hello hello;
		struct proto_welcome welcome;
		struct proto_error error;
		struct alarm_update update;
		struct proto_device device;
		struct proto_notice notice;
		struct proto_arm arm;
		struct proto_test test;
		struct proto_signal signal;
		struct proto_tick tick;
		struct proto_snapshot snapshot;
		struct proto_op op;
		struct proto_op_ack op_ack;
		struct proto_broadcast broadcast;
		struct proto_query query;
		struct proto_flood flood;
		struct proto_figures figures;
		struct proto_images images;
	} u;
	struct alarm alarm; /* PROTO_ALARM */
	struct alarm_entry timeline[ALARM_MAX_TIMELINE]; /* alarm.timeline points here */
	/* When an op or a broadcast is refused by proto_decode but its op_id
	 * could be read: type is kept and this is that op_id, so that the
	 * refusal can be an op_ack the sender is waiting for. */
	char refused_op_id[PROTO_MAX_STRING + 1];
};

/* Decodes one frame, checking in this order: size (PROTO_E_SIZE), UTF-8,
 * JSON object, duplicate keys and trailing data (PROTO_E_JSON), depth, items
 * and string lengths (PROTO_E_SIZE), type (PROTO_E_TYPE), seq, then the
 * members in the order of docs/protocol.md (PROTO_E_FIELD; an op's unknown
 * action is PROTO_E_ACTION). Returns 0, or a PROTO_E_* code with a message naming
 * the field in err ("alarm.customer.name: expected a string"). On error
 * nothing needs releasing. Strings are sanitised for the terminal. */
int proto_decode(const char *buf, size_t len, struct proto_msg *m, char *err, size_t errlen);
void proto_msg_release(struct proto_msg *m);

/* The i-th standing frame of a snapshot frame (0 ≤ i < nstanding), decoded
 * into out (a `device` or `notice` message with its original seq; release
 * it); PROTO_E_FIELD or the decoder's code on a malformed entry. */
int proto_snapshot_standing(const struct proto_msg *m, size_t i, struct proto_msg *out,
			    char *err, size_t errlen);
/* The i-th alarm of a snapshot frame (0 ≤ i < count), its timeline in tl
 * (ALARM_MAX_TIMELINE entries); PROTO_E_FIELD on a malformed entry. */
int proto_snapshot_alarm(const struct proto_msg *m, size_t i, struct alarm *out,
			 struct alarm_entry *tl, char *err, size_t errlen);

/* The sessions of a room message: how many, and the i-th. */
size_t proto_room_count(const struct proto_msg *m);
int proto_room_get(const struct proto_msg *m, size_t i, struct proto_room_entry *out,
		   char *err, size_t errlen);

/* A response plan as carried by the plans message. */
#define PROTO_PLAN_MAX_STEPS 16
/* A response plan: for a class and the priorities it grades (bit p of
 * grades for priority p; 0 = every priority of the class), its steps in
 * order, each with what does it (enum plan_by), and its rules (defaults of
 * the class, then the plan's "rules", then the steps: a mandatory dispatch
 * step is what makes an incident need a field officer). */
struct proto_plan {
	const char *id, *name;
	enum alarm_class cls;
	unsigned grades;
	int nsteps;
	const char *steps[PROTO_PLAN_MAX_STEPS];
	bool mandatory[PROTO_PLAN_MAX_STEPS];
	enum plan_by by[PROTO_PLAN_MAX_STEPS];
	struct alarm_rules rules;
};
size_t proto_plans_count(const struct proto_msg *m);
int proto_plans_get(const struct proto_msg *m, size_t i, struct proto_plan *out,
		    char *err, size_t errlen);

/* Coded lists carried by the plans message: false-alarm causes and incident
 * outcomes ({code, text}). */
#define PROTO_MAX_CODES 32
struct proto_code_item {
	int code;
	const char *text;
	bool is_false; /* an outcome that says the alarm was false after all */
};
int proto_plans_codes(const struct proto_msg *m, const char *list, struct proto_code_item *out,
		      int max, char *err, size_t errlen);

/* People the plans message lists, [{id, name, phone}]: "units" (field
 * officers and patrols, for dispatch), "staff" (maintenance, for work
 * orders). Returns how many (at most max), or -PROTO_E_FIELD. */
#define PROTO_MAX_UNITS 12
struct proto_unit {
	const char *id, *name, *phone;
};
int proto_plans_units(const struct proto_msg *m, const char *list, struct proto_unit *out, int max,
		      char *err, size_t errlen);

/* Reads a rules object ({limits:{review,…} (s), review_phone, method,
 * recipients, notify_customer, notify_insurer, dispatch, police_direct})
 * over defaults already in *r. Shared with the center's data loader. */
int proto_read_rules(void *cjson_obj, const char *path, struct alarm_rules *r, char *err,
		     size_t errlen);

const char *proto_type_name(enum proto_type t);
const char *proto_role_name(enum proto_role r);
int proto_role_parse(const char *s, enum proto_role *out);
const char *proto_action_name(enum proto_action a);
const char *proto_device_state_name(enum proto_device_state s);
const char *proto_control_name(enum proto_control c); /* "arm", "disarm", "reset", "left" … */

/* Encoders return a malloc'd NUL-terminated JSON text (free() it), or NULL
 * on allocation failure. */
char *proto_encode_hello(const struct proto_hello *h);
char *proto_encode_welcome(const struct proto_welcome *w);
char *proto_encode_error(const struct proto_error *e);
char *proto_encode_alarm(const struct alarm *a, uint64_t seq);
char *proto_encode_update(const struct alarm_update *u, uint64_t seq);
char *proto_encode_device(const struct proto_device *d, uint64_t seq);
char *proto_encode_notice(const struct proto_notice *n, uint64_t seq);
char *proto_encode_arm(const struct proto_arm *a, uint64_t seq);
char *proto_encode_test(const struct proto_test *t, uint64_t seq);
char *proto_encode_flood(const struct proto_flood *f, uint64_t seq);
char *proto_encode_signal(const struct proto_signal *s, uint64_t seq);
const char *proto_test_state_name(enum proto_test_state s);

struct jr;
/* An address object ({text, community?, building?, unit?, floor?, room?,
 * code?}) into a's address fields, as alarms and the data set carry it. */
int proto_read_address(struct jr *r, void *addr, struct alarm *a);
char *proto_encode_tick(const struct proto_tick *t);
char *proto_encode_synced(uint64_t head);
/* A snapshot frame of n alarms. */
char *proto_encode_snapshot(const struct alarm *const *alarms, size_t n, uint64_t head,
			    bool more);
/* A snapshot frame of n standing frames (device and notice messages as they
 * were sent, each a JSON object) and no alarms. */
char *proto_encode_snapshot_standing(const char *const *frames, size_t n, uint64_t head,
				     bool more);
char *proto_encode_plans(const struct proto_plan *plans, size_t n);
char *proto_encode_op(const struct proto_op *o);
char *proto_encode_op_ack(const struct proto_op_ack *a);
char *proto_encode_broadcast(const struct proto_broadcast *b);
char *proto_encode_query(const struct proto_query *q);
char *proto_encode_figures(const struct proto_figures *f);
char *proto_encode_images(const struct proto_images *x);
char *proto_encode_room(const struct proto_room_entry *v, size_t n);

#endif
