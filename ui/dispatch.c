/* dispatch.c — the field officer's part (GA 1383 现场处置). The unit is
 * picked from the data set's list (name and phone; typed when it lists
 * none); the order, departure and arrival are timed by the center; a
 * departure or arrival keyed implausibly soon after the step before (an
 * Enter pressed twice) is questioned first; on arrival the report of what
 * was found is asked in the words the case needs (a panic button: reset,
 * and why it was pressed; a false alarm: its cause), and the center will
 * not close the alarm without it. */
#include <stdio.h>

#include "../app/core/ad.h"
#include "../app/i18n.h"
#include "ui-int.h"

/* Sooner than this after the step before, a step is questioned. */
#define DEPART_PLAUSIBLE_MS 5000
#define ARRIVE_PLAUSIBLE_MS 60000

void ui_dispatch_open(struct ui *u, const struct alarm *al)
{
	char title[200];

	if (u->v->nunits == 0) {
		ui_note_ask(u, al, PROTO_ACT_DISPATCH, 0,
			    _("Dispatch whom? (name and phone of the field officer)"));
		return;
	}
	snprintf(title, sizeof title, "%s — %s", _("Dispatch a field unit"), al->cust_name);
	ui_choice_begin(u, al, PROTO_ACT_DISPATCH, title);
	for (int i = 0; i < u->v->nunits && i < UI_CHOICES; i++) {
		char label[160];
		snprintf(label, sizeof label, "%s  %s", u->v->units[i].name, u->v->units[i].phone);
		ui_choice_add(u, label, 0, u->v->units[i].id);
	}
}

/* The answer to "really?" (code: the milliseconds since the step before):
 * yes sends the step and journals that it was confirmed, no leaves the
 * alarm as it was. */
static void confirmed(struct ui *u, const struct alarm *al, int since_ms, const char *text)
{
	enum proto_action action = u->choice.action;
	char detail[120];

	if (text == NULL || text[0] != 'y')
		return;
	snprintf(detail, sizeof detail, "%s confirmed %.1f s after the step before",
		 proto_action_name(action), (double)since_ms / 1000.0);
	app_journal(u->a, al->id, "dispatch.quick", detail);
	ui_send(u, al, action, "", 0);
}

void ui_field_step(struct ui *u, const struct alarm *al, enum proto_action action)
{
	const struct flow_timer *t = &al->flow.clk[FLOW_CLK_DEPART];
	int64_t since = u->v->now_ms - (action == PROTO_ACT_DEPART ? t->start_ms : t->stop_ms);
	int64_t plausible = action == PROTO_ACT_DEPART ? DEPART_PLAUSIBLE_MS : ARRIVE_PLAUSIBLE_MS;
	char title[200];

	if (since < 0 || since >= plausible) {
		ui_send(u, al, action, "", 0);
		return;
	}
	snprintf(title, sizeof title,
		 action == PROTO_ACT_DEPART ? _("Departed only %.1f s after the order: really?")
					    : _("Arrived only %.1f s after departing: really?"),
		 (double)since / 1000.0);
	ui_choice_begin(u, al, action, title);
	u->choice.done = confirmed;
	ui_choice_add(u, action == PROTO_ACT_DEPART ? _("yes, the unit has departed")
						    : _("yes, the unit is on site"),
		      (int)since, "y");
	ui_choice_add(u, _("no"), (int)since, "n");
}

void ui_report_open(struct ui *u, const struct alarm *al)
{
	const char *ask = al->cls == ALARM_CLASS_PANIC
				  ? _("Field report: is the panic button reset, and why was it pressed?")
			  : al->flow.verdict == FLOW_VERDICT_FALSE
				  ? _("Field report: what caused the false alarm, what was found?")
				  : _("Field report: what did the field officer find on site?");

	ui_note_ask(u, al, PROTO_ACT_REPORT, 0, ask);
}
