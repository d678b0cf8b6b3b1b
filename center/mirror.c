/* mirror.c — a follower's state from the leader's frames. Each frame it
 * mirrors has on its book and store the effect it had on the leader's: the
 * open alarms, the records of closed ones, the standing state, the work
 * orders and the receivers' frames taken (those that made an alarm, a
 * restore, an opening or a closing). So a follower gives snapshots like
 * the leader, and a node that takes over starts from the state the stream
 * adds up to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "standing.h"

static void keep_standing(struct center *c, const struct standing_key *k, const char *frame)
{
	if (k->kind ? store_standing_put(c->store, k->key, k->kind, k->at_ms, frame, k->keep)
		    : store_standing_delete(c->store, k->key))
		center_fatal_store(c);
}

/* The receiver's frame that made a message (an alarm, a restore, an
 * opening or closing): its retry to this node, leading by then, is
 * answered, not taken again. */
static void took_frame(struct center *c, const char *origin, int64_t at_ms)
{
	if (origin && origin[0] && store_frame_put(c->store, origin, at_ms))
		center_fatal_store(c);
}

static void mirror_alarm(struct center *c, struct proto_msg *m, const char *frame)
{
	took_frame(c, m->alarm.origin, m->alarm.received_ms);
	m->alarm.seq = m->seq;
	if (book_add(c->book, &m->alarm) != BOOK_ADDED) {
		center_log("cluster: alarm %s of seq %llu not kept open on this node (%zu open)",
			   m->alarm.id, (unsigned long long)m->seq, book_count(c->book));
		return;
	}
	if (store_alarm_put(c->store, m->alarm.id, frame))
		center_fatal_store(c);
}

static void mirror_update(struct center *c, const struct proto_msg *m)
{
	const struct alarm_update *u = &m->u.update;
	const struct alarm *cur = book_find(c->book, u->alarm_id);
	struct alarm_entry tl[ALARM_MAX_TIMELINE];
	struct alarm n;
	char id[64], *record;

	took_frame(c, u->origin, u->at_ms);
	if (cur == NULL) {
		center_log("cluster: the update of seq %llu is for %s, which this node does not hold "
			   "open", (unsigned long long)m->seq, u->alarm_id);
		return;
	}
	alarm_apply_update(cur, u, &n, tl);
	n.state_ms = cur->state_ms; /* a console's: the center's alarms keep none */
	snprintf(id, sizeof id, "%s", u->alarm_id);
	record = n.state == ALARM_ST_CLOSED ? proto_encode_alarm(&n, n.seq) : NULL;
	if (book_add(c->book, &n) == BOOK_NOMEM)
		center_fatal_store(c);
	center_keep_alarm(c, id, n.received_ms, record);
	free(record);
	/* The op that made it is applied: sent again (to this node, leading
	 * by then), it is answered, not applied twice. */
	if (u->op_id && u->op_id[0] && u->console && u->console[0] &&
	    store_op_put(c->store, u->console, u->op_id, PROTO_OK, "ok"))
		center_fatal_store(c);
}

void center_mirror_state(struct center *c, uint64_t seq, const char *frame, size_t len)
{
	struct standing_key k;
	struct work_order o;
	struct proto_msg m;
	char err[256];

	if (proto_decode(frame, len, &m, err, sizeof err)) {
		center_log("cluster: seq %llu: %s: its effect is not kept on this node",
			   (unsigned long long)seq, err);
		return;
	}
	switch (m.type) {
	case PROTO_ALARM:
		mirror_alarm(c, &m, frame);
		break;
	case PROTO_UPDATE:
		mirror_update(c, &m);
		break;
	case PROTO_DEVICE:
		standing_device(&k, &m.u.device);
		keep_standing(c, &k, frame);
		break;
	case PROTO_ARM:
		took_frame(c, m.u.arm.origin, m.u.arm.at_ms);
		standing_arm(&k, &m.u.arm);
		keep_standing(c, &k, frame);
		break;
	case PROTO_TEST:
		standing_test(&k, &m.u.test);
		keep_standing(c, &k, frame);
		break;
	case PROTO_FLOOD:
		standing_flood(&k, &m.u.flood);
		keep_standing(c, &k, frame);
		break;
	case PROTO_NOTICE:
		standing_notice(&k, &m.u.notice, seq);
		keep_standing(c, &k, frame);
		break;
	case PROTO_ORDER:
		if (proto_order_get(&m, &o, err, sizeof err)) {
			center_log("cluster: the order of seq %llu: %s", (unsigned long long)seq, err);
			break;
		}
		standing_order(&k, &o);
		keep_standing(c, &k, frame);
		if (store_order_put(c->store, o.id, o.opened_ms, frame))
			center_fatal_store(c);
		break;
	default: /* a signal of a site on test: nothing stands */
		break;
	}
	proto_msg_release(&m);
}
