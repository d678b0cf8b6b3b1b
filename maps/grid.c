/* grid.c — the cell grid every map view draws into, and the site-plan
 * renderer. Display widths come from app/core/text, so a Chinese label takes
 * two cells and never shifts the plan. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/text.h"
#include "map.h"

int map_grid_init(struct map_grid *g, int w, int h)
{
	g->w = w > 0 ? w : 1;
	g->h = h > 0 ? h : 1;
	g->c = calloc((size_t)g->w * (size_t)g->h, sizeof *g->c);
	if (g->c == NULL)
		return -1;
	for (int i = 0; i < g->w * g->h; i++)
		g->c[i].cp = ' ';
	return 0;
}

void map_grid_release(struct map_grid *g)
{
	free(g->c);
	g->c = NULL;
}

static struct map_cell *at(struct map_grid *g, int x, int y)
{
	return x >= 0 && y >= 0 && x < g->w && y < g->h ? &g->c[y * g->w + x] : NULL;
}

int map_grid_text(struct map_grid *g, int x, int y, const char *s, uint8_t style)
{
	size_t len = strlen(s), i = 0, n;
	int used = 0;
	uint32_t cp;

	while (i < len) {
		int cw;
		struct map_cell *c;
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 0)
			cp = '?', n = 1;
		cw = text_cp_width(cp);
		if (cw == 0) {
			i += n;
			continue;
		}
		if (x + used + cw > g->w || (c = at(g, x + used, y)) == NULL)
			break;
		c->cp = cp;
		c->style = style;
		c->cont = 0;
		if (cw == 2) {
			struct map_cell *d = at(g, x + used + 1, y);
			d->cp = 0;
			d->style = style;
			d->cont = 1;
		}
		used += cw;
		i += n;
	}
	return used;
}

bool map_grid_free(const struct map_grid *g, int x, int y, int w)
{
	if (y < 0 || y >= g->h || x < 0 || x + w > g->w)
		return false;
	for (int i = 0; i < w; i++) {
		const struct map_cell *c = &g->c[y * g->w + x + i];
		if (c->style == MAP_S_ROAD)
			continue; /* background: a label may cover outlines and roads */
		if (c->cp != ' ' || c->style != MAP_S_NONE || c->cont)
			return false;
	}
	return true;
}

char *map_grid_text_dump(const struct map_grid *g)
{
	size_t cap = (size_t)g->w * (size_t)g->h * 4 + (size_t)g->h + 1, n = 0;
	char *out = malloc(cap);

	if (out == NULL)
		return NULL;
	for (int y = 0; y < g->h; y++) {
		size_t line_start = n;
		for (int x = 0; x < g->w; x++) {
			const struct map_cell *c = &g->c[y * g->w + x];
			uint32_t cp = c->cp;
			if (c->cont)
				continue;
			if (cp < 0x80) {
				out[n++] = (char)cp;
			} else if (cp < 0x800) {
				out[n++] = (char)(0xC0 | cp >> 6);
				out[n++] = (char)(0x80 | (cp & 0x3F));
			} else if (cp < 0x10000) {
				out[n++] = (char)(0xE0 | cp >> 12);
				out[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
				out[n++] = (char)(0x80 | (cp & 0x3F));
			} else {
				out[n++] = (char)(0xF0 | cp >> 18);
				out[n++] = (char)(0x80 | (cp >> 12 & 0x3F));
				out[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
				out[n++] = (char)(0x80 | (cp & 0x3F));
			}
		}
		while (n > line_start && out[n - 1] == ' ')
			n--;
		out[n++] = '\n';
	}
	while (n >= 2 && out[n - 1] == '\n' && out[n - 2] == '\n')
		n--; /* no blank lines at the end */
	out[n] = '\0';
	return out;
}

bool map_grid_label(struct map_grid *g, int x, int y, const char *label, bool arrows)
{
	char text[200];
	int w, cx;

	snprintf(text, sizeof text, "%s%s", arrows ? "<" : "", label);
	w = text_width(text);
	if (map_grid_free(g, x + 2, y, w)) {
		map_grid_text(g, x + 2, y, text, MAP_S_LABEL);
		return true;
	}
	snprintf(text, sizeof text, "%s%s", label, arrows ? ">" : "");
	if (map_grid_free(g, x - 1 - w, y, w)) {
		map_grid_text(g, x - 1 - w, y, text, MAP_S_LABEL);
		return true;
	}
	snprintf(text, sizeof text, "%s%s", arrows ? "^" : "", label);
	cx = x - w / 2 < 0 ? 0 : x - w / 2;
	for (int dy = 1; dy <= 2; dy++) {
		if (map_grid_free(g, cx, y + dy, w)) {
			map_grid_text(g, cx, y + dy, text, MAP_S_LABEL);
			return true;
		}
		if (map_grid_free(g, cx, y - dy, w)) {
			map_grid_text(g, cx, y - dy, text, MAP_S_LABEL);
			return true;
		}
	}
	return false;
}

void map_render_plan(const struct map_level *lv, int mark, struct map_grid *g, int *mx, int *my)
{
	const struct map_legend *alarm = NULL;
	int ox = 0, oy = 0;

	*mx = *my = -1;
	for (int i = 0; i < lv->nlegend; i++)
		if (lv->legend[i].kind == MAP_ZONE && lv->legend[i].zone == mark && mark)
			alarm = &lv->legend[i];
	/* Centre on the alarm point when the plan does not fit. */
	if (lv->w > g->w)
		ox = alarm ? alarm->x - g->w / 2 : 0;
	if (lv->h > g->h - 1)
		oy = alarm ? alarm->y - (g->h - 1) / 2 : 0;
	if (ox > lv->w - g->w)
		ox = lv->w - g->w;
	if (oy > lv->h - (g->h - 1))
		oy = lv->h - (g->h - 1);
	if (ox < 0)
		ox = 0;
	if (oy < 0)
		oy = 0;
	for (int y = 0; y < lv->h && y - oy < g->h; y++) {
		for (int x = 0; x < lv->w && x - ox < g->w; x++) {
			struct map_cell *c = at(g, x - ox, y - oy);
			char ch = lv->rows[y * lv->w + x];
			if (c == NULL || ch == ' ')
				continue;
			c->cp = (uint32_t)ch;
			c->style = ch == '+' || ch == '-' || ch == '|' || ch == '=' || ch == '#' ||
						   ch == '/' || ch == '\\'
					   ? MAP_S_WALL
					   : MAP_S_MARKER;
		}
	}
	for (int i = 0; i < lv->nlegend; i++) {
		const struct map_legend *e = &lv->legend[i];
		struct map_cell *c = at(g, e->x - ox, e->y - oy);
		if (c != NULL && e->kind == MAP_CAMERA)
			c->style = MAP_S_CAMERA;
	}
	if (alarm) {
		struct map_cell *c = at(g, alarm->x - ox, alarm->y - oy);
		if (c != NULL) {
			c->style = MAP_S_ALARM;
			*mx = alarm->x - ox;
			*my = alarm->y - oy;
			/* No room beside it: the label goes on the last row. */
			if (!map_grid_label(g, *mx, *my, alarm->name, true)) {
				char text[200];
				snprintf(text, sizeof text, "^%s", alarm->name);
				map_grid_text(g, 0, g->h - 1, text, MAP_S_LABEL);
			}
		}
	}
}

int map_cameras_by_distance(const struct map_level *lv, int mark, const struct map_legend **out,
			    int max)
{
	const struct map_legend *alarm = NULL;
	int n = 0;

	for (int i = 0; i < lv->nlegend; i++)
		if (lv->legend[i].kind == MAP_ZONE && lv->legend[i].zone == mark)
			alarm = &lv->legend[i];
	for (int i = 0; i < lv->nlegend && n < max; i++)
		if (lv->legend[i].kind == MAP_CAMERA)
			out[n++] = &lv->legend[i];
	if (alarm == NULL)
		return n;
	/* Insertion sort by distance (cells are twice as tall as wide). */
	for (int i = 1; i < n; i++) {
		const struct map_legend *k = out[i];
		double dk = hypot(k->x - alarm->x, 2.0 * (k->y - alarm->y));
		int j = i - 1;
		while (j >= 0 && hypot(out[j]->x - alarm->x, 2.0 * (out[j]->y - alarm->y)) > dk) {
			out[j + 1] = out[j];
			j--;
		}
		out[j + 1] = k;
	}
	return n;
}
