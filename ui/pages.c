/* pages.c — switching between the queue and the full pages (room, overdue
 * list, figures, handover) and each page's keys. While a page is shown the
 * alarm keys rest: what is acted on must be visible. */
#include <string.h>

#include "../app/core/ad.h"
#include "../app/i18n.h"
#include "../app/replay.h"
#include "ui-int.h"

#define HOUR_MS 3600000LL

static void ask_figures(struct ui *u)
{
	int64_t to = u->fig_end_ms ? u->fig_end_ms : app_center_now(u->a);

	u->a->has_figures = false;
	if (app_query_figures(u->a, to - u->fig_span_ms, to))
		ui_message(u, true, _("Figures: no link to the center."));
}

static void open_page(struct ui *u, enum ui_page p)
{
	static const char *const names[] = {"queue", "room", "overdue", "figures", "handover"};

	u->page = u->page == p ? UI_PAGE_QUEUE : p;
	app_journal(u->a, "", "view.page", names[u->page]);
	if (u->page == UI_PAGE_FIGURES) {
		if (u->fig_span_ms == 0)
			u->fig_span_ms = 8 * HOUR_MS;
		ask_figures(u);
	}
}

static bool figures_key(struct ui *u, wint_t ch)
{
	static const int64_t spans[] = {HOUR_MS, 8 * HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS};
	int64_t end = u->fig_end_ms ? u->fig_end_ms : app_center_now(u->a);

	if (ch >= '1' && ch <= '4') {
		u->fig_span_ms = spans[ch - '1'];
		u->fig_end_ms = 0;
	} else if (ch == '[') {
		u->fig_end_ms = end - u->fig_span_ms;
	} else if (ch == ']') {
		u->fig_end_ms = end + u->fig_span_ms >= app_center_now(u->a) ? 0 : end + u->fig_span_ms;
	} else {
		return false;
	}
	ask_figures(u);
	return true;
}

bool ui_page_key(struct ui *u, wint_t ch, bool fkey)
{
	if (!fkey && ch == 'B') {
		if (u->a->role == PROTO_ROLE_SUPERVISOR)
			ui_notice_open(u);
		else
			ui_message(u, true, _("Only supervisors send notices to every console."));
		return true;
	}
	if (!fkey && (ch == 'R' || ch == 'O' || ch == 'F' || ch == 'H')) {
		open_page(u, ch == 'R'   ? UI_PAGE_ROOM
			     : ch == 'O' ? UI_PAGE_OVERDUE
			     : ch == 'F' ? UI_PAGE_FIGURES
					 : UI_PAGE_HANDOVER);
		return true;
	}
	if (u->page == UI_PAGE_QUEUE)
		return false;
	if (!fkey && ch == 27) {
		open_page(u, UI_PAGE_QUEUE);
		return true;
	}
	if (!fkey && u->page == UI_PAGE_FIGURES && figures_key(u, ch))
		return true;
	if (!fkey && u->page == UI_PAGE_HANDOVER && ch == 'A') {
		app_handover_ack(u->a);
		ui_message(u, false, _("Handover acknowledged (journaled)."));
		return true;
	}
	/* Help, quit, silence and redraw still work; the alarm keys rest. */
	return fkey ? ch != KEY_F(1) && ch != KEY_RESIZE
		    : ch != (wint_t)u->a->cfg.keys.help && ch != (wint_t)u->a->cfg.keys.quit &&
			      ch != (wint_t)u->a->cfg.keys.silence && ch != 12;
}

/* Replay: space pauses, + - change the speed, . steps one message, < >
 * seek a minute, { } ten minutes. Training: S scores the drill now. */
bool ui_mode_key(struct ui *u, wint_t ch, bool fkey)
{
	struct replay *r = u->a->replay;

	if (fkey)
		return false;
	if (u->a->drill && ch == 'S') {
		app_drill_score(u->a);
		return true;
	}
	if (r == NULL)
		return false;
	switch (ch) {
	case ' ': replay_toggle_pause(r); break;
	case '+': replay_speed_step(r, 1); break;
	case '-': replay_speed_step(r, -1); break;
	case '.': replay_step(r); break;
	case '<': replay_seek(r, replay_now(r) - 60000); break;
	case '>': replay_seek(r, replay_now(r) + 60000); break;
	case '{': replay_seek(r, replay_now(r) - 600000); break;
	case '}': replay_seek(r, replay_now(r) + 600000); break;
	default: return false;
	}
	return true;
}
