/* rtsp_camera.c — a test camera that speaks RTSP as IP cameras do: GStreamer's
 * RTSP server (Debian's libgstrtspserver) with a moving test picture encoded
 * to H.264 (x264), 320x240 at 15 pictures a second, at rtsp://ADDR:PORT/cam.
 * Prints "rtsp listening on ADDR:PORT" once it listens; stops with the
 * process that started it.
 *
 * usage: rtsp_camera [ADDR] (port: any free one) */
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>

#define PIPELINE                                                                       \
	"( videotestsrc is-live=true pattern=ball ! "                                  \
	"video/x-raw,width=320,height=240,framerate=15/1 ! "                           \
	"x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 threads=1 ! " \
	"rtph264pay name=pay0 pt=96 config-interval=1 )"

int main(int argc, char **argv)
{
	const char *addr = argc > 1 ? argv[1] : "127.0.0.1";
	GMainLoop *loop;
	GstRTSPServer *server;
	GstRTSPMountPoints *mounts;
	GstRTSPMediaFactory *factory;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	gst_init(&argc, &argv);
	loop = g_main_loop_new(NULL, FALSE);
	server = gst_rtsp_server_new();
	gst_rtsp_server_set_address(server, addr);
	gst_rtsp_server_set_service(server, "0");
	mounts = gst_rtsp_server_get_mount_points(server);
	factory = gst_rtsp_media_factory_new();
	gst_rtsp_media_factory_set_launch(factory, PIPELINE);
	gst_rtsp_media_factory_set_shared(factory, TRUE);
	gst_rtsp_mount_points_add_factory(mounts, "/cam", factory);
	g_object_unref(mounts);
	if (gst_rtsp_server_attach(server, NULL) == 0) {
		fprintf(stderr, "rtsp_camera: cannot listen on %s\n", addr);
		return 1;
	}
	printf("rtsp listening on %s:%d\n", addr, gst_rtsp_server_get_bound_port(server));
	fflush(stdout);
	g_main_loop_run(loop);
	return 0;
}
