/* proto_encode.c — building protocol v1 frames with cJSON. Every encoder
 * returns malloc'd compact JSON; the shapes mirror proto.c's decoder and
 * docs/protocol.md. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/text.h"
#include "jsonrd.h"
#include "proto-int.h"

static cJSON *start(const char *type)
{
	cJSON *o = cJSON_CreateObject();
	if (o != NULL)
		cJSON_AddStringToObject(o, "type", type);
	return o;
}

static char *finish(cJSON *o)
{
	char *s = o ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	return s;
}

/* For frames whose text may have been cut by a truncating snprintf (error
 * and refusal messages): a cut character becomes '?', never invalid UTF-8. */
static char *finish_repaired(cJSON *o)
{
	char *s = finish(o);

	if (s != NULL)
		text_utf8_repair(s, strlen(s));
	return s;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	cJSON_AddStringToObject(o, k, v ? v : "");
}

static void add_opt_str(cJSON *o, const char *k, const char *v)
{
	if (v != NULL && v[0] != '\0')
		cJSON_AddStringToObject(o, k, v);
}

static void add_num(cJSON *o, const char *k, double v)
{
	jr_add_num(o, k, v);
}

static void add_rules(cJSON *o, const struct alarm_rules *r)
{
	cJSON *ru = cJSON_AddObjectToObject(o, "rules"), *lim, *rec;

	lim = cJSON_AddObjectToObject(ru, "limits");
	for (int c = 0; c < FLOW_CLK_COUNT; c++)
		add_num(lim, flow_clock_names[c], r->limit_ms[c] / 1000.0);
	add_num(lim, "review_phone", r->review_phone_ms / 1000.0);
	if (r->method != FLOW_METHOD_NONE)
		add_str(ru, "method", flow_method_names[r->method]);
	rec = cJSON_AddArrayToObject(ru, "recipients");
	for (int i = 0; i < r->nrecipients; i++)
		cJSON_AddItemToArray(rec, cJSON_CreateString(r->recipients[i]));
	cJSON_AddBoolToObject(ru, "notify_customer", r->notify_customer);
	cJSON_AddBoolToObject(ru, "notify_insurer", r->notify_insurer);
	cJSON_AddBoolToObject(ru, "dispatch", r->dispatch);
	cJSON_AddBoolToObject(ru, "police_direct", r->police_direct);
	if (r->auto_forward)
		cJSON_AddBoolToObject(ru, "auto_forward", true);
	if (r->nsteps > 0) {
		cJSON *st = cJSON_AddObjectToObject(ru, "steps"), *by;
		add_num(st, "mandatory", r->steps_mandatory);
		by = cJSON_AddArrayToObject(st, "by");
		for (int i = 0; i < r->nsteps; i++)
			cJSON_AddItemToArray(by, cJSON_CreateString(plan_by_names[r->step_by[i]]));
	}
}

static void add_flow(cJSON *o, const struct alarm_flow *f)
{
	cJSON *fl = cJSON_AddObjectToObject(o, "flow"), *clocks;

	add_str(fl, "method", flow_method_names[(unsigned)f->method < FLOW_METHOD_COUNT ? f->method : 0]);
	add_num(fl, "verdict", f->verdict);
	cJSON_AddBoolToObject(fl, "forwarded", f->forwarded);
	if (f->duress)
		cJSON_AddBoolToObject(fl, "duress", true);
	if (f->hold_permit)
		cJSON_AddBoolToObject(fl, "hold_permit", true);
	if (f->reported)
		cJSON_AddBoolToObject(fl, "reported", true);
	add_num(fl, "ticks", f->ticks);
	if (f->steps)
		add_num(fl, "steps", f->steps);
	add_num(fl, "cause", f->cause);
	if (f->hold_until)
		add_num(fl, "hold_until", (double)f->hold_until);
	if (f->restored_ms)
		add_num(fl, "restored", (double)f->restored_ms);
	clocks = cJSON_AddObjectToObject(fl, "clocks");
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		const struct flow_timer *t = &f->clk[c];
		cJSON *k;
		if (t->start_ms == 0)
			continue;
		k = cJSON_AddObjectToObject(clocks, flow_clock_names[c]);
		add_num(k, "start", (double)t->start_ms);
		if (t->stop_ms)
			add_num(k, "stop", (double)t->stop_ms);
		add_num(k, "limit", t->limit_ms);
		if (t->escalated)
			cJSON_AddBoolToObject(k, "escalated", true);
	}
}

static cJSON *alarm_object(const struct alarm *a)
{
	cJSON *o = cJSON_CreateObject(), *ev, *c, *ad, *arr, *z, *p;

	if (o == NULL)
		return NULL;
	add_str(o, "id", a->id);
	add_num(o, "priority", a->priority);
	add_str(o, "class", alarm_class_name(a->cls));
	ev = cJSON_AddObjectToObject(o, "event");
	add_str(ev, "scheme", "cid");
	add_str(ev, "code", a->event_code);
	add_num(ev, "qualifier", a->qualifier);
	add_num(ev, "partition", a->partition);
	add_num(ev, "zone", a->zone_no);
	add_str(o, "channel", alarm_channel_name(a->channel));
	add_num(o, "occurred", (double)a->occurred_ms);
	add_num(o, "received", (double)a->received_ms);
	c = cJSON_AddObjectToObject(o, "customer");
	add_str(c, "id", a->cust_id);
	add_str(c, "name", a->cust_name);
	add_opt_str(c, "type", a->cust_type);
	cJSON_AddBoolToObject(c, "key", a->key_customer);
	ad = cJSON_AddObjectToObject(c, "address");
	add_str(ad, "text", a->addr_text);
	add_opt_str(ad, "community", a->addr_community);
	add_opt_str(ad, "building", a->addr_building);
	add_opt_str(ad, "unit", a->addr_unit);
	add_opt_str(ad, "floor", a->addr_floor);
	add_opt_str(ad, "room", a->addr_room);
	add_opt_str(ad, "code", a->addr_code);
	arr = cJSON_AddArrayToObject(c, "contacts");
	for (int i = 0; i < a->ncontacts; i++) {
		cJSON *k = cJSON_CreateObject();
		add_str(k, "name", a->contacts[i].name);
		add_str(k, "phone", a->contacts[i].phone);
		add_opt_str(k, "role", a->contacts[i].role);
		cJSON_AddItemToArray(arr, k);
	}
	add_opt_str(c, "police", a->police);
	z = cJSON_AddObjectToObject(o, "zone");
	add_num(z, "no", a->zone_no);
	add_opt_str(z, "name", a->zone_name);
	add_opt_str(z, "detector", a->zone_detector);
	p = cJSON_AddObjectToObject(o, "position");
	add_opt_str(p, "map", a->pos_map);
	add_opt_str(p, "level", a->pos_level);
	add_opt_str(p, "marker", a->pos_marker);
	if (a->has_lonlat) {
		add_num(p, "lon", a->lon);
		add_num(p, "lat", a->lat);
	}
	arr = cJSON_AddArrayToObject(o, "cameras");
	for (int i = 0; i < a->ncameras; i++) {
		cJSON *k = cJSON_CreateObject();
		add_str(k, "name", a->cameras[i].name);
		add_opt_str(k, "channel", a->cameras[i].channel);
		cJSON_AddItemToArray(arr, k);
	}
	add_opt_str(o, "plan", a->plan_id);
	add_opt_str(o, "linked", a->linked);
	add_rules(o, a->rules);
	add_str(o, "state", alarm_state_name(a->state));
	add_opt_str(o, "claimed_by", a->claimed_by);
	add_opt_str(o, "receiver", a->receiver);
	add_opt_str(o, "unit", a->unit);
	add_opt_str(o, "sources", a->sources);
	add_opt_str(o, "origin", a->origin);
	add_flow(o, &a->flow);
	if (a->state_ms)
		add_num(o, "state_at", (double)a->state_ms);
	if (a->ntimeline > 0) {
		arr = cJSON_AddArrayToObject(o, "timeline");
		for (int i = 0; i < a->ntimeline; i++) {
			const struct alarm_entry *e = &a->timeline[i];
			cJSON *k = cJSON_CreateObject();
			add_num(k, "at", (double)e->at_ms);
			add_str(k, "action", e->action);
			add_opt_str(k, "by", e->by);
			add_opt_str(k, "text", e->text);
			if (e->arg)
				add_num(k, "arg", e->arg);
			cJSON_AddItemToArray(arr, k);
		}
	}
	return o;
}

char *proto_encode_hello(const struct proto_hello *h)
{
	cJSON *o = start("hello");
	add_num(o, "version", h->version ? h->version : PROTO_VERSION);
	add_opt_str(o, "id", h->req_id);
	add_str(o, "console", h->console);
	add_str(o, "operator", h->operator_);
	add_str(o, "password", h->password);
	add_str(o, "role", proto_role_name(h->role));
	if (h->resume) {
		cJSON *r = cJSON_AddObjectToObject(o, "resume");
		add_str(r, "epoch", h->epoch);
		add_num(r, "seq", (double)h->seq);
	}
	return finish(o);
}

char *proto_encode_welcome(const struct proto_welcome *w)
{
	cJSON *o = start("welcome");
	add_opt_str(o, "id", w->req_id);
	add_num(o, "code", 0);
	add_str(o, "msg", "ok");
	add_str(o, "center", w->center);
	add_str(o, "epoch", w->epoch);
	add_str(o, "role", proto_role_name(w->role));
	add_num(o, "time", (double)w->time_ms);
	add_num(o, "heartbeat_ms", w->heartbeat_ms);
	add_num(o, "head", (double)w->head);
	return finish(o);
}

char *proto_encode_error(const struct proto_error *e)
{
	cJSON *o = start("error");
	add_opt_str(o, "id", e->req_id);
	add_num(o, "code", e->code);
	add_str(o, "msg", e->msg);
	add_opt_str(o, "field", e->field);
	return finish_repaired(o);
}

char *proto_encode_alarm(const struct alarm *a, uint64_t seq)
{
	cJSON *o = start("alarm");
	add_num(o, "seq", (double)seq);
	cJSON_AddItemToObject(o, "alarm", alarm_object(a));
	return finish(o);
}

char *proto_encode_update(const struct alarm_update *u, uint64_t seq)
{
	cJSON *o = start("update");
	add_num(o, "seq", (double)seq);
	add_str(o, "alarm_id", u->alarm_id);
	add_str(o, "state", alarm_state_name(u->state));
	add_opt_str(o, "by", u->by);
	add_opt_str(o, "console", u->console);
	add_opt_str(o, "op_id", u->op_id);
	add_opt_str(o, "origin", u->origin);
	add_opt_str(o, "action", u->action);
	add_opt_str(o, "receiver", u->receiver);
	add_opt_str(o, "unit", u->unit);
	add_opt_str(o, "text", u->text);
	if (u->arg)
		add_num(o, "arg", u->arg);
	if (u->sources && u->sources[0])
		add_str(o, "sources", u->sources);
	add_opt_str(o, "holder", u->holder);
	if (u->priority)
		add_num(o, "priority", u->priority);
	if (u->has_flow)
		add_flow(o, &u->flow);
	add_num(o, "at", (double)u->at_ms);
	return finish(o);
}

char *proto_encode_arm(const struct proto_arm *a, uint64_t seq)
{
	cJSON *o = start("arm");
	add_num(o, "seq", (double)seq);
	add_str(o, "customer", a->cust_id);
	if (a->partition)
		add_num(o, "partition", a->partition);
	add_str(o, "state", a->armed ? "armed" : "disarmed");
	add_opt_str(o, "user", a->user);
	add_num(o, "at", (double)a->at_ms);
	add_opt_str(o, "origin", a->origin);
	return finish(o);
}

char *proto_encode_test(const struct proto_test *t, uint64_t seq)
{
	cJSON *o = start("test");
	add_num(o, "seq", (double)seq);
	add_str(o, "customer", t->cust_id);
	add_str(o, "state", proto_test_state_name(t->state));
	if (t->state != PROTO_TEST_OFF)
		add_num(o, "until", (double)t->until_ms);
	add_opt_str(o, "by", t->by);
	add_opt_str(o, "reason", t->reason);
	add_num(o, "at", (double)t->at_ms);
	return finish(o);
}

char *proto_encode_flood(const struct proto_flood *f, uint64_t seq)
{
	cJSON *o = start("flood");
	add_num(o, "seq", (double)seq);
	cJSON_AddBoolToObject(o, "on", f->on);
	add_num(o, "rate", f->rate);
	add_num(o, "threshold", f->threshold);
	add_num(o, "since", (double)f->since_ms);
	add_num(o, "alarms", (double)f->alarms);
	add_num(o, "at", (double)f->at_ms);
	return finish(o);
}

char *proto_encode_signal(const struct proto_signal *g, uint64_t seq)
{
	cJSON *o = start("signal");
	add_num(o, "seq", (double)seq);
	add_str(o, "customer", g->cust_id);
	if (g->zone)
		add_num(o, "zone", g->zone);
	add_opt_str(o, "zone_name", g->zone_name);
	add_str(o, "event", g->event);
	add_str(o, "channel", alarm_channel_name(g->channel));
	if (g->qualifier != 1)
		add_num(o, "qualifier", g->qualifier);
	add_num(o, "at", (double)g->at_ms);
	return finish(o);
}

char *proto_encode_device(const struct proto_device *d, uint64_t seq)
{
	cJSON *o = start("device");
	add_num(o, "seq", (double)seq);
	add_str(o, "customer", d->cust_id);
	add_str(o, "device", d->device);
	add_str(o, "state", proto_device_state_name(d->state));
	add_num(o, "at", (double)d->at_ms);
	return finish(o);
}

char *proto_encode_notice(const struct proto_notice *n, uint64_t seq)
{
	cJSON *o = start("notice");
	add_num(o, "seq", (double)seq);
	add_str(o, "from", n->from);
	add_str(o, "text", n->text);
	add_num(o, "at", (double)n->at_ms);
	return finish(o);
}

char *proto_encode_tick(const struct proto_tick *t)
{
	cJSON *o = start("tick");
	add_num(o, "time", (double)t->time_ms);
	add_num(o, "head", (double)t->head);
	return finish(o);
}

char *proto_encode_synced(uint64_t head)
{
	cJSON *o = start("synced");
	add_num(o, "head", (double)head);
	return finish(o);
}

char *proto_encode_snapshot(const struct alarm *const *alarms, size_t n, uint64_t head,
			    bool more)
{
	cJSON *o = start("snapshot"), *arr;

	add_num(o, "head", (double)head);
	cJSON_AddBoolToObject(o, "more", more);
	arr = cJSON_AddArrayToObject(o, "alarms");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, alarm_object(alarms[i]));
	return finish(o);
}

char *proto_encode_snapshot_standing(const char *const *frames, size_t n, uint64_t head,
				     bool more)
{
	cJSON *o = start("snapshot"), *arr;

	add_num(o, "head", (double)head);
	cJSON_AddBoolToObject(o, "more", more);
	cJSON_AddArrayToObject(o, "alarms");
	arr = cJSON_AddArrayToObject(o, "standing");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateRaw(frames[i]));
	return finish(o);
}

char *proto_encode_plans(const struct proto_plan *plans, size_t n)
{
	cJSON *o = start("plans"), *arr = cJSON_AddArrayToObject(o, "plans");

	for (size_t i = 0; i < n; i++) {
		cJSON *p = cJSON_CreateObject(), *steps;
		add_str(p, "id", plans[i].id);
		add_str(p, "name", plans[i].name);
		add_str(p, "class", alarm_class_name(plans[i].cls));
		if (plans[i].grades) {
			cJSON *g = cJSON_AddArrayToObject(p, "priority");
			for (int k = ALARM_PRIORITY_MIN; k <= ALARM_PRIORITY_MAX; k++)
				if (plans[i].grades >> k & 1)
					cJSON_AddItemToArray(g, cJSON_CreateNumber(k));
		}
		steps = cJSON_AddArrayToObject(p, "steps");
		for (int k = 0; k < plans[i].nsteps; k++) {
			cJSON *s = cJSON_CreateObject();
			add_str(s, "text", plans[i].steps[k]);
			cJSON_AddBoolToObject(s, "mandatory", plans[i].mandatory[k]);
			if (plans[i].by[k] != PLAN_BY_HAND)
				add_str(s, "by", plan_by_names[plans[i].by[k]]);
			cJSON_AddItemToArray(steps, s);
		}
		cJSON_AddItemToArray(arr, p);
	}
	return finish(o);
}

char *proto_encode_op(const struct proto_op *p)
{
	cJSON *o = start("op");
	add_str(o, "op_id", p->op_id);
	add_str(o, "action", proto_action_name(p->action));
	add_opt_str(o, "alarm_id", p->alarm_id);
	add_opt_str(o, "site", p->site);
	add_opt_str(o, "order", p->order);
	add_opt_str(o, "text", p->text);
	if (p->code)
		add_num(o, "code", p->code);
	return finish(o);
}

char *proto_encode_op_ack(const struct proto_op_ack *a)
{
	cJSON *o = start("op_ack");
	add_str(o, "op_id", a->op_id);
	add_num(o, "code", a->code);
	add_str(o, "msg", a->msg ? a->msg : (a->code ? "refused" : "ok"));
	return finish_repaired(o);
}

char *proto_encode_broadcast(const struct proto_broadcast *b)
{
	cJSON *o = start("broadcast");
	add_str(o, "op_id", b->op_id);
	add_str(o, "text", b->text);
	return finish(o);
}

char *proto_encode_query(const struct proto_query *q)
{
	cJSON *o = start("query");
	add_opt_str(o, "id", q->req_id);
	if (q->what == PROTO_Q_SITE) {
		add_str(o, "what", "site");
		add_str(o, "site", q->site);
		return finish(o);
	}
	if (q->what == PROTO_Q_IMAGES) {
		add_str(o, "what", "images");
		add_str(o, "alarm", q->alarm);
		return finish(o);
	}
	add_str(o, "what", "figures");
	add_num(o, "from", (double)q->from_ms);
	add_num(o, "to", (double)q->to_ms);
	return finish(o);
}

static void add_counts(cJSON *o, const char *k, const char *const *names, int n,
		       const uint32_t *v)
{
	cJSON *c = cJSON_AddObjectToObject(o, k);
	for (int i = 0; i < n; i++)
		if (v[i])
			add_num(c, names[i], v[i]);
}

char *proto_encode_images(const struct proto_images *x)
{
	cJSON *o = start("images"), *arr = cJSON_AddArrayToObject(o, "images");

	add_opt_str(o, "id", x->req_id);
	add_str(o, "alarm", x->alarm);
	for (int i = 0; i < x->n; i++) {
		cJSON *it = cJSON_CreateObject();
		add_num(it, "at", (double)x->at_ms[i]);
		add_num(it, "bytes", (double)x->bytes[i]);
		cJSON_AddItemToArray(arr, it);
	}
	return finish(o);
}

char *proto_encode_figures(const struct proto_figures *x)
{
	const struct figures *f = &x->f;
	cJSON *o = start("figures"), *steps, *rate;

	add_opt_str(o, "id", x->req_id);
	add_num(o, "from", (double)f->from_ms);
	add_num(o, "to", (double)f->to_ms);
	for (size_t i = 0; i < proto_fig_ntotals; i++)
		add_num(o, proto_fig_totals[i].name,
			*(const uint32_t *)((const char *)f + proto_fig_totals[i].offset));
	add_counts(o, "classes", alarm_class_names, ALARM_CLASS_COUNT, f->by_class);
	add_counts(o, "channels", alarm_channel_names, ALARM_CHANNEL_COUNT, f->by_channel);
	steps = cJSON_AddObjectToObject(o, "steps");
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		cJSON *s;
		if (f->step[c].n == 0)
			continue;
		s = cJSON_AddObjectToObject(steps, flow_clock_names[c]);
		add_num(s, "n", f->step[c].n);
		add_num(s, "met", f->step[c].met);
		add_num(s, "missed", f->step[c].missed);
		add_num(s, "p50", (double)f->step[c].p50_ms);
		add_num(s, "p90", (double)f->step[c].p90_ms);
	}
	rate = cJSON_AddArrayToObject(o, "rate");
	for (int i = 0; i < FIG_BUCKETS; i++)
		cJSON_AddItemToArray(rate, jr_int_item(f->rate[i]));
	{
		cJSON *w = cJSON_AddObjectToObject(o, "orders");
		add_num(w, "n", f->orders);
		add_num(w, "met", f->orders_met);
		add_num(w, "missed", f->orders_missed);
		add_counts(w, "open", order_urgency_names, ORDER_URGENCY_COUNT, f->orders_open);
		add_num(w, "oldest_open", (double)f->oldest_open_ms);
	}
	add_counts(o, "faults", fig_fault_names, FIG_FAULT_COUNT, f->faults);
	return finish(o);
}

char *proto_encode_room(const struct proto_room_entry *v, size_t n)
{
	cJSON *o = start("room"), *arr = cJSON_AddArrayToObject(o, "sessions");

	for (size_t i = 0; i < n; i++) {
		cJSON *s = cJSON_CreateObject();
		add_str(s, "operator", v[i].operator_);
		add_str(s, "console", v[i].console);
		add_str(s, "role", proto_role_name(v[i].role));
		add_num(s, "since", (double)v[i].since_ms);
		cJSON_AddItemToArray(arr, s);
	}
	return finish(o);
}
