/* act.c — acting on an alarm from any view: the op goes to the app, or the
 * message line says why it cannot (read-only, too many waiting, gone). */
#include <stdio.h>
#include <string.h>

#include "../app/core/ad.h"
#include "../app/i18n.h"
#include "ui-int.h"

const char *ui_read_only_text(const struct ui *u, char *buf, size_t len)
{
	const char *ro = u->v->read_only;

	if (ro == NULL)
		buf[0] = '\0';
	else if (strcmp(ro, "replay") == 0)
		snprintf(buf, len, "%s", _("Replay: nothing can be changed"));
	else if (strcmp(ro, "supervisor") == 0)
		snprintf(buf, len, "%s", _("Read-only role: supervisors cannot change alarms"));
	else
		snprintf(buf, len, _("No journal, no action: %s. Free the disk or fix the journal "
				     "(--journal FILE); the console takes keys again when it can "
				     "record them."),
			 u->v->journal_err[0] ? u->v->journal_err : _("the journal is not open"));
	return buf;
}

void ui_send(struct ui *u, const struct alarm *al, enum proto_action action, const char *text,
	     int code)
{
	switch (app_op(u->a, action, al->id, text, code)) {
	case 0:
		break;
	case AD_EPERM: {
		char why[500];
		ui_message(u, true, ui_read_only_text(u, why, sizeof why));
		break;
	}
	case AD_ENOMEM:
		ui_message(u, true, _("Too many operations waiting for the center."));
		break;
	default:
		ui_message(u, true, _("That alarm is no longer open."));
	}
}
