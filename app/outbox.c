/* outbox.c — what this console owes the centers from its journal: the ops
 * an earlier run journaled and never saw acknowledged (pending again with
 * their own op_id, so the center applies each once), and the anchors: the
 * journal's durable head sent to every center now and then, so that a
 * journal cut short or rewritten later shows against the center's copy. */
#include <stdio.h>
#include <string.h>

#include "app-int.h"

/* One journaled op without an ack: "op.ACTION", "op_id=… center=… code=N[ text=…]". */
static void restore_op(void *ctx, const char *alarm_id, const char *action, const char *detail)
{
	struct app *a = ctx;
	char op_id[80] = "", center[80] = "";
	const char *text = strstr(detail, " text=");
	int code = 0, ci = -1, k;

	if (strncmp(action, "op.", 3) != 0 ||
	    sscanf(detail, "op_id=%79s center=%79s code=%d", op_id, center, &code) < 2)
		return;
	for (k = 0; k < PROTO_ACT_COUNT; k++)
		if (strcmp(proto_action_name((enum proto_action)k), action + 3) == 0)
			break;
	for (int i = 0; i < a->ncenters; i++)
		if (strcmp(a->centers[i].cfg.name, center) == 0)
			ci = i;
	if (k == PROTO_ACT_COUNT || ci < 0)
		return;
	console_restore(&a->core, ci, k, op_id, alarm_id, text ? text + 6 : "", code);
}

int app__restore_ops(struct app *a)
{
	int before = a->core.npending;

	journal_unacked(journal_path(a->journal), restore_op, a);
	return a->core.npending - before;
}

void app__anchor_cb(uv_timer_t *t)
{
	struct app *a = t->data;
	char hex[80], text[120], op_id[80];
	uint64_t seq = a->journal ? journal_anchor(a->journal, hex, sizeof hex) : 0;

	/* A read-only session never sends an op: its head stays in the
	 * sidecar anchor file only. */
	if (seq == 0 || seq == a->anchor_sent || app_read_only(a))
		return;
	snprintf(text, sizeof text, "%llu:%s", (unsigned long long)seq, hex);
	snprintf(op_id, sizeof op_id, "%s-anchor-%llu", a->core.op_prefix, (unsigned long long)seq);
	for (int i = 0; i < a->ncenters; i++) {
		struct proto_op op = {.op_id = op_id, .alarm_id = "", .text = text,
				      .action = PROTO_ACT_ANCHOR};
		struct link *l = app__op_link(a, i);
		if (l && link_send(l, proto_encode_op(&op)) == 0)
			a->anchor_sent = seq;
	}
}
