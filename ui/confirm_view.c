/* confirm_view.c — "quit?" on the message line: y quits, any other key
 * stays. Alarms keep arriving at the center whatever the console does. */
#include "../app/i18n.h"
#include "ui-int.h"

static void draw(struct ui *u, int y, int x, int h, int w)
{
	ui_put(y, x, _("Quit alarmdesk? Alarms keep arriving at the center. y = quit, any other key = stay"),
	       w, A_REVERSE | A_BOLD);
}

static enum ui_key key(struct ui *u, wint_t ch, bool fkey)
{
	if (!fkey && (ch == 'y' || ch == 'Y'))
		u->on_quit(u->a);
	return UI_KEY_CLOSE;
}

const struct ui_view ui_confirm_view = {"confirm", draw, key, UI_LAYER_CONFIRM, NULL};
