/* batch.h — the line-oriented front end (`alarmdesk --batch`): every event
 * as one JSON line on stdout, commands from stdin. For scripts, tests and
 * operators on a dumb terminal; it drives the same app core as the UI. */
#ifndef BATCH_H
#define BATCH_H

#include "app.h"

extern const struct app_frontend batch_frontend;

/* Starts reading commands from stdin: "claim ID", "release ID", "close ID",
 * "note ID TEXT", "list", "stats", "raw FRAME" (diagnostic: send a frame as
 * typed to the first center), "quit". quit_cb runs on "quit" or EOF. */
int batch_start(struct app *a, void (*quit_cb)(struct app *a));
void batch_stop(void);
/* Handles input as if read from stdin (complete lines are run). */
void batch_feed(const char *buf, size_t n);

#endif
