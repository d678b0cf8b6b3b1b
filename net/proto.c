/* proto.c — decoding of protocol v1 frames. cJSON parses; this file adds
 * what cJSON lacks: UTF-8 validation, caps on size, depth and item counts,
 * duplicate-key rejection, required fields with types, and messages that
 * name the offending field. Encoding lives in proto_encode.c. */
#include "proto.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "../app/core/text.h"
#include "jparse.h"
#include "jsonrd.h"
#include "proto-int.h"
#include "../app/core/flow.h"
#include "../app/core/plan.h"

static const char *const type_names[PROTO_TYPE_COUNT] = {
	"hello", "welcome", "error", "plans", "alarm", "update", "device",
	"notice", "tick", "snapshot", "synced", "op", "op_ack",
	"room", "broadcast", "query", "figures", "arm", "test", "signal", "site", "order", "flood",
	"images",
};
const struct proto_fig_total proto_fig_totals[] = {
	{"alarms", offsetof(struct figures, alarms)},
	{"reviewed", offsetof(struct figures, reviewed)},
	{"false_alarms", offsetof(struct figures, false_alarms)},
	{"incidents", offsetof(struct figures, incidents)},
	{"forwarded", offsetof(struct figures, forwarded)},
	{"missed_forwards", offsetof(struct figures, missed_forwards)},
	{"false_forwards", offsetof(struct figures, false_forwards)},
};
const size_t proto_fig_ntotals = sizeof proto_fig_totals / sizeof *proto_fig_totals;

static const char *const role_names[PROTO_ROLE_COUNT] = {"operator", "supervisor", "trainee"};
static const char *const action_names[PROTO_ACT_COUNT] = {
	"claim",  "release", "close",   "note",   "anchor", "review", "result", "forward", "tick",
	"confirm", "police", "dispatch", "depart", "arrive", "order",  "hold",   "unhold",
	"test",   "call",   "permit", "plan", "report", "work", "work_new", "autolog", "control",
};
static const char *const device_names[PROTO_DEV_COUNT] = {"online", "offline", "fault"};
static const char *const control_names[PROTO_CTL_COUNT] = {
	"arm", "disarm", "reset", "left", "right", "up", "down", "zoom_in", "zoom_out", "stop"};

const char *proto_control_name(enum proto_control c)
{
	return (unsigned)c < PROTO_CTL_COUNT ? control_names[c] : "?";
}
static const char *const test_names[PROTO_TEST_COUNT] = {"off", "on", "ending"};

const char *proto_test_state_name(enum proto_test_state s)
{
	return (unsigned)s < PROTO_TEST_COUNT ? test_names[s] : "?";
}

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *proto_type_name(enum proto_type t)
{
	return (unsigned)t < PROTO_TYPE_COUNT ? type_names[t] : "?";
}

const char *proto_role_name(enum proto_role r)
{
	return (unsigned)r < PROTO_ROLE_COUNT ? role_names[r] : "?";
}

int proto_role_parse(const char *s, enum proto_role *out)
{
	int i = name_index(role_names, PROTO_ROLE_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum proto_role)i;
	return 0;
}

const char *proto_action_name(enum proto_action a)
{
	return (unsigned)a < PROTO_ACT_COUNT ? action_names[a] : "?";
}

const char *proto_device_state_name(enum proto_device_state s)
{
	return (unsigned)s < PROTO_DEV_COUNT ? device_names[s] : "?";
}

int proto_read_address(struct jr *ra, void *addr_obj, struct alarm *a)
{
	cJSON *addr = addr_obj;

	JR_TRY(jr_str(ra, addr, "text", true, &a->addr_text));
	JR_TRY(jr_str(ra, addr, "community", false, &a->addr_community));
	JR_TRY(jr_str(ra, addr, "building", false, &a->addr_building));
	JR_TRY(jr_str(ra, addr, "unit", false, &a->addr_unit));
	JR_TRY(jr_str(ra, addr, "floor", false, &a->addr_floor));
	JR_TRY(jr_str(ra, addr, "room", false, &a->addr_room));
	return jr_str(ra, addr, "code", false, &a->addr_code);
}

/* Room for n items of the alarm's array `name` beside the tree's strings. */
static void *array_room(void *tree, cJSON *arr, int max, size_t size, int *n)
{
	int have = cJSON_GetArraySize(arr);

	*n = have < max ? have : max;
	return *n ? jp_take(tree, (size_t)*n * size) : NULL;
}

static int read_customer(char *err, size_t errlen, void *tree, cJSON *c, struct alarm *a)
{
	struct jr r = {err, errlen, "alarm.customer", NULL, NULL};
	struct jr ra = {err, errlen, "alarm.customer.address", NULL, NULL};
	cJSON *addr, *contacts, *it;
	struct alarm_contact *kv;
	int room;

	JR_TRY(jr_str(&r, c, "id", true, &a->cust_id));
	JR_TRY(jr_str(&r, c, "name", true, &a->cust_name));
	JR_TRY(jr_str(&r, c, "type", false, &a->cust_type));
	JR_TRY(jr_bool(&r, c, "key", &a->key_customer));
	JR_TRY(jr_str(&r, c, "police", false, &a->police));
	JR_TRY(jr_obj(&r, c, "address", true, &addr));
	JR_TRY(proto_read_address(&ra, addr, a));
	JR_TRY(jr_arr(&r, c, "contacts", &contacts));
	/* extra contacts are not shown; the first ones matter */
	kv = array_room(tree, contacts, ALARM_MAX_CONTACTS, sizeof *kv, &room);
	if (room && kv == NULL)
		return jr_fail(&r, "contacts", "out of memory");
	a->contacts = kv;
	a->ncontacts = 0;
	cJSON_ArrayForEach(it, contacts)
	{
		struct jr rc = {err, errlen, "alarm.customer.contacts[]", NULL, NULL};
		struct alarm_contact *k;
		if (a->ncontacts == room)
			break;
		if (!cJSON_IsObject(it))
			return jr_fail(&r, "contacts", "expected objects");
		k = &kv[a->ncontacts++];
		JR_TRY(jr_str(&rc, it, "name", true, &k->name));
		JR_TRY(jr_str(&rc, it, "phone", true, &k->phone));
		JR_TRY(jr_str(&rc, it, "role", false, &k->role));
	}
	return 0;
}

/* rules.steps: {mandatory: bit set, by: ["review", …]} (the plan's steps as
 * the workflow needs them; their words are in the plans message). */
static int read_plan_steps(struct jr *r, cJSON *o, struct alarm_rules *ru)
{
	cJSON *st, *by, *it;
	int64_t v;

	JR_TRY(jr_obj(r, o, "steps", false, &st));
	if (st == NULL)
		return 0;
	JR_TRY(jr_int(r, st, "mandatory", false, 0, 0xffff, &v));
	ru->steps_mandatory = (uint16_t)v;
	JR_TRY(jr_arr(r, st, "by", &by));
	ru->nsteps = 0;
	cJSON_ArrayForEach(it, by)
	{
		enum plan_by b;
		if (ru->nsteps == ALARM_MAX_STEPS)
			return jr_fail(r, "steps", "more than 16 steps");
		if (!cJSON_IsString(it) || plan_by_parse(it->valuestring, &b))
			return jr_fail(r, "steps", "unknown step kind in by");
		ru->step_by[ru->nsteps++] = (uint8_t)b;
	}
	return 0;
}

int proto_read_rules(void *obj, const char *path, struct alarm_rules *ru, char *err,
		     size_t errlen)
{
	struct jr r = {err, errlen, path, NULL, NULL};
	cJSON *o = obj, *lim, *rec, *it;
	const char *m;
	double v;

	JR_TRY(jr_obj(&r, o, "limits", false, &lim));
	if (lim != NULL) {
		char lpath[96];
		struct jr rl = {err, errlen, lpath, NULL, NULL};
		snprintf(lpath, sizeof lpath, "%s.limits", path);
		for (int c = 0; c < FLOW_CLK_COUNT; c++) {
			if (jr_member(lim, flow_clock_names[c]) == NULL)
				continue;
			JR_TRY(jr_num(&rl, lim, flow_clock_names[c], true, 1, 86400, &v));
			ru->limit_ms[c] = (int32_t)(v * 1000);
		}
		if (jr_member(lim, "review_phone")) {
			JR_TRY(jr_num(&rl, lim, "review_phone", true, 1, 86400, &v));
			ru->review_phone_ms = (int32_t)(v * 1000);
		}
	}
	if (jr_member(o, "method")) {
		JR_TRY(jr_str(&r, o, "method", true, &m));
		if (flow_method_parse(m, &ru->method))
			return jr_fail(&r, "method", "expected video, audio, image, phone or field");
	}
	JR_TRY(jr_arr(&r, o, "recipients", &rec));
	if (rec != NULL) {
		ru->nrecipients = 0;
		cJSON_ArrayForEach(it, rec)
		{
			if (ru->nrecipients == ALARM_MAX_RECIPIENTS)
				return jr_fail(&r, "recipients", "more than 4");
			if (!cJSON_IsString(it) || it->valuestring[0] == '\0')
				return jr_fail(&r, "recipients", "expected names");
			ru->recipients[ru->nrecipients++] = it->valuestring;
		}
	}
	if (jr_member(o, "notify_customer"))
		JR_TRY(jr_bool(&r, o, "notify_customer", &ru->notify_customer));
	if (jr_member(o, "notify_insurer"))
		JR_TRY(jr_bool(&r, o, "notify_insurer", &ru->notify_insurer));
	if (jr_member(o, "dispatch"))
		JR_TRY(jr_bool(&r, o, "dispatch", &ru->dispatch));
	if (jr_member(o, "police_direct"))
		JR_TRY(jr_bool(&r, o, "police_direct", &ru->police_direct));
	if (jr_member(o, "auto_forward"))
		JR_TRY(jr_bool(&r, o, "auto_forward", &ru->auto_forward));
	return read_plan_steps(&r, o, ru);
}

static int read_flow(char *err, size_t errlen, const char *path, cJSON *o, struct alarm_flow *f)
{
	struct jr r = {err, errlen, path, NULL, NULL};
	cJSON *clocks;
	int64_t v;
	int e;

	memset(f, 0, sizeof *f);
	if (jr_member(o, "method")) {
		JR_TRY(jr_enum(&r, o, "method", flow_method_names, FLOW_METHOD_COUNT, &e));
		f->method = (enum flow_method)e;
	}
	JR_TRY(jr_int(&r, o, "verdict", false, 0, 2, &v));
	f->verdict = (enum flow_verdict)v;
	JR_TRY(jr_bool(&r, o, "forwarded", &f->forwarded));
	JR_TRY(jr_bool(&r, o, "duress", &f->duress));
	JR_TRY(jr_bool(&r, o, "hold_permit", &f->hold_permit));
	JR_TRY(jr_bool(&r, o, "reported", &f->reported));
	JR_TRY(jr_int(&r, o, "ticks", false, 0, 0xffffffffLL, &v));
	f->ticks = (uint32_t)v;
	JR_TRY(jr_int(&r, o, "steps", false, 0, 0xffff, &v));
	f->steps = (uint16_t)v;
	JR_TRY(jr_int(&r, o, "cause", false, 0, 9999, &v));
	f->cause = (int)v;
	JR_TRY(jr_int(&r, o, "hold_until", false, 0, INT64_MAX, &f->hold_until));
	JR_TRY(jr_int(&r, o, "restored", false, 0, INT64_MAX, &f->restored_ms));
	JR_TRY(jr_obj(&r, o, "clocks", false, &clocks));
	for (int c = 0; clocks && c < FLOW_CLK_COUNT; c++) {
		cJSON *k = jr_member(clocks, flow_clock_names[c]);
		char cpath[96];
		struct jr rc = {err, errlen, cpath, NULL, NULL};
		struct flow_timer *t = &f->clk[c];
		if (k == NULL)
			continue;
		snprintf(cpath, sizeof cpath, "%s.clocks.%s", path, flow_clock_names[c]);
		if (!cJSON_IsObject(k))
			return jr_fail(&r, flow_clock_names[c], "expected an object");
		JR_TRY(jr_int(&rc, k, "start", true, 0, INT64_MAX, &t->start_ms));
		JR_TRY(jr_int(&rc, k, "stop", false, 0, INT64_MAX, &t->stop_ms));
		JR_TRY(jr_int(&rc, k, "limit", true, 0, 86400000, &v));
		t->limit_ms = (int32_t)v;
		JR_TRY(jr_bool(&rc, k, "escalated", &t->escalated));
	}
	return 0;
}

/* The timeline, oldest first; beyond ALARM_MAX_TIMELINE the newest are kept. */
static int read_timeline(char *err, size_t errlen, cJSON *arr, struct alarm *a,
			 struct alarm_entry *tl)
{
	struct jr r = {err, errlen, "alarm.timeline[]", NULL, NULL};
	int n = cJSON_GetArraySize(arr), skip = n > ALARM_MAX_TIMELINE ? n - ALARM_MAX_TIMELINE : 0;
	cJSON *it;
	int64_t v;

	a->timeline = tl;
	cJSON_ArrayForEach(it, arr)
	{
		struct alarm_entry *e = &tl[a->ntimeline];
		if (!cJSON_IsObject(it))
			return jr_fail(&(struct jr){err, errlen, "alarm", NULL, NULL}, "timeline", "expected objects");
		if (skip > 0) {
			skip--;
			continue;
		}
		JR_TRY(jr_int(&r, it, "at", true, 0, INT64_MAX, &e->at_ms));
		JR_TRY(jr_str(&r, it, "action", true, &e->action));
		JR_TRY(jr_str(&r, it, "by", false, &e->by));
		JR_TRY(jr_str(&r, it, "text", false, &e->text));
		JR_TRY(jr_int(&r, it, "arg", false, -1, 1000000000, &v));
		e->arg = (int)v;
		a->ntimeline++;
	}
	return 0;
}

static int read_alarm(char *err, size_t errlen, void *tree, cJSON *o, struct alarm *a,
		      struct alarm_entry *tl)
{
	struct jr r = {err, errlen, "alarm", NULL, NULL};
	cJSON *ev, *cust, *zone, *pos, *cams, *it;
	struct alarm_camera *kv;
	int64_t v;
	int e, room;

	alarm_blank(a);
	JR_TRY(jr_str(&r, o, "id", true, &a->id));
	JR_TRY(jr_int(&r, o, "priority", true, ALARM_PRIORITY_MIN, ALARM_PRIORITY_MAX, &v));
	a->priority = (int)v;
	JR_TRY(jr_enum(&r, o, "class", alarm_class_names, ALARM_CLASS_COUNT, &e));
	a->cls = (enum alarm_class)e;
	JR_TRY(jr_enum(&r, o, "channel", alarm_channel_names, ALARM_CHANNEL_COUNT, &e));
	a->channel = (enum alarm_channel)e;
	JR_TRY(jr_int(&r, o, "occurred", true, 0, INT64_MAX, &a->occurred_ms));
	JR_TRY(jr_int(&r, o, "received", true, 0, INT64_MAX, &a->received_ms));
	JR_TRY(jr_obj(&r, o, "event", true, &ev));
	{
		struct jr re = {err, errlen, "alarm.event", NULL, NULL};
		const char *scheme;
		JR_TRY(jr_str(&re, ev, "scheme", true, &scheme));
		if (strcmp(scheme, "cid") != 0)
			return jr_fail(&re, "scheme", "unknown value (only \"cid\")");
		JR_TRY(jr_str(&re, ev, "code", true, &a->event_code));
		if (strlen(a->event_code) != 3 ||
		    strspn(a->event_code, "0123456789ABCDEF") != 3)
			return jr_fail(&re, "code", "expected 3 hex digits");
		JR_TRY(jr_int(&re, ev, "qualifier", false, 0, 9, &v));
		a->qualifier = v ? (int)v : 1;
		JR_TRY(jr_int(&re, ev, "partition", false, 0, 999, &v));
		a->partition = (int)v;
		JR_TRY(jr_int(&re, ev, "zone", false, 0, 9999, &v));
		a->zone_no = (int)v;
	}
	JR_TRY(jr_obj(&r, o, "customer", true, &cust));
	JR_TRY(read_customer(err, errlen, tree, cust, a));
	JR_TRY(jr_obj(&r, o, "zone", false, &zone));
	if (zone != NULL) {
		struct jr rz = {err, errlen, "alarm.zone", NULL, NULL};
		JR_TRY(jr_int(&rz, zone, "no", true, 0, 9999, &v));
		a->zone_no = (int)v;
		JR_TRY(jr_str(&rz, zone, "name", false, &a->zone_name));
		JR_TRY(jr_str(&rz, zone, "detector", false, &a->zone_detector));
	}
	JR_TRY(jr_obj(&r, o, "position", false, &pos));
	if (pos != NULL) {
		struct jr rp = {err, errlen, "alarm.position", NULL, NULL};
		cJSON *lon = jr_member(pos, "lon"), *lat = jr_member(pos, "lat");
		JR_TRY(jr_str(&rp, pos, "map", false, &a->pos_map));
		JR_TRY(jr_str(&rp, pos, "level", false, &a->pos_level));
		JR_TRY(jr_str(&rp, pos, "marker", false, &a->pos_marker));
		if (lon != NULL || lat != NULL) {
			if (!cJSON_IsNumber(lon) || !cJSON_IsNumber(lat))
				return jr_fail(&rp, "lon/lat", "expected two numbers");
			if (lon->valuedouble < -180 || lon->valuedouble > 180 ||
			    lat->valuedouble < -90 || lat->valuedouble > 90)
				return jr_fail(&rp, "lon/lat", "out of range");
			a->lon = lon->valuedouble;
			a->lat = lat->valuedouble;
			a->has_lonlat = true;
		}
	}
	JR_TRY(jr_arr(&r, o, "cameras", &cams));
	kv = array_room(tree, cams, ALARM_MAX_CAMERAS, sizeof *kv, &room);
	if (room && kv == NULL)
		return jr_fail(&r, "cameras", "out of memory");
	a->cameras = kv;
	cJSON_ArrayForEach(it, cams)
	{
		struct jr rc = {err, errlen, "alarm.cameras[]", NULL, NULL};
		struct alarm_camera *k;
		if (a->ncameras == room)
			break;
		if (!cJSON_IsObject(it))
			return jr_fail(&r, "cameras", "expected objects");
		k = &kv[a->ncameras++];
		JR_TRY(jr_str(&rc, it, "name", true, &k->name));
		JR_TRY(jr_str(&rc, it, "channel", false, &k->channel));
	}
	JR_TRY(jr_str(&r, o, "plan", false, &a->plan_id));
	JR_TRY(jr_str(&r, o, "linked", false, &a->linked));
	JR_TRY(jr_str(&r, o, "receiver", false, &a->receiver));
	JR_TRY(jr_str(&r, o, "unit", false, &a->unit));
	JR_TRY(jr_str(&r, o, "sources", false, &a->sources));
	JR_TRY(jr_str(&r, o, "origin", false, &a->origin));
	{
		struct alarm_rules *rules = jp_take(tree, sizeof *rules);
		cJSON *ru, *fl;
		if (rules == NULL)
			return jr_fail(&r, "rules", "out of memory");
		flow_default_rules(rules, a->cls, a->key_customer);
		a->rules = rules;
		JR_TRY(jr_obj(&r, o, "rules", false, &ru));
		if (ru)
			JR_TRY(proto_read_rules(ru, "alarm.rules", rules, err, errlen));
		JR_TRY(jr_obj(&r, o, "flow", false, &fl));
		if (fl)
			JR_TRY(read_flow(err, errlen, "alarm.flow", fl, &a->flow));
		else
			flow_start(a, a->received_ms);
	}
	if (jr_member(o, "state") != NULL) {
		JR_TRY(jr_enum(&r, o, "state", alarm_state_names, ALARM_ST_COUNT, &e));
		a->state = (enum alarm_state)e;
	}
	JR_TRY(jr_str(&r, o, "claimed_by", false, &a->claimed_by));
	JR_TRY(jr_int(&r, o, "state_at", false, 0, INT64_MAX, &a->state_ms));
	{
		cJSON *tlo;
		JR_TRY(jr_arr(&r, o, "timeline", &tlo));
		if (tlo)
			JR_TRY(read_timeline(err, errlen, tlo, a, tl));
	}
	return 0;
}

static int read_counts(struct jr *r, cJSON *root, const char *name, const char *const *names,
		       int n, uint32_t *out);

/* The work orders' and faults' figures (absent from an older center). */
static int read_fault_figures(struct jr *r, cJSON *root, struct figures *f)
{
	struct jr rw = {r->err, r->errlen, "orders", NULL, NULL};
	cJSON *w;
	int64_t v;

	JR_TRY(jr_obj(r, root, "orders", false, &w));
	if (w) {
		JR_TRY(jr_int(&rw, w, "n", true, 0, UINT32_MAX, &v));
		f->orders = (uint32_t)v;
		JR_TRY(jr_int(&rw, w, "met", true, 0, UINT32_MAX, &v));
		f->orders_met = (uint32_t)v;
		JR_TRY(jr_int(&rw, w, "missed", true, 0, UINT32_MAX, &v));
		f->orders_missed = (uint32_t)v;
		JR_TRY(jr_int(&rw, w, "oldest_open", false, 0, INT64_MAX, &f->oldest_open_ms));
		if (jr_member(w, "open"))
			JR_TRY(read_counts(&rw, w, "open", order_urgency_names, ORDER_URGENCY_COUNT,
					   f->orders_open));
	}
	return jr_member(root, "faults")
		       ? read_counts(r, root, "faults", fig_fault_names, FIG_FAULT_COUNT, f->faults)
		       : 0;
}

static int read_counts(struct jr *r, cJSON *root, const char *name, const char *const *names,
		       int n, uint32_t *out)
{
	struct jr rc = {r->err, r->errlen, name, NULL, NULL};
	cJSON *o;
	int64_t v;

	JR_TRY(jr_obj(r, root, name, true, &o));
	for (int i = 0; i < n; i++) {
		JR_TRY(jr_int(&rc, o, names[i], false, 0, UINT32_MAX, &v));
		out[i] = (uint32_t)v;
	}
	return 0;
}

static int read_figures(char *err, size_t errlen, cJSON *root, struct proto_figures *x)
{
	struct figures *f = &x->f;
	struct jr r = {err, errlen, "", NULL, NULL};
	cJSON *steps, *rate, *it;
	int64_t v;
	int k = 0;

	JR_TRY(jr_str(&r, root, "id", false, &x->req_id));
	JR_TRY(jr_int(&r, root, "from", true, 0, INT64_MAX, &f->from_ms));
	JR_TRY(jr_int(&r, root, "to", true, 0, INT64_MAX, &f->to_ms));
	for (size_t i = 0; i < proto_fig_ntotals; i++) {
		JR_TRY(jr_int(&r, root, proto_fig_totals[i].name, true, 0, UINT32_MAX, &v));
		*(uint32_t *)((char *)f + proto_fig_totals[i].offset) = (uint32_t)v;
	}
	JR_TRY(read_counts(&r, root, "classes", alarm_class_names, ALARM_CLASS_COUNT, f->by_class));
	JR_TRY(read_counts(&r, root, "channels", alarm_channel_names, ALARM_CHANNEL_COUNT,
			   f->by_channel));
	JR_TRY(jr_obj(&r, root, "steps", true, &steps));
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		char path[40];
		struct jr rs = {err, errlen, path, NULL, NULL};
		struct fig_step *s = &f->step[c];
		cJSON *o;
		snprintf(path, sizeof path, "steps.%s", flow_clock_names[c]);
		JR_TRY(jr_obj(&r, steps, flow_clock_names[c], false, &o));
		if (o == NULL)
			continue;
		JR_TRY(jr_int(&rs, o, "n", true, 0, UINT32_MAX, &v));
		s->n = (uint32_t)v;
		JR_TRY(jr_int(&rs, o, "met", true, 0, UINT32_MAX, &v));
		s->met = (uint32_t)v;
		JR_TRY(jr_int(&rs, o, "missed", true, 0, UINT32_MAX, &v));
		s->missed = (uint32_t)v;
		JR_TRY(jr_int(&rs, o, "p50", true, 0, INT64_MAX, &s->p50_ms));
		JR_TRY(jr_int(&rs, o, "p90", true, 0, INT64_MAX, &s->p90_ms));
	}
	JR_TRY(jr_arr(&r, root, "rate", &rate));
	if (rate == NULL || cJSON_GetArraySize(rate) != FIG_BUCKETS)
		return jr_fail(&r, "rate", "expected an array of 48 counts");
	cJSON_ArrayForEach(it, rate)
	{
		if (!cJSON_IsNumber(it) || it->valuedouble < 0 || it->valuedouble > UINT32_MAX)
			return jr_fail(&r, "rate", "expected counts");
		f->rate[k++] = (uint32_t)it->valuedouble;
	}
	return read_fault_figures(&r, root, f);
}

static int read_body(struct proto_msg *m, cJSON *root, char *err, size_t errlen)
{
	struct jr r = {err, errlen, "", NULL, NULL};
	cJSON *o, *it;
	int64_t v;
	int e;

	switch (m->type) {
	case PROTO_HELLO: {
		struct proto_hello *h = &m->u.hello;
		JR_TRY(jr_int(&r, root, "version", true, 1, 1000, &v));
		h->version = (int)v;
		JR_TRY(jr_str(&r, root, "id", false, &h->req_id));
		JR_TRY(jr_str(&r, root, "console", true, &h->console));
		JR_TRY(jr_str(&r, root, "operator", true, &h->operator_));
		JR_TRY(jr_str(&r, root, "password", true, &h->password));
		JR_TRY(jr_enum(&r, root, "role", role_names, PROTO_ROLE_COUNT, &e));
		h->role = (enum proto_role)e;
		JR_TRY(jr_obj(&r, root, "resume", false, &o));
		if (o != NULL) {
			struct jr rr = {err, errlen, "resume", NULL, NULL};
			h->resume = true;
			JR_TRY(jr_str(&rr, o, "epoch", true, &h->epoch));
			JR_TRY(jr_int(&rr, o, "seq", true, 0, INT64_MAX, &v));
			h->seq = (uint64_t)v;
		} else {
			h->epoch = "";
		}
		return 0;
	}
	case PROTO_WELCOME: {
		struct proto_welcome *w = &m->u.welcome;
		JR_TRY(jr_str(&r, root, "id", false, &w->req_id));
		JR_TRY(jr_str(&r, root, "center", true, &w->center));
		JR_TRY(jr_str(&r, root, "epoch", true, &w->epoch));
		JR_TRY(jr_enum(&r, root, "role", role_names, PROTO_ROLE_COUNT, &e));
		w->role = (enum proto_role)e;
		JR_TRY(jr_int(&r, root, "time", true, 0, INT64_MAX, &w->time_ms));
		JR_TRY(jr_int(&r, root, "heartbeat_ms", true, 100, 600000, &v));
		w->heartbeat_ms = (uint32_t)v;
		JR_TRY(jr_int(&r, root, "head", true, 0, INT64_MAX, &v));
		w->head = (uint64_t)v;
		return 0;
	}
	case PROTO_ERROR: {
		struct proto_error *x = &m->u.error;
		JR_TRY(jr_str(&r, root, "id", false, &x->req_id));
		JR_TRY(jr_int(&r, root, "code", true, 1, 99999, &v));
		x->code = (int)v;
		JR_TRY(jr_str(&r, root, "msg", true, &x->msg));
		return jr_str(&r, root, "field", false, &x->field);
	}
	case PROTO_PLANS:
		return jr_arr(&r, root, "plans", &o) ? PROTO_E_FIELD
		       : o == NULL ? jr_fail(&r, "plans", "missing")
				   : 0;
	case PROTO_ALARM:
		JR_TRY(jr_obj(&r, root, "alarm", true, &o));
		return read_alarm(err, errlen, m->tree, o, &m->alarm, m->timeline);
	case PROTO_UPDATE: {
		struct alarm_update *u = &m->u.update;
		JR_TRY(jr_str(&r, root, "alarm_id", true, &u->alarm_id));
		JR_TRY(jr_enum(&r, root, "state", alarm_state_names, ALARM_ST_COUNT, &e));
		u->state = (enum alarm_state)e;
		JR_TRY(jr_str(&r, root, "by", false, &u->by));
		JR_TRY(jr_str(&r, root, "console", false, &u->console));
		JR_TRY(jr_str(&r, root, "op_id", false, &u->op_id));
		JR_TRY(jr_str(&r, root, "origin", false, &u->origin));
		JR_TRY(jr_str(&r, root, "action", false, &u->action));
		JR_TRY(jr_str(&r, root, "receiver", false, &u->receiver));
		JR_TRY(jr_str(&r, root, "unit", false, &u->unit));
		JR_TRY(jr_str(&r, root, "text", false, &u->text));
		JR_TRY(jr_int(&r, root, "arg", false, -1, 1000000000, &v));
		u->arg = (int)v;
		u->sources = NULL; /* absent: unchanged */
		if (jr_member(root, "sources"))
			JR_TRY(jr_str(&r, root, "sources", false, &u->sources));
		JR_TRY(jr_str(&r, root, "holder", false, &u->holder));
		JR_TRY(jr_int(&r, root, "priority", false, 0, ALARM_PRIORITY_MAX, &v));
		u->priority = (int)v;
		JR_TRY(jr_obj(&r, root, "flow", false, &o));
		u->has_flow = o != NULL;
		if (o)
			JR_TRY(read_flow(err, errlen, "flow", o, &u->flow));
		return jr_int(&r, root, "at", true, 0, INT64_MAX, &u->at_ms);
	}
	case PROTO_DEVICE: {
		struct proto_device *d = &m->u.device;
		JR_TRY(jr_str(&r, root, "customer", true, &d->cust_id));
		JR_TRY(jr_str(&r, root, "device", true, &d->device));
		JR_TRY(jr_enum(&r, root, "state", device_names, PROTO_DEV_COUNT, &e));
		d->state = (enum proto_device_state)e;
		return jr_int(&r, root, "at", true, 0, INT64_MAX, &d->at_ms);
	}
	case PROTO_ARM: {
		struct proto_arm *a = &m->u.arm;
		static const char *const arm_names[] = {"disarmed", "armed"};
		JR_TRY(jr_str(&r, root, "customer", true, &a->cust_id));
		JR_TRY(jr_int(&r, root, "partition", false, 0, 999, &v));
		a->partition = (int)v;
		JR_TRY(jr_enum(&r, root, "state", arm_names, 2, &e));
		a->armed = e == 1;
		JR_TRY(jr_str(&r, root, "user", false, &a->user));
		JR_TRY(jr_str(&r, root, "origin", false, &a->origin));
		return jr_int(&r, root, "at", true, 0, INT64_MAX, &a->at_ms);
	}
	case PROTO_TEST: {
		struct proto_test *t = &m->u.test;
		JR_TRY(jr_str(&r, root, "customer", true, &t->cust_id));
		JR_TRY(jr_enum(&r, root, "state", test_names, PROTO_TEST_COUNT, &e));
		t->state = (enum proto_test_state)e;
		JR_TRY(jr_int(&r, root, "until", t->state != PROTO_TEST_OFF, 0, INT64_MAX, &t->until_ms));
		JR_TRY(jr_str(&r, root, "by", false, &t->by));
		JR_TRY(jr_str(&r, root, "reason", false, &t->reason));
		return jr_int(&r, root, "at", true, 0, INT64_MAX, &t->at_ms);
	}
	case PROTO_FLOOD: {
		struct proto_flood *f = &m->u.flood;
		double d;
		JR_TRY(jr_bool(&r, root, "on", &f->on));
		JR_TRY(jr_num(&r, root, "rate", false, 0, 1e9, &d));
		f->rate = d;
		JR_TRY(jr_num(&r, root, "threshold", false, 0, 1e9, &d));
		f->threshold = d;
		JR_TRY(jr_int(&r, root, "since", true, 0, INT64_MAX, &f->since_ms));
		JR_TRY(jr_int(&r, root, "alarms", false, 0, INT64_MAX, &v));
		f->alarms = (uint64_t)v;
		return jr_int(&r, root, "at", true, 0, INT64_MAX, &f->at_ms);
	}
	case PROTO_SIGNAL: {
		struct proto_signal *g = &m->u.signal;
		JR_TRY(jr_str(&r, root, "customer", true, &g->cust_id));
		JR_TRY(jr_int(&r, root, "zone", false, 0, 99999, &v));
		g->zone = (int)v;
		JR_TRY(jr_str(&r, root, "zone_name", false, &g->zone_name));
		JR_TRY(jr_str(&r, root, "event", true, &g->event));
		JR_TRY(jr_enum(&r, root, "channel", alarm_channel_names, ALARM_CHANNEL_COUNT, &e));
		g->channel = (enum alarm_channel)e;
		JR_TRY(jr_int(&r, root, "qualifier", false, 0, 9, &v));
		g->qualifier = v ? (int)v : 1;
		return jr_int(&r, root, "at", true, 0, INT64_MAX, &g->at_ms);
	}
	case PROTO_NOTICE: {
		struct proto_notice *n = &m->u.notice;
		JR_TRY(jr_str(&r, root, "from", true, &n->from));
		JR_TRY(jr_str(&r, root, "text", true, &n->text));
		return jr_int(&r, root, "at", true, 0, INT64_MAX, &n->at_ms);
	}
	case PROTO_TICK:
		JR_TRY(jr_int(&r, root, "time", true, 0, INT64_MAX, &m->u.tick.time_ms));
		JR_TRY(jr_int(&r, root, "head", true, 0, INT64_MAX, &v));
		m->u.tick.head = (uint64_t)v;
		return 0;
	case PROTO_SNAPSHOT: {
		struct proto_snapshot *s = &m->u.snapshot;
		JR_TRY(jr_int(&r, root, "head", true, 0, INT64_MAX, &v));
		s->head = (uint64_t)v;
		JR_TRY(jr_bool(&r, root, "more", &s->more));
		JR_TRY(jr_arr(&r, root, "alarms", &o));
		if (o == NULL)
			return jr_fail(&r, "alarms", "missing");
		s->count = (size_t)cJSON_GetArraySize(o);
		JR_TRY(jr_arr(&r, root, "standing", &o));
		s->nstanding = o ? (size_t)cJSON_GetArraySize(o) : 0;
		return 0;
	}
	case PROTO_SYNCED:
		JR_TRY(jr_int(&r, root, "head", true, 0, INT64_MAX, &v));
		m->seq = (uint64_t)v;
		return 0;
	case PROTO_OP: {
		struct proto_op *p = &m->u.op;
		const char *action;
		JR_TRY(jr_str(&r, root, "op_id", true, &p->op_id));
		JR_TRY(jr_str(&r, root, "action", true, &action));
		e = name_index(action_names, PROTO_ACT_COUNT, action);
		if (e < 0) {
			snprintf(err, errlen, "action: unknown action '%.40s'", action);
			return PROTO_E_ACTION;
		}
		p->action = (enum proto_action)e;
		JR_TRY(jr_str(&r, root, "alarm_id",
			      p->action != PROTO_ACT_ANCHOR && p->action != PROTO_ACT_TEST &&
				      p->action != PROTO_ACT_WORK && p->action != PROTO_ACT_WORK_NEW,
			      &p->alarm_id));
		JR_TRY(jr_str(&r, root, "site",
			      p->action == PROTO_ACT_TEST || p->action == PROTO_ACT_WORK_NEW, &p->site));
		JR_TRY(jr_str(&r, root, "order", p->action == PROTO_ACT_WORK, &p->order));
		JR_TRY(jr_int(&r, root, "code", false, -1, 1000000, &v));
		p->code = (int)v;
		return jr_str(&r, root, "text",
			      p->action == PROTO_ACT_NOTE || p->action == PROTO_ACT_ANCHOR ||
				      p->action == PROTO_ACT_REVIEW || p->action == PROTO_ACT_RESULT ||
				      p->action == PROTO_ACT_CONFIRM || p->action == PROTO_ACT_CALL ||
				      p->action == PROTO_ACT_HOLD || p->action == PROTO_ACT_PERMIT ||
				      p->action == PROTO_ACT_PLAN || p->action == PROTO_ACT_REPORT ||
				      p->action == PROTO_ACT_WORK_NEW || p->action == PROTO_ACT_AUTOLOG,
			      &p->text);
	}
	case PROTO_OP_ACK: {
		struct proto_op_ack *k = &m->u.op_ack;
		JR_TRY(jr_str(&r, root, "op_id", true, &k->op_id));
		JR_TRY(jr_int(&r, root, "code", true, 0, 99999, &v));
		k->code = (int)v;
		return jr_str(&r, root, "msg", false, &k->msg);
	}
	case PROTO_ROOM:
		return jr_arr(&r, root, "sessions", &o) ? PROTO_E_FIELD
		       : o == NULL ? jr_fail(&r, "sessions", "missing")
				   : 0;
	case PROTO_BROADCAST:
		JR_TRY(jr_str(&r, root, "op_id", true, &m->u.broadcast.op_id));
		JR_TRY(jr_str(&r, root, "text", true, &m->u.broadcast.text));
		return m->u.broadcast.text[0] ? 0 : jr_fail(&r, "text", "empty");
	case PROTO_QUERY: {
		static const char *const whats[] = {"figures", "site", "images"};
		struct proto_query *q = &m->u.query;
		JR_TRY(jr_str(&r, root, "id", false, &q->req_id));
		JR_TRY(jr_enum(&r, root, "what", whats, 3, &e));
		q->what = (enum proto_query_what)e;
		if (q->what == PROTO_Q_SITE)
			return jr_str(&r, root, "site", true, &q->site);
		if (q->what == PROTO_Q_IMAGES)
			return jr_str(&r, root, "alarm", true, &q->alarm);
		JR_TRY(jr_int(&r, root, "from", true, 0, INT64_MAX, &q->from_ms));
		JR_TRY(jr_int(&r, root, "to", true, 0, INT64_MAX, &q->to_ms));
		return q->to_ms > q->from_ms ? 0 : jr_fail(&r, "to", "must be after from");
	}
	case PROTO_FIGURES:
		return read_figures(err, errlen, root, &m->u.figures);
	case PROTO_IMAGES: {
		struct proto_images *x = &m->u.images;
		JR_TRY(jr_str(&r, root, "id", false, &x->req_id));
		JR_TRY(jr_str(&r, root, "alarm", true, &x->alarm));
		JR_TRY(jr_arr(&r, root, "images", &o));
		if (o == NULL)
			return jr_fail(&r, "images", "missing");
		cJSON_ArrayForEach(it, o)
		{
			struct jr ri = {err, errlen, "images[]", NULL, NULL};
			if (x->n == PROTO_IMAGES_MAX)
				return jr_fail(&r, "images", "more than 20");
			if (!cJSON_IsObject(it))
				return jr_fail(&r, "images", "expected objects");
			JR_TRY(jr_int(&ri, it, "at", true, 0, INT64_MAX, &x->at_ms[x->n]));
			JR_TRY(jr_int(&ri, it, "bytes", true, 1, PROTO_MAX_IMAGE, &v));
			x->bytes[x->n++] = (size_t)v;
		}
		return 0;
	}
	case PROTO_SITE: {
		struct proto_site s; /* checked whole now; read again by proto_site_get */
		return proto_site_get(m, &s, err, errlen);
	}
	case PROTO_ORDER: {
		struct work_order w; /* likewise: proto_order_get */
		return proto_order_get(m, &w, err, errlen);
	}
	default:
		return PROTO_E_TYPE;
	}
}

static bool is_stream(enum proto_type t)
{
	return t == PROTO_ALARM || t == PROTO_UPDATE || t == PROTO_DEVICE || t == PROTO_NOTICE ||
	       t == PROTO_ARM || t == PROTO_TEST || t == PROTO_SIGNAL || t == PROTO_ORDER ||
	       t == PROTO_FLOOD;
}

int proto_decode(const char *buf, size_t len, struct proto_msg *m, char *err, size_t errlen)
{
	struct jr r = {err, errlen, "", NULL, NULL};
	cJSON *root;
	const char *type;
	int rc, t;
	int64_t seq;

	memset(m, 0, offsetof(struct proto_msg, refused_op_id));
	m->refused_op_id[0] = '\0';
	if (len > PROTO_MAX_FRAME) {
		snprintf(err, errlen, "frame of %zu bytes exceeds %d", len, PROTO_MAX_FRAME);
		return PROTO_E_SIZE;
	}
	root = jp_parse(buf, len, PROTO_MAX_DEPTH, err, errlen, &rc);
	if (root == NULL)
		return rc;
	if (!cJSON_IsObject(root)) {
		snprintf(err, errlen, "frame is not a JSON object");
		rc = PROTO_E_JSON;
		goto out;
	}
	rc = jr_str(&r, root, "type", true, &type);
	if (rc)
		goto out;
	t = name_index(type_names, PROTO_TYPE_COUNT, type);
	if (t < 0) {
		snprintf(err, errlen, "type: unknown message type '%.40s'", type);
		rc = PROTO_E_TYPE;
		goto out;
	}
	m->type = (enum proto_type)t;
	if (is_stream(m->type)) {
		rc = jr_int(&r, root, "seq", true, 1, INT64_MAX, &seq);
		if (rc)
			goto out;
		m->seq = (uint64_t)seq;
	}
	m->tree = root; /* the getters the body's checks share read it (freed below on a refusal) */
	rc = read_body(m, root, err, errlen);
out:
	if (rc) {
		enum proto_type kind = m->type;
		const char *op_id = kind == PROTO_OP ? m->u.op.op_id
				    : kind == PROTO_BROADCAST ? m->u.broadcast.op_id
							      : NULL;
		char *keep = m->refused_op_id;
		if (op_id != NULL && op_id[0])
			memcpy(keep, op_id, strlen(op_id) + 1);
		else
			op_id = NULL;
		jp_free(root);
		memset(m, 0, offsetof(struct proto_msg, refused_op_id));
		if (op_id != NULL)
			m->type = kind;
		else
			keep[0] = '\0';
		return rc;
	}
	return 0;
}

void proto_msg_release(struct proto_msg *m)
{
	jp_free(m->tree);
	m->tree = NULL;
}

int proto_snapshot_standing(const struct proto_msg *m, size_t i, struct proto_msg *out,
			    char *err, size_t errlen)
{
	cJSON *arr = jr_member(m->tree, "standing"), *o = cJSON_GetArrayItem(arr, (int)i);
	char *text;
	int rc;

	memset(out, 0, offsetof(struct proto_msg, refused_op_id));
	if (m->type != PROTO_SNAPSHOT || o == NULL || !cJSON_IsObject(o)) {
		snprintf(err, errlen, "standing[%zu]: expected an object", i);
		return PROTO_E_FIELD;
	}
	text = cJSON_PrintUnformatted(o);
	if (text == NULL) {
		snprintf(err, errlen, "out of memory");
		return PROTO_E_INTERNAL;
	}
	rc = proto_decode(text, strlen(text), out, err, errlen);
	free(text);
	if (rc == 0 && out->type != PROTO_DEVICE && out->type != PROTO_NOTICE &&
	    out->type != PROTO_ARM && out->type != PROTO_TEST && out->type != PROTO_ORDER &&
	    out->type != PROTO_FLOOD) {
		proto_msg_release(out);
		snprintf(err, errlen, "standing[%zu]: expected a device, notice, arm or test message",
			 i);
		return PROTO_E_FIELD;
	}
	return rc;
}

int proto_snapshot_alarm(const struct proto_msg *m, size_t i, struct alarm *out,
			 struct alarm_entry *tl, char *err, size_t errlen)
{
	cJSON *arr = jr_member(m->tree, "alarms"), *o = cJSON_GetArrayItem(arr, (int)i);

	if (m->type != PROTO_SNAPSHOT || o == NULL || !cJSON_IsObject(o)) {
		snprintf(err, errlen, "alarms[%zu]: expected an object", i);
		return PROTO_E_FIELD;
	}
	return read_alarm(err, errlen, m->tree, o, out, tl);
}

size_t proto_room_count(const struct proto_msg *m)
{
	return m->type == PROTO_ROOM ? (size_t)cJSON_GetArraySize(jr_member(m->tree, "sessions"))
				     : 0;
}

int proto_room_get(const struct proto_msg *m, size_t i, struct proto_room_entry *out,
		   char *err, size_t errlen)
{
	struct jr r = {err, errlen, "sessions[]", NULL, NULL};
	cJSON *o = cJSON_GetArrayItem(jr_member(m->tree, "sessions"), (int)i);
	int e;

	memset(out, 0, sizeof *out);
	if (m->type != PROTO_ROOM || o == NULL || !cJSON_IsObject(o)) {
		snprintf(err, errlen, "sessions[%zu]: expected an object", i);
		return PROTO_E_FIELD;
	}
	JR_TRY(jr_str(&r, o, "operator", true, &out->operator_));
	JR_TRY(jr_str(&r, o, "console", true, &out->console));
	JR_TRY(jr_enum(&r, o, "role", role_names, PROTO_ROLE_COUNT, &e));
	out->role = (enum proto_role)e;
	return jr_int(&r, o, "since", true, 0, INT64_MAX, &out->since_ms);
}

size_t proto_plans_count(const struct proto_msg *m)
{
	return m->type == PROTO_PLANS ? (size_t)cJSON_GetArraySize(jr_member(m->tree, "plans")) : 0;
}

/* plans[].priority: [1, 2] → the grades bit set. */
static int read_grades(struct jr *r, cJSON *o, unsigned *grades)
{
	cJSON *arr, *it;

	JR_TRY(jr_arr(r, o, "priority", &arr));
	cJSON_ArrayForEach(it, arr)
	{
		if (!cJSON_IsNumber(it) || it->valuedouble < ALARM_PRIORITY_MIN ||
		    it->valuedouble > ALARM_PRIORITY_MAX || it->valuedouble != (int)it->valuedouble)
			return jr_fail(r, "priority", "expected priorities 1 to 4");
		*grades |= 1u << (int)it->valuedouble;
	}
	return 0;
}

int proto_plans_get(const struct proto_msg *m, size_t i, struct proto_plan *out,
		    char *err, size_t errlen)
{
	struct jr r = {err, errlen, "plans[]", NULL, NULL};
	cJSON *o = cJSON_GetArrayItem(jr_member(m->tree, "plans"), (int)i), *steps, *it, *ru;
	struct alarm_rules *rl = &out->rules;
	bool dispatch = false;
	int e;

	memset(out, 0, sizeof *out);
	if (o == NULL || !cJSON_IsObject(o)) {
		snprintf(err, errlen, "plans[%zu]: expected an object", i);
		return PROTO_E_FIELD;
	}
	JR_TRY(jr_str(&r, o, "id", true, &out->id));
	JR_TRY(jr_str(&r, o, "name", true, &out->name));
	JR_TRY(jr_enum(&r, o, "class", alarm_class_names, ALARM_CLASS_COUNT, &e));
	out->cls = (enum alarm_class)e;
	JR_TRY(read_grades(&r, o, &out->grades));
	flow_default_rules(rl, out->cls, false);
	JR_TRY(jr_obj(&r, o, "rules", false, &ru));
	if (ru && jr_member(ru, "dispatch"))
		return jr_fail(&r, "rules", "dispatch is said by the steps: a mandatory step "
					    "with \"by\": \"dispatch\"");
	if (ru)
		JR_TRY(proto_read_rules(ru, "plans[].rules", rl, err, errlen));
	JR_TRY(jr_arr(&r, o, "steps", &steps));
	cJSON_ArrayForEach(it, steps)
	{
		struct jr rs = {err, errlen, "plans[].steps[]", NULL, NULL};
		const char *by = NULL;
		int k = out->nsteps;
		if (k == PROTO_PLAN_MAX_STEPS)
			return jr_fail(&r, "steps", "more than 16 steps");
		if (!cJSON_IsObject(it))
			return jr_fail(&r, "steps", "expected objects");
		JR_TRY(jr_str(&rs, it, "text", true, &out->steps[k]));
		JR_TRY(jr_bool(&rs, it, "mandatory", &out->mandatory[k]));
		JR_TRY(jr_str(&rs, it, "by", false, &by));
		if (by && by[0] && plan_by_parse(by, &out->by[k]))
			return jr_fail(&rs, "by", "expected hand, review, call, forward, dispatch, "
						  "report, notify, order or close");
		rl->step_by[k] = (uint8_t)out->by[k];
		if (out->mandatory[k])
			rl->steps_mandatory |= (uint16_t)(1u << k);
		dispatch |= out->mandatory[k] && out->by[k] == PLAN_BY_DISPATCH;
		out->nsteps++;
	}
	rl->nsteps = out->nsteps;
	if (out->nsteps > 0)
		rl->dispatch = dispatch; /* the data, not the class, decides */
	return 0;
}

int proto_plans_units(const struct proto_msg *m, const char *list, struct proto_unit *out, int max,
		      char *err, size_t errlen)
{
	struct jr r = {err, errlen, list, NULL, NULL};
	cJSON *arr = m->type == PROTO_PLANS ? jr_member(m->tree, list) : NULL, *it;
	int n = 0;

	if (arr == NULL)
		return 0;
	if (!cJSON_IsArray(arr)) {
		snprintf(err, errlen, "%s: expected an array", list);
		return -PROTO_E_FIELD;
	}
	cJSON_ArrayForEach(it, arr)
	{
		if (n == max) {
			snprintf(err, errlen, "%s: more than %d", list, max);
			return -PROTO_E_FIELD;
		}
		if (!cJSON_IsObject(it)) {
			snprintf(err, errlen, "%s: expected objects", list);
			return -PROTO_E_FIELD;
		}
		if (jr_str(&r, it, "id", true, &out[n].id) || jr_str(&r, it, "name", true, &out[n].name) ||
		    jr_str(&r, it, "phone", false, &out[n].phone))
			return -PROTO_E_FIELD;
		if (out[n].id[0] == '\0' || strlen(out[n].id) > 15) {
			snprintf(err, errlen, "%s[%d].id: expected 1 to 15 characters", list, n);
			return -PROTO_E_FIELD;
		}
		for (int k = 0; k < n; k++)
			if (strcmp(out[k].id, out[n].id) == 0) {
				snprintf(err, errlen, "%s[%d].id: %s is used twice", list, n, out[n].id);
				return -PROTO_E_FIELD;
			}
		n++;
	}
	return n;
}

int proto_plans_codes(const struct proto_msg *m, const char *list, struct proto_code_item *out,
		      int max, char *err, size_t errlen)
{
	struct jr r = {err, errlen, list, NULL, NULL};
	cJSON *arr = m->type == PROTO_PLANS ? jr_member(m->tree, list) : NULL, *it;
	int n = 0;

	if (arr == NULL)
		return 0;
	if (!cJSON_IsArray(arr)) {
		snprintf(err, errlen, "%s: expected an array", list);
		return -PROTO_E_FIELD;
	}
	cJSON_ArrayForEach(it, arr)
	{
		int64_t code;
		if (n == max)
			break;
		if (!cJSON_IsObject(it)) {
			snprintf(err, errlen, "%s: expected objects", list);
			return -PROTO_E_FIELD;
		}
		if (jr_int(&r, it, "code", true, 1, 9999, &code) ||
		    jr_str(&r, it, "text", true, &out[n].text) ||
		    jr_bool(&r, it, "false", &out[n].is_false))
			return -PROTO_E_FIELD;
		out[n++].code = (int)code;
	}
	return n;
}
