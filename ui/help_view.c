/* help_view.c — the help overlay (? or F1): every key of the command table
 * (app/commands.c), in a box drawn over the queue. */
#include <stdio.h>
#include <string.h>

#include "../app/commands.h"
#include "../app/i18n.h"
#include "ui-int.h"

/* The help rows: the commands with a label, in the table's order. */
static int help_rows(const struct config_keys *k, const struct command **rows, char (*keys)[24])
{
	int n = 0;

	for (int i = 0; i < CMD_COUNT; i++) {
		const struct command *c = &commands[i];
		int key = command_key(c, k);
		if (c->label == NULL)
			continue;
		if (c->keys)
			snprintf(keys[n], sizeof keys[n], "%s", c->keys);
		else
			snprintf(keys[n], sizeof keys[n], "%c%s", key, c->id == CMD_HELP ? "  F1" : "");
		rows[n++] = c;
	}
	return n;
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct command *rows[CMD_COUNT];
	char keys[CMD_COUNT][24];
	const int N = help_rows(&u->v->cfg->keys, rows, keys);
	const char *ro = u->v->read_only;
	/* One column when it fits, else two side by side. */
	int cols = N + 3 <= h ? 1 : 2, per = (N + cols - 1) / cols;
	int bw = w < 72 * cols ? w : 72 * cols, bh = per + 3 + (ro != NULL);
	int by = y + (h - bh) / 2, bx = x + (w - bw) / 2, cw = bw / cols;

	if (by < y)
		by = y;
	for (int i = 0; i < bh; i++)
		ui_put(by + i, bx, "", bw, A_REVERSE);
	ui_put(by + 1, bx + 2, _("Keys"), bw - 4, A_REVERSE | A_BOLD);
	for (int i = 0; i < N; i++) {
		/* A read-only session sees the alarm keys disabled, and why. */
		bool off = ro && rows[i]->changes;
		attr_t at = A_REVERSE | (off ? A_DIM : 0);
		int ry = by + 2 + i % per, rx = bx + 2 + (i / per) * cw;
		ui_put(ry, rx, keys[i], 14, at | A_BOLD);
		ui_put(ry, rx + 14, _(rows[i]->label), cw - 17, at);
	}
	if (ro)
		ui_put(by + bh - 2, bx + 2,
		       strcmp(ro, "replay") == 0
			       ? _("Dimmed keys are off: a replay only shows what happened.")
		       : strcmp(ro, "supervisor") == 0
			       ? _("Dimmed keys are off: a supervisor session is read-only.")
			       : _("Dimmed keys are off: without a working journal nothing is done."),
		       bw - 4, A_REVERSE | A_BOLD);
	ui_put(by + bh - 1, bx + 2, _("Press any key to close."), bw - 4, A_REVERSE | A_DIM);
}

/* Any key closes the help. */
static enum ui_key key(struct ui *u, wint_t ch, bool fkey)
{
	return UI_KEY_CLOSE;
}

const struct ui_view ui_help_view = {"help", draw, key, UI_LAYER_HELP, NULL};
