/* call_view.c — the call list (C): the site's contacts in their order, then
 * its police station, each with the outcome of its last call. A number
 * picks whom to call: the call starts (journaled, dialled when a softphone
 * is configured) and the outcome is chosen from one list, which the center
 * applies to the review (app/core/call.h). The duress passcode is named
 * on screen only as "passcode (2)": nothing a bystander could read. */
#include <stdio.h>
#include <string.h>

#include "../app/core/ad.h"
#include "../app/core/call.h"
#include "../app/i18n.h"
#include "ui-int.h"

/* The outcomes as the operator chooses them, in the order of the list. */
static const char *const outcome_labels[CALL_OUTCOME_COUNT] = {
	[CALL_NO_ANSWER] = N_("no answer"),
	[CALL_BUSY] = N_("busy"),
	[CALL_WRONG_NUMBER] = N_("wrong number"),
	[CALL_CONFIRMED_FALSE] = N_("reached: confirmed false alarm"),
	[CALL_CONFIRMED_REAL] = N_("reached: confirmed real"),
	[CALL_PASSCODE_OK] = N_("passcode (1) correct"),
	[CALL_DURESS] = N_("passcode (2)"),
};

/* Whom entry i of the list is: a contact, or the police station after them. */
static void callee(const struct alarm *al, int i, const char **name, const char **phone,
		   const char **role)
{
	if (i >= 0 && i < al->ncontacts) {
		*name = al->contacts[i].name;
		*phone = al->contacts[i].phone;
		*role = al->contacts[i].role;
	} else {
		*name = al->police[0] ? al->police : _("police station");
		*phone = "";
		*role = _("police station");
	}
}

void ui_call_words(const struct alarm *al, const struct alarm_entry *e, char *buf, size_t len)
{
	const char *name, *phone, *role;
	enum call_outcome o;

	callee(al, e->arg, &name, &phone, &role);
	snprintf(buf, len, "%s %s%s%s: %s", _("call"), name, phone[0] ? " " : "", phone,
		 call_outcome_parse(e->text, &o) == 0 ? _(outcome_labels[o]) : e->text);
}

void ui_call_open(struct ui *u, const struct alarm *al)
{
	snprintf(u->call_id, sizeof u->call_id, "%s", al->id);
	ui_focus_open(u, &ui_call_view);
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	const struct alarm *al = book_find(u->v->book, u->call_id);
	int n, bw = w < 86 ? w : 86, bh, by, bx = x + (w - bw) / 2;
	char buf[400], t[16];

	if (al == NULL)
		return;
	n = call_police_index(al) + 1;
	bh = n + 4 < h ? n + 4 : h;
	by = y + (h - bh) / 2;
	ui_box(by, bx, bh, bw);
	snprintf(buf, sizeof buf, "%s — %s · %s", _("Call list"), al->cust_name,
		 ui_state_label(al->state));
	ui_put(by + 1, bx + 2, buf, bw - 4, A_REVERSE | A_BOLD);
	for (int i = 0; i < n && i < bh - 4; i++) {
		const char *name, *phone, *role;
		const struct alarm_entry *e = alarm_last_entry(al, "call", i);
		char last[200] = "";
		callee(al, i, &name, &phone, &role);
		if (e) {
			enum call_outcome o;
			ui_clock(t, sizeof t, e->at_ms);
			snprintf(last, sizeof last, "  ·  %s %s", t,
				 call_outcome_parse(e->text, &o) == 0 ? _(outcome_labels[o]) : e->text);
		}
		snprintf(buf, sizeof buf, "%d  %s%s%s (%s)%s", i + 1, name, phone[0] ? " " : "", phone,
			 role, last);
		ui_put(by + 2 + i, bx + 2, buf, bw - 4, A_REVERSE);
	}
	ui_put(by + bh - 2, bx + 2,
	       u->v->cfg->dial_command[0] ? _("A number calls (dialled) · Esc closes")
					  : _("A number: whom you call · Esc closes"),
	       bw - 4, A_REVERSE | A_DIM);
}

/* The outcome chosen (NULL: none recorded): sent, and journaled as the
 * call's end; nobody reached, the list comes back for the next number. */
static void ended(struct ui *u, const struct alarm *al, int callee_index, const char *outcome)
{
	const char *name, *phone, *role;
	char detail[300];
	enum call_outcome o;

	if (outcome)
		ui_send(u, al, PROTO_ACT_CALL, outcome, callee_index);
	callee(al, callee_index, &name, &phone, &role);
	snprintf(detail, sizeof detail, "%s %s: %s", name, phone,
		 outcome ? outcome : "no outcome recorded");
	app_journal(u->a, al->id, "call.end", detail);
	if (outcome == NULL ||
	    (call_outcome_parse(outcome, &o) == 0 && call_verdict(o) == FLOW_VERDICT_NONE))
		ui_call_open(u, al);
}

/* Entry i chosen: the call starts, and its outcome is asked. */
static void call(struct ui *u, const struct alarm *al, int i)
{
	const char *name, *phone, *role;
	char title[200];
	int rc;

	callee(al, i, &name, &phone, &role);
	rc = app_call_start(u->a, al->id, name, phone);
	if (rc == AD_EIO)
		ui_message(u, true, _("The softphone could not be started: dial by hand."));
	else if (rc == AD_ENOMEM)
		ui_message(u, true, _("The softphone has not returned from the last calls."));
	else if (rc == 1)
		ui_message(u, false, _("Dialling…"));
	snprintf(title, sizeof title, "%s%s%s — %s", name, phone[0] ? " " : "", phone,
		 _("outcome of the call"));
	ui_choice_begin(u, al, PROTO_ACT_CALL, title);
	u->choice.done = ended;
	for (int o = 0; o < CALL_OUTCOME_COUNT; o++)
		ui_choice_add(u, _(outcome_labels[o]), i, call_outcome_names[o]);
}

static enum ui_key key(struct ui *u, wint_t ch, bool fkey)
{
	const struct alarm *al = book_find(u->v->book, u->call_id);
	int i = !fkey && ch >= '1' && ch <= '9' ? (int)(ch - '1') : -1;

	if (al == NULL || (!fkey && (ch == 27 || ch == 'q')))
		return UI_KEY_CLOSE;
	if (i < 0 || i > call_police_index(al))
		return UI_KEY_HANDLED; /* other keys do nothing while the list is open */
	ui_focus_close(u, &ui_call_view);
	call(u, al, i);
	return UI_KEY_REDRAW;
}

const struct ui_view ui_call_view = {"call", draw, key, UI_LAYER_MODAL, NULL};
