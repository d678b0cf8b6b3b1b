/* libFuzzer target: drill files (alarmdesk train). */
#include "../../app/drill_run.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct drill_run *d = drill_run_load(fuzz_file(0, data, size), err, sizeof err);

	drill_run_free(d);
	return 0;
}
