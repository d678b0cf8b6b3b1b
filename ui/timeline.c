/* timeline.c — one line per step of an alarm's timeline, in the operator's
 * words: "19:03:40  op1  note: the guard says it was a cleaner". One table
 * names every step; a step not in it shows its wire name. */
#include <stdio.h>
#include <string.h>

#include "../app/i18n.h"
#include "ui-int.h"

/* How a step's words and number are shown after its label. */
enum shows { PLAIN, TEXT, WORDS, METHOD, VERDICT, MINUTES, CAUSE, CALL, STEP, CONTROL, COUNT };

static const struct {
	const char *action, *label;
	enum shows shows;
} steps[] = {
	{"claim", N_("claimed the alarm"), PLAIN},
	{"release", N_("released the alarm"), PLAIN},
	{"review", N_("review started:"), METHOD},
	{"result", N_("review result:"), VERDICT},
	{"forward", N_("forward started"), PLAIN},
	{"confirm", N_("forward confirmed, received by"), TEXT},
	{"police", N_("police confirmed the panel's report"), PLAIN},
	{"dispatch", N_("field officer dispatched"), TEXT},
	{"depart", N_("field officer departed"), PLAIN},
	{"arrive", N_("field officer on scene"), TEXT},
	{"order", N_("work order opened"), PLAIN},
	{"close", N_("closed the alarm"), CAUSE},
	{"hold", N_("held for"), MINUTES},
	{"unhold", N_("hold ended"), PLAIN},
	{"permit", N_("supervisor permits holding it although overdue:"), TEXT},
	{"autolog", N_("logged in bulk:"), TEXT},
	{"note", N_("note:"), TEXT},
	{"call", N_("call"), CALL},
	{"plan", "", STEP},
	{"report", N_("field report:"), TEXT},
	{"control", N_("remote control sent:"), CONTROL},
	{"control_ok", N_("the device carried out:"), CONTROL},
	{"control_failed", N_("remote control FAILED:"), CONTROL},
	{"uplink_sent", N_("forwarded to the police platform:"), TEXT},
	{"uplink_received", N_("the police platform received it:"), TEXT},
	{"uplink_failed", N_("the police platform did NOT receive it:"), WORDS},
	{"escalate", N_("priority raised: a second alarm of the site"), PLAIN},
	{"source", N_("the same event came by another path:"), TEXT},
	{"restore", N_("the panel reported it restored"), PLAIN},
	{"images", N_("images kept with the alarm (map: P):"), COUNT},
	{"images_failed", N_("no images kept:"), WORDS},
};

bool ui_full_colon(const char *s)
{
	size_t n = strlen(s);
	return n >= 3 && strcmp(s + n - 3, "：") == 0;
}

static const char *verdict_label(const char *v)
{
	return strcmp(v, "real") == 0    ? _("real alarm")
	       : strcmp(v, "false") == 0 ? _("false alarm")
				       : _("inconclusive");
}

static const char *cause_text(const struct ui *u, int code)
{
	for (int i = 0; i < u->v->ncauses; i++)
		if (u->v->causes[i].code == code)
			return u->v->causes[i].text;
	for (int i = 0; i < u->v->noutcomes; i++)
		if (u->v->outcomes[i].code == code)
			return u->v->outcomes[i].text;
	return "";
}

void ui_timeline_entry(const struct ui *u, const struct alarm *al, const struct alarm_entry *e,
		       char *buf, size_t len)
{
	char t[16], what[600];
	size_t i;

	ui_clock(t, sizeof t, e->at_ms);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (strcmp(steps[i].action, e->action) == 0)
			break;
	if (i == sizeof steps / sizeof steps[0]) {
		snprintf(what, sizeof what, "%s %s", e->action, e->text);
	} else {
		const char *label = steps[i].label[0] ? _(steps[i].label) : "";
		switch (steps[i].shows) {
		case PLAIN:
			snprintf(what, sizeof what, "%s", label);
			break;
		case TEXT: /* "note: …", "备注：…" (a full-width colon has its space) */
			snprintf(what, sizeof what, "%s%s%s", label,
				 e->text[0] && !ui_full_colon(label) ? " " : "", e->text);
			break;
		case WORDS: { /* the center's words, translated */
			char words[300];
			ui_refusal_words(e->text, words, sizeof words);
			snprintf(what, sizeof what, "%s%s%s", label, ui_full_colon(label) ? "" : " ", words);
			break;
		}
		case METHOD: {
			enum flow_method m = FLOW_METHOD_NONE;
			flow_method_parse(e->text, &m);
			snprintf(what, sizeof what, "%s%s%s", label, ui_full_colon(label) ? "" : " ",
				 ui_method_label(m));
			break;
		}
		case VERDICT:
			snprintf(what, sizeof what, "%s%s%s", label, ui_full_colon(label) ? "" : " ",
				 verdict_label(e->text));
			break;
		case MINUTES:
			if (e->text[0])
				snprintf(what, sizeof what, _("%s %d min: %s"), label, e->arg, e->text);
			else
				snprintf(what, sizeof what, _("%s %d min"), label, e->arg);
			break;
		case CAUSE: {
			const char *c = e->arg ? cause_text(u, e->arg) : "";
			if (e->arg)
				snprintf(what, sizeof what, "%s (%d %s)", label, e->arg, c);
			else
				snprintf(what, sizeof what, "%s", label);
			break;
		}
		case CALL:
			ui_call_words(al, e, what, sizeof what);
			break;
		case STEP:
			snprintf(what, sizeof what, _("plan step %d: %s"), e->arg + 1, e->text);
			break;
		case COUNT:
			snprintf(what, sizeof what, "%s%s%d", label, ui_full_colon(label) ? "" : " ", e->arg);
			break;
		case CONTROL: { /* "remote control sent: disarm the site — why" */
			char words[300];
			ui_refusal_words(e->text, words, sizeof words); /* the device's answer */
			snprintf(what, sizeof what, "%s%s%s — %s", label, ui_full_colon(label) ? "" : " ",
				 ui_control_label(e->arg), words);
			break;
		}
		}
	}
	snprintf(buf, len, "%s  %s  %s", t, e->by[0] ? e->by : "-", what);
}
