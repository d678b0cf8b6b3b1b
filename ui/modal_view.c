/* modal_view.c — the dialogs over the queue: a numbered choice (review
 * result, false-alarm cause, incident outcome, hold time) and the manual
 * forward checklist, whose items are prefilled from the alarm so that the
 * operator reads them out to the police and ticks each by key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/commands.h"
#include "../app/core/cid.h"
#include "../app/core/text.h"
#include "../app/i18n.h"
#include "ui-int.h"

static void modal_open(struct ui *u, enum ui_modal kind)
{
	if (u->modal != kind)
		clearok(curscr, TRUE); /* another frame: no half characters left of the last */
	u->modal = kind;
	ui_focus_open(u, &ui_modal_view);
}

void ui_choice_begin(struct ui *u, const struct alarm *al, enum proto_action action,
		     const char *title)
{
	memset(&u->choice, 0, sizeof u->choice);
	snprintf(u->choice.title, sizeof u->choice.title, "%s", title);
	snprintf(u->choice.id, sizeof u->choice.id, "%s", al->id);
	u->choice.action = action;
	modal_open(u, UI_MODAL_CHOICE);
}

void ui_choice_ask(struct ui *u, const char *title, void (*asked)(struct ui *u, int code, const char *text))
{
	memset(&u->choice, 0, sizeof u->choice);
	snprintf(u->choice.title, sizeof u->choice.title, "%s", title);
	u->choice.asked = asked;
	modal_open(u, UI_MODAL_CHOICE);
}

void ui_text_ask(struct ui *u, const char *title, void (*asked)(struct ui *u, const char *text))
{
	memset(&u->note, 0, sizeof u->note);
	snprintf(u->note.title, sizeof u->note.title, "%s", title);
	u->note.asked = asked;
	modal_open(u, UI_MODAL_NOTE);
}

void ui_choice_add(struct ui *u, const char *label, int code, const char *text)
{
	struct ui_choice *c = &u->choice;

	if (c->n == UI_CHOICES)
		return;
	snprintf(c->label[c->n], sizeof c->label[0], "%s", label);
	c->code[c->n] = code;
	snprintf(c->text[c->n], sizeof c->text[0], "%s", text ? text : "");
	c->n++;
}

void ui_choice_result(struct ui *u, const struct alarm *al, bool field)
{
	ui_choice_begin(u, al, PROTO_ACT_RESULT, field ? _("Field review result") : _("Review result"));
	ui_choice_add(u, _("real: an incident (forward to the police)"), 0, "real");
	ui_choice_add(u, _("false alarm"), 0, "false");
	if (!field)
		ui_choice_add(u, _("inconclusive: send a field officer to review on site"), 0, "inconclusive");
}

void ui_choice_close(struct ui *u, const struct alarm *al)
{
	const struct app_view *a = u->v;
	bool false_alarm = al->flow.verdict == FLOW_VERDICT_FALSE;

	ui_choice_begin(u, al, PROTO_ACT_CLOSE, false_alarm ? _("Cause of the false alarm") : _("Outcome"));
	if (false_alarm) {
		for (int i = 0; i < a->ncauses; i++)
			ui_choice_add(u, a->causes[i].text, a->causes[i].code, NULL);
	} else {
		for (int i = 0; i < a->noutcomes; i++)
			ui_choice_add(u, a->outcomes[i].text, a->outcomes[i].code, NULL);
		ui_choice_add(u, _("no outcome to record"), 0, NULL);
	}
}

/* The minutes chosen: the reason is asked next, and the hold goes with it. */
static void hold_reason(struct ui *u, const struct alarm *al, int minutes, const char *text)
{
	if (text == NULL)
		return;
	memset(&u->note, 0, sizeof u->note);
	snprintf(u->note.id, sizeof u->note.id, "%s", al->id);
	u->note.action = PROTO_ACT_HOLD;
	u->note.code = minutes;
	modal_open(u, UI_MODAL_NOTE);
}

void ui_choice_hold(struct ui *u, const struct alarm *al)
{
	static const int minutes[] = {5, 15, 30, 60};
	char label[64];

	ui_choice_begin(u, al, PROTO_ACT_HOLD, _("Hold the alarm for"));
	u->choice.done = hold_reason;
	for (size_t i = 0; i < sizeof minutes / sizeof minutes[0]; i++) {
		snprintf(label, sizeof label, _("%d minutes"), minutes[i]);
		ui_choice_add(u, label, minutes[i], NULL);
	}
}

void ui_choice_test(struct ui *u, const struct alarm *al)
{
	static const struct {
		int s;
		const char *label;
	} spans[] = {{3600, N_("1 hour")}, {2 * 3600, N_("2 hours")}, {4 * 3600, N_("4 hours")},
		     {8 * 3600, N_("8 hours")}};
	const struct console_test *t = console_test_of(u->v->core, al->center, al->cust_id);
	char title[200], label[64], until[16];

	if (t) {
		int64_t left = (t->until_ms - u->v->now_ms) / 1000;
		ui_clock(until, sizeof until, t->until_ms);
		snprintf(title, sizeof title, _("%s is on test until %s"), al->cust_id, until);
		ui_choice_begin(u, al, PROTO_ACT_TEST, title);
		ui_choice_add(u, _("end the test now: its signals are alarms again"), 0, NULL);
		for (size_t i = 0; i < 2; i++) {
			snprintf(label, sizeof label, _("extend by %s"), _(spans[i].label));
			ui_choice_add(u, label, (int)(left > 0 ? left : 0) + spans[i].s, t->reason);
		}
		return;
	}
	snprintf(title, sizeof title, _("Put %s on test (its signals are logged, not alarms) for"),
		 al->cust_id);
	ui_choice_begin(u, al, PROTO_ACT_TEST, title);
	for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++)
		ui_choice_add(u, _(spans[i].label), spans[i].s, _("test by the operator"));
}

void ui_checklist_open(struct ui *u, const struct alarm *al)
{
	if (strcmp(u->check.id, al->id) != 0) {
		memset(&u->check, 0, sizeof u->check);
		snprintf(u->check.id, sizeof u->check.id, "%s", al->id);
	}
	modal_open(u, UI_MODAL_CHECKLIST);
}

/* The text of checklist item i, the facts prefilled. */
static void item_text(const struct ui *u, const struct alarm *al, int i, char *buf, size_t len)
{
	int r = i / FLOW_ITEMS_PER_RECIPIENT, k = i % FLOW_ITEMS_PER_RECIPIENT;
	const struct cid_code *cid = cid_lookup(al->event_code);
	const struct config *cfg = u->v->cfg;

	if (i == flow_item_notify_customer(al)) {
		snprintf(buf, len, "%s: %s %s%s", _("Notify the customer"),
			 al->ncontacts ? al->contacts[0].name : "-",
			 al->ncontacts ? al->contacts[0].phone : "",
			 al->rules->notify_customer ? "" : _(" (optional)"));
		return;
	}
	if (i == flow_item_notify_insurer(al)) {
		snprintf(buf, len, "%s%s", _("Notify the insurer"),
			 al->rules->notify_insurer ? "" : _(" (optional)"));
		return;
	}
	switch (k) {
	case 0:
		snprintf(buf, len, "%s %s: %s · %s %s", _("to"), al->rules->recipients[r],
			 ui_class_label(al->cls), al->event_code,
			 cid ? (i18n_is_zh() ? cid->zh : cid->en) : "");
		break;
	case 1:
		snprintf(buf, len, "%s: %s (%s)", _("address"), al->addr_text, al->cust_name);
		break;
	case 2:
		snprintf(buf, len, "%s: %02d %s %s · %s %s", _("zone/position"), al->zone_no,
			 al->zone_name, al->zone_detector, al->pos_level, al->pos_marker);
		break;
	case 3:
		snprintf(buf, len, "%s: %s %s · %s %s", _("handling staff"), _("operator"),
			 cfg->operator_, _("console"), cfg->console_id);
		break;
	default:
		snprintf(buf, len, "%s: %s", _("contact phone"),
			 cfg->callback_phone[0] ? cfg->callback_phone : _("(set [console] callback_phone)"));
	}
}

static void draw_checklist(struct ui *u, int y, int x, int h, int w)
{
	const struct alarm *al = book_find(u->v->book, u->check.id);
	int n, nr, bh, bw = w - 4, row;
	char buf[400], line[400];

	if (al == NULL) { /* closed meanwhile: nothing left to check */
		ui_focus_close(u, &ui_modal_view);
		return;
	}
	n = flow_items(al);
	/* At the bottom, as high as it needs: the queue and its clocks stay
	 * in sight above it. */
	nr = al->rules->nrecipients;
	bh = n + nr + 4 < h ? n + nr + 4 : h;
	y += h - bh;
	h = bh;
	ui_box(y, x, h, w);
	row = y + 1;
	snprintf(buf, sizeof buf, " %s — %s · %s ", _("Manual forward checklist"), al->cust_name,
		 ui_state_label(al->state));
	ui_put(y, x + 3, buf, text_width(buf) < bw - 2 ? text_width(buf) : bw - 2,
	       A_REVERSE | A_BOLD);
	for (int i = 0; i < n && row < y + h - 2 - nr; i++, row++) {
		bool done = al->flow.ticks >> i & 1;
		item_text(u, al, i, line, sizeof line);
		snprintf(buf, sizeof buf, "%s %s", done ? "[x]" : "[ ]", line);
		ui_put(row, x + 3, buf, bw - 2,
		       A_REVERSE | (i == u->check.cursor ? A_BOLD | A_UNDERLINE : 0) | (done ? A_DIM : 0));
	}
	/* One receiver per recipient: who took the forward at 110, at 119 … */
	for (int r = 0; r < nr; r++) {
		bool editing = u->check.editing == r + 1;
		snprintf(buf, sizeof buf, _("Received at %s by (name, badge): %s%s"),
			 al->rules->recipients[r], al->receiver[0] ? "" : u->check.receiver[r],
			 editing ? "_" : "");
		if (al->receiver[0] && r == 0)
			snprintf(buf, sizeof buf, "%s: %s", _("Received by (name, badge)"), al->receiver);
		ui_put(y + h - 2 - nr + r, x + 3, buf, bw - 2, A_REVERSE | (editing ? A_BOLD : 0));
	}
	ui_put(y + h - 2, x + 3,
	       u->check.editing ? _("Type the name and badge, Enter to keep, Esc to cancel")
				: _("↑↓ move · Space/Enter tick · n receiver · c confirm the forward · Esc close"),
	       bw - 2, A_REVERSE | A_DIM);
}

/* The receivers, "公安110 王警官 3021; 消防119 李 119-07", when each is known. */
static bool receivers(const struct ui *u, const struct alarm *al, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int r = 0; r < al->rules->nrecipients; r++) {
		if (!u->check.receiver[r][0])
			return false;
		used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s %s",
					 r ? "; " : "", al->rules->recipients[r], u->check.receiver[r]);
	}
	return al->rules->nrecipients > 0 && used < len;
}

/* The recipient whose item the cursor is on (the last for the notifications). */
static int recipient_at(const struct alarm *al, int cursor)
{
	int r = cursor / FLOW_ITEMS_PER_RECIPIENT;
	return r < al->rules->nrecipients ? r : al->rules->nrecipients - 1;
}

static void draw_choice(struct ui *u, int y, int x, int h, int w)
{
	int bw = w < 72 ? w : 72, bx = x + (w - bw) / 2, bh = u->choice.n + 4;
	int by = y + (h - bh) / 2;
	char buf[200];

	ui_box(by, bx, bh, bw);
	ui_put(by + 1, bx + 2, u->choice.title, bw - 4, A_REVERSE | A_BOLD);
	for (int i = 0; i < u->choice.n; i++) {
		snprintf(buf, sizeof buf, "%d  %s", i + 1, u->choice.label[i]);
		ui_put(by + 2 + i, bx + 2, buf, bw - 4, A_REVERSE);
	}
	ui_put(by + bh - 2, bx + 2, _("A number chooses · Esc cancels"), bw - 4, A_REVERSE | A_DIM);
}

static void draw_note(struct ui *u, int y, int x, int h, int w)
{
	int bw = w < 90 ? w : 90, bx = x + (w - bw) / 2, by = y + h / 2 - 2;
	char buf[300];

	ui_box(by, bx, 5, bw);
	if (u->note.title[0])
		snprintf(buf, sizeof buf, "%s", u->note.title);
	else if (!u->note.id[0])
		snprintf(buf, sizeof buf, "%s", _("Notice to every console (journaled)"));
	else if (u->note.action == PROTO_ACT_HOLD)
		snprintf(buf, sizeof buf, _("Why is it held for %d minutes? (journaled, on the timeline)"),
			 u->note.code);
	else if (u->note.action == PROTO_ACT_PERMIT)
		snprintf(buf, sizeof buf, "%s",
			 _("Permit holding this overdue alarm: why? (journaled, on the timeline)"));
	else
		snprintf(buf, sizeof buf, "%s", _("Note on this alarm (journaled and sent to the center)"));
	ui_put(by + 1, bx + 2, buf, bw - 4, A_REVERSE | A_BOLD);
	snprintf(buf, sizeof buf, "> %s_", u->note.text);
	ui_put(by + 2, bx + 2, buf, bw - 4, A_REVERSE);
	ui_put(by + 3, bx + 2, _("Enter sends · Esc cancels"), bw - 4, A_REVERSE | A_DIM);
}

static void draw(struct ui *u, int y, int x, int h, int w)
{
	if (u->modal == UI_MODAL_CHOICE)
		draw_choice(u, y, x, h, w);
	else if (u->modal == UI_MODAL_CHECKLIST)
		draw_checklist(u, y, x, h, w);
	else if (u->modal == UI_MODAL_NOTE)
		draw_note(u, y, x, h, w);
}


static bool choice_key(struct ui *u, wint_t ch, bool fkey)
{
	const struct alarm *al = book_find(u->v->book, u->choice.id);
	int i = !fkey && ch >= '1' && ch <= '9' ? (int)(ch - '1') : -1;

	void (*done)(struct ui *, const struct alarm *, int, const char *) = u->choice.done;
	void (*asked)(struct ui *, int, const char *) = u->choice.asked;

	if (asked) { /* about no alarm */
		if (!fkey && (ch == 27 || ch == 'q')) {
			u->modal = UI_MODAL_NONE;
			asked(u, 0, NULL);
		} else if (i >= 0 && i < u->choice.n) {
			u->modal = UI_MODAL_NONE;
			asked(u, u->choice.code[i], u->choice.text[i]);
		}
		return true;
	}
	if (!fkey && (ch == 27 || ch == 'q')) {
		u->modal = UI_MODAL_NONE;
		if (done && al)
			done(u, al, u->choice.code[0], NULL);
		return true;
	}
	if (i < 0 || i >= u->choice.n)
		return true; /* other keys do nothing while the choice is open */
	u->modal = UI_MODAL_NONE;
	if (done && al)
		done(u, al, u->choice.code[i], u->choice.text[i]);
	else if (al)
		ui_send(u, al, u->choice.action, u->choice.text[i], u->choice.code[i]);
	return true;
}

void ui_note_open(struct ui *u, const struct alarm *al)
{
	memset(&u->note, 0, sizeof u->note);
	snprintf(u->note.id, sizeof u->note.id, "%s", al->id);
	u->note.action = PROTO_ACT_NOTE;
	modal_open(u, UI_MODAL_NOTE);
}

void ui_permit_open(struct ui *u, const struct alarm *al)
{
	ui_note_open(u, al);
	u->note.action = PROTO_ACT_PERMIT;
}

void ui_note_ask(struct ui *u, const struct alarm *al, enum proto_action action, int code,
		 const char *title)
{
	ui_note_open(u, al);
	u->note.action = action;
	u->note.code = code;
	snprintf(u->note.title, sizeof u->note.title, "%s", title);
}

void ui_notice_open(struct ui *u)
{
	if (!command_allowed(&commands[CMD_NOTICE_PAGE], u->v->role)) {
		ui_message(u, true, _("Only supervisors send notices to every console."));
		return;
	}
	memset(&u->note, 0, sizeof u->note);
	modal_open(u, UI_MODAL_NOTE);
}

/* A note on an alarm, or (no alarm id) a supervisor's notice. */
static bool note_key(struct ui *u, wint_t ch, bool fkey)
{
	const struct alarm *al = book_find(u->v->book, u->note.id);
	int r = ui_edit_line(u->note.text, sizeof u->note.text, ch, fkey);

	if (u->note.asked) { /* about no alarm */
		if (r < 0) {
			u->modal = UI_MODAL_NONE;
			u->note.asked(u, NULL);
		} else if (r > 0 && u->note.text[0]) {
			u->modal = UI_MODAL_NONE;
			u->note.asked(u, u->note.text);
		} else if (r > 0) {
			ui_message(u, true, _("Write it down: these words are what is recorded."));
		}
		return true;
	}
	if (!u->note.id[0]) { /* a notice: no alarm to look for */
		if (r == 0)
			return true;
		u->modal = UI_MODAL_NONE;
		if (r > 0 && u->note.text[0] && app_notice(u->a, u->note.text) == 0)
			ui_message(u, false, _("Notice sent to every console."));
		else if (r > 0 && u->note.text[0])
			ui_message(u, true, _("The notice could not be sent."));
		return true;
	}
	if (r < 0 || al == NULL) {
		u->modal = UI_MODAL_NONE;
	} else if (r > 0 && u->note.text[0] && u->note.then) {
		u->modal = UI_MODAL_NONE;
		u->note.then(u, al); /* asked once more before it goes */
	} else if (r > 0 && u->note.text[0]) {
		u->modal = UI_MODAL_NONE;
		ui_send(u, al, u->note.action, u->note.text, u->note.code);
	} else if (r > 0 && (u->note.action == PROTO_ACT_HOLD || u->note.action == PROTO_ACT_PERMIT ||
			     u->note.action == PROTO_ACT_CONTROL)) {
		ui_message(u, true, _("Say why: the reason is journaled with it."));
	} else if (r > 0 && u->note.action != PROTO_ACT_NOTE) {
		ui_message(u, true, _("Write it down: these words are what is recorded."));
	} else if (r > 0) {
		u->modal = UI_MODAL_NONE;
	}
	return true;
}

/* Ticks checklist item i; the callback phone the police are given must
 * exist before it can be ticked as given. */
static void tick(struct ui *u, const struct alarm *al, int i)
{
	bool phone_item = i != flow_item_notify_customer(al) && i != flow_item_notify_insurer(al) &&
			  i % FLOW_ITEMS_PER_RECIPIENT == FLOW_ITEMS_PER_RECIPIENT - 1;

	if (phone_item && !u->v->cfg->callback_phone[0]) {
		ui_message(u, true,
			   _("No callback phone to give: set [console] callback_phone in the config."));
		return;
	}
	ui_send(u, al, PROTO_ACT_TICK, "", i);
}

/* Confirms the forward with every recipient's receiver, or says whose is missing. */
static void confirm(struct ui *u, const struct alarm *al)
{
	char who[400], msg[200];

	snprintf(msg, sizeof msg, "%s", _("The receivers' names are too long."));
	if (al->state != ALARM_ST_FORWARDING) {
		ui_message(u, true, _("The forward is already confirmed."));
		return;
	}
	if (!receivers(u, al, who, sizeof who)) {
		for (int r = 0; r < al->rules->nrecipients; r++)
			if (!u->check.receiver[r][0]) {
				snprintf(msg, sizeof msg,
					 _("Record who received the forward at %s first (n on its items)."),
					 al->rules->recipients[r]);
				break;
			}
		ui_message(u, true, msg);
		return;
	}
	ui_send(u, al, PROTO_ACT_CONFIRM, who, 0);
}

static bool checklist_key(struct ui *u, wint_t ch, bool fkey)
{
	const struct alarm *al = book_find(u->v->book, u->check.id);
	struct ui_checklist *c = &u->check;
	int n;

	if (al == NULL) {
		u->modal = UI_MODAL_NONE;
		return true;
	}
	n = flow_items(al);
	if (c->editing) {
		char *rcv = c->receiver[c->editing - 1];
		int r = ui_edit_line(rcv, sizeof c->receiver[0], ch, fkey);
		if (r < 0)
			rcv[0] = '\0';
		if (r != 0)
			c->editing = 0;
		return true;
	}
	if (fkey) {
		if (ch == KEY_UP && c->cursor > 0)
			c->cursor--;
		else if (ch == KEY_DOWN && c->cursor < n - 1)
			c->cursor++;
		else if (ch == KEY_ENTER)
			tick(u, al, c->cursor);
		else if (ch == KEY_F(10))
			confirm(u, al);
		return true;
	}
	switch (ch) {
	case 27:
	case 'q':
		u->modal = UI_MODAL_NONE;
		break;
	case 'k':
		if (c->cursor > 0)
			c->cursor--;
		break;
	case 'j':
		if (c->cursor < n - 1)
			c->cursor++;
		break;
	case ' ':
	case '\n':
	case '\r':
		if (!(al->flow.ticks >> c->cursor & 1))
			tick(u, al, c->cursor);
		/* Move on to the next open item, as the operator reads down the list. */
		for (int i = 1; i <= n; i++)
			if (!(al->flow.ticks >> ((c->cursor + i) % n) & 1) && (c->cursor + i) % n != c->cursor) {
				c->cursor = (c->cursor + i) % n;
				break;
			}
		break;
	case 'n':
		if (al->rules->nrecipients > 0)
			c->editing = recipient_at(al, c->cursor) + 1;
		break;
	case 'c':
		confirm(u, al);
		break;
	default:
		break;
	}
	return true;
}

/* A dialog takes every key while it is open; it closes itself by setting
 * u->modal back to none. */
static enum ui_key key(struct ui *u, wint_t ch, bool fkey)
{
	if (u->modal == UI_MODAL_CHOICE)
		choice_key(u, ch, fkey);
	else if (u->modal == UI_MODAL_CHECKLIST)
		checklist_key(u, ch, fkey);
	else if (u->modal == UI_MODAL_NOTE)
		note_key(u, ch, fkey);
	return u->modal == UI_MODAL_NONE ? UI_KEY_CLOSE : UI_KEY_REDRAW;
}

static void closed(struct ui *u)
{
	u->modal = UI_MODAL_NONE;
}

const struct ui_view ui_modal_view = {"modal", draw, key, UI_LAYER_MODAL, closed};
