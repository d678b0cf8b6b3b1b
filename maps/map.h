/* map.h — text maps: site plans (the alarmdesk-map format, docs/map-format.md)
 * and the district overview (GeoJSON), both rendered into an in-memory cell
 * grid. Pure apart from cJSON: no curses, no files (callers read them). */
#ifndef MAP_H
#define MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAP_MAX_LEVELS 8
#define MAP_MAX_LEGEND 64
#define MAP_MAX_W 240
#define MAP_MAX_H 120
#define MAP_MAX_TEXT (256 * 1024)

enum map_kind { MAP_ZONE, MAP_CAMERA, MAP_ROOM, MAP_EXIT, MAP_DOOR, MAP_KINDS };

struct map_legend {
	char marker;
	enum map_kind kind;
	int zone;          /* MAP_ZONE */
	char name[128];
	char dir[8];       /* MAP_CAMERA: N, NE, … */
	char channel[200]; /* MAP_CAMERA: stream address */
	int x, y;          /* where the marker is in the grid */
	int line;          /* source line of the legend entry */
};

struct map_level {
	char id[16], name[96];
	int w, h;
	char *rows; /* h rows of w ASCII cells (walls + - |, floor ' ', markers) */
	struct map_legend legend[MAP_MAX_LEGEND];
	int nlegend;
};

struct map_site {
	char site[48];
	bool has_anchor;
	double lon, lat;
	struct map_level levels[MAP_MAX_LEVELS];
	int nlevels;
};

/* Parses a site plan. Returns 0, or -1 with "LINE:COL: what" in err (the
 * caller prefixes the file name). */
int map_parse(const char *text, size_t len, struct map_site *out, char *err, size_t errlen);
void map_site_release(struct map_site *m);
/* The canonical text of m (malloc'd): parse → write → parse is identity. */
char *map_write(const struct map_site *m);

const char *map_kind_name(enum map_kind k);
const struct map_level *map_level_find(const struct map_site *m, const char *id);
/* The legend entry of zone `zone` on any level (*level set), or NULL. */
const struct map_legend *map_find_zone(const struct map_site *m, int zone, int *level);

/* A cell grid: what a view shows, one cell per terminal column. A wide
 * character occupies its cell and the next one (cont = 1). */
enum map_style { MAP_S_NONE, MAP_S_WALL, MAP_S_MARKER, MAP_S_CAMERA, MAP_S_ALARM, MAP_S_LABEL,
		 MAP_S_ROAD, MAP_S_SITE };
struct map_cell {
	uint32_t cp;
	uint8_t style, cont;
};
struct map_grid {
	int w, h;
	struct map_cell *c;
};

int map_grid_init(struct map_grid *g, int w, int h);
void map_grid_release(struct map_grid *g);
/* Writes UTF-8 text at (x, y), clipped at the grid's edge by display
 * columns; returns the columns used. */
int map_grid_text(struct map_grid *g, int x, int y, const char *s, uint8_t style);
/* True when columns x..x+w-1 of row y are free: spaces, or the overview's
 * outlines and roads (background a label may cover). */
bool map_grid_free(const struct map_grid *g, int x, int y, int w);
/* Puts a label beside the marker at (x, y) where it covers no marker or
 * label: right, left, then below and above (one row, then two). With
 * arrows the label points at its marker ("<name", "name>", "^name").
 * False when there is no room. */
bool map_grid_label(struct map_grid *g, int x, int y, const char *label, bool arrows);
/* The grid as UTF-8 lines (trailing spaces trimmed), malloc'd. */
char *map_grid_text_dump(const struct map_grid *g);

/* Renders level lv into g, the marker of zone `mark` (0 = none) styled as
 * the alarm and labelled with its name; the view is centred on it when the
 * plan is larger than the grid. Sets *mx, *my to the marker's cell (or -1). */
void map_render_plan(const struct map_level *lv, int mark, struct map_grid *g, int *mx, int *my);

/* The cameras of a level, nearest first to zone `mark`'s marker. */
int map_cameras_by_distance(const struct map_level *lv, int mark, const struct map_legend **out,
			    int max);

/* The district overview: features from a GeoJSON FeatureCollection. */
enum geo_type { GEO_POINT, GEO_LINE, GEO_POLYGON };
struct geo_feature {
	enum geo_type type;
	char name[96], kind[24], id[48];
	int start, npoints; /* into geo.pts; a polygon ring or a line */
};
struct geo {
	struct geo_feature *f;
	int nf;
	double *pts; /* lon, lat pairs */
	int npts;
};

/* Reads GeoJSON (RFC 7946: Point, LineString, Polygon and their Multi-
 * forms; properties.name, .kind, .id). -1 with "where: what" in err. */
int geo_parse(const char *text, size_t len, struct geo *out, char *err, size_t errlen);
void geo_release(struct geo *g);
/* A compact, normalised GeoJSON text of g (malloc'd). */
char *geo_write(const struct geo *g);

/* A site to show on the overview (alarm sites first: lower rank). */
struct geo_site {
	double lon, lat;
	const char *label;
	int rank;    /* 0 = the selected alarm, 1 = other open alarms, 2 = others */
	bool alarm;
};

/* Renders the overview centred on (lon, lat), `zoom` cells per km (the
 * braille dots are twice and four times finer), outlines and roads in
 * braille, sites as markers with labels placed without overlap by rank. */
void geo_render(const struct geo *g, const struct geo_site *sites, int nsites, double lon,
		double lat, double zoom, struct map_grid *grid);

#endif
