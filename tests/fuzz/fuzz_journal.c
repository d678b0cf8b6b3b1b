/* libFuzzer target: the journal reader (log verify) on arbitrary files and
 * on mutations of a real journal (the corpus starts with one). */
#include "../../app/journal_verify.h"
#include "fuzz_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jverify_opts o = {.integrity = true};
	struct jverify_result r;

	memset(&r, 0, sizeof r);
	jverify_file(fuzz_file(0, data, size), &o, &r);
	if (r.status == JV_OK && r.what[0] != '\0' && memchr(r.what, 0, sizeof r.what) == NULL)
		abort();
	return 0;
}
