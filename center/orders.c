/* orders.c — the center's work orders (center/orders.h): made when an
 * operator opens a work order on a fault alarm or by hand, carried through
 * their life cycle by ops, escalated when the same device faults again
 * while its order is open (000 7.10.2), marked when the device reports it
 * restored; the open ones are standing state, found again after a restart. */
#include "orders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "../app/core/cid.h"
#include "center.h"

static struct work_order *find(struct center *c, const char *id)
{
	for (size_t i = 0; i < c->norders; i++)
		if (strcmp(c->orders[i].id, id) == 0)
			return &c->orders[i];
	return NULL;
}

/* The open order of a site's device (zone 0: the panel), or NULL. */
static struct work_order *of_device(struct center *c, const char *cust_id, int zone)
{
	for (size_t i = 0; i < c->norders; i++)
		if (c->orders[i].zone_no == zone && strcmp(c->orders[i].cust_id, cust_id) == 0)
			return &c->orders[i];
	return NULL;
}

static struct work_order *add(struct center *c)
{
	if (c->norders == c->orders_cap) {
		size_t cap = c->orders_cap ? c->orders_cap * 2 : 32;
		struct work_order *v = realloc(c->orders, cap * sizeof *v);
		if (v == NULL)
			return NULL;
		c->orders = v;
		c->orders_cap = cap;
	}
	memset(&c->orders[c->norders], 0, sizeof c->orders[0]);
	return &c->orders[c->norders++];
}

/* Tells the consoles; a closed order leaves the open ones. */
static void emit(struct center *c, struct work_order *o)
{
	center_emit_order(c, o);
	if (o->state == ORDER_CLOSED) {
		size_t i = (size_t)(o - c->orders);
		memmove(&c->orders[i], &c->orders[i + 1], (c->norders - i - 1) * sizeof *o);
		c->norders--;
	}
}

static int restore_cb(void *ctx, const char *frame)
{
	struct center *c = ctx;
	struct proto_msg m;
	struct work_order *o;
	char err[200];

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) || m.type != PROTO_ORDER) {
		center_log("stored work order skipped: %s", err);
		return 0;
	}
	if ((o = add(c)) == NULL || proto_order_get(&m, o, err, sizeof err)) {
		if (o)
			c->norders--;
		center_log("stored work order skipped: %s", o ? err : "out of memory");
	}
	proto_msg_release(&m);
	return 0;
}

int orders_open(struct center *c)
{
	order_default_limits(&c->order_limits);
	return store_standing_each(c->store, "order", 0, restore_cb, c) ? AD_EIO : 0;
}

void orders_close(struct center *c)
{
	free(c->orders);
	c->orders = NULL;
	c->norders = c->orders_cap = 0;
}

void orders_from_alarm(struct center *c, const struct alarm *a, const char *by)
{
	struct work_order *o = of_device(c, a->cust_id, a->zone_no);
	const struct cid_code *cid = cid_lookup(a->event_code);
	char what[200];

	if (!alarm_is_fault(a->cls))
		return;
	if (o != NULL) { /* the device's order is open: this fault is one more */
		if (strcmp(o->alarm_id, a->id) != 0)
			order_refault(o, a->id, center_now_ms(), &c->order_limits);
		emit(c, o);
		return;
	}
	if ((o = add(c)) == NULL) {
		center_log("work order for %s not made: out of memory", a->id);
		return;
	}
	snprintf(what, sizeof what, "%s %s", a->event_code, cid ? cid->zh : "");
	order_open(o, "", a, order_urgency_for(a), what, by, center_now_ms(), &c->order_limits);
	emit(c, o);
	center_log("work order %s (%s) for %s %s, from %s", o->id, order_urgency_names[o->urgency],
		   o->cust_id, o->device, a->id);
}

void orders_fault(struct center *c, const struct alarm *a)
{
	struct work_order *o;

	if (!alarm_is_fault(a->cls) || (o = of_device(c, a->cust_id, a->zone_no)) == NULL)
		return;
	order_refault(o, a->id, center_now_ms(), &c->order_limits);
	center_log("work order %s escalated to %s: %s faulted again (%s)", o->id,
		   order_urgency_names[o->urgency], o->device, a->id);
	emit(c, o);
}

void orders_restored(struct center *c, const char *cust_id, int zone)
{
	struct work_order *o = of_device(c, cust_id, zone);

	if (o == NULL || o->restored_ms)
		return;
	order_restored(o, center_now_ms());
	center_log("work order %s: %s reports restored", o->id, o->device);
	emit(c, o);
}

int orders_op(struct center *c, const struct proto_op *op, const char *who, const char **msg,
	      char **owned)
{
	struct work_order *o;
	char why[160];

	if (op->action == PROTO_ACT_WORK_NEW) {
		const struct site *st = sites_find(&c->sites, op->site);
		if (st == NULL) {
			*msg = "no site with that id in the data set";
			return PROTO_E_SITE;
		}
		if (op->code < 0 || op->code >= ORDER_URGENCY_COUNT || !op->text[0]) {
			*msg = "a work order needs its urgency and what is wrong";
			return PROTO_E_FIELD;
		}
		if ((o = add(c)) == NULL) {
			*msg = "out of memory";
			return PROTO_E_INTERNAL;
		}
		snprintf(o->cust_id, sizeof o->cust_id, "%s", st->tmpl.cust_id);
		snprintf(o->site, sizeof o->site, "%s", st->tmpl.cust_name);
		snprintf(o->device, sizeof o->device, "%s", "by hand");
		o->zone_no = -1; /* not a device's: faults do not escalate it */
		o->cls = ALARM_CLASS_FAULT;
		order_open(o, "", NULL, (enum order_urgency)op->code, op->text, who, center_now_ms(),
			   &c->order_limits);
		emit(c, o);
		*msg = "ok";
		return PROTO_OK;
	}
	if ((o = find(c, op->order)) == NULL) {
		*msg = "no open work order with that id";
		return PROTO_E_ALARM;
	}
	if (order_apply(o, (enum order_step)op->code, who, op->text, center_now_ms(), why,
			sizeof why)) {
		*owned = strdup(why);
		*msg = *owned ? *owned : "refused";
		return PROTO_E_FLOW;
	}
	center_log("work order %s: %s by %s%s%s", o->id, order_step_names[op->code], who,
		   op->text[0] ? ": " : "", op->text);
	emit(c, o);
	*msg = "ok";
	return PROTO_OK;
}
