/* gb_link.c — talking to a GB/T 28181 device: answering it, sending it a
 * request, and its presence (online, offline) on the stream
 * (center/gb_server-int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gb_server-int.h"
#include "sockaddr.h"

#define OFFLINE_CODE "354" /* Contact ID: failure to communicate */

void gb_answer(struct gb_server *s, const osip_message_t *req, const struct sip_peer *from,
	       int code, const char *header, const char *value)
{
	osip_message_t *r = sip_response(req, code, s->tag);

	if (r && header)
		osip_message_set_header(r, header, value);
	sip_link_reply(s->link, from, req, r);
}

/* ---- requests to a device --------------------------------------------------- */

static void request_done(void *arg, const char *label, int code, const osip_message_t *resp)
{
	if (code == 408)
		center_log("gb28181 %s: no answer in time", label);
	else if (code == 503 && resp == NULL)
		center_log("gb28181 %s: could not be sent (the device's connection is gone)",
			   label);
	else if (code >= 300)
		center_log("gb28181 %s: refused with %d", label, code);
}

void gb_message(struct gb_server *s, const struct sip_peer *to, const char *uri, const char *to_id,
		const char *to_domain, const char *label, const char *body, size_t len,
		int timeout_ms, sip_on_answer cb)
{
	char from[80], to_uri[80];
	osip_message_t *m;

	snprintf(from, sizeof from, "sip:%s@%s", gb(s)->platform_id, gb(s)->domain);
	snprintf(to_uri, sizeof to_uri, "sip:%s@%s", to_id, to_domain);
	if ((m = sip_manscdp_message(uri, from, to_uri, ++s->cseq, body, len)) == NULL) {
		center_log("gb28181 %s: the request to %s could not be made", label, uri);
		return;
	}
	sip_link_request(s->link, to, m, timeout_ms, label, cb ? cb : request_done, s);
}

void gb_send(struct gb_server *s, struct gb_device *d, const char *what, const char *body,
	     size_t len, int timeout_ms, sip_on_answer cb)
{
	char uri[200], peer[64], label[64];

	if (d->run.via[0] && s->c->send_gb) {
		/* It speaks to another node of the cluster: that node sends it. */
		if (s->c->send_gb(s->c, d->run.via, d->id, what, body, len))
			center_log("gb28181 %s to %s: not handed to node %s", what, d->id, d->run.via);
		return;
	}
	sockaddr_name((const struct sockaddr *)&d->run.peer.addr, peer, sizeof peer);
	snprintf(uri, sizeof uri, "%s", d->run.contact);
	if (!uri[0])
		snprintf(uri, sizeof uri, "sip:%s@%s", d->id, peer);
	snprintf(label, sizeof label, "%s to %s", what, d->id);
	gb_message(s, &d->run.peer, uri, d->id, gb(s)->domain, label, body, len, timeout_ms, cb);
}

void gb_confirm_alarm(struct gb_server *s, struct gb_device *d, unsigned long sn,
		      const char *channel)
{
	const char *kv[] = {"Result", "OK", NULL};
	size_t len = 0;
	char *body = manscdp_build(MANSCDP_RESPONSE, "Alarm", sn, channel, kv, &len);

	if (body)
		gb_send(s, d, "Alarm response", body, len, 0, NULL);
	free(body);
}

void gb_ask_catalog(struct gb_server *s, struct gb_device *d)
{
	size_t len = 0;
	char *body = manscdp_build(MANSCDP_QUERY, "Catalog", ++d->run.sn, d->id, NULL, &len);

	if (body)
		gb_send(s, d, "Catalog query", body, len, 0, NULL);
	free(body);
}

void gb_catalog_take(struct gb_device *d, const struct manscdp *m, const char *via)
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
	center_log("gb28181 %s: catalog of %d (%d in this message%s%s), %d channels known", d->id,
		   m->sum_num, m->nitems, via ? ", via " : "", via ? via : "", d->run.nchannels);
}

/* ---- online, offline -------------------------------------------------------- */

static void emit_device(struct gb_server *s, const struct gb_device *d, enum proto_device_state st)
{
	char name[128];

	snprintf(name, sizeof name, "GB28181 %s", d->name[0] ? d->name : d->id);
	center_emit_device(s->c, d->site->tmpl.cust_id, name, st);
}

void gb_heard(struct gb_server *s, struct gb_device *d, int64_t at_ms)
{
	struct center *c = s->c;

	d->run.last_heard_ms = at_ms;
	if (d->run.online)
		return;
	d->run.online = true;
	if (d->run.offline_alarm[0]) {
		bool own = center_batch_begin(c);
		center_restore(c, d->run.offline_alarm, "device", d->run.last_heard_ms, NULL);
		emit_device(s, d, PROTO_DEV_ONLINE);
		if (own)
			center_batch_end(c);
		center_log("gb28181 %s (%s) online again", d->id, d->site->tmpl.cust_id);
		d->run.offline_alarm[0] = '\0';
	}
	gb_save(s, d);
}

void gb_offline(struct gb_server *s, struct gb_device *d, const char *why)
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
		center_log("gb28181 %s (%s) offline: %s → alarm %s", d->id, d->site->tmpl.cust_id,
			   why, a.id);
	}
	center_batch_end(c);
	gb_save(s, d);
}
