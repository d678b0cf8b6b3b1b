/* gb_cluster.c — GB/T 28181 devices on every node (gb_cluster.h). */
#include "gb_cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "gb_alarm.h"

#define SHARE_MS 5000 /* a device heard is told the leader at most this often */

/* An alarm MESSAGE waiting for the cluster, answered then. */
struct gb_relay {
	struct gb_relay *next;
	struct gb_server *s; /* NULL once the server stopped: nothing to answer */
	osip_message_t *req; /* a copy */
	struct sip_peer from;
	char device[GB_ID_LEN], channel[GB_ID_LEN];
	unsigned long sn;
};

static void alarm_handed(void *ctx, bool ok)
{
	struct gb_relay *r = ctx;
	struct gb_server *s = r->s;
	struct gb_device *d = s ? gb_device_find(gb(s), r->device) : NULL;

	if (s != NULL) {
		for (struct gb_relay **pp = &s->relays; *pp; pp = &(*pp)->next)
			if (*pp == r) {
				*pp = r->next;
				break;
			}
		if (ok) {
			gb_answer(s, r->req, &r->from, 200, NULL, NULL);
			if (d)
				gb_confirm_alarm(s, d, r->sn, r->channel);
		} else {
			center_log("gb28181 %s: its alarm SN %lu not handed to the leader: 503",
				   r->device, r->sn);
			gb_answer(s, r->req, &r->from, 503, "Retry-After", "5");
		}
	}
	osip_message_free(r->req);
	free(r);
}

void gb_cluster_alarm(struct gb_server *s, struct gb_device *d, const osip_message_t *req,
		      const struct sip_peer *from, const struct manscdp *m, const char *body,
		      size_t len)
{
	struct gb_relay *r = calloc(1, sizeof *r);
	char id[96];

	if (r == NULL || osip_message_clone(req, &r->req) != 0) {
		free(r);
		gb_answer(s, req, from, 503, "Retry-After", "5");
		return;
	}
	r->s = s;
	r->from = *from;
	r->sn = m->sn;
	snprintf(r->device, sizeof r->device, "%s", d->id);
	snprintf(r->channel, sizeof r->channel, "%s", m->device_id);
	/* A retransmission, or the device's retry through another node, is
	 * kept once by the cluster (its message id). */
	snprintf(id, sizeof id, "gb/%s/Alarm/%lu", d->id, m->sn);
	r->next = s->relays;
	s->relays = r;
	if (s->c->relay_gb(s->c, id, d->id, body, len, 0, 0, alarm_handed, r) != 0)
		alarm_handed(r, false); /* 503 */
}

static void nothing_to_answer(void *ctx, bool ok)
{
	/* Best effort: the next keepalive tells it again; a control's clock
	 * runs out on the leader when its answer is lost. */
}

void gb_cluster_response(struct gb_server *s, struct gb_device *d, const struct manscdp *m,
			 const char *body, size_t len)
{
	char id[136];

	/* A catalog comes in several messages of one SN: each its own. */
	snprintf(id, sizeof id, "gb/%s/%s-response/%lu/%s", d->id, m->cmd, m->sn,
		 m->nitems > 0 ? m->items[0].id : "");
	s->c->relay_gb(s->c, id, d->id, body, len, 0, 0, nothing_to_answer, NULL);
}

void gb_cluster_deliver(struct center *c, const char *device, const char *what, const char *body,
			size_t len)
{
	struct gb_device *d = gb_device_find(&c->gb, device);

	if (c->sip == NULL || d == NULL || !d->run.registered) {
		center_log("gb28181 %.40s: the leader's %s not sent: %s", device, what,
			   c->sip == NULL ? "no SIP server here" : "not registered here");
		return;
	}
	gb_send(c->sip, d, what, body, len, 0, NULL);
}

void gb_cluster_heard(struct gb_server *s, struct gb_device *d, int64_t at_ms)
{
	int64_t every = d->keepalive_s * 1000LL < SHARE_MS ? d->keepalive_s * 1000LL : SHARE_MS;
	bool came_online = !d->run.online;
	char id[96];

	if (s->c->relay_gb == NULL) {
		d->run.via[0] = '\0'; /* heard here */
		gb_heard(s, d, at_ms);
		return;
	}
	d->run.last_heard_ms = at_ms; /* a follower supervises nothing: the leader does */
	d->run.online = true;
	if (came_online)
		gb_save(s, d);
	if (!came_online && at_ms - d->run.told_ms < every - every / 10)
		return;
	d->run.told_ms = at_ms;
	snprintf(id, sizeof id, "gbheard/%s/%lld", d->id, (long long)at_ms);
	s->c->relay_gb(s->c, id, d->id, NULL, 0, at_ms, d->run.expires_ms, nothing_to_answer, NULL);
}

void gb_cluster_stop(struct gb_server *s)
{
	for (struct gb_relay *r = s->relays; r; r = r->next)
		r->s = NULL; /* freed when the cluster is done with it */
	s->relays = NULL;
}

void gb_cluster_take(struct center *c, const char *device, const char *body, size_t len,
		     const char *via)
{
	struct gb_device *d = gb_device_find(&c->gb, device);
	struct manscdp m;
	char err[200], id[64] = "";

	if (d == NULL) {
		center_log("gb28181 %.40s via %s: not a device of the data set: dropped", device, via);
		return;
	}
	if (manscdp_parse(body, len, &m, err, sizeof err)) {
		center_log("gb28181 %s via %s: message not understood: %s: dropped", d->id, via, err);
		return;
	}
	if (m.root == MANSCDP_NOTIFY && strcmp(m.cmd, "Alarm") == 0) {
		if (gb_alarm(c, d, &m, id, sizeof id) == 0)
			center_log("gb28181 %s: alarm %s came via %s", d->id, id, via);
	} else if (m.root == MANSCDP_RESPONSE && strcmp(m.cmd, "DeviceControl") == 0 && c->sip) {
		gb_control_answered(c->sip, d, &m);
	} else if (m.root == MANSCDP_RESPONSE && strcmp(m.cmd, "Catalog") == 0) {
		/* Its alarms carry the device's cameras, and their PTZ goes back
		 * through the follower. */
		gb_catalog_take(d, &m, via);
		if (c->sip)
			gb_save(c->sip, d);
	} else {
		center_log("gb28181 %s via %s: %s not taken here", d->id, via, m.cmd);
	}
}

void gb_cluster_take_heard(struct center *c, const char *device, int64_t at_ms,
			   int64_t expires_ms, const char *via)
{
	struct gb_device *d = gb_device_find(&c->gb, device);

	if (d == NULL || at_ms <= d->run.last_heard_ms)
		return;
	if (strcmp(d->run.via, via) != 0 || !d->run.online)
		center_log("gb28181 %s (%s): heard via %s", d->id, d->site->tmpl.cust_id, via);
	d->run.registered = true;
	if (expires_ms > d->run.expires_ms)
		d->run.expires_ms = expires_ms;
	if (c->sip) {
		gb_heard(c->sip, d, at_ms); /* back online: its offline alarm restored */
	} else {
		d->run.last_heard_ms = at_ms;
		d->run.online = true;
	}
	snprintf(d->run.via, sizeof d->run.via, "%s", via);
}
