/* help_view.c — the help overlay (? or F1): every key of the command table
 * (app/commands.c), then the keys of the map, the pages and the mode (replay,
 * drill), in a bordered box as wide as its text needs and the screen allows. */
#include <stdio.h>
#include <string.h>

#include "../app/commands.h"
#include "../app/core/text.h"
#include "../app/i18n.h"
#include "ui-int.h"

#define MAX_ROWS (CMD_COUNT + 24)

struct row {
	char keys[24];
	const char *label; /* translated; NULL: a heading in keys */
	bool changes;      /* changes an alarm: dimmed when read-only */
};

/* Keys that are not commands of the table: where they work says when. */
static const struct {
	const char *keys, *label;
} map_keys[] = {
	{"↑ ↓", N_("map: the next-nearest camera")},  {"Enter", N_("map: the camera's picture")},
	{"V", N_("map: the picture full screen / back")}, {"E", N_("map: the camera in the external player")},
	{"[ ]", N_("map: the level below / above")},  {"Tab", N_("map: district overview / site plan")},
	{"+ - ←→", N_("map: zoom, pan the district")}, {"m Esc", N_("map: stop the picture, back to the alarm")},
	{"P", N_("map: the images kept with the alarm")}, {"← → Space", N_("images: one back / on, play / pause")},
}, page_keys[] = {
	{"1 2 3 4", N_("figures: the last hour, 8 h, 24 h, 7 days")},
	{"[ ]", N_("figures: the period before / after")},
	{"A", N_("handover: acknowledge it (journaled)")},
}, replay_keys[] = {
	{"Space", N_("replay: pause / play")},         {"+ -", N_("replay: faster / slower")},
	{".", N_("replay: one message")},              {"< >", N_("replay: a minute back / on")},
	{"{ }", N_("replay: ten minutes back / on")},
}, drill_keys[] = {
	{"S", N_("drill: score it now")},
};

static int add(struct row *v, int n, const char *keys, const char *label, bool changes)
{
	if (n < MAX_ROWS) {
		snprintf(v[n].keys, sizeof v[n].keys, "%s", keys);
		v[n].label = label;
		v[n].changes = changes;
		n++;
	}
	return n;
}

#define ADD_ALL(v, n, t)                                          \
	for (size_t i_ = 0; i_ < sizeof t / sizeof t[0]; i_++) \
	n = add(v, n, t[i_].keys, _(t[i_].label), false)

static int help_rows(const struct ui *u, struct row *v)
{
	const struct config_keys *k = &u->v->cfg->keys;
	int n = 0;

	for (int i = 0; i < CMD_COUNT; i++) {
		const struct command *c = &commands[i];
		char keys[24];
		if (c->label == NULL)
			continue;
		if (c->keys)
			snprintf(keys, sizeof keys, "%s", c->keys);
		else
			snprintf(keys, sizeof keys, "%c%s", command_key(c, k),
				 c->id == CMD_HELP ? "  F1" : "");
		n = add(v, n, keys, _(c->label), c->changes);
	}
	ADD_ALL(v, n, map_keys);
	ADD_ALL(v, n, page_keys);
	if (u->v->replay)
		ADD_ALL(v, n, replay_keys);
	if (u->v->training)
		ADD_ALL(v, n, drill_keys);
	return n;
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	static struct row rows[MAX_ROWS];
	const int N = help_rows(u, rows), KW = 14;
	const char *ro = u->v->read_only;
	int label_w = 0, cols, per, cw, bw, bh, by, bx;

	for (int i = 0; i < N; i++)
		if (text_width(rows[i].label) > label_w)
			label_w = text_width(rows[i].label);
	/* One column when it fits in height, else two; each as wide as its
	 * longest label, as far as the screen allows. */
	cols = N + 5 + (ro != NULL) <= h ? 1 : 2;
	per = (N + cols - 1) / cols;
	cw = KW + label_w + 2;
	bw = cols * cw + 3;
	if (bw > w)
		bw = w, cw = (bw - 3) / cols;
	bh = per + 4 + (ro != NULL);
	if (bh > h)
		bh = h, per = bh - 4 - (ro != NULL);
	by = y + (h - bh) / 2;
	bx = x + (w - bw) / 2;
	ui_box(by, bx, bh, bw);
	ui_put(by + 1, bx + 2, _("Keys"), bw - 4, A_REVERSE | A_BOLD);
	for (int i = 0; i < N && i < per * cols; i++) {
		/* A read-only session sees the alarm keys disabled, and why. */
		bool off = ro && rows[i].changes;
		attr_t at = A_REVERSE | (off ? A_DIM : 0);
		int ry = by + 2 + i % per, rx = bx + 2 + (i / per) * cw;
		ui_put(ry, rx, rows[i].keys, KW, at | A_BOLD);
		ui_put(ry, rx + KW, rows[i].label, cw - KW - 1, at);
	}
	if (ro)
		ui_put(by + bh - 3, bx + 2,
		       strcmp(ro, "replay") == 0
			       ? _("Dimmed keys are off: a replay only shows what happened.")
		       : strcmp(ro, "supervisor") == 0
			       ? _("Dimmed keys are off: a supervisor session is read-only.")
			       : _("Dimmed keys are off: without a working journal nothing is done."),
		       bw - 4, A_REVERSE | A_BOLD);
	ui_put(by + bh - 2, bx + 2, _("Press any key to close."), bw - 4, A_REVERSE | A_DIM);
}

/* Any key closes the help. */
static enum ui_key key(struct ui *u, wint_t ch, bool fkey)
{
	return UI_KEY_CLOSE;
}

const struct ui_view ui_help_view = {"help", draw, key, UI_LAYER_HELP, NULL};
