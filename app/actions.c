/* actions.c — what the front ends ask of the console: an op on an alarm,
 * the clocks checked now, the drill scored now. Each goes to the core or the
 * mode, and what comes of it is reported as events. */
#include <stdio.h>
#include <string.h>

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
	if (action == PROTO_ACT_TEST)
		return app_site_test(a, al->center, al->cust_id, code, text);
	/* The ops of a supervisor: permitting a hold, logging a storm's kind
	 * of fault in bulk (when they can be journaled, and not in a replay). */
	if (action == PROTO_ACT_PERMIT || action == PROTO_ACT_AUTOLOG
		    ? a->role != PROTO_ROLE_SUPERVISOR || app_records_not(a)
		    : app_read_only(a) != NULL)
		return AD_EPERM;
	snprintf(row_action, sizeof row_action, "op.%s", proto_action_name(action));
	return console_op(&a->core, al->center, (int)action, id, text, code, row_action, false)
		       ? 0
		       : AD_ENOMEM;
}

int app_site_test(struct app *a, int center, const char *site, int seconds, const char *reason)
{
	if (site == NULL || !site[0] || center < 0 || center >= a->ncenters || seconds < 0)
		return AD_EINVAL;
	if (app_read_only(a))
		return AD_EPERM;
	/* The journal row's alarm column names the site. */
	return console_op(&a->core, center, PROTO_ACT_TEST, site, reason, seconds, "op.test", false)
		       ? 0
		       : AD_ENOMEM;
}

int app_order_step(struct app *a, const char *order_id, enum order_step step, const char *text)
{
	const struct console_order *o = console_order_find(&a->core, order_id);

	if (o == NULL)
		return AD_ENOENT;
	if ((unsigned)step >= ORDER_STEP_COUNT)
		return AD_EINVAL;
	if (app_read_only(a))
		return AD_EPERM;
	/* The journal row's alarm column names the order. */
	return console_op(&a->core, o->center, PROTO_ACT_WORK, order_id, text ? text : "",
			  (int)step, "op.work", false)
		       ? 0
		       : AD_ENOMEM;
}

int app_order_new(struct app *a, const char *site, enum order_urgency u, const char *text)
{
	if (site == NULL || !site[0] || text == NULL || !text[0] || (unsigned)u >= ORDER_URGENCY_COUNT)
		return AD_EINVAL;
	if (app_read_only(a))
		return AD_EPERM;
	return console_op(&a->core, app_site_center(a, site), PROTO_ACT_WORK_NEW, site, text, (int)u,
			  "op.work_new", false)
		       ? 0
		       : AD_ENOMEM;
}

int app_site_center(const struct app *a, const char *site)
{
	for (size_t k = 0; book_at(a->book, k); k++)
		if (strcmp(book_at(a->book, k)->cust_id, site) == 0)
			return book_at(a->book, k)->center;
	for (int i = 0; i < a->ncenters; i++)
		if (console_test_of(&a->core, i, site))
			return i;
	return 0;
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
