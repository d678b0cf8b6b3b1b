/* Table-driven tests of the console core (app/core/console.c): each case is
 * a list of steps, each an event in a small language and the effects it must
 * have, written one per line in order:
 *   J action alarm_id [outcome]   a journal row (the sink numbers them 1, 2…)
 *   S center link op_id           an op sent
 *   E KIND id                     a front-end event (id "-" when none)
 *   SEEN id state                 an alarm's state as received
 *   R center link                 a link to reconnect
 * Events (center c, link l):
 *   up c l | lost c l | refused c l | welcome c l EPOCH | synced c l
 *   alarm c l SEQ ID PRIO         a stream alarm
 *   update c l SEQ ID STATE HOLDER
 *   device c l SEQ CUST DEV STATE (0 online, 1 offline)
 *   arm c l SEQ CUST PARTITION ARMED (1 armed, 0 disarmed)
 *   test c l SEQ CUST STATE UNTIL (1 on, 2 ending, 0 off)
 *   signal c l SEQ CUST ZONE      a test signal
 *   hold c l SEQ ID UNTIL         an update: the alarm claimed by op1, held until UNTIL
 *   snap c l IDS more|last HEAD   one snapshot frame (IDS: a,b,c or -)
 *   op c ID | notice c | durable SEQ | ack c OPID CODE | sendfail | escalate NOW
 * After the steps a case may check the state: the book's ids in order, the
 * stream's last seq of center 0, the pending op ids, unrestored devices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/console.h"

struct step {
	const char *event;
	const char *effects; /* "" for none */
};

struct state {
	const char *book;    /* ids in display order, space-separated; NULL: not checked */
	long last;           /* stream last of center 0; -1: not checked */
	const char *pending; /* op ids, space-separated; NULL: not checked */
	int unrestored;      /* -1: not checked */
	const char *arms;    /* "CUST/P=1 …" of center 0, in order kept; NULL: not checked */
	const char *tests;   /* "CUST=STATE/SIGNALS …" in order kept; NULL: not checked */
};

struct tcase {
	const char *name;
	int ncenters, nlinks;
	struct step steps[16];
	struct state want;
};

static const char *const kind_names[] = {
	[APP_EV_ALARM] = "ALARM",     [APP_EV_UPDATE] = "UPDATE", [APP_EV_OP_ACK] = "ACK",
	[APP_EV_LINK] = "LINK",       [APP_EV_NOTICE] = "NOTICE", [APP_EV_DEVICE] = "DEVICE",
	[APP_EV_SYNCED] = "SYNCED",   [APP_EV_PROBLEM] = "PROBLEM", [APP_EV_OVERDUE] = "OVERDUE",
	[APP_EV_ARM] = "ARM",         [APP_EV_TEST] = "TEST",     [APP_EV_SIGNAL] = "SIGNAL",
	[APP_EV_HOLD_END] = "HOLD_END",
};

struct rec {
	char log[4096];
	uint64_t seq;
	bool send_fails;
};

static void logf_(struct rec *r, const char *fmt, ...)
{
	size_t n = strlen(r->log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->log + n, sizeof r->log - n, fmt, ap);
	va_end(ap);
}

static uint64_t record(void *ctx, const struct console_fx *e)
{
	struct rec *r = ctx;

	switch (e->kind) {
	case CONSOLE_FX_JOURNAL:
		logf_(r, "J %s %s%s%s\n", e->action, e->alarm_id[0] ? e->alarm_id : "-",
		      e->outcome[0] ? " " : "", e->outcome);
		return ++r->seq;
	case CONSOLE_FX_SEND:
		logf_(r, "S %d %d %s\n", e->center, e->link, e->op->op_id);
		return r->send_fails ? 0 : 1;
	case CONSOLE_FX_EVENT:
		logf_(r, "E %s %s\n", kind_names[e->ev.kind], e->ev.id ? e->ev.id : "-");
		return 0;
	case CONSOLE_FX_SEEN:
		logf_(r, "SEEN %s %s\n", e->ev.alarm->id, alarm_state_name(e->ev.alarm->state));
		return 0;
	case CONSOLE_FX_RECONNECT:
		logf_(r, "R %d %d\n", e->center, e->link);
		return 0;
	}
	return 0;
}

static void make_alarm(struct alarm *a, const char *id, int prio)
{
	alarm_blank(a);
	a->id = id;
	a->priority = prio;
	a->state = ALARM_ST_NEW;
	a->flow.clk[FLOW_CLK_REVIEW] = (struct flow_timer){.start_ms = 1000, .limit_ms = 60000};
}

static int parse_state(const char *s)
{
	enum alarm_state st = ALARM_ST_NEW;
	if (alarm_state_parse(s, &st))
		fail_msg("unknown state %s", s);
	return (int)st;
}

/* Runs one event of the language against c. */
static void run_event(struct console *c, struct rec *r, const char *ev)
{
	char w[8][64] = {{0}};
	int n = sscanf(ev, "%63s %63s %63s %63s %63s %63s %63s %63s", w[0], w[1], w[2], w[3], w[4],
		       w[5], w[6], w[7]);
	int ci = n > 1 ? atoi(w[1]) : 0, li = n > 2 ? atoi(w[2]) : 0;
	struct alarm al;
	struct alarm_update u;
	struct console_msg m = {.frame = "{}", .frame_len = 2};

	if (strcmp(w[0], "up") == 0) {
		console_link_state(c, ci, li, true, false);
	} else if (strcmp(w[0], "lost") == 0) {
		console_link_state(c, ci, li, false, true);
	} else if (strcmp(w[0], "refused") == 0) {
		console_link_state(c, ci, li, false, false);
	} else if (strcmp(w[0], "welcome") == 0) {
		console_welcome(c, ci, li, w[3]);
	} else if (strcmp(w[0], "synced") == 0) {
		console_synced(c, ci, li);
	} else if (strcmp(w[0], "alarm") == 0) {
		make_alarm(&al, w[4], atoi(w[5]));
		m.kind = CONSOLE_ALARM;
		m.seq = strtoull(w[3], NULL, 10);
		m.alarm = &al;
		console_stream(c, ci, li, &m);
	} else if (strcmp(w[0], "update") == 0) {
		memset(&u, 0, sizeof u);
		u.alarm_id = w[4];
		u.state = (enum alarm_state)parse_state(w[5]);
		u.holder = strcmp(w[6], "-") ? w[6] : "";
		u.by = u.console = u.action = u.receiver = "";
		m.kind = CONSOLE_UPDATE;
		m.seq = strtoull(w[3], NULL, 10);
		m.update = &u;
		console_stream(c, ci, li, &m);
	} else if (strcmp(w[0], "device") == 0) {
		m.kind = CONSOLE_DEVICE;
		m.seq = strtoull(w[3], NULL, 10);
		m.cust_id = w[4];
		m.device = w[5];
		m.code = atoi(w[6]);
		m.text = "device";
		console_stream(c, ci, li, &m);
	} else if (strcmp(w[0], "arm") == 0) {
		m.kind = CONSOLE_ARM;
		m.seq = strtoull(w[3], NULL, 10);
		m.cust_id = w[4];
		m.partition = atoi(w[5]);
		m.code = atoi(w[6]);
		m.device = "";
		m.text = "arm";
		console_stream(c, ci, li, &m);
	} else if (strcmp(w[0], "hold") == 0) {
		memset(&u, 0, sizeof u);
		u.alarm_id = w[4];
		u.state = ALARM_ST_CLAIMED;
		u.holder = "op1";
		u.by = u.console = u.receiver = "";
		u.action = "hold";
		u.has_flow = true;
		u.flow = book_find(c->book, w[4])->flow;
		u.flow.hold_until = strtoll(w[5], NULL, 10);
		m.kind = CONSOLE_UPDATE;
		m.seq = strtoull(w[3], NULL, 10);
		m.update = &u;
		console_stream(c, ci, li, &m);
	} else if (strcmp(w[0], "test") == 0 || strcmp(w[0], "signal") == 0) {
		bool test = w[0][0] == 't';
		m.kind = test ? CONSOLE_TEST : CONSOLE_SIGNAL;
		m.seq = strtoull(w[3], NULL, 10);
		m.cust_id = w[4];
		m.code = test ? atoi(w[5]) : 1;
		m.partition = test ? 0 : atoi(w[5]);
		m.until_ms = test ? strtoll(w[6], NULL, 10) : 0;
		m.device = "op1";
		m.reason = test ? "installers" : "1130";
		m.text = w[0];
		console_stream(c, ci, li, &m);
	} else if (strcmp(w[0], "snap") == 0) {
		char ids[64], *save = NULL;
		console_snapshot_begin(c, ci, li);
		snprintf(ids, sizeof ids, "%s", w[3]);
		for (char *id = strtok_r(ids, ",", &save); id && strcmp(id, "-");
		     id = strtok_r(NULL, ",", &save)) {
			make_alarm(&al, id, 2);
			console_snapshot_alarm(c, ci, li, &al, "{}", 2);
		}
		console_snapshot_end(c, ci, li, strcmp(w[4], "more") == 0, strtoull(w[5], NULL, 10));
	} else if (strcmp(w[0], "op") == 0) {
		assert_non_null(console_op(c, ci, 1, w[2], "", 0, "op.claim", false));
	} else if (strcmp(w[0], "notice") == 0) {
		assert_non_null(console_op(c, ci, 0, "", "hello", 0, "notice.send", true));
	} else if (strcmp(w[0], "durable") == 0) {
		console_durable(c, strtoull(w[1], NULL, 10));
	} else if (strcmp(w[0], "ack") == 0) {
		console_ack(c, ci, w[2], atoi(w[3]), atoi(w[3]) ? "refused" : "ok");
	} else if (strcmp(w[0], "sendfail") == 0) {
		r->send_fails = true;
	} else if (strcmp(w[0], "sendok") == 0) {
		r->send_fails = false;
	} else if (strcmp(w[0], "escalate") == 0) {
		int worst;
		console_escalate(c, strtoll(w[1], NULL, 10), &worst);
	} else {
		fail_msg("unknown event '%s'", ev);
	}
}

static void run_case(const struct tcase *t)
{
	struct console c;
	struct rec r = {.seq = 0};
	const char *names[CONSOLE_MAX_CENTERS] = {"c0", "c1"};
	int nlinks[CONSOLE_MAX_CENTERS] = {t->nlinks, t->nlinks};

	assert_int_equal(console_init(&c, 100, t->ncenters, names, nlinks, "t",
				      (struct console_sink){record, &r}),
			 0);
	for (int i = 0; t->steps[i].event; i++) {
		char want[1024];
		r.log[0] = '\0';
		run_event(&c, &r, t->steps[i].event);
		snprintf(want, sizeof want, "%s", t->steps[i].effects);
		if (strcmp(r.log, want) != 0)
			fail_msg("%s, step %d '%s':\nwant:\n%sgot:\n%s", t->name, i + 1,
				 t->steps[i].event, want, r.log);
	}
	if (t->want.book) {
		char got[512] = "";
		for (size_t k = 0; book_at(c.book, k); k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? " " : "",
				 book_at(c.book, k)->id);
		if (strcmp(got, t->want.book))
			fail_msg("%s: book '%s', want '%s'", t->name, got, t->want.book);
	}
	if (t->want.last >= 0 && (long)c.centers[0].stream.last != t->want.last)
		fail_msg("%s: stream at %llu, want %ld", t->name,
			 (unsigned long long)c.centers[0].stream.last, t->want.last);
	if (t->want.pending) {
		char got[512] = "";
		for (int k = 0; k < c.npending; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? " " : "",
				 c.pending[k].op_id);
		if (strcmp(got, t->want.pending))
			fail_msg("%s: pending '%s', want '%s'", t->name, got, t->want.pending);
	}
	if (t->want.arms) {
		char got[256] = "";
		for (size_t k = 0; k < c.narms; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s/%d=%d", k ? " " : "",
				 c.arms[k].cust_id, c.arms[k].partition, c.arms[k].armed);
		if (strcmp(got, t->want.arms))
			fail_msg("%s: arms '%s', want '%s'", t->name, got, t->want.arms);
	}
	if (t->want.tests) {
		char got[256] = "";
		for (size_t k = 0; k < c.ntests; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s=%d/%u", k ? " " : "",
				 c.tests[k].cust_id, c.tests[k].state, c.tests[k].signals);
		if (strcmp(got, t->want.tests))
			fail_msg("%s: tests '%s', want '%s'", t->name, got, t->want.tests);
	}
	if (t->want.unrestored >= 0 && c.nunrestored != t->want.unrestored)
		fail_msg("%s: %d unrestored, want %d", t->name, c.nunrestored, t->want.unrestored);
	console_release(&c);
}

#define NO_CHECK .last = -1, .unrestored = -1

static const struct tcase cases[] = {
	{"stream: new, duplicate, gap",
	 1, 1,
	 {{"up 0 0", ""},
	  {"welcome 0 0 E1", ""},
	  {"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"alarm 0 0 1 A1 2", ""}, /* the same seq again: dropped, nothing journaled */
	  {"alarm 0 0 3 A3 2", "E PROBLEM -\nR 0 0\n"}, /* seq 2 missing: resume */
	  {"alarm 0 0 2 A2 1", "J rx.alarm A2\nSEEN A2 new\nE ALARM A2\n"}},
	 {.book = "A2 A1", .last = 2, .unrestored = -1}},
	{"update: merged into the book, closed leaves it, unknown id only journaled",
	 1, 1,
	 {{"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"update 0 0 2 A1 claimed op1", "J rx.update A1\nSEEN A1 claimed\nE UPDATE A1\n"},
	  {"update 0 0 3 A1 claimed op1", "J rx.update A1\nSEEN A1 claimed\n"}, /* no change */
	  {"update 0 0 4 NOPE closed -", "J rx.update NOPE\n"},
	  {"update 0 0 5 A1 closed -", "J rx.update A1\nSEEN A1 closed\nE UPDATE A1\n"}},
	 {.book = "", .last = 5, .unrestored = -1}},
	{"welcome with a new epoch drops the center's alarms",
	 1, 1,
	 {{"welcome 0 0 E1", ""},
	  {"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"welcome 0 0 E1", ""},
	  {"welcome 0 0 E2", ""}},
	 {.book = "", .last = 0, .unrestored = -1}},
	{"snapshot: updates in place, sweeps what it lacks, moves the stream to its head",
	 1, 1,
	 {{"up 0 0", ""},
	  {"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"alarm 0 0 2 A2 2", "J rx.alarm A2\nSEEN A2 new\nE ALARM A2\n"},
	  {"snap 0 0 A2,B1 more 9", "J rx.snapshot A2\nJ rx.snapshot B1\nE ALARM B1\n"},
	  {"snap 0 0 - last 9", "E UPDATE A1\n"}}, /* A1 was closed meanwhile */
	 {.book = "A2 B1", .last = 9, .unrestored = -1}},
	{"snapshot cut half-way drops nothing and keeps the stream where it was",
	 1, 1,
	 {{"up 0 0", ""},
	  {"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"snap 0 0 B1 more 9", "J rx.snapshot B1\nE ALARM B1\n"},
	  {"lost 0 0", ""}},
	 {.book = "A1 B1", .last = 1, .unrestored = -1}},
	{"after a cut snapshot the next whole one sweeps",
	 1, 1,
	 {{"up 0 0", ""},
	  {"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"snap 0 0 B1 more 9", "J rx.snapshot B1\nE ALARM B1\n"},
	  {"lost 0 0", ""},
	  {"up 0 0", ""},
	  {"snap 0 0 B1 more 9", "J rx.snapshot B1\n"},
	  {"snap 0 0 - last 9", "E UPDATE A1\n"}},
	 {.book = "B1", .last = 9, .unrestored = -1}},
	{"what a cut snapshot saw counts for nothing in the next one",
	 1, 1,
	 {{"up 0 0", ""},
	  {"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"snap 0 0 A1 more 9", "J rx.snapshot A1\n"},
	  {"lost 0 0", ""},
	  {"up 0 0", ""},
	  {"snap 0 0 - last 9", "E UPDATE A1\n"}},
	 {.book = "", .last = 9, .unrestored = -1}},
	{"second link's snapshot while the first is live adds only, sweeps nothing",
	 1, 2,
	 {{"up 0 0", ""},
	  {"synced 0 0", ""},
	  {"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"up 0 1", ""},
	  {"snap 0 1 - last 0", ""}}, /* head 0 < last 1 and the other is synced: stays */
	 {.book = "A1", .last = 1, .unrestored = -1}},
	{"ops wait for their journal row, go on the synced link, resend after a loss",
	 1, 2,
	 {{"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"up 0 0", ""},
	  {"up 0 1", ""},
	  {"synced 0 1", ""},
	  {"op 0 A1", "J op.claim A1 pending\n"}, /* row 2 not durable yet */
	  {"durable 1", ""},
	  {"durable 2", "S 0 1 t-1\n"},
	  {"durable 2", ""}, /* sent once */
	  {"lost 0 1", "S 0 0 t-1\n"},
	  {"ack 0 t-1 0", "J op.ack A1 ok\nE ACK A1\n"},
	  {"ack 0 t-1 0", "J op.ack - ok\nE ACK -\n"}}, /* a repeat: still reported */
	 {.book = "A1", .last = 1, .pending = "", .unrestored = -1}},
	{"ops with no live link wait, a failed send is tried again when synced",
	 1, 1,
	 {{"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"op 0 A1", "J op.claim A1 pending\n"},
	  {"durable 5", ""}, /* no link up */
	  {"up 0 0", ""},
	  {"sendfail", ""},
	  {"synced 0 0", "S 0 0 t-1\n"},
	  {"durable 6", "S 0 0 t-1\n"}, /* not sent yet: tried again */
	  {"sendok", ""},
	  {"synced 0 0", "S 0 0 t-1\n"},
	  {"durable 7", ""},
	  {"ack 0 t-1 3001", "J op.ack A1 refused 3001: refused\nE ACK A1\n"}},
	 {.pending = "", NO_CHECK}},
	{"ops keep their order, a notice is an op without an alarm",
	 1, 1,
	 {{"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"op 0 A1", "J op.claim A1 pending\n"},
	  {"notice 0", "J notice.send - pending\n"},
	  {"op 0 A1", "J op.claim A1 pending\n"},
	  {"ack 0 t-2 0", "J op.ack - ok\nE ACK -\n"}},
	 {.pending = "t-1 t-3", NO_CHECK}},
	{"devices: offline listed, online again forgotten, a snapshot replaces them",
	 1, 1,
	 {{"up 0 0", ""},
	  {"device 0 0 1 K1 panel 1", "J rx.device -\nE DEVICE -\n"},
	  {"device 0 0 2 K2 cam 1", "J rx.device -\nE DEVICE -\n"},
	  {"device 0 0 3 K1 panel 0", "J rx.device -\nE DEVICE -\n"},
	  {"snap 0 0 - last 3", ""}},
	 {.book = "", .last = 3, .unrestored = 0}},
	{"arm states: one per site and partition, the last report wins, a snapshot replaces them",
	 1, 1,
	 {{"up 0 0", ""},
	  {"arm 0 0 1 K1 1 1", "J rx.arm -\nE ARM -\n"},
	  {"arm 0 0 2 K1 2 0", "J rx.arm -\nE ARM -\n"},
	  {"arm 0 0 3 K1 1 0", "J rx.arm -\nE ARM -\n"},
	  {"arm 0 0 3 K1 1 1", ""}}, /* a duplicate seq changes nothing */
	 {.last = 3, .unrestored = -1, .arms = "K1/1=0 K1/2=0"}},
	{"a snapshot's standing state is the arm state from then on",
	 1, 1,
	 {{"up 0 0", ""},
	  {"arm 0 0 1 K1 1 1", "J rx.arm -\nE ARM -\n"},
	  {"snap 0 0 - last 5", ""}},
	 {.last = 5, .unrestored = -1, .arms = ""}},
	{"sites on test: kept while on or ending, counted signals, gone when off",
	 1, 1,
	 {{"up 0 0", ""},
	  {"test 0 0 1 K1 1 60000", "J rx.test -\nE TEST K1\n"},
	  {"test 0 0 2 K2 1 90000", "J rx.test -\nE TEST K2\n"},
	  {"signal 0 0 3 K1 3", "J rx.signal -\nE SIGNAL K1\n"},
	  {"signal 0 0 4 K9 1", "J rx.signal -\nE SIGNAL K9\n"}, /* not known on test: listed only */
	  {"test 0 0 5 K1 2 60000", "J rx.test -\nE TEST K1\n"},
	  {"test 0 0 6 K2 0 0", "J rx.test -\nE TEST K2\n"},
	  {"signal 0 0 6 K1 3", ""}}, /* a duplicate seq changes nothing */
	 {.last = 6, .unrestored = -1, .tests = "K1=2/1"}},
	{"a hold that runs out is journaled and reported once, when it does",
	 1, 1,
	 {{"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"hold 0 0 2 A1 40000", "J rx.update A1\nSEEN A1 claimed\nE UPDATE A1\n"},
	  {"escalate 20000", ""},
	  {"escalate 39999", ""},
	  {"escalate 40500", "J hold.end A1\nE HOLD_END A1\n"},
	  {"escalate 41500", ""}},
	 {NO_CHECK}},
	{"a snapshot's standing state is the sites on test from then on",
	 1, 1,
	 {{"up 0 0", ""},
	  {"test 0 0 1 K1 1 60000", "J rx.test -\nE TEST K1\n"},
	  {"snap 0 0 - last 5", ""}},
	 {.last = 5, .unrestored = -1, .tests = ""}},
	{"clocks overdue are journaled and reported once",
	 1, 1,
	 {{"alarm 0 0 1 A1 2", "J rx.alarm A1\nSEEN A1 new\nE ALARM A1\n"},
	  {"escalate 30000", ""},
	  {"escalate 62000", "J clock.overdue A1 escalated\nE OVERDUE A1\n"},
	  {"escalate 90000", ""}},
	 {NO_CHECK}},
	{"centers are apart: a gap on one reconnects that one only",
	 2, 1,
	 {{"alarm 1 0 1 B1 2", "J rx.alarm B1\nSEEN B1 new\nE ALARM B1\n"},
	  {"alarm 0 0 5 A5 2", "E PROBLEM -\nR 0 0\n"},
	  {"alarm 1 0 2 B2 2", "J rx.alarm B2\nSEEN B2 new\nE ALARM B2\n"}},
	 {.book = "B1 B2", .last = 0, .unrestored = -1}},
};

static void all_cases(void **state)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		run_case(&cases[i]);
}

static void update_merge_keeps_escalations(void **state)
{
	struct alarm cur, out;
	struct alarm_entry tl[ALARM_MAX_TIMELINE];
	struct alarm_update u = {.alarm_id = "A", .holder = "op1", .receiver = "",
				 .state = ALARM_ST_CLAIMED, .at_ms = 5, .has_flow = true};

	make_alarm(&cur, "A", 3);
	cur.flow.clk[FLOW_CLK_REVIEW].escalated = true;
	u.flow = cur.flow;
	u.flow.clk[FLOW_CLK_REVIEW].escalated = false; /* the center does not know */
	u.flow.clk[FLOW_CLK_FORWARD] = (struct flow_timer){.start_ms = 9, .limit_ms = 1,
							   .escalated = false};
	alarm_apply_update(&cur, &u, &out, tl);
	assert_true(out.flow.clk[FLOW_CLK_REVIEW].escalated);
	assert_int_equal(out.state, ALARM_ST_CLAIMED);
	assert_string_equal(out.claimed_by, "op1");
	assert_int_equal(out.priority, 3); /* 0: unchanged */
	u.flow.clk[FLOW_CLK_REVIEW].start_ms = 2000; /* restarted: a new clock */
	alarm_apply_update(&cur, &u, &out, tl);
	assert_false(out.flow.clk[FLOW_CLK_REVIEW].escalated);
	u.priority = 1;
	alarm_apply_update(&cur, &u, &out, tl);
	assert_int_equal(out.priority, 1);
}

/* Each update but a tick is one entry of the timeline; the newest 32 are
 * kept, and a packed alarm carries its own copy. */
static void timeline_logs_steps(void **state)
{
	struct alarm cur, out, *packed = NULL;
	struct alarm_entry tl[ALARM_MAX_TIMELINE];
	struct alarm_update u = {.alarm_id = "A", .holder = "op1", .receiver = "", .by = "op1",
				 .state = ALARM_ST_CLAIMED, .action = "note", .text = "门卫在场"};
	char text[ALARM_MAX_TIMELINE + 8][16];

	make_alarm(&cur, "A", 3);
	u.at_ms = 10;
	alarm_apply_update(&cur, &u, &out, tl);
	assert_int_equal(out.ntimeline, 1);
	assert_string_equal(out.timeline[0].text, "门卫在场");
	packed = alarm_pack(&out, NULL);
	memset(tl, 0, sizeof tl); /* the packed copy owns its timeline */
	assert_int_equal(packed->ntimeline, 1);
	assert_string_equal(packed->timeline[0].text, "门卫在场");
	assert_string_equal(packed->timeline[0].by, "op1");
	u.action = "tick";
	alarm_apply_update(packed, &u, &out, tl);
	assert_int_equal(out.ntimeline, 1);
	for (int i = 0; i < ALARM_MAX_TIMELINE + 8; i++) {
		struct alarm *next;
		snprintf(text[i], sizeof text[i], "n%d", i);
		u.action = "note";
		u.text = text[i];
		u.at_ms = 100 + i;
		alarm_apply_update(packed, &u, &out, tl);
		next = alarm_pack(&out, NULL);
		free(packed);
		packed = next;
	}
	assert_int_equal(packed->ntimeline, ALARM_MAX_TIMELINE);
	assert_string_equal(packed->timeline[ALARM_MAX_TIMELINE - 1].text, "n39");
	assert_string_equal(packed->timeline[0].text, "n8");
	free(packed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_cases),
		cmocka_unit_test(update_merge_keeps_escalations),
		cmocka_unit_test(timeline_logs_steps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
