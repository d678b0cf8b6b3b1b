/* search_view.c — the search line: `/` and words (app/core/filter.h) filter
 * the queue as they are typed; Enter keeps the filter, Esc puts back the
 * one before. The status bar shows a filter while it is on, and Esc (or \)
 * on the queue clears it. Journaled, as every view change is. */
#include <stdio.h>
#include <string.h>

#include "../app/core/text.h"
#include "../app/i18n.h"
#include "ui-int.h"

/* The classes and states as the screen names them, which the search
 * accepts too. */
static void screen_labels(struct filter_labels *l)
{
	for (int c = 0; c < ALARM_CLASS_COUNT; c++)
		l->cls[c] = ui_class_label((enum alarm_class)c);
	for (int s = 0; s < ALARM_ST_COUNT; s++)
		l->state[s] = ui_state_label((enum alarm_state)s);
}

/* Applies the words typed so far; a word that cannot be used says why. */
static void apply(struct ui *u)
{
	struct filter_labels labels;
	struct alarm_filter f;
	char err[200];

	screen_labels(&labels);
	if (filter_parse(u->query, &labels, &f, err, sizeof err) == 0) {
		u->filter = f;
		u->msg[0] = '\0';
		ui_shown_stale(u); /* the groups are of what the filter shows */
	} else {
		ui_message(u, true, err);
	}
}

void ui_search_open(struct ui *u)
{
	snprintf(u->query_was, sizeof u->query_was, "%s", u->query);
	ui_focus_open(u, &ui_search_view);
}

void ui_search_clear(struct ui *u)
{
	u->query[0] = '\0';
	apply(u);
	app_journal(u->a, "", "view.filter", "");
	ui_message(u, false, _("Filter cleared: every alarm is shown."));
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	char buf[300];
	int pw;

	snprintf(buf, sizeof buf, "/%s_", u->query);
	pw = text_width(buf) + 1;
	ui_put(y, x, buf, pw, A_BOLD);
	snprintf(buf, sizeof buf, _("%ld of %zu shown · words: name, address, account, phone, id; "
				    "a class, a state, new, mine, held · Enter keeps · Esc cancels"),
		 ui_shown_count(u), book_count(u->v->book));
	ui_put(y, x + pw, buf, w - pw, A_DIM);
}

static enum ui_key key(struct ui *u, wint_t ch, bool fkey)
{
	int r = ui_edit_line(u->query, sizeof u->query, ch, fkey);

	if (r < 0) {
		snprintf(u->query, sizeof u->query, "%s", u->query_was);
		apply(u);
		return UI_KEY_CLOSE;
	}
	apply(u);
	if (r > 0) {
		app_journal(u->a, "", "view.filter", u->query);
		return UI_KEY_CLOSE;
	}
	return UI_KEY_REDRAW;
}

const struct ui_view ui_search_view = {"search", draw, key, UI_LAYER_MODAL, NULL};
