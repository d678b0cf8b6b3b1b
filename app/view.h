/* view.h — what a front end sees of the console: a narrow, const picture
 * (app_view_fill) of what it may show, and the few actions it may ask for,
 * on an app it cannot look into. The curses UI includes this, never app.h;
 * with a picture filled by hand, views draw without a console at all (the
 * golden-file tests do). */
#ifndef APP_VIEW_H
#define APP_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "../net/link.h"
#include "../net/proto.h"
#include "config.h"
#include "core/book.h"
#include "core/console.h"
#include "core/figures.h"

struct app;
struct replay;

#define APP_MAX_PLANS 64
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

/* A field unit the operator may dispatch (plans "units"). */
struct app_unit {
	char id[16], name[96], phone[32];
};

/* A session at a center, as its room message lists it (supervisors). */
#define APP_MAX_ROOM 64
struct app_room {
	char operator_[64], console[64];
	enum proto_role role;
	int64_t since_ms;
	int center;
};

/* What an outgoing operator hands over (app/handover.c). */
struct app_handover {
	size_t open, unclaimed, held_by_me, held_by_others, parked, overdue, tests;
	size_t sites_on_test; /* sites whose signals are test signals now */
	int unrestored;
};

/* What the console is connected to: it names the journal rows' mode and
 * the title bar's banner; app/modes.c says what else differs. */
enum app_mode { APP_MODE_LIVE, APP_MODE_DEMO, APP_MODE_TRAINING, APP_MODE_REPLAY, APP_MODE_COUNT };

struct app_frontend {
	/* ctx: what app_init (or app_set_frontend) was given with it. */
	void (*event)(void *ctx, const struct app_event *ev);
};

struct app_view_link {
	enum link_state state;
	int64_t idle_ms; /* since its last message, -1: none yet */
};

struct app_view_center {
	const char *name; /* as the center calls itself */
	enum link_state state;
	const char *why;
	int64_t skew_ms;
	bool has_skew;
	int nlinks;
	struct app_view_link links[CONFIG_MAX_URLS];
};

/* An alarm's images as its center keeps them (GA 1383 000 7.4.3), in
 * memory only. */
struct app_image {
	int64_t at_ms;
	unsigned char *data;
	size_t len;
};
struct app_images {
	char alarm[64], req_id[32];
	int center;
	int n, got;    /* announced (-1: asked, no answer yet), arrived */
	bool complete; /* all arrived: APP_EV_IMAGES was reported */
	struct app_image img[PROTO_IMAGES_MAX];
};

struct app_view {
	uv_loop_t *loop;
	int64_t now_ms;  /* the workflow clocks' now (center or recording time) */
	int64_t wall_ms; /* this machine's clock */
	const struct config *cfg;
	enum proto_role role;
	enum app_mode mode;
	const char *read_only;   /* why alarms cannot be changed now, or NULL */
	const char *journal_err; /* "" when the journal is fine */
	bool journal_open;
	uint64_t journal_rows;   /* durable rows */
	const struct book *book;
	const struct console *core; /* pending ops, unrestored devices */
	int ncenters;
	struct app_view_center centers[CONFIG_MAX_CENTERS];
	const struct app_plan *plans;
	int nplans;
	const struct app_code *causes, *outcomes;
	int ncauses, noutcomes;
	const struct app_unit *units, *staff; /* field units; maintenance staff */
	int nunits, nstaff;
	const struct app_room *room;
	int nroom;
	const struct figures *figures; /* NULL until asked figures arrive */
	const struct proto_site *site; /* the last site card or search answer, NULL: none */
	const struct app_images *images; /* the last images asked, all arrived; NULL: none */
	int64_t silence_left_ms;
	bool links_down;       /* a center none of whose links is up: nothing arrives from it */
	const char *audio_off; /* why there is no sound, NULL when there is */
	struct replay *replay; /* replay mode: the player to steer, else NULL */
	bool training;
};

/* Fills v with what a shows now. The pointers stay valid while a runs. */
void app_view_fill(const struct app *a, struct app_view *v);
/* The plan of that id the center sent, or NULL. */
const struct app_plan *app_view_plan(const struct app_view *v, const char *plan_id);
/* Where a's events go from now on. */
void app_set_frontend(struct app *a, const struct app_frontend *fe, void *ctx);

/* Actions. app_op sends an op about alarm `id` with its text and code
 * arguments (docs/protocol.md), journaled first, kept pending until its
 * op_ack and re-sent after a reconnect with the same op_id; 0, AD_ENOENT (no
 * such alarm), AD_EPERM (v.read_only says why) or AD_ENOMEM (too many
 * pending). */
int app_op(struct app *a, enum proto_action action, const char *id, const char *text, int code);
/* Puts site (of center) on test for seconds (0: ends its test), with why:
 * its signals are then test signals, not alarms, at the center. 0, or
 * AD_EPERM (read-only), AD_ENOMEM (too many ops waiting), AD_EINVAL. */
int app_site_test(struct app *a, int center, const char *site, int seconds, const char *reason);
/* The center a site belongs to, as far as the console knows (0 if unknown). */
int app_site_center(const struct app *a, const char *site);
/* Journals an operator's view change or other UI action (e.g. "view.detail"
 * for alarm id). */
void app_journal(struct app *a, const char *alarm_id, const char *action, const char *detail);
/* A call about alarm_id to name at phone begins: journaled ("call.start"),
 * and dialled by [phone] dial_command when there is one. 1 when dialled, 0
 * when the operator dials by hand, AD_EIO when the softphone could not be
 * started (journaled), AD_ENOMEM when 4 are still running. */
int app_call_start(struct app *a, const char *alarm_id, const char *name, const char *phone);
/* Supervisors: a notice to every console of center 0 (journaled first;
 * AD_EPERM for other roles); the figures of [from, to) asked from center 0
 * (APP_EV_FIGURES when they arrive; AD_EIO when no link is up). */
int app_notice(struct app *a, const char *text);
int app_query_figures(struct app *a, int64_t from_ms, int64_t to_ms);
/* A work order's step (with its words: the assignee, what was repaired,
 * why it does not hold), and a work order by hand for a site: sent to the
 * order's center like any op (journaled op.work / op.work_new). 0, or
 * AD_ENOENT (no such open order), AD_EINVAL, AD_EPERM (read-only),
 * AD_ENOMEM (too many ops waiting). */
int app_order_step(struct app *a, const char *order_id, enum order_step step, const char *text);
int app_order_new(struct app *a, const char *site, enum order_urgency u, const char *text);
/* A site's card asked from center 0 by account or words of its name,
 * address or a phone (APP_EV_SITE when it arrives, journaled "view.site";
 * AD_EIO when no link is up, AD_EINVAL for no words). */
int app_query_site(struct app *a, const char *words);
/* The images kept with alarm al, asked from its center (APP_EV_IMAGES
 * when all have arrived, journaled "view.images"; AD_EIO: no link up). */
int app_query_images(struct app *a, const struct alarm *al);
/* The shift handover's counts at now, and the incoming operator's
 * acknowledgement ("handover.ack" with the counts). */
void app_handover(const struct app_view *v, struct app_handover *h);
void app_handover_ack(struct app *a);
/* A test report (Contact ID 6xx: the site is on test). */
bool app_is_test(const struct alarm *al);
/* Training: scores the drill now, writes the report, journals "drill.score"
 * and reports APP_EV_SCORE; the percent, or -1 (not training, or the report
 * could not be written: APP_EV_PROBLEM says why). */
int app_drill_score(struct app *a);
/* Sound: silence for [audio] silence_seconds, or end a silence early (both
 * journaled with who and when). */
void app_alert_silence(struct app *a);
void app_alert_unsilence(struct app *a);
/* The workflow clocks' now (app/modes.c): the centers' clock (ours
 * corrected by the first center's skew), or the recording's in a replay. */
int64_t app_center_now(const struct app *a);
/* Wall-clock now in ms (the app's one clock read besides uv_now). */
int64_t app_now_ms(void);
const char *app_mode_name(enum app_mode m); /* "live", "demo", "training", "replay" */

#endif
