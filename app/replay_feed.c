/* replay_feed.c — replay mode: the player's frames (app/replay.h) decoded
 * and applied to center 0 as a live link's would be, and a rewind making
 * the core forget what it was shown. */
#include <stdio.h>
#include <string.h>

#include "app-int.h"
#include "replay.h"

static void replay_frame_cb(void *ctx, size_t i, const char *text)
{
	struct app *a = ctx;
	struct proto_msg m;
	char err[256], msg[300];

	if (proto_decode(text, strlen(text), &m, err, sizeof err)) {
		snprintf(msg, sizeof msg, "replay frame %zu: %s", i + 1, err);
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .text = msg});
		return;
	}
	app__apply_frame(a, 0, &m, NULL, 0);
	proto_msg_release(&m);
}

static void replay_told_cb(void *ctx, const char *what)
{
	struct app *a = ctx;

	/* Back: what was shown is rebuilt from the start. */
	if (strcmp(what, "rewound") == 0)
		console_forget(&a->core, 0);
	app__emit(a, (struct app_event){.kind = APP_EV_REPLAY, .text = what});
}

int app_open_replay(struct app *a, const char *path, double speed, char *err, size_t errlen)
{
	struct replay_sink sink = {replay_frame_cb, replay_told_cb, a};

	a->replay = replay_open(a->loop, path, speed, &sink, err, errlen);
	return a->replay ? 0 : -1;
}
