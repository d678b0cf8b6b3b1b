/* sites.c — loading and validating the customer data set and plans. */
#include "sites.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "../app/core/flow.h"
#include "../net/jsonrd.h"
#include "../net/proto.h"
#include "file.h"

static int read_site(cJSON *o, struct site *st, char *err, size_t errlen, size_t idx)
{
	char path[64], zpath[80];
	struct jr r = {err, errlen, path, NULL, NULL};
	struct alarm *a = &st->tmpl;
	cJSON *addr, *arr, *it;
	double lon, lat;

	snprintf(path, sizeof path, "customers[%zu]", idx);
	alarm_blank(a);
	a->contacts = st->contacts;
	a->cameras = st->cameras;
	JR_TRY(jr_str(&r, o, "id", true, &a->cust_id));
	JR_TRY(jr_str(&r, o, "name", true, &a->cust_name));
	JR_TRY(jr_str(&r, o, "type", false, &a->cust_type));
	JR_TRY(jr_bool(&r, o, "key", &a->key_customer));
	JR_TRY(jr_str(&r, o, "police", false, &a->police));
	JR_TRY(jr_obj(&r, o, "address", true, &addr));
	{
		char apath[80];
		struct jr ra = {err, errlen, apath, NULL, NULL};
		snprintf(apath, sizeof apath, "%s.address", path);
		JR_TRY(proto_read_address(&ra, addr, a));
	}
	JR_TRY(jr_num(&r, o, "lon", false, -180, 180, &lon));
	JR_TRY(jr_num(&r, o, "lat", false, -90, 90, &lat));
	if (jr_member(o, "lon") && jr_member(o, "lat")) {
		a->lon = lon, a->lat = lat, a->has_lonlat = true;
	}
	JR_TRY(jr_str(&r, o, "map", false, &a->pos_map));
	{
		cJSON *ru;
		struct alarm_rules probe;
		char rpath[80];
		JR_TRY(jr_obj(&r, o, "rules", false, &ru));
		st->rules = ru;
		snprintf(rpath, sizeof rpath, "%s.rules", path);
		/* Checked now so that a bad override fails the load, not an alarm. */
		flow_default_rules(&probe, ALARM_CLASS_OTHER, false);
		if (ru && (jr_member(ru, "dispatch") || jr_member(ru, "steps")))
			return jr_fail(&r, "rules", "dispatch and steps are the plan's (plans.json)");
		if (ru)
			JR_TRY(proto_read_rules(ru, rpath, &probe, err, errlen));
	}
	JR_TRY(jr_arr(&r, o, "contacts", &arr));
	cJSON_ArrayForEach(it, arr)
	{
		struct jr rc = {err, errlen, zpath, NULL, NULL};
		struct alarm_contact *k;
		snprintf(zpath, sizeof zpath, "%s.contacts[%d]", path, a->ncontacts);
		if (a->ncontacts == ALARM_MAX_CONTACTS)
			return jr_fail(&r, "contacts", "more than 4 contacts");
		k = &st->contacts[a->ncontacts++];
		JR_TRY(jr_str(&rc, it, "name", true, &k->name));
		JR_TRY(jr_str(&rc, it, "phone", true, &k->phone));
		JR_TRY(jr_str(&rc, it, "role", false, &k->role));
	}
	JR_TRY(jr_arr(&r, o, "cameras", &arr));
	cJSON_ArrayForEach(it, arr)
	{
		struct jr rc = {err, errlen, zpath, NULL, NULL};
		struct alarm_camera *k;
		snprintf(zpath, sizeof zpath, "%s.cameras[%d]", path, a->ncameras);
		if (a->ncameras == ALARM_MAX_CAMERAS)
			return jr_fail(&r, "cameras", "more than 8 cameras");
		k = &st->cameras[a->ncameras++];
		JR_TRY(jr_str(&rc, it, "name", true, &k->name));
		JR_TRY(jr_str(&rc, it, "channel", false, &k->channel));
	}
	JR_TRY(jr_arr(&r, o, "zones", &arr));
	if (arr == NULL || cJSON_GetArraySize(arr) == 0)
		return jr_fail(&r, "zones", "at least one zone is needed");
	cJSON_ArrayForEach(it, arr)
	{
		struct jr rz = {err, errlen, zpath, NULL, NULL};
		struct site_zone *z;
		int64_t no;
		snprintf(zpath, sizeof zpath, "%s.zones[%d]", path, st->nzones);
		if (st->nzones == SITE_MAX_ZONES)
			return jr_fail(&r, "zones", "more than 64 zones");
		z = &st->zones[st->nzones++];
		JR_TRY(jr_int(&rz, it, "no", true, 0, 9999, &no));
		z->no = (int)no;
		JR_TRY(jr_str(&rz, it, "name", true, &z->name));
		JR_TRY(jr_str(&rz, it, "detector", false, &z->detector));
		JR_TRY(jr_str(&rz, it, "level", false, &z->level));
		JR_TRY(jr_str(&rz, it, "marker", false, &z->marker));
	}
	return 0;
}

static int cmp_site(const void *x, const void *y)
{
	const struct site *a = *(const struct site *const *)x, *b = *(const struct site *const *)y;
	int d = strcmp(a->tmpl.cust_id, b->tmpl.cust_id);

	return d ? d : (a > b) - (a < b);
}

/* The sites sorted by id, for sites_find; a repeated id is an error (the
 * later one named). */
static int index_sites(struct sites *s, char *msg, size_t msglen)
{
	s->by_id = malloc((s->n ? s->n : 1) * sizeof *s->by_id);
	if (s->by_id == NULL) {
		snprintf(msg, msglen, "out of memory");
		return AD_ENOMEM;
	}
	for (size_t i = 0; i < s->n; i++)
		s->by_id[i] = &s->v[i];
	qsort(s->by_id, s->n, sizeof *s->by_id, cmp_site);
	for (size_t i = 1; i < s->n; i++)
		if (strcmp(s->by_id[i - 1]->tmpl.cust_id, s->by_id[i]->tmpl.cust_id) == 0) {
			snprintf(msg, msglen, "customers[%zu].id: duplicate '%s'",
				 (size_t)(s->by_id[i] - s->v), s->by_id[i]->tmpl.cust_id);
			return AD_EINVAL;
		}
	return 0;
}

static int load_customers(struct sites *s, const char *dir, char *err, size_t errlen)
{
	char path[4096], msg[256];
	struct jr r = {msg, sizeof msg, "", NULL, NULL};
	cJSON *root, *arr, *it;
	char *text;
	size_t i = 0;
	int rc;

	snprintf(path, sizeof path, "%s/customers.json", dir);
	text = file_read(path, 16u << 20, NULL, err, errlen);
	if (text == NULL)
		return AD_EIO;
	root = cJSON_Parse(text);
	free(text);
	if (root == NULL) {
		ad_err(err, errlen, "%s: not valid JSON", path);
		return AD_EINVAL;
	}
	s->tree = root;
	rc = jr_check_tree(root, 1, 6, msg, sizeof msg);
	if (rc == 0)
		rc = jr_arr(&r, root, "customers", &arr);
	if (rc == 0 && (arr == NULL || cJSON_GetArraySize(arr) == 0))
		rc = jr_fail(&r, "customers", "missing or empty");
	if (rc == 0 && cJSON_GetArraySize(arr) > SITES_MAX)
		rc = jr_fail(&r, "customers", "too many sites");
	if (rc == 0) {
		s->v = calloc((size_t)cJSON_GetArraySize(arr), sizeof *s->v);
		if (s->v == NULL) {
			ad_err(err, errlen, "%s: out of memory", path);
			return AD_ENOMEM;
		}
		cJSON_ArrayForEach(it, arr)
		{
			rc = read_site(it, &s->v[i], msg, sizeof msg, i);
			if (rc)
				break;
			s->n = ++i;
		}
	}
	if (rc == 0)
		rc = index_sites(s, msg, sizeof msg);
	if (rc) {
		ad_err(err, errlen, "%s: %s", path, msg);
		return AD_EINVAL;
	}
	return 0;
}

/* Two plans must not both claim a class's priority (or both be its plan
 * without grades): which one applied would be an accident of order. */
static int check_grades(const struct sites *s, const struct proto_plan *p, char *msg,
			size_t len)
{
	for (size_t i = 0; i < s->nplans; i++) {
		const struct proto_plan *q = &s->plan_v[i];
		if (strcmp(q->id, p->id) == 0) {
			snprintf(msg, len, "plans[%zu]: id %s is used twice", s->nplans, p->id);
			return PROTO_E_FIELD;
		}
		if (q->cls == p->cls && ((q->grades & p->grades) || (!q->grades && !p->grades))) {
			snprintf(msg, len, "plans[%zu]: %s and %s are both the %s plan for %s",
				 s->nplans, q->id, p->id, alarm_class_name(p->cls),
				 p->grades ? "one of these priorities" : "every priority");
			return PROTO_E_FIELD;
		}
	}
	return 0;
}

static int load_plans(struct sites *s, const char *dir, char *err, size_t errlen)
{
	char path[4096], msg[256];
	struct proto_msg *mp = calloc(1, sizeof *mp);
	size_t len;
	int rc;

	if (mp == NULL) {
		ad_err(err, errlen, "plans: out of memory");
		return AD_ENOMEM;
	}
	s->plans_msg = mp;
	snprintf(path, sizeof path, "%s/plans.json", dir);
	s->plans = file_read(path, PROTO_MAX_FRAME, &len, err, errlen);
	if (s->plans == NULL)
		return AD_EIO;
	{
		/* proto_decode sanitises in place: decode a copy, keep the text. */
		char *copy = malloc(len + 1);
		if (copy != NULL)
			memcpy(copy, s->plans, len + 1);
		rc = copy ? proto_decode(copy, len, mp, msg, sizeof msg) : PROTO_E_INTERNAL;
		free(copy);
	}
	if (rc == 0 && mp->type != PROTO_PLANS) {
		snprintf(msg, sizeof msg, "type: expected \"plans\"");
		rc = PROTO_E_TYPE;
	}
	if (rc == 0 && proto_plans_count(mp) > 0 &&
	    (s->plan_v = calloc(proto_plans_count(mp), sizeof *s->plan_v)) == NULL)
		rc = PROTO_E_INTERNAL;
	for (size_t i = 0; rc == 0 && i < proto_plans_count(mp); i++) {
		struct proto_plan *p = &s->plan_v[i];
		rc = proto_plans_get(mp, i, p, msg, sizeof msg);
		if (rc == 0)
			rc = check_grades(s, p, msg, sizeof msg);
		s->nplans += rc == 0;
	}
	if (rc == 0) {
		struct proto_code_item codes[PROTO_MAX_CODES];
		int n;
		if (proto_plans_codes(mp, "causes", codes, PROTO_MAX_CODES, msg, sizeof msg) < 0 ||
		    (n = proto_plans_codes(mp, "outcomes", codes, PROTO_MAX_CODES, msg,
					   sizeof msg)) < 0)
			rc = PROTO_E_FIELD;
		for (int i = 0; rc == 0 && i < n; i++)
			if (codes[i].is_false)
				s->false_outcomes[s->nfalse++] = codes[i].code;
		if (rc == 0 && (s->nunits = proto_plans_units(mp, "units", s->units, PROTO_MAX_UNITS, msg,
							     sizeof msg)) < 0)
			rc = PROTO_E_FIELD;
		if (rc == 0) { /* the consoles' list of maintenance staff: checked here */
			struct proto_unit staff[PROTO_MAX_UNITS];
			if (proto_plans_units(mp, "staff", staff, PROTO_MAX_UNITS, msg, sizeof msg) < 0)
				rc = PROTO_E_FIELD;
		}
	}
	if (rc) {
		ad_err(err, errlen, "%s: %s", path, msg);
		return AD_EINVAL;
	}
	return 0;
}

const struct proto_unit *sites_unit(const struct sites *s, const char *id)
{
	for (int i = 0; i < s->nunits; i++)
		if (strcmp(s->units[i].id, id) == 0)
			return &s->units[i];
	return NULL;
}

bool sites_false_outcome(const struct sites *s, int code)
{
	for (int i = 0; i < s->nfalse; i++)
		if (s->false_outcomes[i] == code)
			return true;
	return false;
}

/* The rules of plan i (i ≥ nplans: no plan, the defaults of class
 * i - nplans), with a site's overrides. */
static void rules_make(const struct sites *s, const struct site *st, size_t i, bool key,
		       struct alarm_rules *out)
{
	if (i < s->nplans)
		*out = s->plan_v[i].rules;
	else
		flow_default_rules(out, (enum alarm_class)(i - s->nplans), key);
	if (st != NULL && st->rules != NULL) {
		char err[200];
		proto_read_rules(st->rules, "rules", out, err, sizeof err); /* checked at load */
	}
	if (key)
		out->method = FLOW_METHOD_VIDEO; /* key customers: video review (GA 1383) */
}

/* Every alarm's rules, made once: each plan's and each class's, as planned
 * and for a key customer, shared by the sites without overrides; each site
 * with overrides has its own. */
static int make_rules(struct sites *s, char *err, size_t errlen)
{
	size_t n = s->nplans + ALARM_CLASS_COUNT;

	if ((s->rules_v = calloc(2 * n, sizeof *s->rules_v)) == NULL)
		goto nomem;
	for (size_t i = 0; i < 2 * n; i++)
		rules_make(s, NULL, i / 2, i % 2, &s->rules_v[i]);
	for (size_t k = 0; k < s->n; k++) {
		struct site *st = &s->v[k];
		if (st->rules == NULL)
			continue;
		if ((st->own_rules = calloc(n, sizeof *st->own_rules)) == NULL)
			goto nomem;
		for (size_t i = 0; i < n; i++)
			rules_make(s, st, i, st->tmpl.key_customer, &st->own_rules[i]);
	}
	return 0;
nomem:
	ad_err(err, errlen, "plans: out of memory");
	return AD_ENOMEM;
}

int sites_load(struct sites *s, const char *dir, char *err, size_t errlen)
{
	int rc;

	memset(s, 0, sizeof *s);
	rc = load_customers(s, dir, err, errlen);
	if (rc == 0)
		rc = load_plans(s, dir, err, errlen);
	if (rc == 0)
		rc = make_rules(s, err, errlen);
	if (rc)
		sites_release(s);
	return rc;
}

void sites_release(struct sites *s)
{
	if (s->plans_msg) {
		proto_msg_release(s->plans_msg);
		free(s->plans_msg);
	}
	cJSON_Delete(s->tree);
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].own_rules);
	free(s->rules_v);
	free(s->v);
	free(s->by_id);
	free(s->plans);
	free(s->plan_v);
	memset(s, 0, sizeof *s);
}

static int cmp_id(const void *key, const void *el)
{
	return strcmp(key, (*(const struct site *const *)el)->tmpl.cust_id);
}

const struct site *sites_find(const struct sites *s, const char *cust_id)
{
	const struct site *const *p =
		s->by_id ? bsearch(cust_id, s->by_id, s->n, sizeof *s->by_id, cmp_id) : NULL;

	return p ? *p : NULL;
}

const struct site_zone *site_zone(const struct site *st, int no)
{
	for (int i = 0; i < st->nzones; i++)
		if (st->zones[i].no == no)
			return &st->zones[i];
	return NULL;
}

const struct proto_plan *sites_plan_for(const struct sites *s, enum alarm_class cls, int prio)
{
	const struct proto_plan *any = NULL;

	for (size_t i = 0; i < s->nplans; i++) {
		const struct proto_plan *p = &s->plan_v[i];
		if (p->cls != cls)
			continue;
		if (p->grades >> prio & 1)
			return p;
		if (p->grades == 0)
			any = p;
	}
	return any;
}

void sites_apply_plan(const struct sites *s, const struct site *st, struct alarm *a)
{
	const struct proto_plan *p = sites_plan_for(s, a->cls, a->priority);
	size_t i = p ? (size_t)(p - s->plan_v) : s->nplans + (size_t)a->cls;

	a->plan_id = p ? p->id : "";
	a->rules = st && st->own_rules ? &st->own_rules[i] : &s->rules_v[2 * i + a->key_customer];
}

void site_make_alarm(const struct sites *s, const struct site *st, int zone_no,
		     const char *code, enum alarm_channel ch, struct alarm *a)
{
	const struct site_zone *z = site_zone(st, zone_no);

	*a = st->tmpl;
	a->event_code = code;
	a->qualifier = 1;
	a->partition = 1;
	a->cls = alarm_class_of_cid(code);
	a->priority = alarm_default_priority(a->cls);
	a->channel = ch;
	a->zone_no = zone_no;
	if (z != NULL) {
		a->zone_name = z->name;
		a->zone_detector = z->detector;
		a->pos_level = z->level;
		a->pos_marker = z->marker;
	}
	sites_apply_plan(s, st, a);
	a->state = ALARM_ST_NEW;
	a->claimed_by = "";
	a->receiver = "";
	a->unit = "";
	a->linked = "";
}
