/* refusal.c — the center's refusals in the operator's language. The center
 * answers in English sentences (the workflow's, app/core/flow.c, and its
 * own, center/ops.c); here each is a message to translate, and those with
 * a name or number in them are patterns: the words around it are matched
 * and the translation takes the same name or number. A sentence not here
 * is shown as the center said it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/i18n.h"
#include "ui-int.h"

static const char *const sentences[] = {
	N_("a P1/P2 alarm with an overdue clock is held only with a supervisor's permission: handle it now"),
	N_("a key customer needs a video review"),
	N_("a key customer needs a video review: the call is noted, review by video for the result"),
	N_("already being handled"),
	N_("already closed"),
	N_("bad argument for this step"),
	N_("choose the false alarm's cause"),
	N_("claim the alarm before calling about it"),
	N_("claim the alarm before reviewing it"),
	N_("claim the alarm first"),
	N_("confirm that the police received the panel's report first"),
	N_("expected real, false or inconclusive"),
	N_("forward the incident before dispatching"),
	N_("hold for 1 to 1440 minutes"),
	N_("no field officer was dispatched"),
	N_("no field unit with that id in the data set"),
	N_("no forward checklist is open"),
	N_("no open alarm with that id"),
	N_("nothing to dispatch for"),
	N_("notify the customer first"),
	N_("notify the insurer first"),
	N_("only a supervisor permits holding an overdue alarm"),
	N_("only a verified incident is forwarded"),
	N_("open a work order or review it first"),
	N_("open the forward checklist first"),
	N_("read-only session: supervisors may not change alarms"),
	N_("record the field officer's report first"),
	N_("record the field review's result first"),
	N_("record the review result first"),
	N_("record who received the forward"),
	N_("review the alarm first"),
	N_("say what came of the step"),
	N_("say which field unit is sent"),
	N_("say why the alarm is held"),
	N_("send a field officer to review on site first"),
	N_("start the review first"),
	N_("that step is for a verified real alarm only"),
	N_("that step of the plan is done already"),
	N_("the alarm is closed"),
	N_("the field officer has not arrived yet"),
	N_("the field officer has not departed"),
	N_("the field officer has not departed yet"),
	N_("the field officer's arrival is not reported yet"),
	N_("the field review must say real or false"),
	N_("the forward is already confirmed"),
	N_("the forward to the police is not confirmed yet"),
	N_("the incident was not forwarded yet"),
	N_("the panel did not report to the police"),
	N_("the plan has no such step"),
	N_("the plan needs a field officer on scene: dispatch first"),
	N_("the site is not on test"),
	N_("tick every item of the forward first"),
	N_("trainees may not change live alarms: drills run on a training center"),
	N_("unknown call outcome or callee"),
	N_("unknown review method"),
	N_("work orders are for faults"),
	N_("write what the field officer found"),
	N_("only an open or assigned order is assigned"),
	N_("assign the order before the repair starts"),
	N_("the repair has not started"),
	N_("only a repaired order is verified"),
	N_("only a repaired order is sent back to repair"),
	N_("verify the repair before the order is closed"),
	N_("the work order is closed"),
	N_("say who repairs it"),
	N_("say what was repaired"),
	N_("say why the repair does not hold"),
	N_("no open work order with that id"),
	N_("a work order needs its urgency and what is wrong"),
	N_("no site with that id in the data set"),
	N_("P1/P2 alarms are handled one by one, never logged in bulk"),
	N_("say why, and whether the restored ones (0) or the whole group (1)"),
	N_("only a supervisor logs alarms in bulk"),
	N_("say why the device is controlled"),
	N_("the last control waits for the device's answer"),
	N_("expected arm, disarm or reset"),
	N_("this center controls no devices (no --sip-listen)"),
	N_("the site's GB/T 28181 device is offline"),
	N_("the site has no GB/T 28181 device"),
	N_("too many remote controls waiting for their devices"),
	N_("the alarm has no GB/T 28181 camera"),
	/* a node of a cluster (center/cluster_ops.c, center/ops.c) */
	N_("the cluster does not take ops now: send it again"),
	N_("this center node follows the cluster's leader: send ops to the leader"),
	/* why no images were kept with an alarm (center/images.c) */
	N_("the camera does not answer"),
	N_("the camera's pictures are not JPEG images"),
	N_("out of memory"),
};

/* One %s or %d each. */
static const char *const patterns[] = {
	N_("already claimed by %s"),
	N_("held by %s: claim it first"),
	N_("step %d of the plan is not done: do it, or tick it with what came of it"),
	/* a remote control's answer (center/gb_server.c) */
	N_("sent to %s"),
	N_("OK in %s s"),
	N_("no answer within %s s"),
	N_("the device answered %s"),
	N_("not delivered (%s)"),
	N_("no receipt after %s tries"), /* the police platform's (center/gb_upper.c) */
	/* why no images were kept (center/images.c; FFmpeg's words in the hole) */
	N_("cannot open the camera: %s"),
	N_("no picture from the camera: %s"),
	N_("the camera stopped: %s"),
	N_("the camera gives %s, not JPEG images"),
	N_("only %s images came in time"),
	N_("an image is over the %s KiB kept"),
};

/* When msg is pattern p with something in the place of its %s or %d: that
 * something in arg. */
static bool match(const char *p, const char *msg, char *arg, size_t len)
{
	const char *hole = strchr(p, '%');
	size_t pre = (size_t)(hole - p), post = strlen(hole + 2), n = strlen(msg);

	if (n <= pre + post || strncmp(msg, p, pre) != 0 || strcmp(msg + n - post, hole + 2) != 0)
		return false;
	snprintf(arg, len, "%.*s", (int)(n - pre - post), msg + pre);
	return true;
}

void ui_refusal_words(const char *msg, char *out, size_t len)
{
	char arg[160];

	for (size_t i = 0; i < sizeof sentences / sizeof *sentences; i++)
		if (strcmp(msg, sentences[i]) == 0) {
			snprintf(out, len, "%s", _(sentences[i]));
			return;
		}
	for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++)
		if (match(patterns[i], msg, arg, sizeof arg)) {
			if (strchr(patterns[i], '%')[1] == 'd')
				snprintf(out, len, _(patterns[i]), atoi(arg));
			else
				snprintf(out, len, _(patterns[i]), arg);
			return;
		}
	snprintf(out, len, "%s", msg);
}
