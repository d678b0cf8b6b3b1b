/* training.c — what a training run adds: every alarm state goes to the
 * drill, which is to be scored once its last scripted alarm is closed, on
 * demand, and at the end of the run. */
#include <stdio.h>

#include "app-int.h"
#include "drill_run.h"

bool app__training_seen(struct app *a, const struct alarm *al)
{
	if (a->drill == NULL)
		return false;
	drill_run_observe(a->drill, al);
	a->drill_scored = false;
	return al->state == ALARM_ST_CLOSED && drill_run_done(a->drill);
}

int app__training_score(struct app *a, int64_t now_ms, char *err, size_t errlen)
{
	char who[160], pct_text[16];
	int pct;

	if (a->drill == NULL) {
		snprintf(err, errlen, "not a training run");
		return -1;
	}
	snprintf(who, sizeof who, "%s@%s", a->cfg.operator_, a->cfg.console_id);
	pct = drill_run_report(a->drill, now_ms, who, a->drill_report, err, errlen);
	if (pct < 0)
		return -1;
	a->drill_scored = true;
	snprintf(pct_text, sizeof pct_text, "%d %%", pct);
	if (a->journal)
		journal_append(a->journal, "", "drill.score", a->drill_report, pct_text);
	return pct;
}
