/* images.h — the pictures kept with an alarm (GA 1383 000 7.4.3: 4–20
 * images of the scene around the alarm): taken from the address its source
 * attached (a DC-09 panel's V field) or, when the center is told to, from
 * the alarm's own camera (a JPEG snapshot address fetched again, or an MJPEG
 * stream's frames), a quarter of a second apart, as the camera sent them
 * (JPEG, never decoded or re-encoded here). FFmpeg's demuxers run on worker
 * threads; the loop stores the images with the alarm and puts the step
 * `images` (or `images_failed` with why) on its timeline. */
#ifndef CENTER_IMAGES_H
#define CENTER_IMAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/camera_address.h"

#define IMAGES_MAX 20            /* the standard's most */
#define IMAGES_MIN 4             /* and least */
#define IMAGES_GAP_MS 250        /* 4 images a second */
#define IMAGES_QUEUE 64          /* alarms waiting for a worker; more are refused */

struct center;

struct images_config {
	int count;                /* images per alarm, IMAGES_MIN..IMAGES_MAX */
	size_t max_bytes;         /* one image at most */
	bool from_cameras;        /* the alarm's camera when its source attached none */
	struct video_rules rules; /* camera addresses as the center reaches them */
};

struct images;

/* --images N (0: none, else IMAGES_MIN..IMAGES_MAX) or, with kb,
 * --image-max-kb K (16..1024); 0, or -1 when arg is not one. */
int images_option(struct images_config *cfg, bool kb, const char *arg);
/* The test camera at host:port stands in for every camera of the data set
 * (they are fictional): its path says which. */
void images_test_camera(struct images_config *cfg, const char *hostport);

struct images *images_start(struct center *c, const struct images_config *cfg, char *err,
			    size_t errlen);
/* Takes the images of new alarm `alarm_id`: from `attached` (the source's
 * address, NULL: none), else from the alarm's first camera when
 * from_cameras. An alarm is taken once (a second path of the same event
 * adds nothing). Logs why when it cannot. */
void images_take(struct images *im, const char *alarm_id, const char *attached);
/* Stops the workers (they give up within a moment) and frees what is left. */
void images_stop(struct images *im);

#endif
