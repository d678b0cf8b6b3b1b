/* module.c — the table alarmdesk-video.so gives the console (module.h):
 * its only symbol seen from outside. */
#include "module.h"

__attribute__((visibility("default"))) const struct video_lib alarmdesk_video_lib_1 = {
	.open = vsource_open,
	.open_images = vsource_open_images,
	.step = vsource_step,
	.want = vsource_want,
	.take = vsource_take,
	.peek = vsource_peek,
	.close = vsource_close,
	.release = picture_release,
	.changed = picture_changed,
};
