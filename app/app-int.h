/* app-int.h — what app.c shares with the other files of the app module
 * (supervise.c): not for front ends. */
#ifndef APP_INT_H
#define APP_INT_H

#include "app.h"

/* Reports an event to the front end (and schedules the alert policy). */
void app__emit(struct app *a, struct app_event ev);
/* The link of center c that ops go on (a synced one), or NULL. */
struct link *app__op_link(const struct app_center *c);
/* A new pending op or notice of center (NULL when APP_MAX_PENDING wait);
 * fill it, then app__pending_queue journals it (row_action, detail) and
 * sends it once that row is durable (at once without a journal). */
struct app_pending *app__pending_new(struct app *a, int center);
void app__pending_queue(struct app *a, struct app_pending *p, const char *row_action,
			const char *detail);

/* Applies a stream message of center i (alarm, update, device, notice) to
 * the book and reports it: the links' path after the seq check, and the
 * replay's. */
void app__apply(struct app *a, int i, struct proto_msg *m);
/* Training: the drill learns an alarm's state; once every scripted alarm
 * is closed the drill is scored (training.c). */
void app__drill_seen(struct app *a, const struct alarm *al);
/* Keeps the list of unrestored devices (handover.c). */
void app__device(struct app *a, int center, const struct proto_device *d);
/* A snapshot replaces them: forget the center's devices not online. */
void app__devices_forget(struct app *a, int center);
void app__on_room(struct app *a, int center, const struct proto_msg *m);
void app__on_figures(struct app *a, int center, const struct proto_msg *m);

#endif
