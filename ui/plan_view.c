/* plan_view.c — the alarm's response plan (L): its steps in order, each
 * marked done [x], open [ ] or not applying [-] (a forward or dispatch step
 * of an alarm not verified real), with what came of a step ticked by hand.
 * A step is done by the workflow step its data names (a call that reached
 * someone, the confirmed forward, the dispatch…) or by hand: a number asks
 * what came of it and sends op step, which every timeline shows. The
 * center refuses to close while a mandatory step (*) that applies is open;
 * the detail pane shows the same lines. */
#include <stdio.h>
#include <string.h>

#include "../app/core/flow.h"
#include "../app/core/plan.h"
#include "../app/i18n.h"
#include "ui-int.h"

int ui_plan_line(const struct alarm *al, const struct app_plan *plan, int i, char *buf,
		 size_t len)
{
	/* Without the center's step rules (an older center) the plan is text. */
	bool known = al->rules->nsteps == plan->nsteps;
	bool done = known && plan_step_done(al, i);
	/* A real alarm's step is out only once the alarm is known not to be one. */
	bool out = known && !done && !plan_step_applies(al, i) &&
		   (al->flow.verdict == FLOW_VERDICT_FALSE || !flow_open(al->state) ||
		    al->state == ALARM_ST_WORK_ORDER);
	const char *mark = !known ? "" : done ? "[x] " : out ? "[-] " : "[ ] ";
	/* What came of it when it was ticked by hand (its newest entry). */
	const struct alarm_entry *e = done ? alarm_last_entry(al, "plan", i) : NULL;
	const char *got = e ? e->text : "";

	snprintf(buf, len, " %s%d.%s %s%s%s", mark, i + 1, plan->mandatory[i] ? "*" : " ",
		 plan->steps[i], got[0] ? " — " : "", got);
	if (out)
		return A_DIM;
	return known && !done && plan->mandatory[i] && plan_step_applies(al, i) &&
			       flow_open(al->state)
		       ? A_BOLD
		       : A_NORMAL;
}

void ui_plan_open(struct ui *u, const struct alarm *al)
{
	if (app_view_plan(u->v, al->plan_id) == NULL) {
		ui_message(u, true, _("No plan was received for this alarm's class."));
		return;
	}
	snprintf(u->plan_id, sizeof u->plan_id, "%s", al->id);
	ui_focus_open(u, &ui_plan_view);
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct alarm *al = book_find(u->v->book, u->plan_id);
	const struct app_plan *plan = al ? app_view_plan(u->v, al->plan_id) : NULL;
	int bw = w < 100 ? w : 100, bh, by, bx = x + (w - bw) / 2;
	char buf[600];

	if (plan == NULL)
		return;
	bh = plan->nsteps + 4 < h ? plan->nsteps + 4 : h;
	by = y + (h - bh) / 2;
	ui_box(by, bx, bh, bw);
	snprintf(buf, sizeof buf, "%s — %s · %s", plan->name, al->cust_name,
		 ui_state_label(al->state));
	ui_put(by + 1, bx + 2, buf, bw - 4, A_REVERSE | A_BOLD);
	for (int i = 0; i < plan->nsteps && i < bh - 4; i++) {
		int attr = ui_plan_line(al, plan, i, buf, sizeof buf);
		ui_put(by + 2 + i, bx + 2, buf, bw - 4, A_REVERSE | attr);
	}
	ui_put(by + bh - 2, bx + 2, _("A number ticks that step with what came of it · * blocks closing · Esc closes"),
	       bw - 4, A_REVERSE | A_DIM);
}

static enum ui_key key(struct ui *u, wint_t ch, bool fkey)
{
	const struct alarm *al = book_find(u->v->book, u->plan_id);
	const struct app_plan *plan = al ? app_view_plan(u->v, al->plan_id) : NULL;
	int i = !fkey && ch >= '1' && ch <= '9' ? (int)(ch - '1') : -1;
	char title[300];

	if (plan == NULL || (!fkey && (ch == 27 || ch == 'q')))
		return UI_KEY_CLOSE;
	if (i < 0 || i >= plan->nsteps)
		return UI_KEY_HANDLED; /* other keys do nothing while the plan is open */
	if (al->rules->nsteps != plan->nsteps) {
		ui_message(u, true, _("The center does not track this plan's steps."));
		return UI_KEY_HANDLED;
	}
	if (plan_step_done(al, i)) {
		ui_message(u, false, _("That step of the plan is done already."));
		return UI_KEY_HANDLED;
	}
	if (!plan_step_applies(al, i)) {
		ui_message(u, true, _("That step is for a verified real alarm only."));
		return UI_KEY_HANDLED;
	}
	ui_focus_close(u, &ui_plan_view);
	snprintf(title, sizeof title, _("Step %d, %s: what came of it? (journaled, on the timeline)"),
		 i + 1, plan->steps[i]);
	ui_note_ask(u, al, PROTO_ACT_PLAN, i, title);
	return UI_KEY_REDRAW;
}

const struct ui_view ui_plan_view = {"plan", draw, key, UI_LAYER_MODAL, NULL};
