/* libFuzzer target: the console's configuration file (inih + config.c). */
#include "../../app/config.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config c;
	char err[512];

	config_defaults(&c);
	if (config_load(&c, fuzz_file(0, data, size), false, err, sizeof err) == 0 &&
	    (c.ncenters < 0 || c.ncenters > CONFIG_MAX_CENTERS))
		abort();
	return 0;
}
