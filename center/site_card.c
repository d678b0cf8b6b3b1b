/* site_card.c — the center's answer to a site query (docs/protocol.md):
 * the sites whose account is the words, or whose name, address or a
 * contact's phone holds them; for exactly one, its card (contacts, cameras,
 * zones) and its last closed alarms, newest first, from the records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"

struct answer {
	struct proto_site s;
	struct {
		char id[48], event[16], zone[64], by[64];
	} past[PROTO_SITE_HISTORY];
	unsigned bad;
};

static bool holds(const struct site *st, const char *q)
{
	const struct alarm *t = &st->tmpl;

	if (strstr(t->cust_id, q) || strstr(t->cust_name, q) || strstr(t->addr_text, q))
		return true;
	for (int i = 0; i < t->ncontacts; i++)
		if (strstr(t->contacts[i].phone, q) || strstr(t->contacts[i].name, q))
			return true;
	return false;
}

static void card(struct proto_site *s, const struct site *st)
{
	const struct alarm *t = &st->tmpl;

	s->found = true;
	s->id = t->cust_id;
	s->name = t->cust_name;
	s->type = t->cust_type;
	s->key_customer = t->key_customer;
	s->police = t->police;
	s->address = t->addr_text;
	s->ncontacts = t->ncontacts;
	memcpy(s->contacts, t->contacts, sizeof s->contacts);
	s->ncameras = t->ncameras;
	memcpy(s->cameras, t->cameras, sizeof s->cameras);
	for (int i = 0; i < st->nzones && i < PROTO_SITE_ZONES; i++)
		s->zones[s->nzones++] = (struct proto_site_zone){
			st->zones[i].no, st->zones[i].name, st->zones[i].detector, st->zones[i].level};
}

static int past_cb(void *ctx, const char *frame)
{
	struct answer *w = ctx;
	struct proto_site_past *p = &w->s.history[w->s.nhistory];
	struct proto_msg m;
	char err[200];
	int i = w->s.nhistory;

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) || m.type != PROTO_ALARM) {
		if (w->bad++ == 0)
			center_log("site card: a stored record does not decode: %s", err);
		return 0;
	}
	snprintf(w->past[i].id, sizeof w->past[i].id, "%s", m.alarm.id);
	snprintf(w->past[i].event, sizeof w->past[i].event, "%s", m.alarm.event_code);
	snprintf(w->past[i].zone, sizeof w->past[i].zone, "%s", m.alarm.zone_name);
	snprintf(w->past[i].by, sizeof w->past[i].by, "%s", m.alarm.claimed_by);
	*p = (struct proto_site_past){w->past[i].id, w->past[i].event, w->past[i].zone,
				      w->past[i].by,	m.alarm.cls,	 m.alarm.priority,
				      m.alarm.zone_no,	m.alarm.flow.cause, m.alarm.flow.verdict,
				      m.alarm.received_ms, m.alarm.state_ms};
	proto_msg_release(&m);
	return ++w->s.nhistory == PROTO_SITE_HISTORY;
}

char *center_site_answer(struct center *c, const struct proto_query *q)
{
	struct answer *w = calloc(1, sizeof *w);
	const struct site *one = NULL;
	char *out;

	if (w == NULL)
		return NULL;
	w->s.req_id = q->req_id;
	w->s.q = q->site;
	one = q->site[0] ? sites_find(&c->sites, q->site) : NULL;
	for (size_t i = 0; one == NULL && q->site[0] && i < c->sites.n; i++) {
		const struct site *st = &c->sites.v[i];
		if (!holds(st, q->site))
			continue;
		if (w->s.nmatches < PROTO_SITE_MATCHES)
			w->s.matches[w->s.nmatches] = (struct proto_site_match){
				st->tmpl.cust_id, st->tmpl.cust_name, st->tmpl.addr_text};
		w->s.nmatches++;
	}
	if (one == NULL && w->s.nmatches == 1)
		one = sites_find(&c->sites, w->s.matches[0].id);
	if (w->s.nmatches > PROTO_SITE_MATCHES)
		w->s.nmatches = PROTO_SITE_MATCHES; /* the first ones: the words say too little */
	if (one) {
		card(&w->s, one);
		if (store_site_records(c->store, one->tmpl.cust_id, PROTO_SITE_HISTORY, past_cb, w))
			center_log("site card: %s", store_error(c->store));
	}
	out = proto_encode_site(&w->s);
	free(w);
	return out;
}
