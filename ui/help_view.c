/* help_view.c — the help overlay (? or F1): every key, in a box drawn over
 * the queue. */
#include <stdio.h>
#include <string.h>

#include "../app/i18n.h"
#include "ui-int.h"

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct config_keys *k = &u->a->cfg.keys;
	struct {
		char key[24];
		const char *what;
	} rows[] = {
		{"↑ ↓  j k", _("select the previous / next alarm")},
		{"PgUp PgDn", _("page through the queue")},
		{"Home End  g G", _("first / last alarm")},
		{"Enter", _("the next step shown on the Next line")},
		{"", _("claim (acknowledge) the selected alarm")},
		{"v a i p", _("review by video, audio, image, phone")},
		{"y n u", _("review result: real, false alarm, inconclusive")},
		{"f", _("the manual forward checklist")},
		{"P", _("police confirmed the panel's direct report")},
		{"o", _("open a work order (faults)")},
		{"h", _("hold for a while / resume")},
		{"N", _("write a note on the alarm")},
		{"m", _("the map: site plan at the alarm point, cameras, district")},
		{"", _("release the claimed alarm")},
		{"", _("close the alarm you hold")},
		{"", _("silence the alert sounds for a while")},
		{"", _("show or hide this help")},
		{"", _("quit (asks to confirm)")},
		{"Ctrl-L", _("redraw the screen")},
		{"R O F H", _("pages: room, overdue list, figures, shift handover (Esc back)")},
		{"B", _("supervisors: a notice to every console")},
	};
	enum { N = sizeof rows / sizeof rows[0], FIRST_ACTION = 3, LAST_ACTION = 15 };
	const char *ro = app_read_only(u->a);
	/* One column when it fits, else two side by side. */
	int cols = N + 3 <= h ? 1 : 2, per = (N + cols - 1) / cols;
	int bw = w < 72 * cols ? w : 72 * cols, bh = per + 3 + (ro != NULL);
	int by = y + (h - bh) / 2, bx = x + (w - bw) / 2, cw = bw / cols;

	snprintf(rows[4].key, sizeof rows[4].key, "%c", k->claim);
	snprintf(rows[13].key, sizeof rows[13].key, "%c", k->release);
	snprintf(rows[14].key, sizeof rows[14].key, "%c", k->close);
	snprintf(rows[15].key, sizeof rows[15].key, "%c", k->silence);
	snprintf(rows[16].key, sizeof rows[16].key, "%c  F1", k->help);
	snprintf(rows[17].key, sizeof rows[17].key, "%c", k->quit);
	if (by < y)
		by = y;
	for (int i = 0; i < bh; i++)
		ui_put(by + i, bx, "", bw, A_REVERSE);
	ui_put(by + 1, bx + 2, _("Keys"), bw - 4, A_REVERSE | A_BOLD);
	for (int i = 0; i < N; i++) {
		/* A read-only session sees the alarm keys disabled, and why. */
		bool off = ro && i >= FIRST_ACTION && i <= LAST_ACTION && i != 12 && i != 15;
		attr_t at = A_REVERSE | (off ? A_DIM : 0);
		int ry = by + 2 + i % per, rx = bx + 2 + (i / per) * cw;
		ui_put(ry, rx, rows[i].key, 14, at | A_BOLD);
		ui_put(ry, rx + 14, rows[i].what, cw - 17, at);
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

const struct ui_view ui_help_view = {"help", draw};
