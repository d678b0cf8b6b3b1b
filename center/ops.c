/* ops.c — what the center does with an operator's op: the holder rules
 * (who may act on an alarm), the workflow (app/core/flow), idempotence by
 * (console, op_id), and the broadcast of the result. The same flow code runs
 * in every console, so a refusal here is never a surprise there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/call.h"
#include "../app/core/flow.h"
#include "center.h"
#include "bulk.h"
#include "gb_server.h"
#include "orders.h"

/* What an op is about: a site, a work order or an alarm. */
static const char *subject(const struct proto_op *op)
{
	if (op->action == PROTO_ACT_TEST || op->action == PROTO_ACT_WORK_NEW)
		return op->site;
	return op->action == PROTO_ACT_WORK ? op->order : op->alarm_id;
}

/* Keeps a formatted refusal for the ack. */
static const char *say(char **owned, const char *fmt, const char *arg)
{
	*owned = malloc(240);
	if (*owned == NULL)
		return "refused";
	snprintf(*owned, 240, fmt, arg);
	return *owned;
}

/* The op as a workflow event, or the refusal's words. A dispatch names a
 * unit of the data set by its id (any name when the data set lists none):
 * the unit's name and phone go on the alarm, in words[]. */
static const char *to_flow_input(const struct center *c, const struct proto_op *op,
				 const struct alarm *a, int64_t now, struct flow_input *in,
				 char *words, size_t len)
{
	enum flow_event ev;

	memset(in, 0, sizeof *in);
	in->now_ms = now;
	if (flow_event_parse(proto_action_name(op->action), &ev))
		return "bad argument for this step";
	in->ev = ev;
	in->arg = op->code;
	in->receiver = op->text;
	if (ev == FLOW_EV_REVIEW) {
		in->method = a->rules->method;
		if (op->text[0] && flow_method_parse(op->text, &in->method))
			return "unknown review method";
	} else if (ev == FLOW_EV_CALL) {
		enum call_outcome o;
		if (call_outcome_parse(op->text, &o) || op->code < 0 || op->code > call_police_index(a))
			return "unknown call outcome or callee";
		in->arg = (int)o;
	} else if (ev == FLOW_EV_DISPATCH && c->sites.nunits > 0) {
		const struct proto_unit *u = sites_unit(&c->sites, op->text);
		if (u == NULL)
			return "no field unit with that id in the data set";
		snprintf(words, len, "%s%s%s", u->name, u->phone[0] ? " " : "", u->phone);
		in->receiver = words;
	} else if (ev == FLOW_EV_CONTROL && (op->code < 0 || op->code >= PROTO_CTL_PTZ)) {
		return "expected arm, disarm or reset";
	} else if (ev == FLOW_EV_RESULT) {
		if (strcmp(op->text, "real") == 0)
			in->verdict = FLOW_VERDICT_REAL;
		else if (strcmp(op->text, "false") == 0)
			in->verdict = FLOW_VERDICT_FALSE;
		else if (strcmp(op->text, "inconclusive") != 0)
			return "expected real, false or inconclusive";
	}
	return NULL;
}

/* Applies the op to n (a copy of the alarm). Returns a PROTO code. */
static int apply(struct center *c, const struct proto_op *op, const char *who, struct alarm *n,
		 const char **msg, char **owned, char *words, size_t len)
{
	int64_t now = center_now_ms();
	bool holder = strcmp(n->claimed_by, who) == 0;
	struct flow_input in;
	struct flow_result res;

	switch (op->action) {
	case PROTO_ACT_CLAIM:
		if (n->claimed_by[0] && !holder) {
			*msg = say(owned, "already claimed by %s", n->claimed_by);
			return PROTO_E_CLAIMED;
		}
		n->claimed_by = who;
		if (n->state == ALARM_ST_NEW) {
			in = (struct flow_input){.ev = FLOW_EV_CLAIM, .now_ms = now};
			flow_apply(n, &in, &res);
		}
		return PROTO_OK;
	case PROTO_ACT_RELEASE:
		if (!holder) {
			*msg = "claim the alarm first";
			return PROTO_E_HOLDER;
		}
		/* Handing over keeps the handling done so far. */
		n->claimed_by = "";
		if (n->state == ALARM_ST_CLAIMED)
			n->state = ALARM_ST_NEW;
		return PROTO_OK;
	case PROTO_ACT_PERMIT:
		in = (struct flow_input){.ev = FLOW_EV_PERMIT, .now_ms = now};
		if (flow_apply(n, &in, &res) != FLOW_OK) {
			*msg = say(owned, "%s", res.why);
			return PROTO_E_FLOW;
		}
		center_log("%s permits holding %s: %s", who, n->id, op->text);
		return PROTO_OK;
	case PROTO_ACT_NOTE:
		center_log("note on %s by %s: %s", n->id, who, op->text);
		return PROTO_OK; /* on the timeline, by anyone, the alarm unchanged */
	default:
		break;
	}
	if (!holder) {
		*msg = n->claimed_by[0] ? say(owned, "held by %s: claim it first", n->claimed_by)
					: "claim the alarm first";
		return PROTO_E_HOLDER;
	}
	if ((*msg = to_flow_input(c, op, n, now, &in, words, len)) != NULL)
		return PROTO_E_FIELD;
	*msg = "ok";
	if (flow_apply(n, &in, &res) != FLOW_OK) {
		*msg = say(owned, "%s", res.why);
		return PROTO_E_FLOW;
	}
	if (res.clock_stopped >= 0)
		center_log("clock %s on %s: %lld ms, %s", flow_clock_names[res.clock_stopped], n->id,
			   (long long)res.took_ms, res.met ? "met" : "missed");
	return PROTO_OK;
}

int center_apply_op(struct center *c, const struct proto_op *op, enum proto_role role,
		    const char *op_name, const char *console, const char *via, const char **msg,
		    char **msg_owned)
{
	const struct alarm *a;
	struct alarm n;
	char words[200], through[96] = "";
	int code;

	*msg_owned = NULL;
	*msg = "ok";
	if (c->follower && op->action != PROTO_ACT_ANCHOR) {
		*msg = "this center node follows the cluster's leader: send ops to the leader";
		return PROTO_E_READONLY;
	}
	/* A supervisor changes no alarm; permitting a hold and logging a
	 * storm's group in bulk are supervising. */
	bool supervising = op->action == PROTO_ACT_PERMIT || op->action == PROTO_ACT_AUTOLOG;
	if (role == PROTO_ROLE_SUPERVISOR && !supervising) {
		*msg = "read-only session: supervisors may not change alarms";
		return PROTO_E_READONLY;
	}
	if (role != PROTO_ROLE_SUPERVISOR && supervising) {
		*msg = op->action == PROTO_ACT_PERMIT ? "only a supervisor permits holding an overdue alarm"
						      : "only a supervisor logs alarms in bulk";
		return PROTO_E_ROLE;
	}
	/* A trainee handles the alarms of drills, never live ones: on a live
	 * center it may only write notes (and anchor its journal). */
	if (role == PROTO_ROLE_TRAINEE && !c->cfg.training && op->action != PROTO_ACT_NOTE &&
	    op->action != PROTO_ACT_ANCHOR) {
		*msg = "trainees may not change live alarms: drills run on a training center";
		return PROTO_E_READONLY;
	}
	if (store_op_get(c->store, console, op->op_id, &code, msg_owned)) {
		*msg = *msg_owned; /* a repeat: the stored answer, not a second effect */
		return code;
	}
	center_batch_begin(c);
	if (op->action == PROTO_ACT_ANCHOR) {
		/* Any role may anchor its own journal: it changes no alarm. */
		if (store_anchor_put(c->store, console, op->text, center_now_ms()))
			center_fatal_store(c);
		*msg = "anchored";
		code = PROTO_OK;
	} else if (op->action == PROTO_ACT_TEST) {
		code = site_test_op(c, op, op_name, msg, msg_owned);
	} else if (op->action == PROTO_ACT_WORK || op->action == PROTO_ACT_WORK_NEW) {
		code = orders_op(c, op, op_name, msg, msg_owned);
	} else if (op->action == PROTO_ACT_AUTOLOG) {
		code = bulk_autolog(c, op, op_name, msg, msg_owned);
	} else if ((a = book_find(c->book, op->alarm_id)) == NULL) {
		*msg = "no open alarm with that id";
		code = PROTO_E_ALARM;
	} else if (op->action == PROTO_ACT_CONTROL && op->code >= PROTO_CTL_PTZ &&
		   op->code < PROTO_CTL_COUNT) {
		/* The review's camera: the holder's, changes nothing on the alarm. */
		code = strcmp(a->claimed_by, op_name) != 0 ? (*msg = "claim the alarm first", PROTO_E_HOLDER)
		       : c->sip ? gb_ptz(c->sip, a, (enum proto_control)op->code, msg, msg_owned)
				: (*msg = "this center controls no devices (no --sip-listen)", PROTO_E_FLOW);
	} else {
		n = *a;
		code = apply(c, op, op_name, &n, msg, msg_owned, words, sizeof words);
		/* Accepted by the workflow: the device's command goes now, or
		 * nothing changes (no device to send it to). */
		if (code == PROTO_OK && op->action == PROTO_ACT_CONTROL)
			code = c->sip ? gb_control(c->sip, &n, (enum proto_control)op->code, op_name,
						   msg, msg_owned)
				      : (*msg = "this center controls no devices (no --sip-listen)",
					 PROTO_E_FLOW);
		if (code == PROTO_OK)
			center_commit(c, &n,
				      &(struct center_change){
					      proto_action_name(op->action), op_name, console,
					      op->action == PROTO_ACT_DISPATCH ? n.unit : op->text,
					      op->code, op->op_id, NULL});
		if (code == PROTO_OK && op->action == PROTO_ACT_ORDER && (a = book_find(c->book, op->alarm_id)))
			orders_from_alarm(c, a, op_name); /* the alarm's work order */
		/* An incident forwarded: to the police platform too, when there is one. */
		if (code == PROTO_OK && op->action == PROTO_ACT_FORWARD && c->sip &&
		    (a = book_find(c->book, op->alarm_id)))
			gb_upper_forward(c->sip, a, op_name);
	}
	if (store_op_put(c->store, console, op->op_id, code, *msg))
		center_fatal_store(c);
	center_batch_end(c);
	if (via)
		snprintf(through, sizeof through, " (through node %s)", via);
	center_log("op %s %s %s by %s at %s: %d %s%s", op->op_id, proto_action_name(op->action),
		   subject(op), op_name, console, code, *msg, through);
	return code;
}
