/* libFuzzer target: replay files (a center's recording, JSON Lines, or a
 * journal); only loading: the frames are decoded when played. */
#include <uv.h>

#include "../../app/app.h"
#include "../../app/replay.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app a;
	static uv_loop_t loop;
	char err[512];
	struct replay *r;

	if (a.loop == NULL) {
		uv_loop_init(&loop);
		a.loop = &loop;
	}
	r = replay_open(&a, fuzz_file(0, data, size), 1, err, sizeof err);
	if (r != NULL) {
		size_t applied;
		if (replay_frames(r, &applied) == 0)
			abort(); /* an empty replay is refused when opened */
		replay_close(r);
		uv_run(&loop, UV_RUN_NOWAIT);
	}
	return 0;
}
