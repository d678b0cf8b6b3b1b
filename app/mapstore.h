/* mapstore.h — the console's maps: site plans (<dir>/<site>.map) and the
 * district overview (<dir>/district.geojson), read on first use, re-read when
 * the file changes (map keepers update them in place), and kept in a small
 * cache. A broken or missing file gives a reason to show, never a crash. */
#ifndef APP_MAPSTORE_H
#define APP_MAPSTORE_H

#include <stdbool.h>
#include <time.h>

#include "../maps/map.h"

#define MAPSTORE_SLOTS 16

struct mapstore_slot {
	char site[48];
	struct timespec mtime;
	long long size;
	unsigned long used; /* for least-recently-used replacement */
	struct map_site *m; /* the parsed plan (malloc'd: ~190 KB), or NULL */
	char err[360];
};

struct mapstore {
	char dir[512];
	struct mapstore_slot slot[MAPSTORE_SLOTS];
	unsigned long tick;
	struct geo geo;
	bool geo_ok;
	struct timespec geo_mtime;
	long long geo_size;
	char geo_err[360];
};

/* dir "" = ./data/maps when present, else the installed data. */
void mapstore_init(struct mapstore *s, const char *dir);
void mapstore_release(struct mapstore *s);
/* The plan of `site`, or NULL with the reason in *why. */
const struct map_site *mapstore_plan(struct mapstore *s, const char *site, const char **why);
/* The district, or NULL with the reason in *why. */
const struct geo *mapstore_district(struct mapstore *s, const char **why);

#endif
