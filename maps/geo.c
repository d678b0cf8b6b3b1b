/* geo.c — the district overview: a strict GeoJSON reader (RFC 7946 Point,
 * LineString, Polygon and the Multi- forms), a normalised writer, and the
 * renderer: an equirectangular projection corrected by cos φ (fine at city
 * scale), outlines and roads drawn in braille (2×4 dots per cell), sites as
 * markers with labels placed without overlap, alarm sites first. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/text.h"
#include "map.h"

#define GEO_MAX_FEATURES 20000
#define GEO_MAX_POINTS 500000

static const char *const type_names[] = {"Point", "LineString", "Polygon"};

struct rd {
	struct geo *g;
	int cap_f, cap_p;
	char *err;
	size_t errlen;
};

static int add_point(struct rd *r, const cJSON *c, const char *where)
{
	double lon, lat;

	if (!cJSON_IsArray(c) || cJSON_GetArraySize(c) < 2 || !cJSON_IsNumber(cJSON_GetArrayItem(c, 0)) ||
	    !cJSON_IsNumber(cJSON_GetArrayItem(c, 1))) {
		snprintf(r->err, r->errlen, "%s: expected a position [lon, lat]", where);
		return -1;
	}
	lon = cJSON_GetArrayItem(c, 0)->valuedouble;
	lat = cJSON_GetArrayItem(c, 1)->valuedouble;
	if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
		snprintf(r->err, r->errlen, "%s: position out of range", where);
		return -1;
	}
	if (r->g->npts == GEO_MAX_POINTS) {
		snprintf(r->err, r->errlen, "%s: more than %d positions", where, GEO_MAX_POINTS);
		return -1;
	}
	if (r->g->npts == r->cap_p) {
		r->cap_p = r->cap_p ? r->cap_p * 2 : 1024;
		r->g->pts = realloc(r->g->pts, (size_t)r->cap_p * 2 * sizeof *r->g->pts);
		if (r->g->pts == NULL)
			abort();
	}
	r->g->pts[2 * r->g->npts] = lon;
	r->g->pts[2 * r->g->npts + 1] = lat;
	r->g->npts++;
	return 0;
}

/* A run of positions (a line or a ring) as one feature part. */
static int add_part(struct rd *r, enum geo_type t, const cJSON *coords, const char *where,
		    const struct geo_feature *proto)
{
	struct geo_feature *f;
	char w[160];
	int i = 0;
	const cJSON *p;

	if (r->g->nf == GEO_MAX_FEATURES) {
		snprintf(r->err, r->errlen, "%s: more than %d parts", where, GEO_MAX_FEATURES);
		return -1;
	}
	if (r->g->nf == r->cap_f) {
		r->cap_f = r->cap_f ? r->cap_f * 2 : 64;
		r->g->f = realloc(r->g->f, (size_t)r->cap_f * sizeof *r->g->f);
		if (r->g->f == NULL)
			abort();
	}
	f = &r->g->f[r->g->nf];
	*f = *proto;
	f->type = t;
	f->start = r->g->npts;
	if (t == GEO_POINT) {
		if (add_point(r, coords, where))
			return -1;
	} else {
		if (!cJSON_IsArray(coords) || cJSON_GetArraySize(coords) < 2) {
			snprintf(r->err, r->errlen, "%s: expected at least two positions", where);
			return -1;
		}
		cJSON_ArrayForEach(p, coords)
		{
			snprintf(w, sizeof w, "%s[%d]", where, i++);
			if (add_point(r, p, w))
				return -1;
		}
	}
	f->npoints = r->g->npts - f->start;
	r->g->nf++;
	return 0;
}

static int read_geometry(struct rd *r, const cJSON *geom, const char *where,
			 const struct geo_feature *proto)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(geom, "type");
	const cJSON *coords = cJSON_GetObjectItemCaseSensitive(geom, "coordinates"), *a, *b;
	char w[200];
	int i = 0, j;

	if (!cJSON_IsString(type) || !cJSON_IsArray(coords)) {
		snprintf(r->err, r->errlen, "%s: expected {type, coordinates}", where);
		return -1;
	}
	snprintf(w, sizeof w, "%s.coordinates", where);
	if (strcmp(type->valuestring, "Point") == 0)
		return add_part(r, GEO_POINT, coords, w, proto);
	if (strcmp(type->valuestring, "LineString") == 0)
		return add_part(r, GEO_LINE, coords, w, proto);
	if (strcmp(type->valuestring, "MultiPoint") == 0 ||
	    strcmp(type->valuestring, "MultiLineString") == 0 ||
	    strcmp(type->valuestring, "Polygon") == 0) {
		enum geo_type t = type->valuestring[5] == 'P' ? GEO_POINT
				  : type->valuestring[0] == 'P' ? GEO_POLYGON
								  : GEO_LINE;
		cJSON_ArrayForEach(a, coords)
		{
			snprintf(w, sizeof w, "%s.coordinates[%d]", where, i++);
			if (add_part(r, t, a, w, proto))
				return -1;
		}
		return 0;
	}
	if (strcmp(type->valuestring, "MultiPolygon") == 0) {
		cJSON_ArrayForEach(a, coords)
		{
			j = 0;
			if (!cJSON_IsArray(a)) {
				snprintf(r->err, r->errlen, "%s.coordinates[%d]: expected a polygon", where, i);
				return -1;
			}
			cJSON_ArrayForEach(b, a)
			{
				snprintf(w, sizeof w, "%s.coordinates[%d][%d]", where, i, j++);
				if (add_part(r, GEO_POLYGON, b, w, proto))
					return -1;
			}
			i++;
		}
		return 0;
	}
	snprintf(r->err, r->errlen, "%s.type: '%.40s' is not supported (Point, LineString, Polygon, "
				    "Multi…)", where, type->valuestring);
	return -1;
}

static void prop(const cJSON *props, const char *key, char *out, size_t len)
{
	const cJSON *v = props ? cJSON_GetObjectItemCaseSensitive(props, key) : NULL;

	out[0] = '\0';
	if (cJSON_IsString(v)) {
		size_t n;
		snprintf(out, len, "%s", v->valuestring);
		n = strlen(out);
		while (n > 0 && !text_utf8_valid(out, n))
			n--; /* cut at a character boundary, never inside one */
		out[text_sanitize(out, n)] = '\0';
	}
}

int geo_parse(const char *text, size_t len, struct geo *out, char *err, size_t errlen)
{
	struct rd r = {out, 0, 0, err, errlen};
	cJSON *root, *features, *f;
	const cJSON *type;
	int i = 0, rc = 0;

	memset(out, 0, sizeof *out);
	if (!text_utf8_valid(text, len)) {
		snprintf(err, errlen, "not UTF-8");
		return -1;
	}
	root = cJSON_ParseWithLength(text, len);
	if (root == NULL) {
		snprintf(err, errlen, "not JSON");
		return -1;
	}
	type = cJSON_GetObjectItemCaseSensitive(root, "type");
	features = cJSON_GetObjectItemCaseSensitive(root, "features");
	if (!cJSON_IsString(type) || strcmp(type->valuestring, "FeatureCollection") != 0 ||
	    !cJSON_IsArray(features)) {
		snprintf(err, errlen, "expected a FeatureCollection with features");
		cJSON_Delete(root);
		return -1;
	}
	cJSON_ArrayForEach(f, features)
	{
		struct geo_feature proto = {0};
		const cJSON *props = cJSON_GetObjectItemCaseSensitive(f, "properties");
		const cJSON *geom = cJSON_GetObjectItemCaseSensitive(f, "geometry");
		char where[64];
		snprintf(where, sizeof where, "features[%d].geometry", i++);
		if (!cJSON_IsObject(f) || !cJSON_IsObject(geom)) {
			snprintf(err, errlen, "%s: missing", where);
			rc = -1;
			break;
		}
		prop(props, "name", proto.name, sizeof proto.name);
		prop(props, "kind", proto.kind, sizeof proto.kind);
		prop(props, "id", proto.id, sizeof proto.id);
		if (read_geometry(&r, geom, where, &proto)) {
			rc = -1;
			break;
		}
	}
	cJSON_Delete(root);
	if (rc)
		geo_release(out);
	return rc;
}

void geo_release(struct geo *g)
{
	free(g->f);
	free(g->pts);
	memset(g, 0, sizeof *g);
}

char *geo_write(const struct geo *g)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	char *s;

	cJSON_AddStringToObject(root, "type", "FeatureCollection");
	arr = cJSON_AddArrayToObject(root, "features");
	for (int i = 0; i < g->nf; i++) {
		const struct geo_feature *f = &g->f[i];
		cJSON *o = cJSON_CreateObject(), *geom, *props, *coords;
		cJSON_AddStringToObject(o, "type", "Feature");
		props = cJSON_AddObjectToObject(o, "properties");
		if (f->name[0])
			cJSON_AddStringToObject(props, "name", f->name);
		if (f->kind[0])
			cJSON_AddStringToObject(props, "kind", f->kind);
		if (f->id[0])
			cJSON_AddStringToObject(props, "id", f->id);
		geom = cJSON_AddObjectToObject(o, "geometry");
		cJSON_AddStringToObject(geom, "type", type_names[f->type]);
		if (f->type == GEO_POINT) {
			coords = cJSON_CreateDoubleArray(&g->pts[2 * f->start], 2);
		} else {
			cJSON *ring = cJSON_CreateArray();
			for (int k = 0; k < f->npoints; k++)
				cJSON_AddItemToArray(ring, cJSON_CreateDoubleArray(&g->pts[2 * (f->start + k)], 2));
			if (f->type == GEO_POLYGON) {
				coords = cJSON_CreateArray();
				cJSON_AddItemToArray(coords, ring);
			} else {
				coords = ring;
			}
		}
		cJSON_AddItemToObject(geom, "coordinates", coords);
		cJSON_AddItemToArray(arr, o);
	}
	s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return s;
}

/* The projection: degrees → dot coordinates (2 per cell across, 4 down). */
struct proj {
	double lon0, lat0, kx, ky;
	int cx, cy; /* the centre, in dots */
};

static void project(const struct proj *p, double lon, double lat, double *x, double *y)
{
	*x = p->cx + (lon - p->lon0) * p->kx;
	*y = p->cy - (lat - p->lat0) * p->ky;
}

static void dot(struct map_grid *g, uint8_t *bits, int x, int y)
{
	static const uint8_t bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
	if (x < 0 || y < 0 || x >= g->w * 2 || y >= g->h * 4)
		return;
	bits[(y / 4) * g->w + x / 2] |= bit[y % 4][x % 2];
}

static void line(struct map_grid *g, uint8_t *bits, double x0, double y0, double x1, double y1)
{
	double dx = x1 - x0, dy = y1 - y0;
	int n = (int)fmax(fabs(dx), fabs(dy)) + 1;

	if (n > 4000)
		n = 4000; /* a segment far off screen: enough samples for what shows */
	for (int i = 0; i <= n; i++)
		dot(g, bits, (int)lround(x0 + dx * i / n), (int)lround(y0 + dy * i / n));
}

/* A point to draw: an alarm site, or a named point of the district. */
struct mark {
	int x, y, rank, order;
	const char *label;
	bool alarm;
};

static int cmp_rank(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;
	return x->rank != y->rank ? x->rank - y->rank : x->order - y->order;
}

/* Markers first, the most important last so nothing covers them; then the
 * labels, the most important first so that they get the room. */
static void draw_marks(struct map_grid *g, struct mark *m, int n)
{
	qsort(m, (size_t)n, sizeof *m, cmp_rank);
	for (int i = n - 1; i >= 0; i--) {
		if (m[i].x < 0 || m[i].y < 0 || m[i].x >= g->w || m[i].y >= g->h)
			continue;
		g->c[m[i].y * g->w + m[i].x] = (struct map_cell){
			m[i].alarm ? '@' : 'o', m[i].alarm ? MAP_S_ALARM : MAP_S_SITE, 0};
	}
	for (int i = 0; i < n; i++) {
		bool shown = false; /* a more important mark in the same cell has its label */
		for (int j = 0; j < i && !shown; j++)
			shown = m[j].x == m[i].x && m[j].y == m[i].y;
		if (!shown && m[i].label && m[i].label[0] && m[i].x >= 0 && m[i].y >= 0 &&
		    m[i].x < g->w && m[i].y < g->h)
			map_grid_label(g, m[i].x, m[i].y, m[i].label, false);
	}
}

void geo_render(const struct geo *geo, const struct geo_site *sites, int nsites, double lon,
		double lat, double zoom, struct map_grid *g)
{
	struct proj p = {lon, lat, 0, 0, g->w, g->h * 2};
	uint8_t *bits = calloc((size_t)g->w * (size_t)g->h, 1);
	struct mark *marks;
	int npoints = 0;
	double km_lat = 111.32, km_lon = 111.32 * cos(lat * M_PI / 180.0);

	if (bits == NULL)
		return;
	/* zoom cells per km across; a cell is 2 dots wide and 4 tall, and about
	 * twice as tall as wide, so a dot is square. */
	p.kx = km_lon * zoom * 2;
	p.ky = km_lat * zoom * 2;
	for (int i = 0; i < geo->nf; i++) {
		const struct geo_feature *f = &geo->f[i];
		double x0, y0, x1, y1;
		if (f->type == GEO_POINT)
			continue;
		for (int k = 1; k < f->npoints; k++) {
			project(&p, geo->pts[2 * (f->start + k - 1)], geo->pts[2 * (f->start + k - 1) + 1], &x0, &y0);
			project(&p, geo->pts[2 * (f->start + k)], geo->pts[2 * (f->start + k) + 1], &x1, &y1);
			if (fmax(x0, x1) < 0 || fmin(x0, x1) >= g->w * 2 || fmax(y0, y1) < 0 ||
			    fmin(y0, y1) >= g->h * 4)
				continue;
			line(g, bits, x0, y0, x1, y1);
		}
	}
	for (int i = 0; i < g->w * g->h; i++)
		if (bits[i])
			g->c[i] = (struct map_cell){0x2800u + bits[i], MAP_S_ROAD, 0};
	free(bits);
	/* Alarm sites and the district's named points. */
	for (int i = 0; i < geo->nf; i++)
		npoints += geo->f[i].type == GEO_POINT;
	marks = malloc(((size_t)nsites + (size_t)npoints + 1) * sizeof *marks);
	if (marks != NULL) {
		int n = 0;
		for (int i = 0; i < nsites; i++) {
			double x, y;
			project(&p, sites[i].lon, sites[i].lat, &x, &y);
			marks[n] = (struct mark){(int)floor(x / 2), (int)floor(y / 4), sites[i].rank, n,
						 sites[i].label, sites[i].alarm};
			n++;
		}
		for (int i = 0; i < geo->nf; i++) {
			const struct geo_feature *f = &geo->f[i];
			double x, y;
			if (f->type != GEO_POINT)
				continue;
			project(&p, geo->pts[2 * f->start], geo->pts[2 * f->start + 1], &x, &y);
			marks[n] = (struct mark){(int)floor(x / 2), (int)floor(y / 4), 3, n, f->name, false};
			n++;
		}
		draw_marks(g, marks, n);
		free(marks);
	}
	/* Names of the district's own points and lines, where there is room. */
	for (int i = 0; i < geo->nf; i++) {
		const struct geo_feature *f = &geo->f[i];
		double x, y;
		int mid = f->start + f->npoints / 2, w = text_width(f->name);
		if (f->name[0] == '\0' || f->type != GEO_LINE)
			continue;
		project(&p, geo->pts[2 * mid], geo->pts[2 * mid + 1], &x, &y);
		if (map_grid_free(g, (int)(x / 2) - w / 2, (int)(y / 4) - 1, w))
			map_grid_text(g, (int)(x / 2) - w / 2, (int)(y / 4) - 1, f->name, MAP_S_LABEL);
	}
}
