/* libFuzzer target: the GeoJSON reader never crashes; what it accepts writes
 * back to a text it reads the same, and renders without overflowing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../maps/map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct geo geo, geo2;
	struct map_grid g;
	char err[300], *w1, *w2;
	struct geo_site site = {118.8, 32.05, "报警点", 0, true};

	if (geo_parse((const char *)data, size, &geo, err, sizeof err) != 0)
		return 0;
	w1 = geo_write(&geo);
	if (w1 == NULL || geo_parse(w1, strlen(w1), &geo2, err, sizeof err) != 0)
		abort();
	w2 = geo_write(&geo2);
	if (w2 == NULL || strcmp(w1, w2) != 0)
		abort();
	if (map_grid_init(&g, 40, 12) == 0) {
		if (geo.npts > 0)
			geo_render(&geo, &site, 1, geo.pts[0], geo.pts[1], 1 + size % 50, &g);
		free(map_grid_text_dump(&g));
		map_grid_release(&g);
	}
	free(w1);
	free(w2);
	geo_release(&geo);
	geo_release(&geo2);
	return 0;
}
