/* app-int.h — what the files of the app module share: not for front ends.
 *   app.c         wiring: init, start, stop, the core's effects executed
 *   links.c       link callbacks: frames decoded and handed to the core
 *   outbox.c      ops journaled by an earlier run, and the journal's anchors
 *   actions.c     what front ends ask: ops, journal rows, escalation, score
 *   view.c        the picture front ends read (app/view.h)
 *   replay_feed.c the replay's frames into the core
 *   supervise.c   the room, figures and notices of supervisors
 *   handover.c    the shift handover's counts
 *   alerting.c    telling the operator: front-end events and sounds
 *   modes.c       the mode table: clocks, read-only rules, the drill hook
 *   training.c    the drill's part
 *   dial.c        a call's start: journaled, handed to the softphone
 * No file calls one that calls it back (scripts/check-layout.sh): a file
 * below reaches one above only through a function pointer (the core's
 * sink, the mode table, the replay's sink). */
#ifndef APP_INT_H
#define APP_INT_H

#include "app.h"

/* Reports an event to the front end and schedules the alert policy
 * (alerting.c). */
void app__emit(struct app *a, struct app_event ev);

/* The link ops of center i go on (a synced one first), or NULL. */
static inline struct link *app__op_link(const struct app *a, int i)
{
	int l = console_op_link(&a->core, i);
	return l < 0 ? NULL : a->centers[i].links[l].link;
}

/* Link glue (links.c): the callbacks every link of the app is made with,
 * and a stream message decoded from frame (raw, len: its text) applied to
 * center i without the seq check (replay). */
extern const struct link_cb app__link_cbs;
void app__apply_frame(struct app *a, int i, struct proto_msg *m, const char *raw, size_t len);
/* A plan as the console keeps it, copied from the plans message's. */
void app__plan_copy(struct app_plan *d, const struct proto_plan *p);

/* Outbox (outbox.c): the ops an earlier run journaled and the center never
 * acknowledged, pending again; returns how many. The anchor timer sends
 * the journal's head to the centers. */
int app__restore_ops(struct app *a);
void app__anchor_cb(uv_timer_t *t);

/* Supervisors (supervise.c): the room and figures messages of center i. */
void app__on_room(struct app *a, int center, const struct proto_msg *m);
void app__on_figures(struct app *a, int center, const struct proto_msg *m);
/* site.c: a site answer of center i (its frame, kept until the next). */
void app__on_site(struct app *a, int center, const char *raw, size_t len);
void app__site_release(struct app *a);
/* images.c: the images message of center i, then each image's bytes
 * (false: no image was waited for, a bad frame), released at the next ask. */
void app__on_images(struct app *a, int center, const struct proto_images *x);
bool app__on_image(struct app *a, const unsigned char *data, size_t len);
void app__images_release(struct app *a);

/* Training (training.c): scores the drill at now into a->drill_report;
 * the percent, or -1 with err set. */
int app__training_score(struct app *a, int64_t now_ms, char *err, size_t errlen);
bool app__training_seen(struct app *a, const struct alarm *al);

/* Dialling (dial.c): the softphones still running are let go at stop. */
void app__dialers_close(struct app *a);

/* Checks every open alarm's clocks at now (center time): clocks that just
 * went overdue are journaled and reported as APP_EV_OVERDUE, once each.
 * Every second from app_start, for every front end (actions.c). */
size_t app_escalate(struct app *a, int64_t now_ms);

#endif
