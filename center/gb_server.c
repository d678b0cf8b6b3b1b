/* gb_server.c — GB/T 28181 devices: registration, keepalive supervision,
 * catalog and alarms (center/gb_server.h). The SIP transport and its
 * transactions are sip_link.c's; digest checks sip_digest.c's; the XML
 * manscdp.c's. */
#include "gb_server.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../app/core/ad.h"
#include "center.h"
#include "every.h"
#include "gb_alarm.h"
#include "gb_devices.h"
#include "panel_watch.h"
#include "sip_digest.h"
#include "sip_link.h"
#include "sockaddr.h"

#define NONCE_MAX_AGE_MS (5 * 60 * 1000)
#define LOCK_AFTER 5           /* failed authentications in a row … */
#define LOCK_MS (60 * 1000)    /* … lock the device's ID out this long */
#define EXPIRES_MAX 86400
#define OFFLINE_CODE "354"     /* Contact ID: failure to communicate */
#define MANSCDP_TYPE "Application/MANSCDP+xml"

struct gb_server {
	struct center *c;
	struct sip_link *link;
	struct every *watch;
	unsigned char secret[32]; /* of the nonces */
	char tag[20];             /* our To tag */
};

static struct gb_config *gb(struct gb_server *s)
{
	return &s->c->gb;
}

/* ---- answering -------------------------------------------------------------- */

static void answer(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from,
		   int code, const char *header, const char *value)
{
	osip_message_t *r = sip_response(req, code, s->tag);

	if (r && header)
		osip_message_set_header(r, header, value);
	sip_link_reply(s->link, from, req, r);
}

static void log_peer(const struct sip_peer *p, char *out, size_t len)
{
	sip_peer_name(p, out, len);
}

/* ---- requests to a device --------------------------------------------------- */

static void request_done(void *arg, const char *label, int code, const osip_message_t *resp)
{
	if (code == 408)
		center_log("gb28181 %s: no answer in time", label);
	else if (code == 503 && resp == NULL)
		center_log("gb28181 %s: could not be sent (the device's connection is gone)", label);
	else if (code >= 300)
		center_log("gb28181 %s: refused with %d", label, code);
}

/* A MESSAGE with a MANSCDP body to device d. */
static void send_to_device(struct gb_server *s, struct gb_device *d, const char *what,
			   const char *body, size_t len)
{
	char uri[200], from[80], to[80], tag[20], call[64], peer[64], label[64];
	struct sip_request_args a = {0};
	osip_message_t *m;

	sockaddr_name((const struct sockaddr *)&d->run.peer.addr, peer, sizeof peer);
	snprintf(uri, sizeof uri, "%s", d->run.contact[0] ? d->run.contact : "");
	if (!uri[0])
		snprintf(uri, sizeof uri, "sip:%s@%s", d->id, peer);
	snprintf(from, sizeof from, "sip:%s@%s", gb(s)->platform_id, gb(s)->domain);
	snprintf(to, sizeof to, "sip:%s@%s", d->id, gb(s)->domain);
	sip_token(tag, sizeof tag);
	sip_token(call, sizeof call);
	a.method = "MESSAGE";
	a.uri = uri;
	a.from = from;
	a.from_tag = tag;
	a.to = to;
	a.call_id = call;
	a.cseq = ++d->run.sn;
	a.expires = -1;
	a.content_type = MANSCDP_TYPE;
	a.body = body;
	a.body_len = len;
	if ((m = sip_request(&a)) == NULL) {
		center_log("gb28181 %s: the request to %s could not be made", d->id, uri);
		return;
	}
	snprintf(label, sizeof label, "%s to %s", what, d->id);
	sip_link_request(s->link, &d->run.peer, m, 0, label, request_done, s);
}

static void ask_catalog(struct gb_server *s, struct gb_device *d)
{
	size_t len = 0;
	char *body = manscdp_build(MANSCDP_QUERY, "Catalog", ++d->run.sn, d->id, NULL, &len);

	if (body)
		send_to_device(s, d, "Catalog query", body, len);
	free(body);
}

/* ---- online, offline -------------------------------------------------------- */

static void emit_device(struct gb_server *s, const struct gb_device *d, enum proto_device_state st)
{
	char name[128];

	snprintf(name, sizeof name, "GB28181 %s", d->name[0] ? d->name : d->id);
	center_emit_device(s->c, d->site->tmpl.cust_id, name, st);
}

/* Heard from d: a device that was offline is back (its alarm restored). */
static void heard(struct gb_server *s, struct gb_device *d)
{
	struct center *c = s->c;

	d->run.last_heard_ms = center_now_ms();
	if (d->run.online)
		return;
	d->run.online = true;
	if (d->run.offline_alarm[0]) {
		const struct alarm *a = book_find(c->book, d->run.offline_alarm);
		center_batch_begin(c);
		if (a && a->flow.restored_ms == 0) {
			struct alarm n = *a;
			n.flow.restored_ms = d->run.last_heard_ms;
			center_commit(c, &n, &(struct center_change){.action = "restore", .by = "device"});
		}
		emit_device(s, d, PROTO_DEV_ONLINE);
		center_batch_end(c);
		center_log("gb28181 %s (%s) online again", d->id, d->site->tmpl.cust_id);
		d->run.offline_alarm[0] = '\0';
	}
}

static void went_offline(struct gb_server *s, struct gb_device *d, const char *why)
{
	struct center *c = s->c;
	struct alarm a;
	char detector[160], source[48];

	d->run.online = false;
	site_make_alarm(&c->sites, d->site, 0, OFFLINE_CODE, ALARM_CHANNEL_SIP, &a);
	snprintf(detector, sizeof detector, "GB/T 28181 设备离线 %s", d->name[0] ? d->name : d->id);
	snprintf(source, sizeof source, "gb28181 #%s", d->id);
	a.zone_detector = detector;
	a.sources = source;
	center_batch_begin(c);
	if (center_emit_alarm(c, &a, d->site) == 0) {
		snprintf(d->run.offline_alarm, sizeof d->run.offline_alarm, "%s", a.id);
		emit_device(s, d, PROTO_DEV_OFFLINE);
		center_log("gb28181 %s (%s) offline: %s → alarm %s", d->id, d->site->tmpl.cust_id, why,
			   a.id);
	}
	center_batch_end(c);
}

static void watch_cb(void *ctx)
{
	struct gb_server *s = ctx;
	int64_t now = center_now_ms();
	char why[80];

	for (size_t i = 0; i < gb(s)->ndevices; i++) {
		struct gb_device *d = &gb(s)->devices[i];
		int64_t silent = now - d->run.last_heard_ms;
		if (!d->run.online)
			continue;
		if (silent > (int64_t)GB_MISSED * d->keepalive_s * 1000) {
			snprintf(why, sizeof why, "no keepalive for %llds (every %ds)",
				 (long long)(silent / 1000), d->keepalive_s);
			went_offline(s, d, why);
		} else if (now > d->run.expires_ms) {
			d->run.registered = false;
			went_offline(s, d, "registration expired");
		}
	}
}

/* ---- REGISTER --------------------------------------------------------------- */

/* A quoted-string's content. */
static const char *unquote(const char *v, char *out, size_t len)
{
	size_t n;

	out[0] = '\0';
	if (v == NULL)
		return out;
	n = strlen(v);
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
		snprintf(out, len, "%.*s", (int)(n - 2), v + 1);
	else
		snprintf(out, len, "%s", v);
	return out;
}

static void challenge(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from,
		      bool stale)
{
	char nonce[64], value[200];

	digest_nonce(s->secret, center_now_ms(), nonce, sizeof nonce);
	snprintf(value, sizeof value, "Digest realm=\"%s\", nonce=\"%s\", algorithm=MD5%s",
		 gb(s)->realm, nonce, stale ? ", stale=true" : "");
	answer(s, req, from, 401, "WWW-Authenticate", value);
}

/* 1 authenticated, 0 challenged again (no or stale credentials), -1 refused. */
static int authenticate(struct gb_server *s, struct gb_device *d, const osip_message_t *req,
			const struct sip_peer *from, const char *who)
{
	osip_authorization_t *au = NULL;
	char user[64], realm[64], nonce[80], uri[256], resp[64], qop[16], nc[16], cnonce[80];
	char want[DIGEST_HEX];
	int64_t now = center_now_ms();

	if (osip_message_get_authorization(req, 0, &au) < 0 || au == NULL) {
		challenge(s, req, from, false);
		return 0;
	}
	unquote(au->username, user, sizeof user);
	unquote(au->realm, realm, sizeof realm);
	unquote(au->nonce, nonce, sizeof nonce);
	unquote(au->uri, uri, sizeof uri);
	unquote(au->response, resp, sizeof resp);
	unquote(au->message_qop, qop, sizeof qop);
	unquote(au->nonce_count, nc, sizeof nc);
	unquote(au->cnonce, cnonce, sizeof cnonce);
	if (!digest_nonce_ok(s->secret, nonce, now, NONCE_MAX_AGE_MS)) {
		challenge(s, req, from, true); /* ours, but old (or not ours): once more */
		return 0;
	}
	digest_response(user, realm, d->password, "REGISTER", uri, nonce, qop, nc, cnonce, want);
	if (strcmp(user, d->id) != 0 || strcmp(realm, gb(s)->realm) != 0 ||
	    !digest_equal(want, resp)) {
		d->run.auth_failures++;
		d->run.locked_until_ms = d->run.auth_failures >= LOCK_AFTER ? now + LOCK_MS : 0;
		center_log("gb28181 %s from %s: %s: 403 (%u in a row%s)", d->id, who,
			   strcmp(user, d->id)		      ? "credentials of another user"
			   : strcmp(realm, gb(s)->realm) != 0 ? "credentials for another realm"
							      : "wrong password",
			   d->run.auth_failures, d->run.locked_until_ms ? ", locked for 60 s" : "");
		answer(s, req, from, 403, NULL, NULL);
		return -1;
	}
	d->run.auth_failures = 0;
	return 1;
}

static void on_register(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from)
{
	const char *id = sip_from_user(req);
	struct gb_device *d = gb_device_find(gb(s), id);
	osip_contact_t *ct = NULL;
	char who[80], *curi = NULL, date[32], exp[16];
	int expires = sip_expires(req, 3600);
	int64_t now = center_now_ms();
	time_t t;
	struct tm tm;

	log_peer(from, who, sizeof who);
	if (d == NULL) {
		center_log("gb28181 REGISTER of %.40s from %s: not a device of the data set: 403", id,
			   who);
		answer(s, req, from, 403, NULL, NULL);
		return;
	}
	if (d->run.locked_until_ms > now) {
		center_log("gb28181 %s from %s: locked after %u failed authentications: 403", d->id,
			   who, d->run.auth_failures);
		answer(s, req, from, 403, NULL, NULL);
		return;
	}
	if (authenticate(s, d, req, from, who) <= 0)
		return;
	if (expires <= 0) {
		answer(s, req, from, 200, NULL, NULL);
		center_log("gb28181 %s from %s: unregistered", d->id, who);
		d->run.registered = false;
		if (d->run.online)
			went_offline(s, d, "unregistered");
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
		heard(s, d);
		center_log("gb28181 %s (%s) registered from %s for %ds%s", d->id,
			   d->site->tmpl.cust_id, who, expires, fresh ? ": asking its catalog" : "");
		if (fresh)
			ask_catalog(s, d);
	}
}

/* ---- MESSAGE ---------------------------------------------------------------- */

static void on_catalog(struct gb_device *d, const struct manscdp *m)
{
	for (int i = 0; i < m->nitems; i++) {
		const struct manscdp_item *it = &m->items[i];
		struct gb_channel *ch = NULL;
		if (!gb_id_ok(it->id))
			continue;
		for (int k = 0; k < d->run.nchannels; k++)
			if (strcmp(d->run.channels[k].id, it->id) == 0)
				ch = &d->run.channels[k];
		if (ch == NULL) {
			const struct gb_channel *z = gb_channel_find(d, it->id); /* the data set's */
			if (d->run.nchannels == GB_MAX_CHANNELS)
				continue;
			ch = &d->run.channels[d->run.nchannels++];
			snprintf(ch->id, sizeof ch->id, "%s", it->id);
			ch->zone = z ? z->zone : 0;
		}
		snprintf(ch->name, sizeof ch->name, "%s", it->name);
	}
	center_log("gb28181 %s: catalog of %d (%d in this message), %d channels known", d->id,
		   m->sum_num, m->nitems, d->run.nchannels);
}

static void confirm_alarm(struct gb_server *s, struct gb_device *d, const struct manscdp *m)
{
	const char *kv[] = {"Result", "OK", NULL};
	size_t len = 0;
	char *body = manscdp_build(MANSCDP_RESPONSE, "Alarm", m->sn, m->device_id, kv, &len);

	if (body)
		send_to_device(s, d, "Alarm response", body, len);
	free(body);
}

static void on_message(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from)
{
	const char *id = sip_from_user(req);
	struct gb_device *d = gb_device_find(gb(s), id);
	char who[80], err[200], alarm_id[64] = "";
	const char *body;
	size_t len = 0;
	struct manscdp m;

	log_peer(from, who, sizeof who);
	if (d == NULL || !d->run.registered) {
		center_log("gb28181 MESSAGE of %.40s from %s: %s: 403", id, who,
			   d ? "not registered" : "not a device of the data set");
		answer(s, req, from, 403, NULL, NULL);
		return;
	}
	if ((body = sip_body(req, &len)) == NULL || manscdp_parse(body, len, &m, err, sizeof err)) {
		center_log("gb28181 %s from %s: MESSAGE body not understood: %s: 400", d->id, who,
			   body ? err : "no body");
		answer(s, req, from, 400, NULL, NULL);
		return;
	}
	d->run.peer = *from; /* answers and commands go where it speaks from */
	heard(s, d);
	if (m.root == MANSCDP_NOTIFY && strcmp(m.cmd, "Keepalive") == 0) {
		answer(s, req, from, 200, NULL, NULL);
	} else if (m.root == MANSCDP_NOTIFY && strcmp(m.cmd, "Alarm") == 0) {
		/* Durable before the 200 OK: an answered alarm is never lost. */
		gb_alarm(s->c, d, &m, alarm_id, sizeof alarm_id);
		answer(s, req, from, 200, NULL, NULL);
		confirm_alarm(s, d, &m);
	} else if (m.root == MANSCDP_RESPONSE && strcmp(m.cmd, "Catalog") == 0) {
		answer(s, req, from, 200, NULL, NULL);
		on_catalog(d, &m);
	} else {
		answer(s, req, from, 200, NULL, NULL);
		center_log("gb28181 %s: %s %s not handled", d->id,
			   m.root == MANSCDP_RESPONSE ? "Response" : m.root == MANSCDP_NOTIFY ? "Notify"
				   : m.root == MANSCDP_QUERY ? "Query" : "Control",
			   m.cmd);
	}
}

static void on_request(void *ctx, osip_message_t *req, const struct sip_peer *from)
{
	struct gb_server *s = ctx;
	char who[80];

	if (MSG_IS_REGISTER(req)) {
		on_register(s, req, from);
	} else if (MSG_IS_MESSAGE(req)) {
		on_message(s, req, from);
	} else {
		log_peer(from, who, sizeof who);
		center_log("gb28181 %s from %s: not handled: 405", req->sip_method, who);
		answer(s, req, from, 405, "Allow", "REGISTER, MESSAGE");
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
	if ((s->link = sip_link_start(c->loop, "--sip-listen", addr, "gb28181", on_request, s, err,
				      errlen)) == NULL) {
		free(s);
		return NULL;
	}
	s->watch = every_start(c->loop, 1000, watch_cb, s);
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
	sip_link_stop(s->link);
	free(s);
}
