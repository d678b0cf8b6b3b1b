/* cluster_ops.c — ops through the cluster. A follower publishes its
 * consoles' ops to the stream AD_OPS, each with its console and op_id as
 * message id (JetStream keeps one of an op sent twice within its window);
 * the leader's durable consumer hands each to the loop, where it is applied
 * like an op of its own sessions (idempotent by console and op_id), its
 * op_ack sent to the follower (ad.opack.<node>) and the message
 * acknowledged once the effect is durable. An op the leader took but did
 * not acknowledge (it died) comes again and gets the same answer. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "cluster-int.h"
#include "server.h"

#define OPS_STREAM "AD_OPS"
#define OPS_SUBJECT "ad.ops"
#define ACK_PREFIX "ad.opack."

static void on_msg(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
	struct cluster *k = closure;
	struct queued_msg *q = malloc(sizeof *q);

	if (q == NULL) {
		natsMsg_Destroy(msg); /* not acknowledged: it comes again */
		return;
	}
	q->next = NULL;
	q->msg = msg;
	uv_mutex_lock(&k->mu);
	if (k->ops_tail)
		k->ops_tail->next = q;
	else
		k->ops_head = q;
	k->ops_tail = q;
	uv_mutex_unlock(&k->mu);
	uv_async_send(k->ops_async);
}

static const char *str(cJSON *o, const char *name)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The leader: one forwarded op applied, its answer to the follower. */
static void apply(struct cluster *k, natsMsg *msg)
{
	cJSON *env = cJSON_ParseWithLength(natsMsg_GetData(msg), (size_t)natsMsg_GetDataLength(msg));
	const char *node = str(env, "node"), *console = str(env, "console"), *op = str(env, "op"),
		   *name = str(env, "operator");
	cJSON *role = cJSON_GetObjectItemCaseSensitive(env, "role");
	struct proto_msg m;
	const char *ackmsg = "bad forwarded op";
	char err[256], subject[128], *owned = NULL, *reply;
	int code = PROTO_E_FIELD;

	if (node && console && op && name && cJSON_IsNumber(role) && role->valueint >= 0 &&
	    role->valueint < PROTO_ROLE_COUNT &&
	    proto_decode(op, strlen(op), &m, err, sizeof err) == 0 && m.type == PROTO_OP) {
		code = center_apply_op(k->c, &m.u.op, (enum proto_role)role->valueint, name, console,
				       &ackmsg, &owned);
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "console", console);
		cJSON_AddStringToObject(a, "op_id", m.u.op.op_id);
		cJSON_AddNumberToObject(a, "code", code);
		cJSON_AddStringToObject(a, "msg", ackmsg);
		reply = cJSON_PrintUnformatted(a);
		cJSON_Delete(a);
		snprintf(subject, sizeof subject, ACK_PREFIX "%s", node);
		if (reply)
			natsConnection_PublishString(k->nc, subject, reply);
		free(reply);
		proto_msg_release(&m);
	} else {
		center_log("cluster: a forwarded op not understood: dropped");
	}
	free(owned);
	cJSON_Delete(env);
	natsMsg_Ack(msg, NULL); /* after its effect is durable (center_apply_op's batch) */
}

/* A follower: the leader's answer to one of its consoles' ops. */
static void answered(struct cluster *k, natsMsg *msg)
{
	cJSON *a = cJSON_ParseWithLength(natsMsg_GetData(msg), (size_t)natsMsg_GetDataLength(msg));
	cJSON *code = cJSON_GetObjectItemCaseSensitive(a, "code");
	const char *console = str(a, "console"), *op_id = str(a, "op_id"), *text = str(a, "msg");

	if (console && op_id && text && cJSON_IsNumber(code))
		center_server_op_ack(k->c, console, op_id, code->valueint, text);
	cJSON_Delete(a);
}

static void ops_cb(uv_async_t *h)
{
	struct cluster *k = h->data;
	struct queued_msg *q;

	uv_mutex_lock(&k->mu);
	q = k->ops_head;
	k->ops_head = k->ops_tail = NULL;
	uv_mutex_unlock(&k->mu);
	while (q) {
		struct queued_msg *next = q->next;
		if (k->leads)
			apply(k, q->msg);
		else
			answered(k, q->msg);
		natsMsg_Destroy(q->msg);
		free(q);
		q = next;
	}
}

/* The follower's hook: the op, with who sent it, into the ops stream. */
static int forward(struct center *c, const char *console, const char *op_name,
		   enum proto_role role, const char *op_id, const char *frame, size_t len)
{
	struct cluster *k = c->cluster;
	cJSON *env = cJSON_CreateObject();
	jsPubOptions po;
	jsErrCode jerr = 0;
	char id[200], *text;
	natsStatus s;

	cJSON_AddStringToObject(env, "node", k->node);
	cJSON_AddStringToObject(env, "console", console);
	cJSON_AddStringToObject(env, "operator", op_name);
	cJSON_AddNumberToObject(env, "role", role);
	{
		char *copy = malloc(len + 1);
		if (copy) {
			memcpy(copy, frame, len);
			copy[len] = '\0';
			cJSON_AddStringToObject(env, "op", copy);
			free(copy);
		}
	}
	text = cJSON_PrintUnformatted(env);
	cJSON_Delete(env);
	if (text == NULL)
		return -1;
	jsPubOptions_Init(&po);
	snprintf(id, sizeof id, "%s/%s", console, op_id);
	po.MsgId = id;
	s = js_Publish(NULL, k->js, OPS_SUBJECT, text, (int)strlen(text), &po, &jerr);
	free(text);
	if (s != NATS_OK)
		center_log("cluster: op %s of %s not handed to the leader: %s", op_id, console,
			   natsStatus_GetText(s));
	return s == NATS_OK ? 0 : -1;
}

int cluster_ops_start(struct cluster *k, char *err, size_t errlen)
{
	const char *subjects[] = {OPS_SUBJECT};
	uint64_t until = cluster_now_ms() + 30000;
	jsStreamInfo *si = NULL;
	jsStreamConfig sc;
	jsErrCode jerr = 0;
	natsStatus s;

	for (;;) {
		if ((s = js_GetStreamInfo(&si, k->js, OPS_STREAM, NULL, &jerr)) == NATS_OK)
			break;
		jsStreamConfig_Init(&sc);
		sc.Name = OPS_STREAM;
		sc.Subjects = subjects;
		sc.SubjectsLen = 1;
		sc.Storage = js_FileStorage;
		sc.Replicas = k->replicas;
		sc.Retention = js_WorkQueuePolicy; /* an op acknowledged is gone */
		if ((s = js_AddStream(&si, k->js, &sc, NULL, &jerr)) == NATS_OK || cluster_now_ms() > until)
			break;
		nats_Sleep(200);
	}
	jsStreamInfo_Destroy(si);
	if (s != NATS_OK) {
		snprintf(err, errlen, "nats: stream " OPS_STREAM ": %s (%d)", natsStatus_GetText(s),
			 (int)jerr);
		return -1;
	}
	if ((k->ops_async = malloc(sizeof *k->ops_async)) == NULL) {
		snprintf(err, errlen, "nats: out of memory");
		return -1;
	}
	uv_async_init(k->c->loop, k->ops_async, ops_cb);
	k->ops_async->data = k;
	if (k->leads) {
		jsSubOptions so;
		jsSubOptions_Init(&so);
		so.Config.Durable = "leader";
		so.Config.AckPolicy = js_AckExplicit;
		so.ManualAck = true;
		s = js_Subscribe(&k->ops_sub, k->js, OPS_SUBJECT, on_msg, k, NULL, &so, &jerr);
	} else {
		char subject[128];
		snprintf(subject, sizeof subject, ACK_PREFIX "%s", k->node);
		s = natsConnection_Subscribe(&k->ops_sub, k->nc, subject, on_msg, k);
		k->c->forward_op = forward;
	}
	if (s != NATS_OK) {
		snprintf(err, errlen, "nats: %s: %s (%d)", k->leads ? "the ops' consumer" : "op_acks",
			 natsStatus_GetText(s), (int)jerr);
		return -1;
	}
	return 0;
}

void cluster_ops_stop(struct cluster *k)
{
	struct queued_msg *q;

	if (k->ops_sub) {
		natsSubscription_Unsubscribe(k->ops_sub);
		natsSubscription_Destroy(k->ops_sub);
		k->ops_sub = NULL;
	}
	k->c->forward_op = NULL;
	for (q = k->ops_head; q;) {
		struct queued_msg *next = q->next;
		natsMsg_Destroy(q->msg); /* not acknowledged: it comes again */
		free(q);
		q = next;
	}
	k->ops_head = k->ops_tail = NULL;
	if (k->ops_async) /* its own memory: closed after the node may be freed */
		uv_close((uv_handle_t *)k->ops_async, (uv_close_cb)free);
	k->ops_async = NULL;
}
