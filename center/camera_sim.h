/* camera_sim.h — `alarmdesk-center camera`: a test camera (MJPEG stream and
 * JPEG snapshots of a moving test picture over HTTP) for the demo and the
 * tests. */
#ifndef CENTER_CAMERA_SIM_H
#define CENTER_CAMERA_SIM_H

#include <stddef.h>
#include <uv.h>

struct cam;

/* The camera on loop at listen ("ADDR:PORT", port 0: any), fps pictures a
 * second of w × h; its address into name. NULL with why in err. */
struct cam *camera_start(uv_loop_t *loop, const char *listen, int fps, int w, int h,
			 char *name, size_t namelen, char *err, size_t errlen);
/* Closes its socket and clients; freed once they are closed. NULL is ignored. */
void camera_stop(struct cam *m);
int camera_main(int argc, char **argv);

#endif
