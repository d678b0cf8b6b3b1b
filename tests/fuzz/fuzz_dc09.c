/* libFuzzer target: a DC-09 byte stream as a receiver reads it — framing,
 * header, body, events, and decryption under a fixed key (every frame is
 * also tried as an encrypted one). */
#include <stdint.h>
#include <string.h>

#include "../../center/dc09.h"
#include "../../center/dc09_crypt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[4 * DC09_MAX_FRAME];
	size_t have = size < sizeof buf ? size : sizeof buf;

	memcpy(buf, data, have);
	while (have) {
		const char *fr;
		size_t fl, used = dc09_next(buf, have, &fr, &fl, &(enum dc09_verdict){0});
		struct dc09_frame f, g;
		struct dc09_event ev[DC09_MAX_EVENTS];
		if (fr && dc09_parse(fr, fl, &f) == DC09_OK) {
			g = f;
			if (dc09_parse_rest(&f) == DC09_OK)
				dc09_events(&f, ev, DC09_MAX_EVENTS);
			if (dc09_decrypt(&g, "0123456789ABCDEF") == 0)
				dc09_events(&g, ev, DC09_MAX_EVENTS);
		}
		if (used == 0)
			break;
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	return 0;
}
