/* autolog.c — a supervisor logs a storm's group in bulk (Z): the restored
 * faults of the selected alarm's kind, or all of them, with why; the center
 * refuses it for a P1/P2 alarm and never sweeps one in. */
#include <stdio.h>
#include <string.h>

#include "../app/i18n.h"
#include "ui-int.h"

/* How many alarms of al's kind are open, and how many of them restored. */
static void count(const struct ui *u, const struct alarm *al, int *all, int *restored)
{
	*all = *restored = 0;
	for (size_t i = 0; book_at(u->v->book, i); i++) {
		const struct alarm *x = book_at(u->v->book, i);
		if (x->center == al->center && x->priority >= 3 && x->cls == al->cls &&
		    strcmp(x->event_code, al->event_code) == 0) {
			(*all)++;
			*restored += x->flow.restored_ms != 0;
		}
	}
}

/* The part chosen: why is asked, and the op goes with it. */
static void chosen(struct ui *u, const struct alarm *al, int code, const char *text)
{
	if (text == NULL)
		return;
	ui_note_ask(u, al, PROTO_ACT_AUTOLOG, code,
		    _("Why are these alarms logged without handling? (journaled, on every timeline)"));
}

void ui_autolog_open(struct ui *u, const struct alarm *al)
{
	char label[160];
	int all, restored;

	if (al->priority <= 2) {
		ui_message(u, true, _("P1/P2 alarms are handled one by one, never logged in bulk."));
		return;
	}
	count(u, al, &all, &restored);
	ui_choice_begin(u, al, PROTO_ACT_AUTOLOG, _("Log this kind of fault in bulk"));
	u->choice.done = chosen;
	snprintf(label, sizeof label, _("the restored ones (%d)"), restored);
	ui_choice_add(u, label, 0, "restored");
	snprintf(label, sizeof label, _("the whole group (%d)"), all);
	ui_choice_add(u, label, 1, "all");
}
