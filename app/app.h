/* app.h — the console: configuration, the links to the centers, the
 * decision-making core (app/core/console: stream, book, pending ops), the
 * journal, alerting and the mode (live, demo, training, replay). It wires
 * them: link frames go to the core, the core's effects are executed here,
 * and front-end events go to the curses UI or the line-oriented batch
 * mode, which call app_op(). */
#ifndef APP_H
#define APP_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "../net/link.h"
#include "../net/proto.h"
#include "config.h"
#include "journal.h"
#include "../audio/audio.h"
#include "core/alert.h"
#include "core/book.h"
#include "core/console.h"

#define APP_MAX_PLANS 64
#define APP_BOOK_CAP 200000

/* One endpoint of a center. All of a center's links stay connected and
 * deliver the same stream; the core keeps each seq once. */
struct app_link {
	struct link *link;
	enum link_state state;
	char why[200];
};

/* A center as the links see it; its stream state is the core's
 * (a->core.centers[i]). */
struct app_center {
	struct config_center cfg;
	struct app_link links[CONFIG_MAX_URLS];
	int nlinks;
	char name[64]; /* as the center calls itself */
	enum link_state state; /* the best of its links' states */
	char why[200];         /* what happened last, on any link */
	int64_t skew_ms; /* center clock minus ours */
	bool has_skew;
	enum proto_role role;
};

struct app_plan {
	char id[48], name[96];
	enum alarm_class cls;
	int nsteps;
	char steps[PROTO_PLAN_MAX_STEPS][200];
	bool mandatory[PROTO_PLAN_MAX_STEPS];
};

#define APP_MAX_CODES 16
struct app_code {
	int code;
	char text[96];
};

/* What an outgoing operator hands over (app/handover.c). */
struct app_handover {
	size_t open, unclaimed, held_by_me, held_by_others, parked, overdue, tests;
	int unrestored;
};

/* A session at a center, as its room message lists it (supervisors). */
#define APP_MAX_ROOM 64
struct app_room {
	char operator_[64], console[64];
	enum proto_role role;
	int64_t since_ms;
	int center;
};

/* What the console is connected to: it names the journal rows' mode and
 * the title bar's banner. Replay is read-only for every role. */
enum app_mode { APP_MODE_LIVE, APP_MODE_DEMO, APP_MODE_TRAINING, APP_MODE_REPLAY, APP_MODE_COUNT };

struct app;
struct replay;
struct drill_run;

/* What differs between the modes, one row each (app/modes.c). */
struct app_mode_ops {
	const char *name;      /* journal rows' mode: "live", "demo", "training", "replay" */
	const char *read_only; /* why this mode may never send an op, or NULL */
	/* Now for the workflow clocks: the centers' time, or the recording's. */
	int64_t (*clock)(const struct app *a);
	/* An alarm's state as received; true when the drill is to be scored. */
	bool (*seen)(struct app *a, const struct alarm *al);
};
extern const struct app_mode_ops app_modes[APP_MODE_COUNT];

struct app_frontend {
	void (*event)(struct app *a, const struct app_event *ev);
};

struct app {
	uv_loop_t *loop;
	struct config cfg;
	char password[256];
	enum proto_role role;
	struct link_net *net;
	struct app_center centers[CONFIG_MAX_CENTERS];
	int ncenters;
	struct console core;  /* what the console decides (app/core/console.h) */
	struct book *book;    /* core.book: the open alarms the views show */
	struct app_plan plans[APP_MAX_PLANS];
	int nplans;
	struct app_code causes[APP_MAX_CODES], outcomes[APP_MAX_CODES]; /* from the plans */
	int ncauses, noutcomes;
	/* supervisors (app/supervise.c) */
	struct app_room room[APP_MAX_ROOM];
	int nroom;
	struct figures figures;
	bool has_figures;
	uint64_t query_counter;
	const struct app_frontend *fe;
	void *fe_data;
	enum app_mode mode;
	struct replay *replay; /* replay mode: the player (app/replay.h) */
	struct drill_run *drill; /* training mode: the drill being run */
	char drill_report[512];  /* where its score report goes */
	bool drill_scored;       /* the report was written since the last change */
	struct journal *journal; /* NULL when it could not be opened (journal_err says why) */
	char journal_err[400];
	uv_timer_t anchor_timer, retention_timer;
	uint64_t anchor_sent;
	/* alerting (app/alerting.c) */
	struct alert_policy alert;
	struct audio *audio;     /* NULL: off, audio_off says why */
	char audio_off[200];
	uv_timer_t alert_timer;
	int overdue_priority;    /* most urgent alarm with an overdue clock */
	int newest_priority;
	int64_t newest_ms;
	int64_t started_ms;
	bool ever_up, links_lost_told;
	void (*stop_done)(void *ctx);
	void *stop_ctx;
	int64_t sound_delay_us[256]; /* alarm → first sample, for `stats` and the bench */
	unsigned nsound_delay;
	char err[512];
};

/* Sets up the book and the links (not yet connecting). Returns 0, or -1 with
 * the reason in a->err. */
int app_init(struct app *a, uv_loop_t *loop, const struct config *cfg, const char *password,
	     const struct app_frontend *fe, void *fe_data);
void app_start(struct app *a);
/* Closes the links; done_cb runs once every handle of the app is closed. */
void app_stop(struct app *a, void (*done_cb)(void *ctx), void *ctx);
void app_release(struct app *a);

/* Sends an op about alarm `id` with its text and code arguments (see
 * docs/protocol.md), journaled first, kept pending until its op_ack and
 * re-sent after a reconnect with the same op_id. Returns 0, AD_ENOENT (no
 * such alarm), AD_EPERM (app_read_only says why) or AD_ENOMEM (too many
 * pending). */
int app_op(struct app *a, enum proto_action action, const char *id, const char *text, int code);

/* Why this console may not change alarms, or NULL when it may: "replay",
 * "supervisor" (a read-only session), or "journal" (no journal could be
 * opened, or it is full: a->journal_err says why). */
const char *app_read_only(const struct app *a);
const char *app_mode_name(enum app_mode m); /* "live", "demo", "training", "replay" */

/* The op_id of the op (or notice) queued last, "" when none is pending:
 * what a front end reports right after app_op or app_notice returned 0. */
static inline const char *app_last_op_id(const struct app *a)
{
	return console_last_op_id(&a->core);
}

/* True when an op on alarm `id` awaits its op_ack. */
static inline bool app_op_pending(const struct app *a, const char *id)
{
	return console_op_pending(&a->core, id);
}

/* The plan of that id the center sent, or NULL (links.c). */
const struct app_plan *app_plan(const struct app *a, const char *plan_id);

/* Supervisors (app/supervise.c). app_notice broadcasts a notice to every
 * console of center 0 (journaled first; AD_EPERM for other roles);
 * app_query_figures asks center 0 for the figures of [from, to)
 * (APP_EV_FIGURES when they arrive; AD_EIO when no link is up). */
int app_notice(struct app *a, const char *text);
int app_query_figures(struct app *a, int64_t from_ms, int64_t to_ms);

/* Training: scores the drill now, writes the report to a->drill_report,
 * journals "drill.score" and reports APP_EV_SCORE. Returns the percent, or
 * -1 (not training, or the report could not be written: APP_EV_PROBLEM
 * says why). */
int app_drill_score(struct app *a);

/* Replay mode: loads FILE (app/replay.h) to be played into center 0.
 * Returns 0, or -1 with the reason in err. */
int app_open_replay(struct app *a, const char *path, double speed, char *err, size_t errlen);

/* Shift handover (app/handover.c): the counts at now; ack journals that
 * the incoming operator took them over ("handover.ack" with the counts). */
void app_handover(const struct app *a, int64_t now_ms, struct app_handover *h);
void app_handover_ack(struct app *a);
/* A test report (Contact ID 6xx: the site is on test). */
bool app_is_test(const struct alarm *al);

/* Journals an operator's view change or other UI action (e.g. "view.detail"
 * for alarm id). */
static inline void app_journal(struct app *a, const char *alarm_id, const char *action,
			       const char *detail)
{
	if (a->journal)
		journal_append(a->journal, alarm_id, action, detail, "");
}

/* Alerting (app/alerting.c): telling the operator. init opens the engine
 * (or records why it is off) and must run before curses starts; due
 * schedules the sound policy (every change does); silence mutes for
 * [audio] silence_seconds (journaled with who and when). */
void app_alert_init(struct app *a);
void app_alert_due(struct app *a);
void app_alert_silence(struct app *a);
void app_alert_close(struct app *a, void (*done)(void *ctx), void *ctx);
void app_alert_journal_state(struct app *a);

/* Checks every open alarm's clocks at now (center time): clocks that just
 * went overdue are journaled and reported as APP_EV_OVERDUE, once each. */
size_t app_escalate(struct app *a, int64_t now_ms);

/* The workflow clocks' now (app/modes.c): the centers' clock (ours
 * corrected by the first center's skew), or the recording's in a replay. */
int64_t app_center_now(const struct app *a);

/* Wall-clock now in ms (the app's one clock read besides uv_now). */
int64_t app_now_ms(void);

#endif
