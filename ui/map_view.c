/* map_view.c — the map pane: the selected alarm's site plan at the alarm's
 * level, its zone marker flashing and labelled, the level's cameras nearest
 * first; Tab switches to the district overview (braille outlines and roads,
 * open alarms as markers). The drawing is the pure renderer's cell grid
 * (maps/), copied to curses cell by cell with the styles as attributes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../app/core/text.h"
#include "../app/i18n.h"
#include "ui-int.h"

#define OVERVIEW_SITES 256

static attr_t style_attr(const struct ui *u, uint8_t style)
{
	switch (style) {
	case MAP_S_WALL: return A_DIM;
	case MAP_S_MARKER: return A_BOLD;
	case MAP_S_CAMERA: return u->colors ? COLOR_PAIR(UI_PAIR_P4) | A_BOLD : A_BOLD;
	case MAP_S_ALARM:
		/* Flashing: reverse video on and off with the half-second timer
		 * (always on when flashing is turned off). */
		return ui_prio_attr(u, 1) | A_BOLD |
		       (!u->flash || u->flash_on ? A_REVERSE : A_UNDERLINE);
	case MAP_S_LABEL: return A_BOLD;
	case MAP_S_SITE: return u->colors ? COLOR_PAIR(UI_PAIR_P4) : A_NORMAL;
	default: return A_NORMAL;
	}
}

/* Copies the grid to the screen at (y, x). */
static void blit(const struct ui *u, const struct map_grid *g, int y, int x)
{
	for (int r = 0; r < g->h; r++) {
		move(y + r, x);
		for (int c = 0; c < g->w; c++) {
			const struct map_cell *cell = &g->c[r * g->w + c];
			wchar_t wc[2] = {(wchar_t)(cell->cp ? cell->cp : ' '), 0};
			cchar_t cc;
			if (cell->cont)
				continue;
			setcchar(&cc, wc, style_attr(u, cell->style), 0, NULL);
			mvadd_wch(y + r, x + c, &cc);
		}
	}
}

/* The level to show: the one the operator switched to, else the alarm's. */
static int level_index(struct ui *u, const struct map_site *m, const struct alarm *al)
{
	const struct map_level *lv;
	int li = -1;

	if (strcmp(u->map.for_id, al->id) != 0) {
		/* A newly selected alarm: back to its own level and nearest camera. */
		snprintf(u->map.for_id, sizeof u->map.for_id, "%s", al->id);
		u->map.level = -1;
		u->map.cam = 0;
		u->map.pan_x = u->map.pan_y = 0;
	}
	if (u->map.level >= 0 && u->map.level < m->nlevels)
		return u->map.level;
	if (al->zone_no && map_find_zone(m, al->zone_no, &li))
		return li;
	lv = al->pos_level[0] ? map_level_find(m, al->pos_level) : NULL;
	return lv ? (int)(lv - m->levels) : 0;
}

/* The cameras of the level shown, nearest the alarm's zone first. */
static int level_cameras(struct ui *u, const struct map_site *m, const struct alarm *al,
			 const struct map_legend **cams)
{
	return map_cameras_by_distance(&m->levels[level_index(u, m, al)], al->zone_no, cams,
				       MAP_MAX_LEGEND);
}

static void draw_plan(struct ui *u, const struct alarm *al, int y, int x, int h, int w)
{
	const struct map_legend *cams[MAP_MAX_LEGEND];
	const struct map_site *m;
	const struct map_level *lv;
	struct map_grid g;
	const char *why;
	char buf[400];
	int li, ncam, listh, mx, my;

	m = mapstore_plan(&u->maps, al->cust_id, &why);
	if (m == NULL) {
		ui_put(y, x, why, w, A_BOLD);
		ui_put(y + 1, x, _("Tab: district overview"), w, A_DIM);
		if (ui_video_on(u, al))
			ui_video_draw(u, y + 2, x, h - 2, w);
		return;
	}
	li = level_index(u, m, al);
	lv = &m->levels[li];
	ncam = map_cameras_by_distance(lv, al->zone_no, cams, MAP_MAX_LEGEND);
	if (u->map.cam >= ncam)
		u->map.cam = ncam ? ncam - 1 : 0;
	snprintf(buf, sizeof buf, _("%s %s  level %s %s (%d/%d)"), al->cust_id, al->cust_name,
		 lv->id, lv->name, li + 1, m->nlevels);
	ui_put(y, x, buf, w, A_BOLD);
	listh = ncam < 4 ? ncam + 1 : 5;
	if (h - 1 - listh < 4)
		listh = h - 5 > 0 ? h - 5 : 0;
	if (ui_video_on(u, al)) {
		ui_video_draw(u, y + 1, x, h - 1 - listh, w);
	} else if (map_grid_init(&g, w, h - 1 - listh) == 0) {
		map_render_plan(lv, al->zone_no, &g, &mx, &my);
		blit(u, &g, y + 1, x);
		map_grid_release(&g);
	}
	if (listh == 0)
		return;
	y += h - listh;
	ui_put(y++, x, ncam ? _("Cameras, nearest first (Enter: picture · E: player):")
			    : _("No cameras on this level."),
	       w, A_DIM);
	for (int i = 0; i < ncam && i < listh - 1; i++) {
		/* Keep the cursor's camera in the visible window. */
		int k = u->map.cam >= listh - 1 ? u->map.cam - (listh - 2) + i : i;
		snprintf(buf, sizeof buf, "%s %c %s %s  %s", k == u->map.cam ? ">" : " ",
			 cams[k]->marker, cams[k]->name, cams[k]->dir, cams[k]->channel);
		ui_put(y++, x, buf, w, k == u->map.cam ? A_REVERSE : A_NORMAL);
	}
}

/* Where an alarm is: its own coordinates, else (for the selected alarm
 * only, so a storm cannot make each redraw read hundreds of plans) its
 * plan's anchor. */
static bool alarm_lonlat(struct ui *u, const struct alarm *al, bool selected, double *lon,
			 double *lat)
{
	const struct map_site *m;
	const char *why;

	if (al->has_lonlat) {
		*lon = al->lon;
		*lat = al->lat;
		return true;
	}
	if (!selected)
		return false;
	m = mapstore_plan(&u->maps, al->cust_id, &why);
	if (m == NULL || !m->has_anchor)
		return false;
	*lon = m->lon;
	*lat = m->lat;
	return true;
}

static void draw_overview(struct ui *u, const struct alarm *al, int y, int x, int h, int w)
{
	static struct geo_site sites[OVERVIEW_SITES];
	const struct geo *geo;
	const char *why;
	struct map_grid g;
	double lon = 0, lat = 0;
	int n = 0;
	char buf[300];

	geo = mapstore_district(&u->maps, &why);
	if (geo == NULL) {
		ui_put(y, x, why, w, A_BOLD);
		return;
	}
	if (!alarm_lonlat(u, al, true, &lon, &lat) && geo->npts > 0) {
		lon = geo->pts[0];
		lat = geo->pts[1];
	}
	/* The open alarms, most urgent first (the queue's order). */
	for (size_t i = 0; i < book_count(u->v->book) && n < OVERVIEW_SITES; i++) {
		const struct alarm *o = book_at(u->v->book, i);
		double olon, olat;
		if (!alarm_lonlat(u, o, o == al, &olon, &olat))
			continue;
		sites[n++] = (struct geo_site){olon, olat, o->cust_name, o == al ? 0 : 1, true};
	}
	snprintf(buf, sizeof buf, _("District  %.1f cells/km  (+ - zoom, arrows pan, Tab plan)"),
		 u->map.zoom);
	ui_put(y, x, buf, w, A_BOLD);
	lon += u->map.pan_x / (111.32 * cos(lat * M_PI / 180.0));
	lat += u->map.pan_y / 111.32;
	if (map_grid_init(&g, w, h - 1) == 0) {
		geo_render(geo, sites, n, lon, lat, u->map.zoom, &g);
		blit(u, &g, y + 1, x);
		map_grid_release(&g);
	}
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct alarm *al = book_at(u->v->book, (size_t)u->sel);

	ui_put(y, x, "", w, A_NORMAL);
	mvhline(y, x, ACS_HLINE, w);
	ui_put(y, x + 1, _(" Map "), text_width(_(" Map ")), A_BOLD);
	if (ui_focus_has(u, &ui_map_view))
		ui_put(y, x + 8, _(" m close · Tab overview · [ ] level · ↑↓ camera "),
		       w - 9 > 0 ? w - 9 : 0, A_DIM);
	y++;
	h--;
	for (int i = 0; i < h; i++)
		ui_put(y + i, x, "", w, A_NORMAL);
	if (u->video.src && (al == NULL || !ui_video_on(u, al)))
		ui_video_close(u); /* the picture was for the alarm no longer selected */
	if (al == NULL) {
		ui_put(y, x, _("No alarm selected."), w, A_DIM);
		return;
	}
	if (ui_video_on(u, al) && u->video.full)
		ui_video_draw(u, y, x, h, w);
	else if (u->map.overview)
		draw_overview(u, al, y, x, h, w);
	else
		draw_plan(u, al, y, x, h, w);
}


/* The cursor's camera on the alarm's plan (its marker and name into
 * camera), or NULL with the reason said. */
static const struct map_legend *cursor_camera(struct ui *u, const struct alarm *al,
					      char *camera, size_t len)
{
	const struct map_legend *cams[MAP_MAX_LEGEND];
	const struct map_site *m;
	const char *why;
	int n;

	m = mapstore_plan(&u->maps, al->cust_id, &why);
	if (m == NULL) {
		ui_message(u, true, why);
		return NULL;
	}
	n = level_cameras(u, m, al, cams);
	if (u->map.cam >= n) {
		ui_message(u, true, _("No camera on this level."));
		return NULL;
	}
	snprintf(camera, len, "%c %s", cams[u->map.cam]->marker, cams[u->map.cam]->name);
	return cams[u->map.cam];
}

/* Enter on the cursor's camera: its picture (journaled). */
static void open_camera(struct ui *u, const struct alarm *al)
{
	const struct map_legend *cam;
	char name[200];

	if ((cam = cursor_camera(u, al, name, sizeof name)) != NULL)
		ui_video_open(u, al, name, cam->channel);
}

bool ui_map_pane_shown(void)
{
	return COLS >= 150 && LINES >= 40;
}

static void map_bring_up(struct ui *u)
{
	ui_focus_open(u, &ui_map_view);
}

void ui_map_claimed(struct ui *u, const struct alarm *al)
{
	const struct map_legend *cams[MAP_MAX_LEGEND];
	const struct map_site *m;
	const char *why;
	char name[200];

	if (!u->v->cfg->video || ui_video_on(u, al))
		return;
	m = mapstore_plan(&u->maps, al->cust_id, &why);
	if (m != NULL) {
		/* The alarm's own level, its nearest camera first. */
		if (level_cameras(u, m, al, cams) == 0)
			return;
		u->map.cam = 0;
		u->map.overview = false;
		snprintf(name, sizeof name, "%c %s", cams[0]->marker, cams[0]->name);
		ui_video_open(u, al, name, cams[0]->channel);
	} else if (al->ncameras > 0) {
		ui_video_open(u, al, al->cameras[0].name, al->cameras[0].channel);
	}
	if (ui_video_on(u, al) && !ui_map_pane_shown())
		u->video.pending = map_bring_up;
}

/* While the map has the keys: m or Esc closes it, Tab switches plan and
 * district, and each has its own keys (levels, cameras; zoom and pan). */
static enum ui_key map_key(struct ui *u, wint_t ch, bool fkey)
{
	const struct alarm *al = book_at(u->v->book, (size_t)u->sel);
	const struct map_site *m;
	const char *why;
	double step = 5.0 / u->map.zoom; /* km: five cells */

	if (!fkey && ch == 'm') {
		app_journal(u->a, al ? al->id : "", "view.queue", "");
		return UI_KEY_CLOSE;
	}
	if (!fkey && ch == 27) {
		if (!ui_video_on(u, al))
			return UI_KEY_CLOSE;
		ui_video_close(u); /* Esc stops the picture first */
		return UI_KEY_REDRAW;
	}
	if (ui_video_on(u, al) && ui_video_images_key(u, ch, fkey) != UI_KEY_IGNORED)
		return UI_KEY_REDRAW;
	if (!fkey && ch == 'P' && al) {
		ui_video_ask_images(u, al);
		return UI_KEY_REDRAW;
	}
	if (!fkey && ch == 'V' && ui_video_on(u, al)) {
		u->video.full = !u->video.full;
		return UI_KEY_REDRAW;
	}
	if (!fkey && ch == '\t') {
		u->map.overview = !u->map.overview;
		return UI_KEY_REDRAW;
	}
	if (u->map.overview) {
		if (!fkey && (ch == '+' || ch == '='))
			u->map.zoom = fmin(u->map.zoom * 1.5, 200);
		else if (!fkey && ch == '-')
			u->map.zoom = fmax(u->map.zoom / 1.5, 0.2);
		else if (fkey && ch == KEY_LEFT)
			u->map.pan_x -= step;
		else if (fkey && ch == KEY_RIGHT)
			u->map.pan_x += step;
		else if (fkey && ch == KEY_UP)
			u->map.pan_y += step * 2;
		else if (fkey && ch == KEY_DOWN)
			u->map.pan_y -= step * 2;
		else if (!fkey && ch == '0')
			u->map.pan_x = u->map.pan_y = 0;
		else
			return UI_KEY_IGNORED;
		return UI_KEY_REDRAW;
	}
	/* The plan's keys. */
	if (al == NULL || (m = mapstore_plan(&u->maps, al->cust_id, &why)) == NULL)
		return UI_KEY_IGNORED;
	if (!fkey && (ch == '[' || ch == ']')) {
		int li = level_index(u, m, al) + (ch == ']' ? 1 : -1);
		u->map.level = (li + m->nlevels) % m->nlevels;
		u->map.cam = 0;
	} else if (fkey && (ch == KEY_UP || ch == KEY_DOWN)) {
		const struct map_legend *cams[MAP_MAX_LEGEND];
		int n = level_cameras(u, m, al, cams);
		int cam = u->map.cam + (ch == KEY_UP ? -1 : 1);
		if (cam < 0 || cam >= n)
			return UI_KEY_HANDLED;
		u->map.cam = cam;
		/* While a picture is open, the next-nearest camera's replaces it. */
		if (ui_video_on(u, al))
			open_camera(u, al);
	} else if ((!fkey && (ch == '\r' || ch == '\n')) || (fkey && ch == KEY_ENTER)) {
		open_camera(u, al);
	} else if (!fkey && ch == 'E') {
		const struct map_legend *cam;
		char name[200];
		if ((cam = cursor_camera(u, al, name, sizeof name)) != NULL)
			ui_video_player(u, al, name, cam->channel);
	} else {
		return UI_KEY_IGNORED;
	}
	return UI_KEY_REDRAW;
}

/* Off the screen: a picture shown nowhere else stops. */
static void map_closed(struct ui *u)
{
	if (!ui_map_pane_shown())
		ui_video_close(u);
}

const struct ui_view ui_map_view = {"map", draw, map_key, UI_LAYER_MAP, map_closed};
