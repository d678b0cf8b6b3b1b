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
#include "view.h"

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


struct app;
struct replay;
struct drill_run;

/* What differs between the modes, one row each (app/modes.c). */
struct app_mode_ops {
	const char *name;      /* journal rows' mode: "live", "demo", "training", "replay" */
	const char *read_only; /* why this mode may never send an op, or NULL */
	bool journaled;        /* what the operator does and is shown is journaled */
	bool audible;          /* alerts sound (and ring the bell) */
	/* Now for the workflow clocks: the centers' time, or the recording's. */
	int64_t (*clock)(const struct app *a);
	/* An alarm's state as received; true when the drill is to be scored. */
	bool (*seen)(struct app *a, const struct alarm *al);
};
extern const struct app_mode_ops app_modes[APP_MODE_COUNT];

#define APP_MAX_DIALERS 4
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
	struct app_unit units[PROTO_MAX_UNITS], staff[PROTO_MAX_UNITS]; /* dispatch, work orders */
	int nunits, nstaff;
	/* supervisors (app/supervise.c) */
	struct app_room room[APP_MAX_ROOM];
	int nroom;
	struct figures figures;
	bool has_figures;
	struct proto_msg *site_msg; /* the last site answer, kept: site points into it */
	struct proto_site site;
	struct app_images images; /* the last images asked (app/images.c) */
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
	uv_timer_t clock_timer; /* the workflow clocks' overdues, every second, whatever the front end */
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
	bool stopping;              /* app_stop ran: the links go, then the journal */
	bool links_down;            /* a center none of whose links is up (alerting.c) */
	bool links_down_acked;      /* the operator acknowledged it (s): the voice stops */
	int64_t links_voice_ms;     /* when the link-loss voice last spoke */
	void (*stop_done)(void *ctx);
	void *stop_ctx;
	uv_process_t *dialers[APP_MAX_DIALERS]; /* softphones not returned yet (dial.c) */
	int64_t sound_delay_us[256]; /* alarm → first sample, for `stats` and the bench */
	unsigned nsound_delay;
	char err[512];
};

/* Sets up the core, links, journal and alerting of a console in mode m (not
 * yet connecting). Returns 0, or -1 with the reason in a->err. */
int app_init(struct app *a, uv_loop_t *loop, const struct config *cfg, enum app_mode m,
	     const char *password, const struct app_frontend *fe, void *fe_data);
void app_start(struct app *a);
/* Closes the links; done_cb runs once every handle of the app is closed. */
void app_stop(struct app *a, void (*done_cb)(void *ctx), void *ctx);
void app_release(struct app *a);

/* Why this console may not change alarms, or NULL when it may: "replay",
 * "supervisor" (a read-only session), or "journal" (no journal could be
 * opened, or it is full: a->journal_err says why). */
const char *app_read_only(const struct app *a);
/* True when an action could not be journaled now (a replay, no journal, a
 * full one), whatever the role. */
bool app_records_not(const struct app *a);

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

/* Replay mode: loads FILE (app/replay.h) to be played into center 0.
 * Returns 0, or -1 with the reason in err. */
int app_open_replay(struct app *a, const char *path, double speed, char *err, size_t errlen);

/* Alerting (app/alerting.c): init opens the engine (or records why it is
 * off) and must run before curses starts; due schedules the sound policy
 * (every change does). */
void app_alert_init(struct app *a);
void app_alert_due(struct app *a);
void app_alert_close(struct app *a, void (*done)(void *ctx), void *ctx);
void app_alert_journal_state(struct app *a);

#endif
