/* libFuzzer target: sanitising and fitting never overflow, and the result of
 * text_fit occupies exactly the asked columns. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/core/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[256];
	int cols = size ? data[0] % 80 : 10;

	memcpy(s, data, size);
	s[size] = '\0';
	size = text_sanitize(s, strlen(s));
	s[size] = '\0';
	if (!text_utf8_valid(s, size))
		abort();
	text_fit(out, sizeof out, s, cols, size & 1);
	if (text_width(out) != cols)
		abort();
	free(s);
	return 0;
}
