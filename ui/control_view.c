/* control_view.c — a remote control of the alarm's site's device (GB/T
 * 28181 arm, disarm, alarm reset) in two steps: what and why, then yes.
 * The center sends it and puts the device's answer on the timeline; the
 * linkage clock (8 s) runs until then. */
#include <stdio.h>
#include <string.h>

#include "../app/i18n.h"
#include "ui-int.h"

static const char *const labels[PROTO_CTL_COUNT] = {
    N_("arm the site"),	   N_("disarm the site"), N_("reset the device's alarm"),
    N_("pan left"),	   N_("pan right"),	  N_("tilt up"),
    N_("tilt down"),	   N_("zoom in"),	  N_("zoom out"),
    N_("stop the camera"),
};

const char *ui_control_label(int cmd)
{
	return (unsigned)cmd < PROTO_CTL_COUNT ? _(labels[cmd]) : "?";
}

static void send_it(struct ui *u, const struct alarm *al, int code, const char *text)
{
	if (text != NULL) /* not cancelled: the reason is the note's */
		ui_send(u, al, PROTO_ACT_CONTROL, u->note.text, u->note.code);
}

static void confirm(struct ui *u, const struct alarm *al)
{
	char title[200];

	snprintf(title, sizeof title, _("%s at %s now? (Esc: no)"), ui_control_label(u->note.code),
		 al->cust_name);
	ui_choice_begin(u, al, PROTO_ACT_CONTROL, title);
	u->choice.done = send_it;
	u->choice.stays = true;
	ui_choice_add(u, _("yes, send it to the device"), u->note.code, "yes");
}

static void ask_why(struct ui *u, const struct alarm *al, int cmd, const char *text)
{
	char title[200];

	if (text == NULL)
		return;
	snprintf(title, sizeof title, _("%s: why? (journaled, then asked to confirm)"),
		 ui_control_label(cmd));
	ui_note_ask(u, al, PROTO_ACT_CONTROL, cmd, title);
	u->note.then = confirm;
}

static void ptz_pad(struct ui *u, const struct alarm *al);

/* A PTZ key: sent at once (no reason: it is the review), and the pad comes
 * back for the next; Esc stops a camera still moving. */
static void ptz_key(struct ui *u, const struct alarm *al, int cmd, const char *text)
{
	if (text == NULL) {
		if (u->ptz_moving)
			ui_send(u, al, PROTO_ACT_CONTROL, "", PROTO_CTL_PTZ_STOP);
		u->ptz_moving = false;
		return;
	}
	ui_send(u, al, PROTO_ACT_CONTROL, "", cmd);
	u->ptz_moving = cmd != PROTO_CTL_PTZ_STOP;
	ptz_pad(u, al);
}

static void ptz_pad(struct ui *u, const struct alarm *al)
{
	ui_choice_begin(u, al, PROTO_ACT_CONTROL,
			_("Camera PTZ: moves until stopped (Esc: stop and close)"));
	u->choice.done = ptz_key;
	u->choice.stays = true; /* its own keys' acks come while it is open */
	for (int c = PROTO_CTL_PTZ; c < PROTO_CTL_COUNT; c++)
		ui_choice_add(u, ui_control_label(c), c, "");
}

static void chosen(struct ui *u, const struct alarm *al, int cmd, const char *text)
{
	if (text != NULL && cmd == PROTO_CTL_PTZ)
		ptz_pad(u, al);
	else
		ask_why(u, al, cmd, text);
}

void ui_control_open(struct ui *u, const struct alarm *al)
{
	ui_choice_begin(u, al, PROTO_ACT_CONTROL, _("Remote control of the site's device"));
	u->choice.done = chosen;
	u->choice.stays = true; /* the last control's answer may come meanwhile */
	for (int c = 0; c < PROTO_CTL_PTZ; c++)
		ui_choice_add(u, ui_control_label(c), c, "");
	ui_choice_add(u, _("the camera's PTZ (pan, tilt, zoom) for the review…"), PROTO_CTL_PTZ,
		      "");
}
