/* libFuzzer target: scenario files (JSON Lines) against the demo data set. */
#include "../../common/sites.h"
#include "../../center/source.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sites sites;
	static int loaded;
	char err[512];
	struct scenario *s;

	if (!loaded) {
		if (sites_load(&sites, "data/demo", err, sizeof err)) {
			fprintf(stderr, "fuzz_scenario: run from the project root: %s\n", err);
			abort();
		}
		loaded = 1;
	}
	s = scenario_load(fuzz_file(0, data, size), &sites, err, sizeof err);
	if (s != NULL)
		scenario_free(s);
	return 0;
}
