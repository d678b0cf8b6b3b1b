/* libFuzzer target: the center's accounts file. A loaded set must answer a
 * login (with a cheap hash in the file the check is quick). */
#include "../../center/accounts.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct accounts *a = accounts_load(fuzz_file(0, data, size), 0, err, sizeof err);

	if (a == NULL)
		return 0;
	if (accounts_count(a) > ACCOUNTS_MAX)
		abort();
	accounts_free(a);
	return 0;
}
