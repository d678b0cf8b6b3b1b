/* steps.c — the operator's workflow keys. Enter takes the suggested next
 * step (app/core/flow_next); single keys take the others. Every step is an
 * op; while one is on its way for an alarm, further steps on it wait. */
#include <stdio.h>
#include <string.h>

#include "../app/commands.h"
#include "../app/core/ad.h"
#include "../app/core/plan.h"
#include "../app/i18n.h"
#include "ui-int.h"

static bool mine(const struct ui *u, const struct alarm *al)
{
	return strcmp(al->claimed_by, u->v->cfg->operator_) == 0;
}

/* The notifications the plan requires, not yet ticked. */
static bool notify_open(const struct alarm *al)
{
	uint32_t m = flow_notify_mask(al);
	return (al->flow.ticks & m) != m;
}

static void next_step(struct ui *u, const struct alarm *al)
{
	switch (flow_next(al)) {
	case FLOW_EV_CLAIM:
		ui_send(u, al, PROTO_ACT_CLAIM, "", 0);
		return;
	case FLOW_EV_REVIEW:
		ui_send(u, al, PROTO_ACT_REVIEW, flow_method_names[al->rules->method], 0);
		return;
	case FLOW_EV_ORDER:
		ui_send(u, al, PROTO_ACT_ORDER, "", 0);
		return;
	case FLOW_EV_DISPATCH:
		ui_dispatch_open(u, al);
		return;
	case FLOW_EV_DEPART:
		ui_field_step(u, al, PROTO_ACT_DEPART);
		return;
	case FLOW_EV_ARRIVE:
		ui_field_step(u, al, PROTO_ACT_ARRIVE);
		return;
	case FLOW_EV_FORWARD:
		ui_send(u, al, PROTO_ACT_FORWARD, "", 0);
		ui_checklist_open(u, al);
		return;
	case FLOW_EV_CONFIRM:
		ui_checklist_open(u, al);
		return;
	case FLOW_EV_PLAN:
		ui_plan_open(u, al);
		return;
	case FLOW_EV_REPORT:
		ui_report_open(u, al);
		return;
	case FLOW_EV_CLOSE:
		if (al->state != ALARM_ST_WORK_ORDER && al->flow.verdict == FLOW_VERDICT_REAL &&
		    notify_open(al))
			ui_checklist_open(u, al); /* the notifications are on the checklist */
		else
			ui_choice_close(u, al);
		return;
	default:
		if (al->state == ALARM_ST_REVIEWING || al->state == ALARM_ST_ON_SCENE)
			ui_choice_result(u, al, al->state == ALARM_ST_ON_SCENE);
		else if (al->state == ALARM_ST_FALSE_ALARM)
			ui_choice_close(u, al);
	}
}

/* Claims al, or on a folded site's row every alarm of the site nobody
 * holds (the filter's), most urgent first. */
static void claim(struct ui *u, const struct alarm *al)
{
	const struct ui_group *g = ui_group_of(u, al);
	char buf[160];
	int n = 0;

	if (g == NULL || g->count < 2 || g->expanded || g->cls >= 0) { /* a storm's kind: this one */
		ui_send(u, al, PROTO_ACT_CLAIM, "", 0);
		return;
	}
	for (size_t i = (size_t)g->first; book_at(u->v->book, i); i++) {
		const struct alarm *x = book_at(u->v->book, i);
		if (x->center == al->center && strcmp(x->cust_id, al->cust_id) == 0 &&
		    !x->claimed_by[0] && !console_op_pending(u->v->core, x->id) &&
		    filter_match(&u->filter, x, u->v->cfg->operator_, u->v->now_ms)) {
			ui_send(u, x, PROTO_ACT_CLAIM, "", 0);
			n++;
		}
	}
	snprintf(buf, sizeof buf, _("Claiming the site's %d open alarms."), n);
	ui_message(u, false, buf);
}

bool ui_step_key(struct ui *u, const struct alarm *al, wint_t ch, bool fkey)
{
	bool enter = fkey ? ch == KEY_ENTER : (ch == '\n' || ch == '\r');
	const struct command *c = enter  ? &commands[CMD_NEXT]
				  : fkey ? NULL
					 : command_by_key((int)ch, &u->v->cfg->keys);

	if (al == NULL || c == NULL || (c->action < 0 && c->id != CMD_NEXT))
		return false;
	if (console_op_pending(u->v->core, al->id)) {
		ui_message(u, false, _("Waiting for the center to confirm the last step…"));
		return true;
	}
	if (c->id == CMD_AUTOLOG) {
		if (command_allowed(c, u->v->role))
			ui_autolog_open(u, al);
		else
			ui_message(u, true, _("Only a supervisor logs a storm's group in bulk."));
		return true;
	}
	if (c->id == CMD_PERMIT) {
		/* A supervisor's: about the alarm, no claim. */
		if (command_allowed(c, u->v->role))
			ui_permit_open(u, al);
		else
			ui_message(u, true, _("Only a supervisor permits holding an overdue alarm."));
		return true;
	}
	if (c->id == CMD_SITE_TEST) {
		/* About the site, not the alarm: no claim needed. */
		ui_choice_test(u, al);
		return true;
	}
	if (c->id == CMD_CLAIM || (enter && al->state == ALARM_ST_NEW) || (enter && !al->claimed_by[0])) {
		claim(u, al);
		return true;
	}
	if (c->id == CMD_RELEASE) {
		ui_send(u, al, PROTO_ACT_RELEASE, "", 0);
		return true;
	}
	if (!mine(u, al)) {
		ui_message(u, true, _("Claim the alarm first (Enter)."));
		return true;
	}
	switch (c->id) {
	case CMD_NEXT: next_step(u, al); break;
	case CMD_NOTE: ui_note_open(u, al); break;
	case CMD_CALL: ui_call_open(u, al); break;
	case CMD_PLAN: ui_plan_open(u, al); break;
	case CMD_FORWARD:
		if (al->state == ALARM_ST_INCIDENT)
			ui_send(u, al, PROTO_ACT_FORWARD, "", 0);
		ui_checklist_open(u, al);
		break;
	case CMD_HOLD:
		if (al->flow.hold_until)
			ui_send(u, al, PROTO_ACT_UNHOLD, "", 0);
		else
			ui_choice_hold(u, al);
		break;
	case CMD_CLOSE: ui_choice_close(u, al); break;
	case CMD_CONTROL: ui_control_open(u, al); break;
	default: /* an op with its fixed text: review, result, order, police */
		ui_send(u, al, (enum proto_action)c->action, c->text, 0);
	}
	return true;
}

void ui_step_hint(const struct ui *u, const struct alarm *al, char *buf, size_t len)
{
	const char *next, *ro = u->v->read_only;
	char step[160];

	if (ro) {
		snprintf(buf, len, "%s",
			 strcmp(ro, "replay") == 0       ? _("Replay: read-only")
			 : strcmp(ro, "supervisor") == 0 ? _("Read-only (supervisor): operators act")
							 : _("NO JOURNAL: read-only, keys refused"));
		return;
	}
	if (!al->claimed_by[0]) {
		snprintf(buf, len, "%s", _("Enter: claim"));
		return;
	}
	if (!mine(u, al)) {
		snprintf(buf, len, _("Held by %s"), al->claimed_by);
		return;
	}
	switch (flow_next(al)) {
	case FLOW_EV_PLAN:
		snprintf(step, sizeof step, _("Enter: step %d of the plan is open (L: the plan)"),
			 plan_first_open(al) + 1);
		next = step;
		break;
	case FLOW_EV_REPORT: next = _("Enter: the field officer's report"); break;
	default: next = NULL;
	}
	switch (next ? ALARM_ST_COUNT : al->state) {
	case ALARM_ST_CLAIMED:
		next = al->rules->method == FLOW_METHOD_VIDEO ? _("Enter: video review · v a i p: video audio image phone · o: work order")
							     : _("Enter: review by the plan's method · v a i p: video audio image phone · o: work order");
		break;
	case ALARM_ST_REVIEWING: next = _("y: real (incident) · n: false alarm · u: inconclusive"); break;
	case ALARM_ST_INCONCLUSIVE: next = _("Enter: send a field officer to review on site"); break;
	case ALARM_ST_INCIDENT: next = _("Enter: forward (checklist)"); break;
	case ALARM_ST_FORWARDING: next = _("Enter: open the forward checklist"); break;
	case ALARM_ST_FORWARDED:
		next = al->rules->dispatch ? _("Enter: dispatch a field officer") : _("Enter: close");
		break;
	case ALARM_ST_DISPATCHED: next = _("Enter: officer departed"); break;
	case ALARM_ST_DEPARTED: next = _("Enter: officer arrived"); break;
	case ALARM_ST_ON_SCENE:
		next = al->flow.verdict == FLOW_VERDICT_NONE ? _("y: real · n: false (field review result)")
							      : _("Enter: close");
		break;
	case ALARM_ST_FALSE_ALARM: next = _("Enter: choose the cause and close"); break;
	case ALARM_ST_WORK_ORDER: next = _("Enter: close (work order sent)"); break;
	case ALARM_ST_COUNT: break; /* the plan's or the report's, above */
	default: next = "";
	}
	snprintf(buf, len, "%s · h: %s · r: %s%s", next,
		 al->flow.hold_until ? _("resume") : _("hold"), _("release"),
		 al->rules->police_direct && al->flow.clk[FLOW_CLK_POLICE].stop_ms == 0
			 ? _(" · P: police confirmed receipt")
			 : "");
}
