/* replay.h — `alarmdesk replay FILE`: plays a recorded stream into the app
 * as if a center sent it, on a replay clock that runs at 1×–60×, with
 * pause, single step and seek. FILE is a center recording (JSON Lines of
 * {"at": ms, "frame": {…}}, from `alarmdesk-center record`) or a console's
 * journal (its rx.* rows). The app is read-only meanwhile (app_read_only). */
#ifndef REPLAY_H
#define REPLAY_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

struct replay;

/* Where the frames go. frame: the i-th frame's text, to apply now; told:
 * "end" (the last frame was applied) or "rewound" (what was applied is to
 * be forgotten: the frames come again from the first). */
struct replay_sink {
	void (*frame)(void *ctx, size_t i, const char *text);
	void (*told)(void *ctx, const char *what);
	void *ctx;
};

/* Loads FILE to be played on loop into sink. NULL with the reason (file,
 * line, what) in err. */
struct replay *replay_open(uv_loop_t *loop, const char *path, double speed,
			   const struct replay_sink *sink, char *err, size_t errlen);
/* Starts the replay clock at the first frame; frames are passed as the
 * clock passes them; "end" is told when the last is passed. */
void replay_start(struct replay *r);
void replay_toggle_pause(struct replay *r);
/* Next (dir > 0) or previous speed of 1, 2, 5, 10, 30, 60. */
void replay_speed_step(struct replay *r, int dir);
/* Pauses and applies the next frame, the clock moving to its time. */
void replay_step(struct replay *r);
/* Moves the clock to t (clamped to the recording): back means "rewound"
 * and the frames up to t again. */
void replay_seek(struct replay *r, int64_t t_ms);
int64_t replay_now(const struct replay *r);
/* "10× ▶ 1:05/2:00": speed, playing / paused (⏸) / ended (■), position. */
void replay_describe(const struct replay *r, char *buf, size_t len);
/* Frames in the file, and how many were applied. */
size_t replay_frames(const struct replay *r, size_t *applied);
void replay_close(struct replay *r);

#endif
