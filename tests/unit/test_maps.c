/* Tests of the text maps (maps/): the site-plan parser with an error of each
 * class at its line:column, the canonical writer (parse → write → parse is
 * identity), the GeoJSON reader, and golden files of rendered plans and an
 * overview (CJK labels, a marker at the edge). UPDATE_GOLDEN=1 rewrites the
 * golden files from the current renderer (review the diff!). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/file.h"
#include "golden.h"
#include "../../maps/map.h"

static char *slurp(const char *path, size_t *len)
{
	char err[300];
	char *s = file_read(path, 1u << 20, len, err, sizeof err);
	if (s == NULL)
		fail_msg("%s", err);
	return s;
}

static const char PLAN[] =
	"alarmdesk-map 1\n"
	"site KH9001\n"
	"anchor 118.8 32.05\n"
	"level 1F 一层\n"
	"┌──────────┬─────────┐\n"
	"│  1    A  │        9│\n"
	"│          │         │\n"
	"└────  ────┴────B────┘\n"
	"legend\n"
	"1 zone 1 大厅\n"
	"9 zone 9 东北角窗户紧急按钮\n"
	"A camera 大厅摄像机 dir=E channel=rtsp://cam/1\n"
	"B camera 南门摄像机 dir=N channel=rtsp://cam/2\n"
	"end\n"
	"level B1\n"
	"+----+\n"
	"|  2 |\n"
	"+----+\n"
	"legend\n"
	"2 zone 2 机房\n"
	"end\n";

static void parse_and_round_trip(void **state)
{
	struct map_site m, m2;
	char err[300], *w1, *w2;
	const struct map_legend *e;
	int li = -1;

	assert_int_equal(map_parse(PLAN, strlen(PLAN), &m, err, sizeof err), 0);
	assert_string_equal(m.site, "KH9001");
	assert_true(m.has_anchor);
	assert_int_equal(m.nlevels, 2);
	assert_string_equal(m.levels[0].name, "一层");
	assert_int_equal(m.levels[0].w, 22);
	/* Box drawing became ASCII walls. */
	assert_memory_equal(m.levels[0].rows, "+----------+---------+", 22);
	e = map_find_zone(&m, 9, &li);
	assert_non_null(e);
	assert_int_equal(li, 0);
	assert_int_equal(e->x, 20);
	assert_int_equal(e->y, 1);
	assert_string_equal(e->name, "东北角窗户紧急按钮");
	assert_non_null(map_find_zone(&m, 2, &li));
	assert_int_equal(li, 1);
	assert_null(map_find_zone(&m, 3, &li));
	assert_string_equal(m.levels[0].legend[2].channel, "rtsp://cam/1");
	assert_string_equal(m.levels[0].legend[2].dir, "E");

	w1 = map_write(&m);
	assert_non_null(w1);
	assert_int_equal(map_parse(w1, strlen(w1), &m2, err, sizeof err), 0);
	w2 = map_write(&m2);
	assert_string_equal(w1, w2);
	assert_int_equal(m2.nlevels, m.nlevels);
	for (int l = 0; l < m.nlevels; l++) {
		assert_int_equal(m2.levels[l].w, m.levels[l].w);
		assert_int_equal(m2.levels[l].h, m.levels[l].h);
		assert_memory_equal(m2.levels[l].rows, m.levels[l].rows,
				    (size_t)(m.levels[l].w * m.levels[l].h));
		assert_int_equal(m2.levels[l].nlegend, m.levels[l].nlegend);
		for (int i = 0; i < m.levels[l].nlegend; i++) {
			assert_int_equal(m2.levels[l].legend[i].marker, m.levels[l].legend[i].marker);
			assert_string_equal(m2.levels[l].legend[i].name, m.levels[l].legend[i].name);
			assert_string_equal(m2.levels[l].legend[i].channel,
					    m.levels[l].legend[i].channel);
		}
	}
	golden("plan_canonical.map", w1);
	free(w1);
	free(w2);
	map_site_release(&m);
	map_site_release(&m2);
}

/* Every shipped plan parses and writes back to exactly its own text. */
static void demo_plans_are_canonical(void **state)
{
	char path[64], err[300];

	for (int i = 1; i <= 44; i++) {
		struct map_site m;
		size_t len;
		char *text, *out;
		snprintf(path, sizeof path, "data/maps/KH%04d.map", i);
		text = slurp(path, &len);
		if (map_parse(text, len, &m, err, sizeof err))
			fail_msg("%s:%s", path, err);
		out = map_write(&m);
		assert_string_equal(out, text);
		free(out);
		free(text);
		map_site_release(&m);
	}
}

static void parse_errors_have_line_and_column(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{"alarmdesk-map 2\n", "1:1: expected 'alarmdesk-map 1'"},
		{"alarmdesk-map 1\nlevel 1F\n", "2:1: 'site ID' must come before the levels"},
		{"alarmdesk-map 1\nsite A\nsite B\n", "3:6: site given twice"},
		{"alarmdesk-map 1\nsite A\nanchor 500 1\n", "3:8: expected 'anchor LON LAT'"},
		{"alarmdesk-map 1\nsite A\nfloor 1\n", "3:1: expected 'site', 'anchor' or 'level'"},
		{"alarmdesk-map 1\nsite A\n", "2:1: no level"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n+--+\n|1\t|\n", "5:3: tab in the grid"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n+--+\n|1*|\n", "5:3: '*' is not a wall"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n+--+\n|1大|\n", "5:3: only ASCII and box-drawing"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n+--+\n|\xff|\n", "5:2: not UTF-8"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n+--+\n|12|\n+--+\nlegend\n1 zone 1 门\nend\n",
		 "5:3: marker '2' has no legend entry"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n+--+\n|11|\n+--+\nlegend\n1 zone 1 门\nend\n",
		 "5:3: marker '1' appears twice (first at 5:2)"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n|1|\nlegend\n1 sensor 1 门\nend\n",
		 "6:3: unknown kind 'sensor'"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n|1|\nlegend\n1 zone x 门\nend\n",
		 "6:8: zone: expected a zone number"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n|1|\nlegend\n1 zone 1\nend\n", "6:9: missing name"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n|1|\nlegend\n1 zone 1 门\n1 zone 1 门\nend\n",
		 "7:1: marker '1' is already in the legend (line 6)"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n|1|\nlegend\n1 zone 1 门\n2 zone 2 窗\nend\n",
		 "7:1: legend marker '2' is not in the grid"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n|1|\nlegend\n1 zone 1 门\n",
		 "6:1: level '1F' has no 'end'"},
		{"alarmdesk-map 1\nsite A\nlevel 1F\n|1|\nlegend\n1 zone 1 门\nend\nlevel 1F\n",
		 "8:7: level '1F' is defined twice"},
	};
	char err[300];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct map_site m;
		int rc = map_parse(cases[i].text, strlen(cases[i].text), &m, err, sizeof err);
		if (rc == 0) {
			map_site_release(&m);
			fail_msg("case %zu parsed: %s", i, cases[i].text);
		}
		if (strncmp(err, cases[i].err, strlen(cases[i].err)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s…\"", i, err, cases[i].err);
	}
}

static char *render(const struct map_site *m, int level, int mark, int w, int h, int *mx, int *my)
{
	struct map_grid g;
	char *out;

	assert_int_equal(map_grid_init(&g, w, h), 0);
	map_render_plan(&m->levels[level], mark, &g, mx, my);
	out = map_grid_text_dump(&g);
	map_grid_release(&g);
	return out;
}

static void plan_golden_renders(void **state)
{
	struct map_site m;
	char err[300], *out;
	const struct map_legend *cams[8];
	int mx, my;

	assert_int_equal(map_parse(PLAN, strlen(PLAN), &m, err, sizeof err), 0);
	/* Zone 9 is at the plan's right edge: its CJK label goes below/left. */
	out = render(&m, 0, 9, 30, 6, &mx, &my);
	assert_int_equal(mx, 20);
	assert_int_equal(my, 1);
	golden("plan_edge_marker.txt", out);
	free(out);
	/* A grid narrower than the plan: the view centres on the alarm. */
	out = render(&m, 0, 9, 12, 5, &mx, &my);
	assert_int_equal(mx, 10);
	golden("plan_narrow_centred.txt", out);
	free(out);
	/* Cameras, nearest first: from zone 9, B (below) before A (far left). */
	assert_int_equal(map_cameras_by_distance(&m.levels[0], 9, cams, 8), 2);
	assert_int_equal(cams[0]->marker, 'B');
	assert_int_equal(map_cameras_by_distance(&m.levels[0], 1, cams, 8), 2);
	assert_int_equal(cams[0]->marker, 'A');
	map_site_release(&m);
}

static const char GEO[] =
	"{\"type\":\"FeatureCollection\",\"features\":["
	"{\"type\":\"Feature\",\"properties\":{\"name\":\"临江区\",\"kind\":\"district\"},"
	"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[118.79,32.04],[118.81,32.04],"
	"[118.81,32.06],[118.79,32.06],[118.79,32.04]]]}},"
	"{\"type\":\"Feature\",\"properties\":{\"name\":\"滨江路\",\"kind\":\"road\"},"
	"\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[118.79,32.05],[118.81,32.05]],"
	"[[118.80,32.04],[118.80,32.06]]]}},"
	"{\"type\":\"Feature\",\"properties\":{\"name\":\"老街茶楼\"},"
	"\"geometry\":{\"type\":\"MultiPoint\",\"coordinates\":[[118.795,32.055]]}}]}";

static void overview_golden_render(void **state)
{
	struct geo geo, geo2;
	struct map_grid g;
	char err[300], *out, *w1, *w2;
	const struct geo_site sites[] = {
		{118.805, 32.045, "江城农商银行临江支行", 0, true},
		{118.806, 32.045, "金桥电子商城", 1, true},
		{118.7905, 32.0405, "西南角站点", 2, false},
	};

	assert_int_equal(geo_parse(GEO, strlen(GEO), &geo, err, sizeof err), 0);
	assert_int_equal(geo.nf, 4); /* the multi-line split in two */
	w1 = geo_write(&geo);
	assert_int_equal(geo_parse(w1, strlen(w1), &geo2, err, sizeof err), 0);
	w2 = geo_write(&geo2);
	assert_string_equal(w1, w2);
	assert_int_equal(map_grid_init(&g, 48, 14), 0);
	geo_render(&geo, sites, 3, 118.80, 32.05, 18, &g);
	out = map_grid_text_dump(&g);
	/* The alarm's label is placed whole; the neighbour's cannot overlap it. */
	assert_non_null(strstr(out, "江城农商银行临江支行"));
	assert_non_null(strchr(out, '@'));
	golden("overview.txt", out);
	free(out);
	free(w1);
	free(w2);
	map_grid_release(&g);
	geo_release(&geo);
	geo_release(&geo2);
}

static void geojson_errors(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{"[1,2", "not JSON"},
		{"{\"type\":\"Feature\"}", "expected a FeatureCollection"},
		{"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":"
		 "{\"type\":\"Point\",\"coordinates\":[200,1]}}]}",
		 "features[0]"},
		{"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":"
		 "{\"type\":\"Circle\",\"coordinates\":[1,1]}}]}",
		 "features[0]"},
		{"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":"
		 "{\"type\":\"LineString\",\"coordinates\":[[1,1]]}}]}",
		 "features[0]"},
	};
	char err[300];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct geo geo;
		if (geo_parse(cases[i].text, strlen(cases[i].text), &geo, err, sizeof err) == 0) {
			geo_release(&geo);
			fail_msg("case %zu parsed", i);
		}
		if (strstr(err, cases[i].err) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, cases[i].err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_and_round_trip),
		cmocka_unit_test(demo_plans_are_canonical),
		cmocka_unit_test(parse_errors_have_line_and_column),
		cmocka_unit_test(plan_golden_renders),
		cmocka_unit_test(overview_golden_render),
		cmocka_unit_test(geojson_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
