/* focus.c — the UI's state operations every view may use: the focus stack
 * (which views are open, in layers, and who gets a key first) and the
 * message line. */
#include <stdio.h>
#include <string.h>

#include "ui-int.h"

void ui_dirty(struct ui *u)
{
	u->dirty = true;
}

void ui_message(struct ui *u, bool bad, const char *text)
{
	snprintf(u->msg, sizeof u->msg, "%s", text);
	u->msg_bad = bad;
	ui_dirty(u);
}

bool ui_focus_has(const struct ui *u, const struct ui_view *v)
{
	for (int i = 0; i < u->nfocus; i++)
		if (u->focus[i] == v)
			return true;
	return false;
}

void ui_focus_open(struct ui *u, const struct ui_view *v)
{
	int at = u->nfocus;

	if (ui_focus_has(u, v) || u->nfocus == UI_FOCUS_MAX)
		return;
	/* The stack stays in layer order: a dialog opened under help is still
	 * below it. */
	while (at > 0 && u->focus[at - 1]->layer > v->layer) {
		u->focus[at] = u->focus[at - 1];
		at--;
	}
	u->focus[at] = v;
	u->nfocus++;
	ui_dirty(u);
}

void ui_focus_close(struct ui *u, const struct ui_view *v)
{
	for (int i = 0; i < u->nfocus; i++) {
		if (u->focus[i] != v)
			continue;
		memmove(&u->focus[i], &u->focus[i + 1], (size_t)(u->nfocus - i - 1) * sizeof *u->focus);
		u->nfocus--;
		if (v->closed)
			v->closed(u);
		/* A popup may have cut double-width characters at its edges: the
		 * terminal's cells are not what curses believes; paint them all. */
		clearok(curscr, TRUE);
		ui_dirty(u);
		return;
	}
}

bool ui_focus_key(struct ui *u, wint_t ch, bool fkey)
{
	for (int i = u->nfocus - 1; i >= 0; i--) {
		const struct ui_view *v = u->focus[i];
		switch (v->key ? v->key(u, ch, fkey) : UI_KEY_IGNORED) {
		case UI_KEY_IGNORED:
			continue;
		case UI_KEY_CLOSE:
			ui_focus_close(u, v);
			return true;
		case UI_KEY_REDRAW:
			ui_dirty(u);
			return true;
		case UI_KEY_HANDLED:
			return true;
		}
	}
	return false;
}
