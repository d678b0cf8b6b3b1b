/* query.c — the center's answers to a console's query: the figures of a
 * period, from the records of closed alarms (store) and the open alarms
 * (book), counted by app/core/figures. */
#include <stdio.h>
#include <string.h>

#include "../app/core/ad.h"
#include "center.h"

struct walk {
	struct center *c;
	struct fig_acc *acc;
	unsigned bad;
};

static int record_cb(void *ctx, const char *frame)
{
	struct walk *w = ctx;
	struct proto_msg m;
	char err[200];

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) || m.type != PROTO_ALARM) {
		if (w->bad++ == 0)
			center_log("figures: a stored record does not decode: %s", err);
		return 0;
	}
	fig_add(w->acc, &m.alarm, sites_false_outcome(&w->c->sites, m.alarm.flow.cause));
	proto_msg_release(&m);
	return 0;
}

/* A work order's last frame (the orders table holds every order, open or
 * closed, as it is now). */
static int order_cb(void *ctx, const char *frame)
{
	struct walk *w = ctx;
	struct proto_msg m;
	struct work_order o;
	char err[200];

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) ||
	    proto_order_get(&m, &o, err, sizeof err)) {
		if (w->bad++ == 0)
			center_log("figures: a stored work order does not decode: %s", err);
		if (m.tree)
			proto_msg_release(&m);
		return 0;
	}
	fig_add_order(w->acc, &o);
	proto_msg_release(&m);
	return 0;
}

int center_figures(struct center *c, int64_t from_ms, int64_t to_ms, struct figures *out)
{
	struct walk w = {c, fig_begin(from_ms, to_ms, center_now_ms()), 0};

	if (w.acc == NULL)
		return AD_ENOMEM;
	if (store_record_each(c->store, from_ms, to_ms, record_cb, &w))
		center_log("figures: %s", store_error(c->store));
	if (store_order_each(c->store, from_ms, to_ms, order_cb, &w))
		center_log("figures: %s", store_error(c->store));
	for (size_t i = 0; i < book_count(c->book); i++)
		fig_add(w.acc, book_at(c->book, i), false);
	fig_end(w.acc, out);
	{ /* arm and disarm reports of the period, as far back as the history keeps */
		int64_t arms = store_stream_count(c->store, "arm", from_ms, to_ms);
		out->faults[FIG_FAULT_ARM] = arms > 0 ? (uint32_t)arms : 0;
	}
	return 0;
}
