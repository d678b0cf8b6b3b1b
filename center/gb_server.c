/* gb_server.c — GB/T 28181 devices: the SIP server's requests dispatched
 * (REGISTER to gb_register.c; MESSAGE: keepalives, alarms, catalogs, the
 * answers to controls), the keepalive supervision, and its life
 * (center/gb_server.h). The SIP transport and its transactions are
 * sip_link.c's, the XML manscdp.c's. */
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "gb_alarm.h"
#include "gb_cluster.h"
#include "gb_server-int.h"

#define WATCH_MS 250

static void watch_cb(void *ctx)
{
	struct gb_server *s = ctx;
	int64_t now = center_now_ms();
	char why[80];

	gb_control_expire(s, now);
	if (s->c->follower)
		return; /* the leader supervises the devices and forwards upward */
	gb_upper_tick(s, now);
	/* The devices once a second (the tick is for the 8 s and 4 s clocks). */
	if (now - s->devices_checked_ms < 1000)
		return;
	s->devices_checked_ms = now;
	for (size_t i = 0; i < gb(s)->ndevices; i++) {
		struct gb_device *d = &gb(s)->devices[i];
		int64_t silent = now - d->run.last_heard_ms;
		if (!d->run.online)
			continue;
		if (silent > (int64_t)GB_MISSED * d->keepalive_s * 1000) {
			snprintf(why, sizeof why, "no keepalive for %llds (every %ds)",
				 (long long)(silent / 1000), d->keepalive_s);
			gb_offline(s, d, why);
		} else if (now > d->run.expires_ms) {
			d->run.registered = false;
			gb_offline(s, d, "registration expired");
		}
	}
}

static void on_message(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from)
{
	const char *id = sip_from_user(req);
	struct gb_device *d = gb_device_find(gb(s), id);
	char who[80], err[200], alarm_id[64] = "";
	const char *body;
	size_t len = 0;
	struct manscdp m;

	sip_peer_name(from, who, sizeof who);
	if (d == NULL || !d->run.registered) {
		center_log("gb28181 MESSAGE of %.40s from %s: %s: 403", id, who,
			   d ? "not registered" : "not a device of the data set");
		gb_answer(s, req, from, 403, NULL, NULL);
		return;
	}
	if ((body = sip_body(req, &len)) == NULL || manscdp_parse(body, len, &m, err, sizeof err)) {
		center_log("gb28181 %s from %s: MESSAGE body not understood: %s: 400", d->id, who,
			   body ? err : "no body");
		gb_answer(s, req, from, 400, NULL, NULL);
		return;
	}
	d->run.peer = *from; /* answers and commands go where it speaks from */
	gb_cluster_heard(s, d, center_now_ms());
	if (m.root == MANSCDP_NOTIFY && strcmp(m.cmd, "Keepalive") == 0) {
		gb_answer(s, req, from, 200, NULL, NULL);
	} else if (m.root == MANSCDP_NOTIFY && strcmp(m.cmd, "Alarm") == 0 && s->c->relay_gb) {
		gb_cluster_alarm(s, d, req, from, &m, body, len); /* a follower: the leader's */
	} else if (m.root == MANSCDP_NOTIFY && strcmp(m.cmd, "Alarm") == 0) {
		/* Durable before the 200 OK: an answered alarm is never lost; one
		 * the center could not take is refused, so the device sends it
		 * again. */
		if (gb_alarm(s->c, d, &m, alarm_id, sizeof alarm_id) == AD_ENOMEM) {
			gb_answer(s, req, from, 503, "Retry-After", "5");
			return;
		}
		gb_answer(s, req, from, 200, NULL, NULL);
		gb_confirm_alarm(s, d, m.sn, m.device_id);
	} else if (m.root == MANSCDP_RESPONSE && strcmp(m.cmd, "DeviceControl") == 0) {
		gb_answer(s, req, from, 200, NULL, NULL);
		if (s->c->relay_gb)
			gb_cluster_response(s, d, &m, body, len); /* the leader's control */
		else
			gb_control_answered(s, d, &m);
	} else if (m.root == MANSCDP_RESPONSE && strcmp(m.cmd, "Catalog") == 0) {
		gb_answer(s, req, from, 200, NULL, NULL);
		gb_catalog_take(d, &m, NULL);
		gb_save(s, d);
		if (s->c->relay_gb)
			gb_cluster_response(s, d, &m, body, len); /* the leader's alarms name them */
	} else {
		gb_answer(s, req, from, 200, NULL, NULL);
		center_log("gb28181 %s: %s %s not handled", d->id,
			   m.root == MANSCDP_RESPONSE ? "Response"
			   : m.root == MANSCDP_NOTIFY ? "Notify"
			   : m.root == MANSCDP_QUERY  ? "Query"
						      : "Control",
			   m.cmd);
	}
}

static void on_request(void *ctx, osip_message_t *req, const struct sip_peer *from)
{
	struct gb_server *s = ctx;
	char who[80];

	if (gb_upper_from(s, req)) {
		gb_upper_request(s, req, from);
	} else if (MSG_IS_REGISTER(req)) {
		gb_register(s, req, from);
	} else if (MSG_IS_MESSAGE(req)) {
		on_message(s, req, from);
	} else {
		sip_peer_name(from, who, sizeof who);
		center_log("gb28181 %s from %s: not handled: 405", req->sip_method, who);
		gb_answer(s, req, from, 405, "Allow", "REGISTER, MESSAGE");
	}
}

/* ---- life ------------------------------------------------------------------- */

struct gb_server *gb_server_start(struct center *c, const char *addr, char *err, size_t errlen)
{
	struct gb_server *s = calloc(1, sizeof *s);

	if (s == NULL)
		return NULL;
	s->c = c;
	if (RAND_bytes(s->secret, sizeof s->secret) != 1) {
		ad_err(err, errlen, "--sip-listen: no random bytes for the nonces");
		free(s);
		return NULL;
	}
	sip_token(s->tag, sizeof s->tag);
	if (gb_restore(s) != 0) {
		ad_err(err, errlen, "--sip-listen: the store's device registrations: %s",
		       store_error(c->store));
		free(s);
		return NULL;
	}
	if ((s->link = sip_link_start(c->loop, "--sip-listen", addr, "gb28181", on_request, s, err,
				      errlen)) == NULL) {
		free(s);
		return NULL;
	}
	s->watch = every_start(c->loop, WATCH_MS, watch_cb, s);
	center_log("gb28181: SIP server %s@%s listening on %s (UDP and TCP), %zu devices known",
		   gb(s)->platform_id, gb(s)->domain, sip_link_addr(s->link), gb(s)->ndevices);
	return s;
}

int gb_server_port(const struct gb_server *s)
{
	return sip_link_port(s->link);
}

void gb_server_stop(struct gb_server *s)
{
	if (s == NULL)
		return;
	every_stop(s->watch);
	gb_cluster_stop(s);
	sip_link_stop(s->link);
	free(s);
}
