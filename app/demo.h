/* demo.h — `alarmdesk --demo`: runs alarmdesk-center as a child on loopback
 * with the demo data set and a one-time account, and tells the caller the
 * URL once the center listens. The child dies with us (PR_SET_PDEATHSIG)
 * and is stopped and reaped on quit; its state lives in a temp dir that is
 * removed afterwards. */
#ifndef DEMO_H
#define DEMO_H

#include <uv.h>

#include "../common/camera_address.h"

struct demo;

/* Starts the center. ready_cb(url) runs on the loop when it listens, or
 * with url == NULL and a reason if it failed to start. scenario: a drill
 * played once (training), or NULL for the demo's own, looping. account:
 * the one operator the center knows, with `password`. The center's test
 * camera stands in for every camera of the data set: a rewrite of rtsp://
 * and http:// addresses to it goes into video once it listens. */
struct demo *demo_start(uv_loop_t *loop, const char *datadir, const char *scenario,
			const char *account, const char *password, struct video_rules *video,
			void (*ready_cb)(void *ctx, const char *url, const char *why), void *ctx,
			char *err, size_t errlen);
/* Stops the center (SIGTERM), waits for it, removes the temp dir; done_cb
 * runs after that. */
void demo_stop(struct demo *d, void (*done_cb)(void *ctx), void *ctx);

/* Writes a random password that satisfies the weak-password rules. */
void demo_password(char *buf, size_t len);

#endif
