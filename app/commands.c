/* commands.c — the table of operator commands (app/commands.h). The help
 * overlay lists the rows in this order. */
#include "commands.h"

#include <string.h>

#include "i18n.h"

#define OP(a) PROTO_ACT_##a
#define NONE (-1)

const struct command commands[CMD_COUNT] = {
	{CMD_UP, 0, SLOT_FIXED, "↑ ↓  j k", NULL, NONE, NULL,
	 N_("select the previous / next alarm"), CMD_ANYONE, false},
	{CMD_DOWN, 0, SLOT_FIXED, "", NULL, NONE, NULL, NULL, CMD_ANYONE, false},
	{CMD_PAGE, 0, SLOT_FIXED, "PgUp PgDn", NULL, NONE, NULL, N_("page through the queue"),
	 CMD_ANYONE, false},
	{CMD_ENDS, 0, SLOT_FIXED, "Home End  g G", NULL, NONE, NULL, N_("first / last alarm"),
	 CMD_ANYONE, false},
	{CMD_SCROLL, 0, SLOT_FIXED, "J K", NULL, NONE, NULL,
	 N_("scroll the alarm detail (plan, timeline)"), CMD_ANYONE, false},
	{CMD_SEARCH, 0, SLOT_FIXED, "/  Esc", NULL, NONE, NULL,
	 N_("search and filter the queue (name, address, account, phone, class, mine) / clear it"),
	 CMD_ANYONE, false},
	{CMD_GROUP, 'e', SLOT_FIXED, NULL, NULL, NONE, NULL,
	 N_("unfold / fold a site's alarms (c on the site's row claims them all)"), CMD_ANYONE,
	 false},
	{CMD_NEXT, 0, SLOT_FIXED, "Enter", NULL, NONE, NULL,
	 N_("the next step shown on the Next line"), CMD_OPERATOR, true},
	{CMD_CLAIM, 0, SLOT_CLAIM, NULL, "claim", OP(CLAIM), "",
	 N_("claim (acknowledge) the selected alarm"), CMD_OPERATOR, true},
	{CMD_REVIEW_VIDEO, 'v', SLOT_FIXED, "v a i p", "review", OP(REVIEW), "video",
	 N_("review by video, audio, image, phone"), CMD_OPERATOR, true},
	{CMD_REVIEW_AUDIO, 'a', SLOT_FIXED, NULL, NULL, OP(REVIEW), "audio", NULL, CMD_OPERATOR, true},
	{CMD_REVIEW_IMAGE, 'i', SLOT_FIXED, NULL, NULL, OP(REVIEW), "image", NULL, CMD_OPERATOR, true},
	{CMD_REVIEW_PHONE, 'p', SLOT_FIXED, NULL, NULL, OP(REVIEW), "phone", NULL, CMD_OPERATOR, true},
	{CMD_REAL, 'y', SLOT_FIXED, "y n u", "result", OP(RESULT), "real",
	 N_("review result: real, false alarm, inconclusive"), CMD_OPERATOR, true},
	{CMD_FALSE, 'n', SLOT_FIXED, NULL, NULL, OP(RESULT), "false", NULL, CMD_OPERATOR, true},
	{CMD_INCONCLUSIVE, 'u', SLOT_FIXED, NULL, NULL, OP(RESULT), "inconclusive", NULL,
	 CMD_OPERATOR, true},
	{CMD_FORWARD, 'f', SLOT_FIXED, NULL, "forward", OP(FORWARD), "",
	 N_("the manual forward checklist"), CMD_OPERATOR, true},
	{CMD_POLICE, 'P', SLOT_FIXED, NULL, "police", OP(POLICE), "",
	 N_("police confirmed the panel's direct report"), CMD_OPERATOR, true},
	{CMD_ORDER, 'o', SLOT_FIXED, NULL, "order", OP(ORDER), "", N_("open a work order (faults)"),
	 CMD_OPERATOR, true},
	{CMD_HOLD, 'h', SLOT_FIXED, NULL, "hold", OP(HOLD), NULL, N_("hold for a while / resume"),
	 CMD_OPERATOR, true},
	{CMD_NOTE, 'N', SLOT_FIXED, NULL, "note", OP(NOTE), NULL, N_("write a note on the alarm"),
	 CMD_OPERATOR, true},
	{CMD_CALL, 'C', SLOT_FIXED, NULL, "call", OP(CALL), NULL,
	 N_("the call list: call a contact, record the outcome"), CMD_OPERATOR, true},
	{CMD_PLAN, 'L', SLOT_FIXED, NULL, "plan", OP(PLAN), NULL,
	 N_("the response plan: tick a step with what came of it (* must be done to close)"),
	 CMD_OPERATOR, true},
	{CMD_SITE_TEST, 'T', SLOT_FIXED, NULL, "test", OP(TEST), NULL,
	 N_("put the alarm's site on test (its signals are not alarms) / end its test"),
	 CMD_OPERATOR, true},
	{CMD_CONTROL, 'X', SLOT_FIXED, NULL, "control", OP(CONTROL), NULL,
	 N_("remote control of the site's device: arm, disarm, reset the alarm (asks why, then to confirm)"),
	 CMD_OPERATOR, true},
	{CMD_MAP, 'm', SLOT_FIXED, NULL, NULL, NONE, NULL,
	 N_("the map: site plan at the alarm point, cameras, district"), CMD_ANYONE, false},
	{CMD_RELEASE, 0, SLOT_RELEASE, NULL, "release", OP(RELEASE), "",
	 N_("release the claimed alarm"), CMD_OPERATOR, true},
	{CMD_CLOSE, 0, SLOT_CLOSE, NULL, "close", OP(CLOSE), NULL, N_("close the alarm you hold"),
	 CMD_OPERATOR, true},
	{CMD_TICK, 0, SLOT_FIXED, NULL, "tick", OP(TICK), NULL, NULL, CMD_OPERATOR, true},
	{CMD_CONFIRM, 0, SLOT_FIXED, NULL, "confirm", OP(CONFIRM), NULL, NULL, CMD_OPERATOR, true},
	{CMD_DISPATCH, 0, SLOT_FIXED, NULL, "dispatch", OP(DISPATCH), "", NULL, CMD_OPERATOR, true},
	{CMD_DEPART, 0, SLOT_FIXED, NULL, "depart", OP(DEPART), "", NULL, CMD_OPERATOR, true},
	{CMD_ARRIVE, 0, SLOT_FIXED, NULL, "arrive", OP(ARRIVE), NULL, NULL, CMD_OPERATOR, true},
	{CMD_REPORT, 0, SLOT_FIXED, NULL, "report", OP(REPORT), NULL, NULL, CMD_OPERATOR, true},
	{CMD_UNHOLD, 0, SLOT_FIXED, NULL, "unhold", OP(UNHOLD), "", NULL, CMD_OPERATOR, true},
	{CMD_WORK, 0, SLOT_FIXED, NULL, "work", OP(WORK), NULL, NULL, CMD_OPERATOR, true},
	{CMD_WORK_NEW, 0, SLOT_FIXED, NULL, "work_new", OP(WORK_NEW), NULL, NULL, CMD_OPERATOR, true},
	{CMD_SILENCE, 0, SLOT_SILENCE, NULL, NULL, NONE, NULL,
	 N_("silence the alert sounds for a while"), CMD_ANYONE, false},
	{CMD_HELP, 0, SLOT_HELP, NULL, NULL, NONE, NULL, N_("show or hide this help"), CMD_ANYONE,
	 false},
	{CMD_QUIT, 0, SLOT_QUIT, NULL, NULL, NONE, NULL, N_("quit (asks to confirm)"), CMD_ANYONE,
	 false},
	{CMD_REDRAW, 12, SLOT_FIXED, "Ctrl-L", NULL, NONE, NULL, N_("redraw the screen"), CMD_ANYONE,
	 false},
	{CMD_PAGES, 0, SLOT_FIXED, "R O F H D M", NULL, NONE, NULL,
	 N_("pages: room, overdue list, figures, shift handover, sites, work orders (Esc back)"),
	 CMD_ANYONE, false},
	{CMD_SITE_CARD, 'I', SLOT_FIXED, "I  /", NULL, NONE, NULL,
	 N_("the site card: zones, contacts, cameras, arm state, its last alarms (/ any site)"),
	 CMD_ANYONE, false},
	{CMD_NOTICE_PAGE, 'B', SLOT_FIXED, NULL, NULL, NONE, NULL,
	 N_("supervisors: a notice to every console"), CMD_SUPERVISOR, false},
	{CMD_PERMIT, 'W', SLOT_FIXED, NULL, "permit", OP(PERMIT), NULL,
	 N_("supervisors: permit holding an overdue P1/P2 alarm (with why)"), CMD_SUPERVISOR, false},
	{CMD_AUTOLOG, 'Z', SLOT_FIXED, NULL, "autolog", OP(AUTOLOG), NULL,
	 N_("supervisors: log a storm's group of faults (the restored ones or all, with why)"),
	 CMD_SUPERVISOR, false},
};

int command_key(const struct command *c, const struct config_keys *k)
{
	switch (c->slot) {
	case SLOT_CLAIM: return k->claim;
	case SLOT_RELEASE: return k->release;
	case SLOT_CLOSE: return k->close;
	case SLOT_SILENCE: return k->silence;
	case SLOT_HELP: return k->help;
	case SLOT_QUIT: return k->quit;
	case SLOT_FIXED: break;
	}
	return c->key;
}

const struct command *command_by_key(int ch, const struct config_keys *k)
{
	for (int i = 0; i < CMD_COUNT; i++)
		if (ch && command_key(&commands[i], k) == ch)
			return &commands[i];
	return NULL;
}

const struct command *command_by_verb(const char *verb)
{
	for (int i = 0; i < CMD_COUNT; i++)
		if (commands[i].verb && strcmp(commands[i].verb, verb) == 0)
			return &commands[i];
	return NULL;
}

bool command_allowed(const struct command *c, enum proto_role role)
{
	return c->roles & (role == PROTO_ROLE_SUPERVISOR ? CMD_SUPERVISOR : CMD_OPERATOR);
}
