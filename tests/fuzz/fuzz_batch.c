/* libFuzzer target: --batch command lines, run by a real console core (its
 * journal in a temporary file, a center that is never reached). "quit" is
 * not fed: it ends the front end for every later input. */
#include <fcntl.h>
#include <uv.h>

#include "../../app/app.h"
#include "../../app/batch.h"
#include "../../app/config.h"
#include "fuzz_file.h"

static struct app a;
static uv_loop_t loop;
static struct config cfg;
static int ready;

static void quit_cb(struct app *app)
{
}

/* The journal's writer thread must stop before OpenSSL is torn down. */
static void stop_app(void)
{
	app_stop(&a, NULL, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{

	if (!ready) {
		char err[256];
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0); /* batch_start reads no commands from a file */
		dup2(null, 1); /* the replies */
		uv_loop_init(&loop);
		config_defaults(&cfg);
		snprintf(cfg.journal, sizeof cfg.journal, "/dev/shm/alarmdesk-fuzz-batch-%d.journal",
			 (int)getpid());
		unlink(cfg.journal);
		snprintf(cfg.console_id, sizeof cfg.console_id, "fuzz");
		cfg.ncenters = 1;
		if (config_add_urls(&cfg.centers[0], "ws://127.0.0.1:9", err, sizeof err) ||
		    app_init(&a, &loop, &cfg, APP_MODE_LIVE, "pw", &batch_frontend, &a) ||
		    batch_start(&a, quit_cb))
			abort();
		atexit(stop_app);
		ready = 1;
	}
	if (memmem(data, size, "quit", 4) != NULL)
		return 0;
	batch_feed((const char *)data, size);
	batch_feed("\n", 1);
	uv_run(&loop, UV_RUN_NOWAIT);
	return 0;
}
