/* module.h — the camera pictures as a module of their own. The code that
 * decodes (video/source.c, FFmpeg) and draws (video/picture.c, libchafa)
 * pulls in some 120 shared libraries, whose loading and start-up took most
 * of a console's start (80 ms of 100 here). It is built as
 * alarmdesk-video.so and loaded on the first picture: a console that shows
 * none never loads it. The console reaches it only through this table. */
#ifndef VIDEO_MODULE_H
#define VIDEO_MODULE_H

#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "picture.h"
#include "source.h"

/* source.h and picture.h, one entry each (the same contracts). */
struct video_lib {
	struct vsource *(*open)(uv_loop_t *loop, const char *url, void (*changed)(void *ctx),
				void *ctx);
	struct vsource *(*open_images)(uv_loop_t *loop, const struct vsource_image *images, int n,
				       void (*changed)(void *ctx), void *ctx);
	void (*step)(struct vsource *s, int delta, int play);
	void (*want)(struct vsource *s, int cols, int rows, enum picture_mode mode, int fps);
	struct vsource_info (*take)(struct vsource *s, struct picture *out, uint64_t *out_seq);
	struct vsource_info (*peek)(struct vsource *s);
	void (*close)(struct vsource *s);
	void (*release)(struct picture *p);
	int (*changed)(const struct picture *a, const struct picture *b);
};

#define VIDEO_MODULE_FILE "alarmdesk-video.so"
#define VIDEO_MODULE_TABLE "alarmdesk_video_lib_1" /* the table's symbol: its version */

/* The console's side (video/load.c): the module, loaded on the first call
 * from $ALARMDESK_VIDEO_MODULE, else beside the program in its build tree,
 * else PREFIX/lib/alarmdesk relative to the program, else the configured
 * library directory. NULL with what was tried and why in err (said again
 * on every call: a module missing stays missing). */
const struct video_lib *video_lib(char *err, size_t errlen);

#endif
