/* training.c — what a training run adds to the app: every alarm state goes
 * to the drill, and the drill is scored when its last scripted alarm is
 * closed, on demand, and at the end of the run. */
#include <stdio.h>
#include <string.h>

#include "app-int.h"
#include "drill_run.h"

void app__drill_seen(struct app *a, const struct alarm *al)
{
	drill_run_observe(a->drill, al);
	a->drill_scored = false;
	if (al->state == ALARM_ST_CLOSED && drill_run_done(a->drill))
		app_drill_score(a);
}

int app_drill_score(struct app *a)
{
	char err[600], who[160], pct_text[16];
	int pct;

	if (a->drill == NULL)
		return -1;
	snprintf(who, sizeof who, "%s@%s", a->cfg.operator_, a->cfg.console_id);
	pct = drill_run_report(a->drill, app_center_now(a), who, a->drill_report, err, sizeof err);
	if (pct < 0) {
		app__emit(a, (struct app_event){.kind = APP_EV_PROBLEM, .text = err});
		return -1;
	}
	a->drill_scored = true;
	snprintf(pct_text, sizeof pct_text, "%d %%", pct);
	if (a->journal)
		journal_append(a->journal, "", "drill.score", a->drill_report, pct_text);
	app__emit(a, (struct app_event){.kind = APP_EV_SCORE, .text = a->drill_report, .code = pct});
	return pct;
}
