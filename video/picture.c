/* picture.c — pixels to cells: in colour with libchafa (half and quarter
 * blocks and shades, narrow symbols only, so double-width text around the
 * picture keeps its columns; no dithering, so the output is a function of
 * the input); in monochrome a ramp of ASCII by each cell's brightness,
 * stretched to the picture's own range (chafa's FG/BG mode depends on the
 * frame drawn before, and shows flat tones as one symbol). */
#include "picture.h"

#include <chafa.h>
#include <stdlib.h>
#include <string.h>

void picture_fit(int px_w, int px_h, int max_cols, int max_rows, int *cols, int *rows)
{
	int c = max_cols, r;

	if (px_w <= 0 || px_h <= 0 || max_cols <= 0 || max_rows <= 0) {
		*cols = *rows = 0;
		return;
	}
	/* rows = cols × (h / w) / 2: a cell is twice as high as wide. */
	r = (int)((long)c * px_h / px_w / 2);
	if (r > max_rows) {
		r = max_rows;
		c = (int)((long)r * 2 * px_w / px_h);
		if (c > max_cols)
			c = max_cols;
	}
	*cols = c > 0 ? c : 1;
	*rows = r > 0 ? r : 1;
}

static ChafaCanvasMode chafa_mode(enum picture_mode m)
{
	switch (m) {
	case PICTURE_MONO: /* not chafa's */
	case PICTURE_8: return CHAFA_CANVAS_MODE_INDEXED_8;
	case PICTURE_16: return CHAFA_CANVAS_MODE_INDEXED_16;
	case PICTURE_256: return CHAFA_CANVAS_MODE_INDEXED_240;
	case PICTURE_TRUECOLOR: break;
	}
	return CHAFA_CANVAS_MODE_TRUECOLOR;
}

static ChafaCanvas *new_canvas(int cols, int rows, enum picture_mode mode)
{
	ChafaSymbolMap *sm = chafa_symbol_map_new();
	ChafaCanvasConfig *cf = chafa_canvas_config_new();
	ChafaCanvas *cv;

	chafa_symbol_map_add_by_tags(sm, CHAFA_SYMBOL_TAG_BLOCK | CHAFA_SYMBOL_TAG_SPACE);
	/* Never a wide symbol, nor the legacy-computing sextants and wedges
	 * few terminal fonts have. */
	chafa_symbol_map_remove_by_tags(sm, CHAFA_SYMBOL_TAG_WIDE | CHAFA_SYMBOL_TAG_LEGACY |
						    CHAFA_SYMBOL_TAG_SEXTANT | CHAFA_SYMBOL_TAG_WEDGE);
	chafa_canvas_config_set_geometry(cf, cols, rows);
	chafa_canvas_config_set_canvas_mode(cf, chafa_mode(mode));
	chafa_canvas_config_set_symbol_map(cf, sm);
	chafa_canvas_config_set_dither_mode(cf, CHAFA_DITHER_MODE_NONE);
	chafa_canvas_config_set_work_factor(cf, 0.2f);
	/* No preprocessing: its contrast pass makes near ties fall differently
	 * from run to run. (chafa's own threads share a picture's cells out:
	 * 96 × 36 cells in 18 ms on two cores, 30 ms on one.) */
	chafa_canvas_config_set_preprocessing_enabled(cf, FALSE);

	cv = chafa_canvas_new(cf);
	chafa_canvas_config_unref(cf);
	chafa_symbol_map_unref(sm);
	return cv;
}

void picture_release(struct picture *p)
{
	if (p->canvas)
		chafa_canvas_unref(p->canvas);
	free(p->cells);
	memset(p, 0, sizeof *p);
}

/* Monochrome: each cell's mean luminance, the darkest cell a space and the
 * brightest '@'. */
static void render_mono(struct picture *p, const uint8_t *rgba, int px_w, int px_h, int stride)
{
	static const char ramp[] = " .:-=+*#%@";
	int n = p->cols * p->rows, lo = 255 * 1000, hi = 0;
	int *lum = malloc(sizeof *lum * (size_t)n);

	if (lum == NULL)
		return;
	for (int cy = 0; cy < p->rows; cy++)
		for (int cx = 0; cx < p->cols; cx++) {
			int x0 = cx * px_w / p->cols, x1 = (cx + 1) * px_w / p->cols;
			int y0 = cy * px_h / p->rows, y1 = (cy + 1) * px_h / p->rows;
			long sum = 0, cnt = 0;
			if (x1 <= x0)
				x1 = x0 + 1;
			if (y1 <= y0)
				y1 = y0 + 1;
			for (int y = y0; y < y1 && y < px_h; y++)
				for (int x = x0; x < x1 && x < px_w; x++) {
					const uint8_t *q = rgba + (size_t)y * (size_t)stride + (size_t)x * 4;
					sum += 299 * q[0] + 587 * q[1] + 114 * q[2]; /* Rec. 601 */
					cnt++;
				}
			lum[cy * p->cols + cx] = cnt ? (int)(sum / cnt) : 0;
			lo = lum[cy * p->cols + cx] < lo ? lum[cy * p->cols + cx] : lo;
			hi = lum[cy * p->cols + cx] > hi ? lum[cy * p->cols + cx] : hi;
		}
	for (int i = 0; i < n; i++) {
		int k = hi > lo ? (lum[i] - lo) * (int)(sizeof ramp - 2) / (hi - lo) : 0;
		p->cells[i] = (struct picture_cell){(uint32_t)ramp[k], -1, -1};
	}
	free(lum);
}

int picture_render(struct picture *p, const uint8_t *rgba, int px_w, int px_h, int stride,
		   int cols, int rows, enum picture_mode mode)
{
	ChafaCanvas *cv;

	if (cols <= 0 || rows <= 0 || cols > 1000 || rows > 1000 || px_w <= 0 || px_h <= 0)
		return -1;
	if ((p->canvas == NULL && mode != PICTURE_MONO) || p->cells == NULL || p->cols != cols || p->rows != rows || p->mode != mode) {
		struct picture_cell *c = malloc(sizeof *c * (size_t)cols * (size_t)rows);
		if (c == NULL)
			return -1;
		picture_release(p);
		p->cells = c;
		p->cols = cols;
		p->rows = rows;
		p->mode = mode;
		if (mode != PICTURE_MONO && (p->canvas = new_canvas(cols, rows, mode)) == NULL) {
			picture_release(p);
			return -1;
		}
	}
	if (mode == PICTURE_MONO) {
		render_mono(p, rgba, px_w, px_h, stride);
		return 0;
	}
	cv = p->canvas;
	chafa_canvas_draw_all_pixels(cv, CHAFA_PIXEL_RGBA8_UNASSOCIATED, rgba, px_w, px_h, stride);
	for (int y = 0; y < rows; y++)
		for (int x = 0; x < cols; x++) {
			struct picture_cell *c = &p->cells[y * cols + x];
			gint fg, bg;
			chafa_canvas_get_raw_colors_at(cv, x, y, &fg, &bg);
			c->cp = chafa_canvas_get_char_at(cv, x, y);
			c->fg = fg;
			c->bg = bg;
		}
	return 0;
}

int picture_copy(struct picture *dst, const struct picture *src)
{
	size_t n = (size_t)src->cols * (size_t)src->rows;

	if (dst->cols * dst->rows != src->cols * src->rows || dst->cells == NULL) {
		struct picture_cell *c = realloc(dst->cells, sizeof *c * (n ? n : 1));
		if (c == NULL)
			return -1;
		dst->cells = c;
	}
	dst->cols = src->cols;
	dst->rows = src->rows;
	dst->mode = src->mode;
	if (n)
		memcpy(dst->cells, src->cells, sizeof *dst->cells * n);
	return 0;
}

int picture_changed(const struct picture *a, const struct picture *b)
{
	int n = 0;

	if (a->cols != b->cols || a->rows != b->rows || a->cells == NULL)
		return b->cols * b->rows;
	for (int i = 0; i < b->cols * b->rows; i++)
		n += memcmp(&a->cells[i], &b->cells[i], sizeof a->cells[i]) != 0;
	return n;
}
