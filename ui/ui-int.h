/* ui-int.h — what the views share: the UI state, drawing helpers and the
 * view table. Private to ui/. */
#ifndef UI_INT_H
#define UI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "../app/app.h"

/* Colour pairs. */
enum {
	UI_PAIR_P1 = 1, /* priority 1: red */
	UI_PAIR_P2,     /* priority 2: yellow */
	UI_PAIR_P3,     /* priority 3: magenta */
	UI_PAIR_P4,     /* priority 4: cyan */
	UI_PAIR_BAR,    /* title and status bars */
	UI_PAIR_OK,     /* link up */
	UI_PAIR_BAD,    /* link down, errors */
};

struct ui {
	struct app *a;
	bool flash;       /* flashing allowed (--no-flash turns it off) */
	bool flash_on;    /* current phase of the flash timer */
	bool help;
	bool quit_confirm;
	bool colors;
	char sel_id[64];  /* the selected alarm, followed across reorders */
	long sel;
	long top;
	char msg[300];
	bool msg_bad;
	int64_t msg_at;
};

/* A view draws itself inside a rectangle of stdscr. */
struct ui_view {
	const char *name;
	void (*draw)(struct ui *u, int y, int x, int h, int w);
};

extern const struct ui_view ui_queue_view, ui_detail_view, ui_status_view, ui_help_view,
	ui_title_view;

/* Writes s at (y, x) clipped and padded to exactly `cols` display columns. */
void ui_put(int y, int x, const char *s, int cols, attr_t attr);
/* A table cell: s in cols-1 columns, then one column of space. */
void ui_cell(int y, int x, const char *s, int cols, attr_t attr);
/* Like ui_put with printf formatting. */
void ui_putf(int y, int x, int cols, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

attr_t ui_prio_attr(const struct ui *u, int priority);
const char *ui_class_label(enum alarm_class c);
const char *ui_channel_label(enum alarm_channel c);
const char *ui_state_label(enum alarm_state s);
/* "12s", "3m05s", "1h02m" */
void ui_age(char *buf, size_t len, int64_t ms);
/* Local "HH:MM:SS" of a wall-clock ms time. */
void ui_clock(char *buf, size_t len, int64_t ms);

#endif
