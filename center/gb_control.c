/* gb_control.c — remote control of a site's device (GB/T 28181
 * DeviceControl: GuardCmd SetGuard/ResetGuard, AlarmCmd ResetAlarm) for an
 * operator's op: the device chosen, the command sent, and its Response —
 * or none within the linkage clock — on the alarm's timeline
 * (center/gb_server.h, gb_server-int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gb_server-int.h"

static const char *const guard_words[PROTO_CTL_PTZ][2] = {
    {"GuardCmd", "SetGuard"}, {"GuardCmd", "ResetGuard"}, {"AlarmCmd", "ResetAlarm"}};

/* The device's answer (or its absence) on the alarm: the linkage clock
 * stops, the timeline says what came of it; a done arm or disarm is the
 * site's arm state. */
static void finish_control(struct gb_server *s, struct pending_control *p, bool ok,
			   const char *text)
{
	struct center *c = s->c;
	const struct alarm *a = book_find(c->book, p->alarm_id);
	char site[64];
	bool own;

	p->used = false;
	center_log("gb28181 %s: %s SN %lu for alarm %s: %s (%lld ms)", p->device,
		   guard_words[p->cmd][1], p->sn, p->alarm_id, text,
		   (long long)(center_now_ms() - p->sent_ms));
	if (a == NULL)
		return;				       /* closed meanwhile: the log has it */
	snprintf(site, sizeof site, "%s", a->cust_id); /* the step replaces the book's copy */
	own = center_batch_begin(c);
	center_step(c, p->alarm_id,
		    &(struct center_change){.action = ok ? "control_ok" : "control_failed",
					    .by = "device",
					    .text = text,
					    .arg = (int)p->cmd},
		    FLOW_CLK_LINKAGE, -1);
	if (ok && p->cmd != PROTO_CTL_RESET)
		center_emit_arm(c, site, 1, p->cmd == PROTO_CTL_ARM, p->by, NULL);
	if (own)
		center_batch_end(c);
}

static struct pending_control *pending_of(struct gb_server *s, const char *device, unsigned long sn)
{
	for (int i = 0; i < GB_PENDING; i++)
		if (s->pending[i].used && s->pending[i].sn == sn &&
		    strcmp(s->pending[i].device, device) == 0)
			return &s->pending[i];
	return NULL;
}

void gb_control_answered(struct gb_server *s, struct gb_device *d, const struct manscdp *m)
{
	struct pending_control *p = pending_of(s, d->id, m->sn);
	char text[80];

	if (p == NULL) {
		center_log("gb28181 %s: a DeviceControl Response SN %lu nobody waits for", d->id,
			   m->sn);
		return;
	}
	if (strcasecmp(m->result, "OK") == 0)
		snprintf(text, sizeof text, "OK in %.1f s",
			 (center_now_ms() - p->sent_ms) / 1000.0);
	else
		snprintf(text, sizeof text, "the device answered %s",
			 m->result[0] ? m->result : "no result");
	finish_control(s, p, strcasecmp(m->result, "OK") == 0, text);
}

/* The SIP request of a control failed: the command never got there. */
static void control_sent_cb(void *arg, const char *label, int code, const osip_message_t *resp)
{
	struct gb_server *s = arg;
	char device[GB_ID_LEN] = "", text[80];
	unsigned long sn = 0;
	struct pending_control *p;

	if (code < 300 || sscanf(label, "DeviceControl %20s SN %lu", device, &sn) != 2 ||
	    (p = pending_of(s, device, sn)) == NULL)
		return;
	snprintf(text, sizeof text, "not delivered (%s)",
		 code == 408		? "no SIP answer"
		 : code == 503 && !resp ? "the link is gone"
					: "refused");
	finish_control(s, p, false, text);
}

/* The device for alarm a: its site's, with a's zone among its channels if
 * one has, online first. */
static struct gb_device *device_for(struct gb_server *s, const struct alarm *a, bool *any)
{
	struct gb_device *best = NULL;

	*any = false;
	for (size_t i = 0; i < gb(s)->ndevices; i++) {
		struct gb_device *d = &gb(s)->devices[i];
		bool zone = false;
		if (strcmp(d->site->tmpl.cust_id, a->cust_id) != 0)
			continue;
		*any = true;
		if (!d->run.online || !d->run.registered)
			continue;
		for (int k = 0; k < d->nzones; k++)
			zone |= d->zones[k].zone == a->zone_no && a->zone_no != 0;
		if (best == NULL || zone)
			best = d;
		if (zone)
			break;
	}
	return best;
}

int gb_control(struct gb_server *s, const struct alarm *a, enum proto_control cmd, const char *by,
	       const char **msg, char **owned)
{
	bool any;
	struct gb_device *d = device_for(s, a, &any);
	struct pending_control *p = NULL;
	const char *kv[] = {guard_words[cmd][0], guard_words[cmd][1], NULL};
	char label[64], *body;
	size_t len = 0;

	if (d == NULL) {
		*msg = any ? "the site's GB/T 28181 device is offline"
			   : "the site has no GB/T 28181 device";
		return PROTO_E_FLOW;
	}
	for (int i = 0; i < GB_PENDING && p == NULL; i++)
		if (!s->pending[i].used)
			p = &s->pending[i];
	if (p == NULL || (body = manscdp_build(MANSCDP_CONTROL, "DeviceControl", ++d->run.sn, d->id,
					       kv, &len)) == NULL) {
		*msg = "too many remote controls waiting for their devices";
		return PROTO_E_FLOW;
	}
	memset(p, 0, sizeof *p);
	p->used = true;
	snprintf(p->device, sizeof p->device, "%s", d->id);
	snprintf(p->alarm_id, sizeof p->alarm_id, "%s", a->id);
	snprintf(p->by, sizeof p->by, "%s", by);
	p->sn = d->run.sn;
	p->cmd = cmd;
	p->sent_ms = center_now_ms();
	p->limit_ms = a->flow.clk[FLOW_CLK_LINKAGE].limit_ms;
	snprintf(label, sizeof label, "DeviceControl %s SN %lu", d->id, p->sn);
	gb_send(s, d, label, body, len, (int)p->limit_ms, control_sent_cb);
	free(body);
	center_log("gb28181 %s: %s:%s SN %lu for alarm %s by %s", d->id, kv[0], kv[1], p->sn, a->id,
		   by);
	if ((*owned = malloc(160)) != NULL) {
		snprintf(*owned, 160, "sent to %s%s%s", d->name[0] ? d->name : d->id,
			 d->run.via[0] ? " through node " : "", d->run.via);
		*msg = *owned;
	}
	return PROTO_OK;
}

void gb_control_expire(struct gb_server *s, int64_t now_ms)
{
	char why[80];

	for (int i = 0; i < GB_PENDING; i++) {
		struct pending_control *p = &s->pending[i];
		if (p->used && now_ms - p->sent_ms >= p->limit_ms) {
			snprintf(why, sizeof why, "no answer within %lld s",
				 (long long)(p->limit_ms / 1000));
			finish_control(s, p, false, why);
		}
	}
}

/* PTZCmd: 8 bytes in hex — A5, 0F (the combination code), the address's
 * low byte, the instruction (bits: 01 right, 02 left, 04 down, 08 up, 10
 * zoom in, 20 zoom out; 0 stops), pan and tilt speed, the zoom speed in
 * the high nibble (the address's high nibble in the low one), and the sum
 * of the seven bytes modulo 256 (wvp-GB28181-pro's cmdString; the bits as
 * the public GB/T 28181 constants give them). */
void gb_ptz_command(enum proto_control cmd, char out[17])
{
	static const unsigned char bits[PROTO_CTL_COUNT] = {
	    [PROTO_CTL_PTZ_LEFT] = 0x02, [PROTO_CTL_PTZ_RIGHT] = 0x01, [PROTO_CTL_PTZ_UP] = 0x08,
	    [PROTO_CTL_PTZ_DOWN] = 0x04, [PROTO_CTL_ZOOM_IN] = 0x10,   [PROTO_CTL_ZOOM_OUT] = 0x20};
	unsigned char b[8] = {0xA5, 0x0F, 0x01, bits[cmd], 0, 0, 0, 0};
	unsigned sum = 0;

	if (cmd == PROTO_CTL_PTZ_LEFT || cmd == PROTO_CTL_PTZ_RIGHT)
		b[4] = 0x80; /* half speed */
	if (cmd == PROTO_CTL_PTZ_UP || cmd == PROTO_CTL_PTZ_DOWN)
		b[5] = 0x80;
	if (cmd == PROTO_CTL_ZOOM_IN || cmd == PROTO_CTL_ZOOM_OUT)
		b[6] = 0x80;
	for (int i = 0; i < 7; i++)
		sum += b[i];
	b[7] = (unsigned char)(sum % 256);
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02X", b[i]);
}

int gb_ptz(struct gb_server *s, const struct alarm *a, enum proto_control cmd, const char **msg,
	   char **owned)
{
	char ptz[17], label[64], *body;
	const char *kv[] = {"PTZCmd", ptz, NULL};
	size_t len = 0;

	for (int i = 0; i < a->ncameras; i++) {
		const char *ch = a->cameras[i].channel;
		if (strncmp(ch, "gb28181:", 8) != 0)
			continue;
		for (size_t k = 0; k < gb(s)->ndevices; k++) {
			struct gb_device *d = &gb(s)->devices[k];
			if (strcmp(d->site->tmpl.cust_id, a->cust_id) != 0 ||
			    !gb_channel_find(d, ch + 8))
				continue;
			if (!d->run.online) {
				*msg = "the site's GB/T 28181 device is offline";
				return PROTO_E_FLOW;
			}
			gb_ptz_command(cmd, ptz);
			if ((body = manscdp_build(MANSCDP_CONTROL, "DeviceControl", ++d->run.sn,
						  ch + 8, kv, &len)) == NULL)
				return PROTO_E_FLOW;
			snprintf(label, sizeof label, "PTZ %s", proto_control_name(cmd));
			gb_send(s, d, label, body, len, 0, NULL);
			free(body);
			if ((*owned = malloc(160)) != NULL) {
				snprintf(*owned, 160, "sent to %s%s%s", a->cameras[i].name,
					 d->run.via[0] ? " through node " : "", d->run.via);
				*msg = *owned;
			}
			return PROTO_OK;
		}
	}
	*msg = "the alarm has no GB/T 28181 camera";
	return PROTO_E_FLOW;
}
