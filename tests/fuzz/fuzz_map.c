/* libFuzzer target: the site-plan parser never crashes or overreads, and
 * whatever it accepts is canonical after one write (write → parse → write is
 * identity) and renders, marked at every zone, without overflowing the grid. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../maps/map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct map_site m, m2;
	struct map_grid g;
	char err[300], *w1, *w2;
	int mx, my;

	if (map_parse((const char *)data, size, &m, err, sizeof err) != 0) {
		if (err[0] < '0' || err[0] > '9') /* every error says where: LINE:COL */
			abort();
		return 0;
	}
	w1 = map_write(&m);
	if (w1 == NULL || map_parse(w1, strlen(w1), &m2, err, sizeof err) != 0)
		abort();
	w2 = map_write(&m2);
	if (w2 == NULL || strcmp(w1, w2) != 0)
		abort();
	if (map_grid_init(&g, 1 + size % 90, 2 + size % 30) == 0) {
		for (int l = 0; l < m.nlevels; l++)
			for (int i = 0; i < m.levels[l].nlegend; i++)
				map_render_plan(&m.levels[l], m.levels[l].legend[i].zone, &g, &mx, &my);
		free(map_grid_text_dump(&g));
		map_grid_release(&g);
	}
	free(w1);
	free(w2);
	map_site_release(&m);
	map_site_release(&m2);
	return 0;
}
