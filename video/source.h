/* source.h — one camera as pictures: a worker thread opens the address with
 * FFmpeg (RTSP, HTTP MJPEG, HTTP JPEG snapshots, files), decodes, scales
 * and renders each frame to cells at the size the loop asked for, and hands
 * the newest over through a mutex and a uv_async wakeup. Nothing of the
 * loop blocks on the network or a decoder; nothing is written to disk.
 * A camera silent for 2 s, refused or wrong is said (state and why) and
 * opened again with backoff while the source is open; a still image (a
 * snapshot URL) is fetched again every 200 ms, 5 images a second. */
#ifndef VIDEO_SOURCE_H
#define VIDEO_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "picture.h"

#define VSOURCE_TIMEOUT_MS 2000 /* no connection or no data for this long: dead (said within 3 s) */

enum vsource_state {
	VSOURCE_CONNECTING,
	VSOURCE_PLAYING,  /* pictures arrive */
	VSOURCE_FAILED,   /* the last try failed (why says what); trying again */
};

struct vsource_info {
	enum vsource_state state;
	char why[160];       /* VSOURCE_FAILED: what went wrong (a fixed phrase), then a
			      * tab and FFmpeg's words when it said more */
	uint64_t seq;        /* pictures rendered so far */
	uint64_t frames;     /* frames decoded (some are skipped over the fps cap) */
	int px_w, px_h;      /* the camera's picture size */
	int still;           /* 1: a snapshot source (fetched again), 0: a stream */
	int index, count;    /* an alarm's images: the one shown (0…), how many */
	int64_t at_ms;       /* and when it was taken */
	bool playing;        /* they step on by themselves */
};

/* One of an alarm's images as the center sent it (JPEG). */
struct vsource_image {
	int64_t at_ms;
	unsigned char *data;
	size_t len;
};

struct vsource;

/* Starts the worker for url (credentials already in it; never shown, never
 * logged). changed(ctx) runs on the loop after each new picture or state.
 * NULL when the thread cannot start. */
struct vsource *vsource_open(uv_loop_t *loop, const char *url, void (*changed)(void *ctx),
			     void *ctx);
/* An alarm's images (copied) as a source: the first shown, the others by
 * vsource_step or played at VSOURCE_STEP_MS each (5 a second; 000 asks ≥ 4),
 * decoded and rendered on the worker like a camera's frames. */
#define VSOURCE_STEP_MS 200
struct vsource *vsource_open_images(uv_loop_t *loop, const struct vsource_image *images, int n,
				    void (*changed)(void *ctx), void *ctx);
/* Images: delta images on (negative: back); play 1 plays, 0 pauses, -1
 * keeps playing only when delta is 0. */
void vsource_step(struct vsource *s, int delta, int play);
/* What the pictures are rendered for: the pane's cells, the terminal's
 * colours, and at most fps pictures a second. */
void vsource_want(struct vsource *s, int cols, int rows, enum picture_mode mode, int fps);
/* The state, and the newest picture into *out when it is newer than
 * out_seq (swapped, not copied); returns the info. */
struct vsource_info vsource_take(struct vsource *s, struct picture *out, uint64_t *out_seq);
/* The state alone. */
struct vsource_info vsource_peek(struct vsource *s);
/* Stops the worker; it and the handle are freed once both are done. */
void vsource_close(struct vsource *s);

#endif
