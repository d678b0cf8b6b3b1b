/* libFuzzer target: the data set (customers.json and plans.json). The input
 * is customers.json, a NUL byte, then plans.json (the demo's when absent). */
#include <sys/stat.h>

#include "../../common/file.h"
#include "../../common/sites.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64];
	static char *demo_plans;
	static size_t demo_len;
	char path[128], err[512];
	const uint8_t *nul = memchr(data, 0, size);
	size_t n1 = nul ? (size_t)(nul - data) : size;
	struct sites s;
	FILE *f;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof dir, "/dev/shm/alarmdesk-fuzz-sites-%d", (int)getpid());
		mkdir(dir, 0700);
		demo_plans = file_read("data/demo/plans.json", 1 << 20, &demo_len, err, sizeof err);
		if (demo_plans == NULL)
			abort();
	}
	snprintf(path, sizeof path, "%s/customers.json", dir);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	fwrite(data, 1, n1, f);
	fclose(f);
	snprintf(path, sizeof path, "%s/plans.json", dir);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (nul)
		fwrite(nul + 1, 1, size - n1 - 1, f);
	else
		fwrite(demo_plans, 1, demo_len, f);
	fclose(f);
	memset(&s, 0, sizeof s);
	if (sites_load(&s, dir, err, sizeof err) == 0)
		sites_release(&s);
	return 0;
}
