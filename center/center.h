/* center.h — the reference center: its state (store, book of open alarms,
 * data set, accounts), the stream it emits and the op arbitration. The lws
 * server glue is in server.c, the sources of alarms in scenario.c and
 * generator.c. Everything runs on one libuv loop. */
#ifndef CENTER_H
#define CENTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "../app/core/alarm.h"
#include "../app/core/book.h"
#include "../net/proto.h"
#include "accounts.h"
#include "../common/sites.h"
#include "gb_devices.h"
#include "panels.h"
#include "site_test.h"
#include "store.h"

#define CENTER_RING 65536 /* recent frames kept in memory for live fan-out */
#define CENTER_NOTICE_MS (12 * 3600 * 1000LL) /* a notice is in force for a shift */
#define CENTER_NOTICES 32                     /* at most this many in force */
#define CENTER_SITE_RECENT 4 /* a site's newest alarms the center keeps track of */

struct center_config {
	const char *name;     /* shown to consoles */
	const char *listen;   /* "127.0.0.1:7380" (port 0 = any free port) */
	const char *db;       /* SQLite state file */
	const char *accounts; /* accounts file */
	const char *datadir;  /* customers.json, plans.json */
	uint32_t heartbeat_ms;
	uint64_t history;     /* stream frames kept for resume */
	size_t max_open;      /* open alarms the center tracks */
	bool exit_with_parent;
	const char *tls_cert, *tls_key; /* PEM files: serve wss:// */
	uint32_t start_after; /* hold the sources until this many consoles synced */
	bool training;        /* a drill or demo center: trainees may act */
	uint32_t multi_window_ms; /* the same event by another path within it: one alarm (0: off) */
};

/* Storm detection (flood.c): alarms per second over the last 10 s. */
struct center_flood {
	double threshold;
	uint64_t count[10];
	int64_t bucket_s[10];
	bool on;
	int64_t since_ms, quiet_since_ms;
	uint64_t alarms; /* during the storm */
	uv_timer_t timer;
};

struct ring_frame {
	uint64_t seq;
	char *text;
	size_t len;
};

struct session;
struct gb_server;
struct images;
struct cluster;

#define CENTER_HEARD_SHARE_MS 5000

struct center {
	uv_loop_t *loop;
	struct center_config cfg;
	struct store *store;
	struct book *book;
	struct sites sites;
	struct panels panels; /* the alarm panels the receivers hear (DC-09) */
	struct gb_config gb;  /* the GB/T 28181 platform and its devices */
	struct accounts *accounts;
	struct ring_frame *ring;
	uint64_t durable; /* last seq committed to disk: sessions never send past it */
	bool in_batch;
	struct session *sessions;
	struct center_server *server;
	uv_timer_t tick_timer;
	uint64_t emitted_alarms;
	/* Sessions that reached `synced` since start; once there are
	 * cfg.start_after of them, ready_cb runs (once) to start the sources. */
	uint32_t nsynced;
	void (*ready_cb)(struct center *c);
	/* New durable frames (set by the server: it wakes its sessions). */
	void (*durable_cb)(struct center *c);
	/* A new alarm in the book (set by main.c: the work orders see faults). */
	void (*alarm_cb)(struct center *c, const struct alarm *a);
	/* Per site: its newest alarm ids, newest first — [0] links a second
	 * alarm of the site, all of them are where the same event by another
	 * path is looked for (a look at a few, not at the whole book). */
	char (*site_recent)[CENTER_SITE_RECENT][48];
	struct site_test *tests; /* per site: on test or not (site_test.c) */
	struct work_order *orders; /* the work orders not closed (orders.c) */
	size_t norders, orders_cap;
	struct order_limits order_limits;
	struct center_flood flood;
	struct gb_server *sip; /* the GB/T 28181 server, NULL without --sip-listen */
	struct images *images; /* the images taken with alarms (images.c) */
	/* A node of a NATS cluster (cluster.c; NULL: the one node). A follower
	 * emits nothing of its own; the leader's batch is durable once
	 * replicate (set by main.c) has it in the cluster's stream. */
	struct cluster *cluster;
	bool follower, mirroring; /* mirroring: appending a frame the leader wrote */
	bool in_cluster;          /* a node: consoles may be ahead of its head */
	bool cut_off;             /* a follower that lost the cluster: it serves no console */
	int (*replicate)(struct center *c, uint64_t from, uint64_t to, char *why, size_t len);
	/* A follower's: an op of a session, as the frame it came in, to the
	 * leader; 0 when the cluster took it (the op_ack follows). */
	int (*forward_op)(struct center *c, const char *console, const char *op_name,
			  enum proto_role role, const char *op_id, const char *frame, size_t len);
	/* A follower's: a DC-09 frame its receiver took, to the leader under
	 * message id `id` (a panel's retry through any node is kept once);
	 * done(ctx, true) on the loop once the cluster has it (the panel is
	 * answered then), false when it could not be handed over. 0, or -1. */
	int (*relay_frame)(struct center *c, const char *id, const char *frame, size_t len,
			   int channel, const char *peer, void (*done)(void *ctx, bool ok), void *ctx);
	/* A follower's: what its GB/T 28181 server took from `device`, to the
	 * leader under message id `id`: an alarm's MANSCDP body (body, len),
	 * or (body NULL) that it heard the device at at_ms, registered until
	 * expires_ms; done as relay_frame's. 0, or -1. */
	int (*relay_gb)(struct center *c, const char *id, const char *device, const char *body,
			size_t len, int64_t at_ms, int64_t expires_ms,
			void (*done)(void *ctx, bool ok), void *ctx);
	/* The leader's: a MANSCDP body (a remote control, PTZ) for `device`,
	 * which speaks to follower `node`: that node sends it (best effort; a
	 * control's answer comes back through relay_gb). 0, or -1. */
	int (*send_gb)(struct center *c, const char *node, const char *device, const char *what,
		       const char *body, size_t len);
	/* A standby node took the cluster's lease (set by main.c: the node
	 * starts again as the leader, from its file). */
	void (*takeover_cb)(struct center *c);
	/* The leader heard panel `account` at at_ms (at most every
	 * CENTER_HEARD_SHARE_MS a panel): a cluster keeps it for the next
	 * leader's supervision (cluster_heard.c). */
	void (*heard_cb)(struct center *c, const char *account, int64_t at_ms);
	/* The accounts changed here (read again, a hash strengthened at a
	 * login): a cluster node puts them in the cluster (cluster_accounts.c). */
	void (*accounts_changed)(struct center *c);
	char err[512];
};

/* Opens the store, loads the data set and accounts, restores open alarms.
 * Returns 0 or AD_E* with the reason in c->err. */
int center_init(struct center *c, uv_loop_t *loop, const struct center_config *cfg);
void center_release(struct center *c);

/* Wall-clock time in ms (the one clock read of the center). */
int64_t center_now_ms(void);

/* Stream emission. Calls between batch_begin and batch_end share one commit;
 * batch_end makes them durable and wakes the sessions. A failed commit is
 * fatal for the center (its seq would diverge from disk): it logs and exits. */
/* begin returns whether this call opened the batch (false: one is open
 * already, whose end commits this too). */
bool center_batch_begin(struct center *c);
void center_batch_end(struct center *c);

/* Emits a new alarm (id and received time are assigned here; a->id is then
 * the book's, to copy before the alarm changes). a->sources names the path
 * it came by: the same event (site, zone, code) by another path within
 * multi_window_ms of an open alarm is that alarm, its path added to its
 * sources (多源报警; a->id is then the open alarm's). Returns 0, AD_ENOMEM
 * when max_open alarms are open (the alarm is refused, logged), or
 * CENTER_TEST_SIGNAL when the site is on test (a test signal, no alarm). */
#define CENTER_TEST_SIGNAL 1
int center_emit_alarm(struct center *c, struct alarm *a, const struct site *site);

/* Broadcasts a partition armed or disarmed (kept as standing state);
 * origin: the receiver's frame that said it (NULL: none). */
int center_emit_arm(struct center *c, const char *cust_id, int partition, bool armed,
		    const char *user, const char *origin);

/* A change to an alarm: the step (an op's action, or the center's own:
 * "escalate", "source", "restore"), who took it and from which console, and
 * the op's words and number (NULL/0: none), as the timeline keeps them;
 * the op's id goes with the update (a node that takes over knows it). */
struct center_change {
	const char *action, *by, *console, *text;
	int arg;
	const char *op_id; /* the console's op that made it (NULL: none) */
	const char *origin; /* the receiver's frame that made it (NULL: none) */
};
/* Logs the change on n's timeline, stores and broadcasts the new state of
 * an open alarm (n replaces the book's copy; a CLOSED alarm leaves the
 * book). Inside a batch. */
void center_commit(struct center *c, const struct alarm *n, const struct center_change *ch);
/* A step of the center's own (not an op) on open alarm id, as ch says,
 * with clock `stop` stopped and `start` started now (-1: none): in the
 * caller's batch, or committed at once. False when id is not open. */
bool center_step(struct center *c, const char *id, const struct center_change *ch, int stop,
		 int start);
/* Open alarm id's condition restored at at_ms (its panel or device says so;
 * the alarm stays open), the step `restore` by `by`. False when it is not
 * open or restored already. */
bool center_restore(struct center *c, const char *id, const char *by, int64_t at_ms,
		    const char *origin);
/* A follower's frame of stream seq from the cluster, as the leader wrote
 * it: appended when it is the next (inside the caller's batch; true). */
bool center_mirror(struct center *c, uint64_t seq, const char *frame, size_t len);
/* The book's copy of alarm id stored as open, or, when it left the book,
 * record (its final alarm frame) kept; inside a batch. */
void center_keep_alarm(struct center *c, const char *id, int64_t received_ms, const char *record);
/* mirror.c: the effect of a frame center_mirror appended on the book and
 * the store, as it had on the leader's. */
void center_mirror_state(struct center *c, uint64_t seq, const char *frame, size_t len);
/* Logs a store failure and exits (see center_batch_end). */
void center_fatal_store(struct center *c) __attribute__((noreturn));
int center_emit_device(struct center *c, const char *cust_id, const char *device,
		       enum proto_device_state st);
int center_emit_notice(struct center *c, const char *from, const char *text);
/* A site's test state (standing while on test) and a test signal. */
int center_emit_test(struct center *c, const struct proto_test *t);
int center_emit_signal(struct center *c, const struct proto_signal *g);
/* A work order after a change (its id assigned when it has none). */
int center_emit_order(struct center *c, struct work_order *o);
/* A storm began or ended (standing state while on). */
int center_emit_flood(struct center *c, const struct proto_flood *f);

/* Applies one op from a session of `role` for operator `op_name` at console
 * `console`, handed over by follower node `via` (NULL: a session of this
 * node; logged). Fills ack (msg is static or owned by *msg_owned).
 * Idempotent by (console, op_id). */
int center_apply_op(struct center *c, const struct proto_op *op, enum proto_role role,
		    const char *op_name, const char *console, const char *via, const char **msg,
		    char **msg_owned);

/* The figures of alarms received in [from_ms, to_ms): closed ones from the
 * records, open ones from the book (center/query.c). 0 or AD_ENOMEM. */
int center_figures(struct center *c, int64_t from_ms, int64_t to_ms, struct figures *out);
/* site_card.c: the site message answering a site query (the matching
 * sites, or one site's card and last closed alarms); NULL when out of
 * memory. The caller frees it. */
char *center_site_answer(struct center *c, const struct proto_query *q);

/* The frame of stream seq: from the ring, else from the store (then *owned
 * must be freed). NULL when pruned. */
const char *center_frame(struct center *c, uint64_t seq, size_t *len, char **owned);

/* A session reached `synced` (server.c): counts it and, at the
 * cfg.start_after-th one, runs ready_cb once. */
void center_session_synced(struct center *c);

/* Reads the accounts and the data set again (center/reload.c): all or
 * nothing. 0 with what was read in msg, or AD_E* with why in msg (the
 * center goes on with what it had). */
int center_reload(struct center *c, char *msg, size_t msglen);

/* The accounts `na` (owned) replace the center's: the file rewritten, the
 * sessions of removed accounts closed (their count returned); -1 with why
 * when the file cannot be written (the center keeps what it had). */
int center_accounts_adopt(struct center *c, struct accounts *na, char *err, size_t errlen);

/* Logs one line to stderr with a time stamp (sanitised arguments only). */
void center_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
