/* proto_site.c — the site message (docs/protocol.md): the center's answer
 * to a site query, read and written here so that both sides name its fields
 * alike. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "jsonrd.h"
#include "proto.h"

static void add_str(cJSON *o, const char *k, const char *v)
{
	cJSON_AddStringToObject(o, k, v ? v : "");
}

static void add_people(cJSON *o, const struct proto_site *s)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "contacts");

	for (int i = 0; i < s->ncontacts; i++) {
		cJSON *k = cJSON_CreateObject();
		add_str(k, "name", s->contacts[i].name);
		add_str(k, "phone", s->contacts[i].phone);
		add_str(k, "role", s->contacts[i].role);
		cJSON_AddItemToArray(arr, k);
	}
	arr = cJSON_AddArrayToObject(o, "cameras");
	for (int i = 0; i < s->ncameras; i++) {
		cJSON *k = cJSON_CreateObject();
		add_str(k, "name", s->cameras[i].name);
		cJSON_AddItemToArray(arr, k); /* the stream address stays at the center */
	}
	arr = cJSON_AddArrayToObject(o, "zones");
	for (int i = 0; i < s->nzones; i++) {
		cJSON *k = cJSON_CreateObject();
		jr_add_int(k, "no", s->zones[i].no);
		add_str(k, "name", s->zones[i].name);
		add_str(k, "detector", s->zones[i].detector);
		add_str(k, "level", s->zones[i].level);
		cJSON_AddItemToArray(arr, k);
	}
}

static void add_history(cJSON *o, const struct proto_site *s)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "history");

	for (int i = 0; i < s->nhistory; i++) {
		const struct proto_site_past *p = &s->history[i];
		cJSON *k = cJSON_CreateObject();
		add_str(k, "id", p->id);
		add_str(k, "class", alarm_class_name(p->cls));
		jr_add_int(k, "priority", p->priority);
		add_str(k, "event", p->event_code);
		jr_add_int(k, "zone", p->zone_no);
		add_str(k, "zone_name", p->zone_name);
		jr_add_int(k, "received", p->received_ms);
		jr_add_int(k, "closed", p->closed_ms);
		jr_add_int(k, "verdict", p->verdict);
		jr_add_int(k, "cause", p->cause);
		add_str(k, "by", p->by);
		cJSON_AddItemToArray(arr, k);
	}
}

char *proto_encode_site(const struct proto_site *s)
{
	cJSON *o = cJSON_CreateObject(), *arr;
	char *out;

	if (o == NULL)
		return NULL;
	add_str(o, "type", "site");
	if (s->req_id && s->req_id[0])
		add_str(o, "id", s->req_id);
	add_str(o, "q", s->q);
	arr = cJSON_AddArrayToObject(o, "matches");
	for (int i = 0; i < s->nmatches; i++) {
		cJSON *k = cJSON_CreateObject();
		add_str(k, "id", s->matches[i].id);
		add_str(k, "name", s->matches[i].name);
		add_str(k, "address", s->matches[i].address);
		cJSON_AddItemToArray(arr, k);
	}
	if (s->found) {
		cJSON *c = cJSON_AddObjectToObject(o, "site");
		add_str(c, "id", s->id);
		add_str(c, "name", s->name);
		add_str(c, "type", s->type);
		cJSON_AddBoolToObject(c, "key", s->key_customer);
		add_str(c, "police", s->police);
		add_str(c, "address", s->address);
		add_people(c, s);
		add_history(o, s);
	}
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return out;
}

/* Each object of arr through fn, at most max; a non-object is refused. */
static int each(struct jr *r, cJSON *arr, const char *name, int max, int *n,
		int (*fn)(struct jr *r, cJSON *it, struct proto_site *s, int i), struct proto_site *s)
{
	cJSON *it;

	*n = 0;
	cJSON_ArrayForEach(it, arr)
	{
		if (*n == max)
			break; /* the newest, the first ones: enough for the card */
		if (!cJSON_IsObject(it))
			return jr_fail(r, name, "expected objects");
		JR_TRY(fn(r, it, s, *n));
		(*n)++;
	}
	return 0;
}

static int read_match(struct jr *r, cJSON *it, struct proto_site *s, int i)
{
	struct proto_site_match *m = &s->matches[i];

	JR_TRY(jr_str(r, it, "id", true, &m->id));
	JR_TRY(jr_str(r, it, "name", false, &m->name));
	return jr_str(r, it, "address", false, &m->address);
}

static int read_contact(struct jr *r, cJSON *it, struct proto_site *s, int i)
{
	JR_TRY(jr_str(r, it, "name", false, &s->contacts[i].name));
	JR_TRY(jr_str(r, it, "phone", false, &s->contacts[i].phone));
	return jr_str(r, it, "role", false, &s->contacts[i].role);
}

static int read_camera(struct jr *r, cJSON *it, struct proto_site *s, int i)
{
	s->cameras[i].channel = "";
	return jr_str(r, it, "name", false, &s->cameras[i].name);
}

static int read_zone(struct jr *r, cJSON *it, struct proto_site *s, int i)
{
	struct proto_site_zone *z = &s->zones[i];
	int64_t v;

	JR_TRY(jr_int(r, it, "no", true, 0, 9999, &v));
	z->no = (int)v;
	JR_TRY(jr_str(r, it, "name", false, &z->name));
	JR_TRY(jr_str(r, it, "detector", false, &z->detector));
	return jr_str(r, it, "level", false, &z->level);
}

static int read_past(struct jr *r, cJSON *it, struct proto_site *s, int i)
{
	struct proto_site_past *p = &s->history[i];
	int64_t v;
	int e;

	JR_TRY(jr_str(r, it, "id", true, &p->id));
	JR_TRY(jr_enum(r, it, "class", alarm_class_names, ALARM_CLASS_COUNT, &e));
	p->cls = (enum alarm_class)e;
	JR_TRY(jr_int(r, it, "priority", false, 0, ALARM_PRIORITY_MAX, &v));
	p->priority = (int)v;
	JR_TRY(jr_str(r, it, "event", false, &p->event_code));
	JR_TRY(jr_int(r, it, "zone", false, 0, 9999, &v));
	p->zone_no = (int)v;
	JR_TRY(jr_str(r, it, "zone_name", false, &p->zone_name));
	JR_TRY(jr_int(r, it, "received", true, 0, INT64_MAX, &p->received_ms));
	JR_TRY(jr_int(r, it, "closed", false, 0, INT64_MAX, &p->closed_ms));
	JR_TRY(jr_int(r, it, "verdict", false, 0, 2, &v));
	p->verdict = (enum flow_verdict)v;
	JR_TRY(jr_int(r, it, "cause", false, 0, 9999, &v));
	p->cause = (int)v;
	return jr_str(r, it, "by", false, &p->by);
}

int proto_site_get(const struct proto_msg *m, struct proto_site *out, char *err, size_t errlen)
{
	struct jr r = {err, errlen, "site", NULL, NULL};
	cJSON *root = m->tree, *c, *arr;

	memset(out, 0, sizeof *out);
	if (m->type != PROTO_SITE) {
		snprintf(err, errlen, "not a site message");
		return PROTO_E_TYPE;
	}
	JR_TRY(jr_str(&r, root, "id", false, &out->req_id));
	JR_TRY(jr_str(&r, root, "q", false, &out->q));
	JR_TRY(jr_arr(&r, root, "matches", &arr));
	JR_TRY(each(&r, arr, "matches", PROTO_SITE_MATCHES, &out->nmatches, read_match, out));
	JR_TRY(jr_obj(&r, root, "site", false, &c));
	if (c == NULL)
		return 0;
	out->found = true;
	JR_TRY(jr_str(&r, c, "id", true, &out->id));
	JR_TRY(jr_str(&r, c, "name", false, &out->name));
	JR_TRY(jr_str(&r, c, "type", false, &out->type));
	JR_TRY(jr_bool(&r, c, "key", &out->key_customer));
	JR_TRY(jr_str(&r, c, "police", false, &out->police));
	JR_TRY(jr_str(&r, c, "address", false, &out->address));
	JR_TRY(jr_arr(&r, c, "contacts", &arr));
	JR_TRY(each(&r, arr, "contacts", ALARM_MAX_CONTACTS, &out->ncontacts, read_contact, out));
	JR_TRY(jr_arr(&r, c, "cameras", &arr));
	JR_TRY(each(&r, arr, "cameras", ALARM_MAX_CAMERAS, &out->ncameras, read_camera, out));
	JR_TRY(jr_arr(&r, c, "zones", &arr));
	JR_TRY(each(&r, arr, "zones", PROTO_SITE_ZONES, &out->nzones, read_zone, out));
	JR_TRY(jr_arr(&r, root, "history", &arr));
	return each(&r, arr, "history", PROTO_SITE_HISTORY, &out->nhistory, read_past, out);
}
