/* golden.h — the unit tests' golden files: text compared with
 * tests/golden/NAME, or written there first with UPDATE_GOLDEN=1 (review
 * the diff!). Included after cmocka.h by the tests that render. */
#ifndef TESTS_GOLDEN_H
#define TESTS_GOLDEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/file.h"

static void golden(const char *name, const char *text)
{
	char path[256], err[300];
	size_t len;
	char *want;

	snprintf(path, sizeof path, "tests/golden/%s", name);
	if (getenv("UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
	}
	if ((want = file_read(path, 1u << 20, &len, err, sizeof err)) == NULL)
		fail_msg("%s", err);
	if (strcmp(want, text) != 0) {
		fprintf(stderr, "--- %s\n%s--- got\n%s", path, want, text);
		fail_msg("%s differs from the rendering", path);
	}
	free(want);
}

#endif
