/* actions.c — what the front ends ask of the console: an op on an alarm,
 * the clocks checked now, the drill scored now. Each goes to the core or the
 * mode, and what comes of it is reported as events. */
#include <stdio.h>

#include "app-int.h"
#include "core/ad.h"

void app_journal(struct app *a, const char *alarm_id, const char *action, const char *detail)
{
	if (a->journal)
		journal_append(a->journal, alarm_id, action, detail, "");
}

int app_op(struct app *a, enum proto_action action, const char *id, const char *text, int code)
{
	const struct alarm *al = book_find(a->book, id);
	char row_action[32];

	if (al == NULL)
		return AD_ENOENT;
	if (app_read_only(a))
		return AD_EPERM;
	snprintf(row_action, sizeof row_action, "op.%s", proto_action_name(action));
	return console_op(&a->core, al->center, (int)action, id, text, code, row_action, false)
		       ? 0
		       : AD_ENOMEM;
}

size_t app_escalate(struct app *a, int64_t now_ms)
{
	int worst;
	size_t n = console_escalate(&a->core, now_ms, &worst);

	/* The most urgent alarm with a clock overdue now, for the alert policy. */
	if (worst != a->overdue_priority) {
		a->overdue_priority = worst;
		app_alert_due(a);
	}
	return n;
}

int app_drill_score(struct app *a)
{
	char err[600];
	int pct;

	if (a->drill == NULL)
		return -1;
	pct = app__training_score(a, app_center_now(a), err, sizeof err);
	if (pct < 0)
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .text = err});
	else
		app__emit(a, (struct app_event){.kind = APP_EV_SCORE, .text = a->drill_report,
					   .code = pct});
	return pct;
}
