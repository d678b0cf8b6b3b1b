/* mapcmd.c — `alarmdesk map check | render | import-geojson`: the tools of
 * the people who keep the maps. Maps are plain files, so they work offline. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"
#include "../common/sites.h"
#include "../maps/map.h"
#include "mapcmd.h"

static const char usage[] =
	"Usage: alarmdesk map check FILE... [--data DIR]\n"
	"       alarmdesk map render FILE [--level L] [--mark ZONE] [--width W] [--height H]\n"
	"       alarmdesk map render-overview GEOJSON [--at LON,LAT] [--zoom CELLS_PER_KM]\n"
	"                                     [--width W] [--height H]\n"
	"       alarmdesk map import-geojson IN.geojson OUT.geojson\n"
	"\n"
	"check validates site plans (docs/map-format.md), lists their markers and,\n"
	"with the data set of --data DIR (customers.json), reports zones the plan\n"
	"has that the site does not, and zones the site has that no plan shows.\n"
	"render prints a level (default the first) with zone ZONE marked, as the\n"
	"console's map pane shows it. render-overview draws the district.\n"
	"import-geojson checks a GeoJSON file and writes it normalised for the\n"
	"console's overview ([maps] dir/district.geojson).\n"
	"Exit status: 0 ok, 1 a file has errors, 2 usage.\n";

static char *slurp(const char *path, size_t *len)
{
	char err[300];
	char *s = file_read(path, 16u << 20, len, err, sizeof err);
	if (s == NULL)
		fprintf(stderr, "alarmdesk map: %s\n", err);
	return s;
}

/* Reads and parses a site plan (into plan) or a GeoJSON file (into geo);
 * on failure says why, FILE:LINE:COL for plans, and returns -1. */
static int read_map(const char *path, struct map_site *plan, struct geo *geo)
{
	char err[300];
	size_t len;
	char *text = slurp(path, &len);
	int rc;

	if (text == NULL)
		return -1;
	rc = plan ? map_parse(text, len, plan, err, sizeof err)
		  : geo_parse(text, len, geo, err, sizeof err);
	if (rc)
		fprintf(stderr, plan ? "%s:%s\n" : "%s: %s\n", path, err);
	free(text);
	return rc;
}

static int check_one(const char *path, const struct sites *data)
{
	struct map_site m;
	int rc = 0;

	if (read_map(path, &m, NULL))
		return 1;
	printf("%s: site %s, %d level%s\n", path, m.site, m.nlevels, m.nlevels > 1 ? "s" : "");
	for (int l = 0; l < m.nlevels; l++) {
		const struct map_level *lv = &m.levels[l];
		printf("  level %s %s (%dx%d):", lv->id, lv->name, lv->w, lv->h);
		for (int i = 0; i < lv->nlegend; i++) {
			const struct map_legend *e = &lv->legend[i];
			if (e->kind == MAP_ZONE)
				printf(" %c=zone %d %s", e->marker, e->zone, e->name);
			else
				printf(" %c=%s %s", e->marker, map_kind_name(e->kind), e->name);
		}
		printf("\n");
	}
	if (data && data->n) {
		const struct site *st = sites_find(data, m.site);
		if (st == NULL) {
			fprintf(stderr, "%s: site %s is not in the data set\n", path, m.site);
			rc = 1;
		} else {
			for (int l = 0; l < m.nlevels; l++)
				for (int i = 0; i < m.levels[l].nlegend; i++) {
					const struct map_legend *e = &m.levels[l].legend[i];
					if (e->kind == MAP_ZONE && site_zone(st, e->zone) == NULL) {
						fprintf(stderr, "%s:%d:1: zone %d is not a zone of site %s\n", path,
							e->line, e->zone, m.site);
						rc = 1;
					}
				}
			for (int z = 0; z < st->nzones; z++)
				if (st->zones[z].no && map_find_zone(&m, st->zones[z].no, NULL) == NULL)
					printf("  note: zone %d (%s) of the site is not on the plan\n", st->zones[z].no,
					       st->zones[z].name);
		}
	}
	map_site_release(&m);
	return rc;
}

static int render(const char *path, const char *level, int mark, int w, int h)
{
	struct map_site m;
	struct map_grid g;
	const struct map_level *lv;
	char *out;
	int mx, my;

	if (read_map(path, &m, NULL))
		return 1;
	lv = level ? map_level_find(&m, level) : NULL;
	if (level == NULL && mark) {
		int li;
		if (map_find_zone(&m, mark, &li))
			lv = &m.levels[li];
	}
	if (lv == NULL)
		lv = level ? NULL : &m.levels[0];
	if (lv == NULL) {
		fprintf(stderr, "alarmdesk map: %s has no level '%s'\n", path, level);
		map_site_release(&m);
		return 1;
	}
	map_grid_init(&g, w, h);
	map_render_plan(lv, mark, &g, &mx, &my);
	out = map_grid_text_dump(&g);
	fputs(out, stdout);
	if (mark)
		printf("zone %d at column %d, row %d\n", mark, mx + 1, my + 1);
	free(out);
	map_grid_release(&g);
	map_site_release(&m);
	return 0;
}

static int overview(const char *path, double lon, double lat, double zoom, int w, int h)
{
	struct geo geo;
	struct map_grid g;
	char *out;

	if (read_map(path, NULL, &geo))
		return 1;
	map_grid_init(&g, w, h);
	geo_render(&geo, NULL, 0, lon, lat, zoom, &g);
	out = map_grid_text_dump(&g);
	fputs(out, stdout);
	free(out);
	map_grid_release(&g);
	geo_release(&geo);
	return 0;
}

static int import(const char *in, const char *outpath)
{
	struct geo geo;
	char *out;
	FILE *f;

	if (read_map(in, NULL, &geo))
		return 1;
	out = geo_write(&geo);
	f = fopen(outpath, "w");
	if (f == NULL || fputs(out, f) < 0 || fputc('\n', f) < 0 || fclose(f)) {
		fprintf(stderr, "alarmdesk map: cannot write %s\n", outpath);
		free(out);
		geo_release(&geo);
		return 1;
	}
	printf("%s: %d parts, %d positions\n", outpath, geo.nf, geo.npts);
	free(out);
	geo_release(&geo);
	return 0;
}

int mapcmd_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"level", 1, NULL, 'l'}, {"mark", 1, NULL, 'm'}, {"width", 1, NULL, 'w'},
		{"height", 1, NULL, 'h'}, {"data", 1, NULL, 'd'}, {"at", 1, NULL, 'a'},
		{"zoom", 1, NULL, 'z'},  {"help", 0, NULL, 'H'}, {NULL, 0, NULL, 0},
	};
	const char *level = NULL, *data = NULL, *cmd;
	double lon = 118.80, lat = 32.05, zoom = 6;
	int mark = 0, w = 78, h = 20, c, rc = 0;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': level = optarg; break;
		case 'm': mark = atoi(optarg); break;
		case 'w': w = atoi(optarg); break;
		case 'h': h = atoi(optarg); break;
		case 'd': data = optarg; break;
		case 'z': zoom = atof(optarg); break;
		case 'a':
			if (sscanf(optarg, "%lf,%lf", &lon, &lat) != 2) {
				fprintf(stderr, "alarmdesk map: --at: expected LON,LAT (see alarmdesk map --help)\n");
				return 2;
			}
			break;
		case 'H': fputs(usage, stdout); return 0;
		default:
			fprintf(stderr, "alarmdesk map: unknown option or missing value: %s (see alarmdesk map --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (w < 10 || w > 400 || h < 3 || h > 200 || zoom <= 0 || zoom > 1000) {
		fprintf(stderr, "alarmdesk map: --width 10..400, --height 3..200, --zoom > 0\n");
		return 2;
	}
	if (!strcmp(cmd, "check") && optind < argc) {
		struct sites s = {0};
		char err[400];
		if (data && sites_load(&s, data, err, sizeof err)) {
			fprintf(stderr, "alarmdesk map: %s\n", err);
			return 2;
		}
		for (int i = optind; i < argc; i++)
			rc |= check_one(argv[i], data ? &s : NULL);
		if (data)
			sites_release(&s);
		return rc;
	}
	if (!strcmp(cmd, "render") && optind + 1 == argc)
		return render(argv[optind], level, mark, w, h);
	if (!strcmp(cmd, "render-overview") && optind + 1 == argc)
		return overview(argv[optind], lon, lat, zoom, w, h);
	if (!strcmp(cmd, "import-geojson") && optind + 2 == argc)
		return import(argv[optind], argv[optind + 1]);
	fprintf(stderr, "alarmdesk map: expected check, render, render-overview or import-geojson with their files (see alarmdesk map --help)\n");
	return 2;
}
