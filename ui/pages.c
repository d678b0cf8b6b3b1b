/* pages.c — switching between the queue and the full pages (room, overdue
 * list, figures, handover, sites) and each page's keys. While a page is shown the
 * alarm keys rest: what is acted on must be visible. */
#include <string.h>

#include "../app/core/ad.h"
#include "../app/i18n.h"
#include "../app/replay.h"
#include "ui-int.h"

#define HOUR_MS 3600000LL

static void ask_figures(struct ui *u)
{
	int64_t to = u->fig_end_ms ? u->fig_end_ms : u->v->now_ms;

	if (app_query_figures(u->a, to - u->fig_span_ms, to))
		ui_message(u, true, _("Figures: no link to the center."));
}

static void journal_page(struct ui *u)
{
	static const char *const names[] = {"queue",   "room",  "overdue", "figures",
					    "handover", "sites", "site", "orders"};

	app_journal(u->a, "", "view.page", names[u->page]);
}

void ui_page_open(struct ui *u, enum ui_page p)
{
	if (ui_focus_has(u, &ui_page_view) && u->page == p) {
		ui_focus_close(u, &ui_page_view); /* the same page again: back to the queue */
		return;
	}
	u->page = p;
	ui_focus_open(u, &ui_page_view);
	journal_page(u);
	if (u->page == UI_PAGE_FIGURES) {
		if (u->fig_span_ms == 0)
			u->fig_span_ms = 8 * HOUR_MS;
		ask_figures(u);
	}
}

bool ui_page_key_open(struct ui *u, wint_t ch)
{
	static const struct {
		wint_t key;
		enum ui_page page;
	} keys[] = {{'R', UI_PAGE_ROOM}, {'O', UI_PAGE_OVERDUE}, {'F', UI_PAGE_FIGURES},
		    {'H', UI_PAGE_HANDOVER}, {'D', UI_PAGE_SITES}, {'M', UI_PAGE_ORDERS}};

	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (keys[i].key == ch) {
			ui_page_open(u, keys[i].page);
			return true;
		}
	if (ch == 'B') {
		ui_notice_open(u);
		return true;
	}
	if (ch == 'I') {
		if (ui_focus_has(u, &ui_page_view) && u->page == UI_PAGE_SITE)
			ui_focus_close(u, &ui_page_view);
		else {
			ui_page_open(u, UI_PAGE_SITE);
			ui_site_ask(u, book_at(u->v->book, (size_t)u->sel));
		}
		return true;
	}
	return false;
}

static void page_closed(struct ui *u)
{
	u->page = UI_PAGE_QUEUE;
	journal_page(u);
}

static bool figures_key(struct ui *u, wint_t ch)
{
	static const int64_t spans[] = {HOUR_MS, 8 * HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS};
	int64_t end = u->fig_end_ms ? u->fig_end_ms : u->v->now_ms;

	if (ch >= '1' && ch <= '4') {
		u->fig_span_ms = spans[ch - '1'];
		u->fig_end_ms = 0;
	} else if (ch == '[') {
		u->fig_end_ms = end - u->fig_span_ms;
	} else if (ch == ']') {
		u->fig_end_ms = end + u->fig_span_ms >= u->v->now_ms ? 0 : end + u->fig_span_ms;
	} else {
		return false;
	}
	ask_figures(u);
	return true;
}

/* A page's keys: R O F H D switch pages (the same one again, or Esc, goes
 * back to the queue), B a supervisor's notice, the figures' period, the
 * handover's acknowledgement. The alarm keys rest while a page is shown
 * (what is acted on must be visible); help, quit, silence and redraw go on
 * to the queue below. */
static enum ui_key page_key(struct ui *u, wint_t ch, bool fkey)
{
	const struct config_keys *k = &u->v->cfg->keys;

	if (u->page == UI_PAGE_SITE && ui_site_key(u, ch, fkey))
		return UI_KEY_REDRAW;
	if (u->page == UI_PAGE_ORDERS && ui_orders_key(u, ch, fkey))
		return UI_KEY_REDRAW;
	if (fkey)
		return ch == KEY_F(1) || ch == KEY_RESIZE ? UI_KEY_IGNORED : UI_KEY_HANDLED;
	if (ui_page_key_open(u, ch))
		return UI_KEY_REDRAW;
	if (ch == 27)
		return UI_KEY_CLOSE;
	if (u->page == UI_PAGE_FIGURES && figures_key(u, ch))
		return UI_KEY_REDRAW;
	if (u->page == UI_PAGE_HANDOVER && ch == 'A') {
		app_handover_ack(u->a);
		ui_message(u, false, _("Handover acknowledged (journaled)."));
		return UI_KEY_REDRAW;
	}
	return ch == (wint_t)k->help || ch == (wint_t)k->quit || ch == (wint_t)k->silence || ch == 12
		       ? UI_KEY_IGNORED
		       : UI_KEY_HANDLED;
}

static void page_draw(struct ui *u, int y, int x, int h, int w)
{
	static const struct ui_view *const pages[] = {
		[UI_PAGE_ROOM] = &ui_room_view, [UI_PAGE_OVERDUE] = &ui_overdue_view,
		[UI_PAGE_FIGURES] = &ui_figures_view, [UI_PAGE_HANDOVER] = &ui_handover_view,
		[UI_PAGE_SITES] = &ui_sites_view, [UI_PAGE_SITE] = &ui_site_view,
		[UI_PAGE_ORDERS] = &ui_orders_view};

	if (u->page != UI_PAGE_QUEUE)
		pages[u->page]->draw(u, y, x, h, w);
}

const struct ui_view ui_page_view = {"page", page_draw, page_key, UI_LAYER_PAGE, page_closed};

/* Replay: space pauses, + - change the speed, . steps one message, < >
 * seek a minute, { } ten minutes. Training: S scores the drill now. */
static enum ui_key mode_key(struct ui *u, wint_t ch, bool fkey)
{
	struct replay *r = u->v->replay;

	if (fkey)
		return UI_KEY_IGNORED;
	if (u->v->training && ch == 'S') {
		app_drill_score(u->a);
		return UI_KEY_REDRAW;
	}
	if (r == NULL)
		return UI_KEY_IGNORED;
	switch (ch) {
	case ' ': replay_toggle_pause(r); break;
	case '+': replay_speed_step(r, 1); break;
	case '-': replay_speed_step(r, -1); break;
	case '.': replay_step(r); break;
	case '<': replay_seek(r, replay_now(r) - 60000); break;
	case '>': replay_seek(r, replay_now(r) + 60000); break;
	case '{': replay_seek(r, replay_now(r) - 600000); break;
	case '}': replay_seek(r, replay_now(r) + 600000); break;
	default: return UI_KEY_IGNORED;
	}
	return UI_KEY_REDRAW;
}

const struct ui_view ui_mode_view = {"mode", NULL, mode_key, UI_LAYER_MODE, NULL};
