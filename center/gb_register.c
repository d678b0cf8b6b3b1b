/* gb_register.c — a device's REGISTER: digest authentication with
 * self-checking nonces, a lockout after repeated failures, the registration's
 * lifetime, the Date header that sets the device's clock, and the catalog
 * asked of a device that registered anew (center/gb_server-int.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gb_cluster.h"
#include "gb_server-int.h"
#include "sockaddr.h"

#define NONCE_MAX_AGE_MS (5 * 60 * 1000)
#define LOCK_AFTER 5	    /* failed authentications in a row … */
#define LOCK_MS (60 * 1000) /* … lock the device's ID out this long */
#define EXPIRES_MAX 86400

static void challenge(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from,
		      bool stale)
{
	char value[200];

	sip_challenge(s->secret, gb(s)->realm, center_now_ms(), stale, value, sizeof value);
	gb_answer(s, req, from, 401, "WWW-Authenticate", value);
}

/* 1 authenticated, 0 challenged again (no or stale credentials), -1 refused. */
static int authenticate(struct gb_server *s, struct gb_device *d, const osip_message_t *req,
			const struct sip_peer *from, const char *who)
{
	int64_t now = center_now_ms();
	enum sip_auth v = sip_check_authorization(req, d->id, gb(s)->realm, d->password, s->secret,
						  now, NONCE_MAX_AGE_MS);

	if (v == SIP_AUTH_NONE || v == SIP_AUTH_STALE) {
		challenge(s, req, from, v == SIP_AUTH_STALE); /* once more */
		return 0;
	}
	if (v != SIP_AUTH_OK) {
		d->run.auth_failures++;
		d->run.locked_until_ms = d->run.auth_failures >= LOCK_AFTER ? now + LOCK_MS : 0;
		center_log("gb28181 %s from %s: %s: 403 (%u in a row%s)", d->id, who,
			   v == SIP_AUTH_USER	 ? "credentials of another user"
			   : v == SIP_AUTH_REALM ? "credentials for another realm"
						 : "wrong password",
			   d->run.auth_failures, d->run.locked_until_ms ? ", locked for 60 s" : "");
		gb_answer(s, req, from, 403, NULL, NULL);
		return -1;
	}
	d->run.auth_failures = 0;
	return 1;
}

void gb_register(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from)
{
	const char *id = sip_from_user(req);
	struct gb_device *d = gb_device_find(gb(s), id);
	osip_contact_t *ct = NULL;
	char who[80], *curi = NULL, date[32], exp[16];
	int expires = sip_expires(req, 3600);
	int64_t now = center_now_ms();
	time_t t;
	struct tm tm;

	sip_peer_name(from, who, sizeof who);
	if (d == NULL) {
		center_log("gb28181 REGISTER of %.40s from %s: not a device of the data set: 403",
			   id, who);
		gb_answer(s, req, from, 403, NULL, NULL);
		return;
	}
	if (d->run.locked_until_ms > now) {
		center_log("gb28181 %s from %s: locked after %u failed authentications: 403", d->id,
			   who, d->run.auth_failures);
		gb_answer(s, req, from, 403, NULL, NULL);
		return;
	}
	if (authenticate(s, d, req, from, who) <= 0)
		return;
	if (expires <= 0) {
		gb_answer(s, req, from, 200, NULL, NULL);
		center_log("gb28181 %s from %s: unregistered", d->id, who);
		d->run.registered = false;
		if (d->run.online)
			gb_offline(s, d, "unregistered");
		else
			gb_save(s, d);
		return;
	}
	if (expires > EXPIRES_MAX)
		expires = EXPIRES_MAX;
	/* The Date header sets the device's clock (GB/T 28181 time sync). */
	t = (time_t)(now / 1000);
	localtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(date + strlen(date), sizeof date - strlen(date), ".%03d", (int)(now % 1000));
	{
		osip_message_t *r = sip_response(req, 200, s->tag);
		if (r) {
			snprintf(exp, sizeof exp, "%d", expires);
			osip_message_set_header(r, "Date", date);
			osip_message_set_header(r, "Expires", exp);
		}
		sip_link_reply(s->link, from, req, r);
	}
	d->run.contact[0] = '\0';
	if (osip_message_get_contact(req, 0, &ct) >= 0 && ct && ct->url &&
	    osip_uri_to_str(ct->url, &curi) == 0) {
		snprintf(d->run.contact, sizeof d->run.contact, "%s", curi);
		osip_free(curi);
	}
	{
		bool fresh = !d->run.registered || !sockaddr_same(&d->run.peer.addr, &from->addr) ||
			     d->run.peer.tcp != from->tcp;
		d->run.registered = true;
		d->run.peer = *from;
		d->run.expires_ms = now + (int64_t)expires * 1000;
		gb_cluster_heard(s, d, now);
		center_log("gb28181 %s (%s) registered from %s for %ds%s", d->id,
			   d->site->tmpl.cust_id, who, expires,
			   fresh ? ": asking its catalog" : "");
		gb_save(s, d);
		if (fresh)
			gb_ask_catalog(s, d);
	}
}
