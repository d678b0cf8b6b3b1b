/* console.h — what the console decides, free of I/O: per center, the stream
 * position (seq, duplicates, gaps), which links are live, snapshot
 * completeness and the sweep of alarms a snapshot no longer holds; merging
 * updates into the book; the pending-op table with op ids, the journal row
 * each op waits for, acknowledgements and retries; clocks that go overdue.
 *
 * Events come in as calls (now_ms, where time matters, is an argument);
 * what to do goes out as effects to one sink, in order: journal rows (the
 * sink returns the row's seq), ops to send on a link (the sink returns 1
 * when it went out), events for the front end, links to reconnect. The
 * adapter (app/links.c, app/app.c) decodes frames, executes the effects
 * and owns every handle. Pure. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alarm.h"
#include "order.h"
#include "book.h"
#include "stream.h"

#define CONSOLE_MAX_CENTERS 8
#define CONSOLE_MAX_LINKS 4
#define CONSOLE_MAX_PENDING 256

/* What the front end is told. */
enum app_event_kind {
	APP_EV_ALARM,    /* a new alarm (alarm) */
	APP_EV_UPDATE,   /* an alarm changed or left the book (alarm may be NULL) */
	APP_EV_OP_ACK,   /* code, text = msg, op_id; id = the op's alarm id when it was ours */
	APP_EV_LINK,     /* center's link changed state (text = why) */
	APP_EV_NOTICE,   /* text = "from: text" */
	APP_EV_DEVICE,   /* text = description, code = its state */
	APP_EV_SYNCED,   /* center caught up */
	APP_EV_PROBLEM,  /* something went wrong that the operator should see */
	APP_EV_OVERDUE,  /* alarm's clocks (code: bits of flow_clock) just went overdue */
	APP_EV_SOUND,    /* an alert sounded (code: enum alert_sound) */
	APP_EV_SILENCE,  /* silence started, expired or was broken (text says which) */
	APP_EV_ROOM,     /* the room changed (supervisors) */
	APP_EV_FIGURES,  /* figures arrived */
	APP_EV_REPLAY,   /* the replay ended or was rewound (text says which) */
	APP_EV_SCORE,    /* a drill was scored (code: percent, text: the report file) */
	APP_EV_ARM,      /* a site's partition armed (code 1) or disarmed (0); text says which */
	APP_EV_TEST,     /* a site on test (code: 1 on, 2 ending, 0 off); id = the site */
	APP_EV_SIGNAL,   /* a test signal from a site on test; id = the site, text says what */
	APP_EV_HOLD_END, /* an alarm's hold ran out: it is back in the queue (alarm) */
	APP_EV_SITE,     /* a site card (or the sites matching a search) arrived */
	APP_EV_ORDER,    /* a work order changed (id: its site, text says how) */
	APP_EV_FLOOD,    /* an alarm storm began (code 1) or ended (0); text says how */
	APP_EV_IMAGES,   /* an alarm's images arrived (id: the alarm, code: how many) */
};

struct app_event {
	enum app_event_kind kind;
	int center;
	const struct alarm *alarm;
	const char *id;
	const char *op_id;
	const char *by; /* APP_EV_UPDATE: who made the change */
	const char *text;
	int code;
	uint64_t seq;
};

/* An op (or a supervisor's notice) this console took and the center has
 * not acknowledged yet. action is the protocol's (opaque here). */
struct console_op {
	char op_id[64], alarm_id[64];
	int action;
	int center;
	char text[256];
	int code;
	uint64_t jseq; /* its journal row: sent once that row is durable */
	bool sent;
	bool notice; /* a broadcast (text), not an op */
};

enum console_fx_kind {
	CONSOLE_FX_JOURNAL,   /* alarm_id, action, detail (detail_len bytes), outcome → seq */
	CONSOLE_FX_SEND,      /* op on (center, link) → 1 when it went out */
	CONSOLE_FX_EVENT,     /* ev */
	CONSOLE_FX_SEEN,      /* an alarm's state as received, before the book (ev.alarm) */
	CONSOLE_FX_RECONNECT, /* (center, link); detail says why */
};

struct console_fx {
	enum console_fx_kind kind;
	int center, link;
	const char *alarm_id, *action, *detail, *outcome;
	size_t detail_len;
	const struct console_op *op;
	struct app_event ev;
};

struct console_sink {
	uint64_t (*fx)(void *ctx, const struct console_fx *fx);
	void *ctx;
};

/* A stream message, decoded by the adapter. frame is the text to journal
 * (the frame as received); the alarm and update are the core's types. */
enum console_msg_kind {
	CONSOLE_ALARM,
	CONSOLE_UPDATE,
	CONSOLE_DEVICE,
	CONSOLE_NOTICE,
	CONSOLE_ARM,
	CONSOLE_TEST,
	CONSOLE_SIGNAL,
	CONSOLE_ORDER,
	CONSOLE_FLOOD,
};

struct console_msg {
	enum console_msg_kind kind;
	uint64_t seq;
	const char *frame;
	size_t frame_len;
	struct alarm *alarm;               /* ALARM: center and seq are set here */
	const struct alarm_update *update; /* UPDATE */
	const char *text;                  /* DEVICE, NOTICE, ARM, TEST, SIGNAL: what the operator reads */
	int code;                          /* DEVICE: its state, 0 = online; ARM: 1 armed; TEST: state */
	const char *cust_id, *device;      /* DEVICE, ARM, TEST, SIGNAL (device: the user, who) */
	int partition;                     /* ARM; SIGNAL: the zone */
	int64_t at_ms;                     /* DEVICE, ARM, TEST, SIGNAL: since when */
	int64_t until_ms;                  /* TEST */
	const char *reason;                /* TEST; SIGNAL: the event code */
	const struct work_order *order;    /* ORDER */
	double rate;                       /* FLOOD (code: 1 on, 0 over; at_ms: since;
					      until_ms: the message's time; partition: alarms) */
};

/* A work order of a center, as its last order message says. */
struct console_order {
	int center;
	struct work_order o;
};

/* A site on test: its signals are test signals, not alarms (the center's
 * decision; the console shows them apart and counts them). */
struct console_test {
	char cust_id[48];
	int center;
	int state; /* proto_test_state: 1 on, 2 ending */
	int64_t since_ms, until_ms;
	char by[64], reason[200];
	uint32_t signals; /* since this console learned of the test */
};

/* The newest test signals, for the page that lists them. */
#define CONSOLE_SIGNALS 64
struct console_signal {
	char cust_id[48], event[8];
	int zone, center;
	int64_t at_ms;
};

/* A site's partition as its panel last reported it. */
struct console_arm {
	char cust_id[48];
	int partition;
	int center;
	bool armed;
	char user[16];
	int64_t at_ms;
};

/* A device reported offline or faulty and not yet back online. */
#define CONSOLE_MAX_UNRESTORED 128
struct console_device {
	char cust_id[48], device[64];
	int state;
	int64_t since_ms;
	int center;
};

struct console_link {
	bool up;
	bool synced;      /* caught up since its last welcome */
	bool in_snapshot; /* between the first and last snapshot frame */
};

struct console_center {
	char name[64]; /* as configured: journal rows name it */
	struct stream stream;
	struct console_link links[CONSOLE_MAX_LINKS];
	int nlinks;
	/* A snapshot being received: the ids held before it (sorted), to drop
	 * those it no longer has (closed while we were away). */
	char **sweep_ids;
	bool *sweep_seen;
	size_t nsweep;
	int sweep_link; /* -1: none */
	uint64_t received; /* stream messages applied */
	uint64_t dups;     /* stream messages dropped as already applied */
	/* An alarm storm at the center (flood mode): since when, how fast. */
	bool flood;
	double flood_rate;
	int64_t flood_since_ms, flood_at_ms;
	uint64_t flood_alarms; /* during the last storm (when it ended) */
};

struct console {
	struct book *book;
	size_t book_cap;
	struct console_center centers[CONSOLE_MAX_CENTERS];
	int ncenters;
	struct console_op pending[CONSOLE_MAX_PENDING];
	int npending;
	uint64_t op_counter;
	char op_prefix[40];
	uint64_t durable; /* journal rows durable up to this seq */
	struct console_device unrestored[CONSOLE_MAX_UNRESTORED];
	int nunrestored;
	struct console_arm *arms; /* grows as panels report */
	size_t narms, arms_cap;
	struct console_test *tests; /* sites on test now */
	size_t ntests, tests_cap;
	struct console_signal signals[CONSOLE_SIGNALS]; /* a ring, newest at nsignals-1 */
	struct console_order *orders; /* the work orders not closed, oldest first */
	size_t norders, orders_cap;
	uint64_t nsignals;
	int64_t hold_seen_ms; /* holds that ran out up to then are reported */
	struct console_sink sink;
};

/* Sets up a console for ncenters centers (names[i], nlinks[i] links each)
 * with a book of at most book_cap alarms; op ids start with op_prefix.
 * Returns 0, or -1 when out of memory or over the maxima. */
int console_init(struct console *c, size_t book_cap, int ncenters, const char *const *names,
		 const int *nlinks, const char *op_prefix, struct console_sink sink);
void console_release(struct console *c);

/* A link went up or down. lost: it was lost (not refused or stopped): ops it
 * carried go again on another live link of its center. */
void console_link_state(struct console *c, int center, int link, bool up, bool lost);
/* A welcome on link: true when the center's epoch changed (its alarms were
 * dropped: the coming snapshot rebuilds them). */
bool console_welcome(struct console *c, int center, int link, const char *epoch);
/* The link caught up: pending ops go (again) on the center's op link. */
void console_synced(struct console *c, int center, int link);

/* A stream message from link: applied once by seq; a gap reconnects link. */
void console_stream(struct console *c, int center, int link, const struct console_msg *m);
/* Applies a message without the seq check (snapshot standing state, replay). */
void console_apply(struct console *c, int center, const struct console_msg *m);

/* A snapshot frame on link: begin before its alarms, each alarm (frame:
 * its journal text), then end with the frame's `more` and `head`. */
void console_snapshot_begin(struct console *c, int center, int link);
void console_snapshot_alarm(struct console *c, int center, int link, struct alarm *al,
			    const char *frame, size_t frame_len);
void console_snapshot_end(struct console *c, int center, int link, bool more, uint64_t head);

/* The center acknowledged op_id (code 0) or refused it. */
void console_ack(struct console *c, int center, const char *op_id, int code, const char *msg);

/* Takes an op on alarm `alarm_id` of center: journaled (row_action, the
 * detail naming op_id, center, code and text), sent once that row is
 * durable, kept until its ack. notice: a broadcast of text. Returns the
 * op, or NULL when CONSOLE_MAX_PENDING wait. */
const struct console_op *console_op(struct console *c, int center, int action,
				    const char *alarm_id, const char *text, int code,
				    const char *row_action, bool notice);
/* An op journaled by an earlier run and never acknowledged: pending again
 * with its own op_id (its row is durable). false when the table is full. */
bool console_restore(struct console *c, int center, int action, const char *op_id,
		     const char *alarm_id, const char *text, int code);
/* Journal rows up to seq are durable: ops waiting for them go. */
void console_durable(struct console *c, uint64_t seq);

/* The link of center ops go on: an up one, a synced one first; -1: none. */
int console_op_link(const struct console *c, int center);
bool console_center_up(const struct console *c, int center);
bool console_op_pending(const struct console *c, const char *alarm_id);
/* The op_id of the op queued last, "" when none is pending. */
const char *console_last_op_id(const struct console *c);

/* The arm states of a site (every partition reported), at most max into
 * out; returns how many. */
size_t console_arms_of(const struct console *c, int center, const char *cust_id,
		       const struct console_arm **out, size_t max);
/* Site cust_id's test at center, NULL when it is not on test. */
const struct console_test *console_test_of(const struct console *c, int center,
					   const char *cust_id);
/* Whether center is in an alarm storm (flood mode), and how fast. */
bool console_flood(const struct console *c, int center, double *rate);
/* The center's last storm state as a whole (NULL: no such center). */
const struct console_center *console_center_of(const struct console *c, int center);
/* The open work orders: how many, the i-th (oldest first), one by id. */
size_t console_order_count(const struct console *c);
const struct console_order *console_order_at(const struct console *c, size_t i);
const struct console_order *console_order_find(const struct console *c, const char *id);
/* The i-th newest test signal (0 = newest), NULL past the ones kept. */
const struct console_signal *console_signal_at(const struct console *c, size_t i);

/* Forgets what this console holds of center (a replay rewinding). */
void console_forget(struct console *c, int center);

/* Clocks of open alarms that went overdue at now: journaled and reported
 * once each. Returns how many alarms escalated; *worst is the priority of
 * the most urgent alarm with a clock overdue now (0: none). */
size_t console_escalate(struct console *c, int64_t now_ms, int *worst);

#endif
