/* picture.h — a picture in terminal cells: RGBA pixels turned into a grid of
 * narrow symbols with a foreground and background colour each (libchafa),
 * fitted to a pane at the cells' aspect. Pure: no I/O, no terminal; the
 * same pixels and size give the same cells (no dithering), so a golden
 * grid can be checked. */
#ifndef VIDEO_PICTURE_H
#define VIDEO_PICTURE_H

#include <stdbool.h>
#include <stdint.h>

/* How the terminal shows colour: what the console found it can do. */
enum picture_mode {
	PICTURE_MONO,      /* no colours (vt100): ASCII symbols, foreground on background */
	PICTURE_8,         /* the 8 ANSI colours */
	PICTURE_16,        /* 16 */
	PICTURE_256,       /* the xterm 256-colour palette */
	PICTURE_TRUECOLOR, /* 24-bit (a direct-colour terminal) */
};

struct picture_cell {
	uint32_t cp;    /* the symbol (a narrow code point) */
	int32_t fg, bg; /* palette index, or 0xRRGGBB in true colour; -1: the terminal's own */
};

struct picture {
	int cols, rows;
	struct picture_cell *cells; /* rows × cols */
	enum picture_mode mode;
	void *canvas; /* the renderer's, kept while size and mode hold */
};

/* The largest cols × rows inside max_cols × max_rows that shows a
 * px_w × px_h picture undistorted (a cell is twice as high as wide). */
void picture_fit(int px_w, int px_h, int max_cols, int max_rows, int *cols, int *rows);

/* Renders the pixels (rows of `stride` bytes, RGBA) into p at cols × rows,
 * reusing p's cells when the size holds. 0, or -1 (no memory, bad size). */
int picture_render(struct picture *p, const uint8_t *rgba, int px_w, int px_h, int stride,
		   int cols, int rows, enum picture_mode mode);
void picture_release(struct picture *p);
/* dst gets src's cells (not its renderer). 0, or -1 (no memory). */
int picture_copy(struct picture *dst, const struct picture *src);

/* How many cells differ between a and b (all of b's when the sizes do). */
int picture_changed(const struct picture *a, const struct picture *b);

#endif
