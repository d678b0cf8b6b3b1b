/* cid.c — binary search over the generated, sorted Contact ID table. */
#include "cid.h"

#include <string.h>

static const struct cid_code table[] = {
#include "cid_table.inc"
};

const struct cid_code *cid_lookup(const char *code)
{
	size_t lo = 0, hi = sizeof table / sizeof table[0];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(code, table[mid].code);
		if (c == 0)
			return &table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct cid_code *cid_of_sia(const char *sia, int *restore)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (strcmp(table[i].sia_new, sia) == 0) {
			*restore = 0;
			return &table[i];
		}
	}
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (strcmp(table[i].sia_restore, sia) == 0) {
			*restore = 1;
			return &table[i];
		}
	}
	return NULL;
}
