/* ui.h — the ncurses front end: one screen of views (queue, detail, status
 * bar, help overlay) redrawn through dirty flags, at most one doupdate per
 * loop pass, spaced under load by what drawing costs (at most [ui]
 * redraw_ms). Keyboard from a uv_poll on
 * stdin, resize from SIGWINCH. Only ui/ includes curses. */
#ifndef UI_H
#define UI_H

#include <stdbool.h>

#include "../app/view.h"

struct ui;
extern const struct app_frontend ui_frontend;

/* Takes over the terminal. Returns the UI, or NULL with a reason in err (not
 * a terminal, no UTF-8 locale). quit_cb runs when the operator quits. */
struct ui *ui_start(struct app *a, bool flash, void (*quit_cb)(struct app *a), char *err,
		    size_t errlen);
/* Gives the terminal back (endwin) and closes the UI's handles; the UI is
 * freed once they are closed. Idempotent; NULL is ignored. */
void ui_stop(struct ui *u);

#endif
