/* libFuzzer target: replay files (a center's recording, JSON Lines, or a
 * journal); only loading: the frames are decoded when played. */
#include <uv.h>

#include <stdlib.h>

#include "../../app/replay.h"
#include "fuzz_file.h"

static void frame_cb(void *ctx, size_t i, const char *text)
{
}

static void told_cb(void *ctx, const char *what)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uv_loop_t loop;
	static int ready;
	static const struct replay_sink sink = {frame_cb, told_cb, NULL};
	char err[512];
	struct replay *r;

	if (!ready) {
		uv_loop_init(&loop);
		ready = 1;
	}
	r = replay_open(&loop, fuzz_file(0, data, size), 1, &sink, err, sizeof err);
	if (r != NULL) {
		size_t applied;
		if (replay_frames(r, &applied) == 0)
			abort(); /* an empty replay is refused when opened */
		replay_close(r);
		uv_run(&loop, UV_RUN_NOWAIT);
	}
	return 0;
}
