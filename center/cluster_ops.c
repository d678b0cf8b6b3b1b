/* cluster_ops.c — ops through the cluster. A follower publishes its
 * consoles' ops to the stream AD_OPS, each with its console and op_id as
 * message id (JetStream keeps one of an op sent twice within its window);
 * the leader's durable consumer hands each to the loop, where it is applied
 * like an op of its own sessions (idempotent by console and op_id), its
 * op_ack sent to the follower (ad.opack.<node>) and the message
 * acknowledged once the effect is durable. The follower's courier thread
 * publishes them in order, riding out a NATS server's death for up to
 * CLUSTER_OUTAGE_MS. An op the leader took but did
 * not acknowledge (it died) comes again and gets the same answer; an op a
 * console sends again (its answer was lost with a node) is asked again
 * under an id of its own and answered from the leader's ops table. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../net/jsonrd.h"
#include "center.h"
#include "cluster-int.h"
#include "gb_cluster.h"
#include "receiver.h"
#include "server.h"

#define OPS_STREAM "AD_OPS"
#define OPS_SUBJECT "ad.ops"
#define ACK_PREFIX "ad.opack."
#define GBSEND_PREFIX "ad.gbsend." /* + node: what the leader sends its devices */

/* A follower's op (or DC-09 frame) on its way to the leader: the courier's
 * queue, then, for a frame, the loop's (done). */
struct outgoing {
	struct outgoing *next;
	char id[200]; /* its message id: console/op_id, or the frame's */
	char console[64], op_id[PROTO_MAX_STRING + 1];
	uint64_t until_ms; /* given up then: the console is told to send it again */
	void (*done)(void *ctx, bool ok); /* a frame's: on the loop, once handed over (or not) */
	void *ctx;
	bool ok;
	char text[];
};

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

/* The leader: a DC-09 frame a follower's receiver took (and answered once
 * the stream had it), taken here as its own, durable before the message is
 * acknowledged. */
static void take_frame(struct cluster *k, cJSON *env, const char *node)
{
	cJSON *frame = cJSON_GetObjectItemCaseSensitive(env, "frame"),
	      *channel = cJSON_GetObjectItemCaseSensitive(env, "channel");
	const char *peer = str(env, "peer");
	char via[160];
	bool opened;

	if (!cJSON_IsString(frame) || !cJSON_IsNumber(channel) || peer == NULL) {
		center_log("cluster: a relayed DC-09 frame not understood: dropped");
		return;
	}
	snprintf(via, sizeof via, "%s via %s", peer, node);
	opened = center_batch_begin(k->c);
	receiver_take(k->c, frame->valuestring, strlen(frame->valuestring), channel->valueint, via);
	if (opened)
		center_batch_end(k->c);
}

/* The leader: what a follower's GB/T 28181 server took (gb_cluster.c).
 * What it makes (an alarm, a control's answer, a device back online) is
 * committed by its own batch before the message is acknowledged; a device
 * heard, the most of them, writes nothing. */
static void take_gb(struct cluster *k, cJSON *env, const char *node)
{
	cJSON *at = cJSON_GetObjectItemCaseSensitive(env, "at"),
	      *exp = cJSON_GetObjectItemCaseSensitive(env, "expires");
	const char *device = str(env, "device"), *body = str(env, "gb");

	if (device == NULL)
		center_log("cluster: a relayed GB/T 28181 message not understood: dropped");
	else if (body)
		gb_cluster_take(k->c, device, body, strlen(body), node);
	else if (cJSON_IsNumber(at) && cJSON_IsNumber(exp))
		gb_cluster_take_heard(k->c, device, (int64_t)at->valuedouble,
				      (int64_t)exp->valuedouble, node);
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

	if (node && cJSON_GetObjectItemCaseSensitive(env, "frame")) {
		take_frame(k, env, node);
	} else if (node && cJSON_GetObjectItemCaseSensitive(env, "device")) {
		take_gb(k, env, node);
	} else if (node && console && op && name && cJSON_IsNumber(role) && role->valueint >= 0 &&
	    role->valueint < PROTO_ROLE_COUNT &&
	    proto_decode(op, strlen(op), &m, err, sizeof err) == 0 && m.type == PROTO_OP) {
		code = center_apply_op(k->c, &m.u.op, (enum proto_role)role->valueint, name, console,
				       node, &ackmsg, &owned);
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

/* A follower: what the leader sends a device that speaks to this node. */
static void deliver(struct cluster *k, natsMsg *msg)
{
	cJSON *e = cJSON_ParseWithLength(natsMsg_GetData(msg), (size_t)natsMsg_GetDataLength(msg));
	const char *device = str(e, "device"), *what = str(e, "what"), *body = str(e, "body");

	if (device && what && body)
		gb_cluster_deliver(k->c, device, what, body, strlen(body));
	else
		center_log("cluster: a GB/T 28181 message of the leader not understood: dropped");
	cJSON_Delete(e);
}

/* A follower's frames the courier is done with, newest first: answered
 * in the order they came. */
static void frames_done(struct outgoing *o)
{
	struct outgoing *in_order = NULL;

	while (o) {
		struct outgoing *next = o->next;
		o->next = in_order;
		in_order = o;
		o = next;
	}
	while (in_order) {
		struct outgoing *next = in_order->next;
		in_order->done(in_order->ctx, in_order->ok);
		free(in_order);
		in_order = next;
	}
}

static void ops_cb(uv_async_t *h)
{
	struct cluster *k = h->data;
	struct queued_msg *q;
	struct outgoing *done;

	uv_mutex_lock(&k->mu);
	q = k->ops_head;
	k->ops_head = k->ops_tail = NULL;
	done = k->done_head;
	k->done_head = NULL;
	uv_mutex_unlock(&k->mu);
	frames_done(done);
	while (q) {
		struct queued_msg *next = q->next;
		if (k->leads)
			apply(k, q->msg);
		else if (strncmp(natsMsg_GetSubject(q->msg), GBSEND_PREFIX, strlen(GBSEND_PREFIX)) == 0)
			deliver(k, q->msg);
		else
			answered(k, q->msg);
		natsMsg_Destroy(q->msg);
		free(q);
		q = next;
	}
}

/* The courier's thread: one op published, riding out a NATS server's
 * death (the stream's new leader is elected in seconds) for up to
 * CLUSTER_OUTAGE_MS. True once the stream has it. */
static bool publish_op(struct cluster *k, struct outgoing *o)
{
	jsPubAck *pa = NULL;
	jsPubOptions po;
	jsErrCode jerr = 0;
	natsStatus s;

	jsPubOptions_Init(&po);
	po.MsgId = o->id;
	s = js_Publish(&pa, k->js, OPS_SUBJECT, o->text, (int)strlen(o->text), &po, &jerr);
	/* A frame kept already is a panel's retry: answered, not sent again. */
	if (s == NATS_OK && pa->Duplicate && o->done == NULL && strstr(o->id, "/again-") == NULL) {
		/* The console sent it again: its answer was lost on the way (a
		 * node died). Asked again under an id of its own, the leader
		 * answers it from its ops table. */
		snprintf(o->id + strlen(o->id), sizeof o->id - strlen(o->id), "/again-%llu",
			 (unsigned long long)cluster_now_ms());
		jsPubAck_Destroy(pa);
		pa = NULL;
		s = js_Publish(&pa, k->js, OPS_SUBJECT, o->text, (int)strlen(o->text), &po, &jerr);
	}
	jsPubAck_Destroy(pa);
	return s == NATS_OK;
}

/* The courier gave up on o: its console's answer, as if from the leader. */
static void give_up(struct cluster *k, struct outgoing *o)
{
	cJSON *a = cJSON_CreateObject();
	natsMsg *msg = NULL;
	char *text;

	center_log("cluster: op %s of %s not handed to the leader in %d s", o->op_id, o->console,
		   CLUSTER_OUTAGE_MS / 1000);
	cJSON_AddStringToObject(a, "console", o->console);
	cJSON_AddStringToObject(a, "op_id", o->op_id);
	cJSON_AddNumberToObject(a, "code", PROTO_E_INTERNAL);
	cJSON_AddStringToObject(a, "msg", "the cluster does not take ops now: send it again");
	text = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	if (text && natsMsg_Create(&msg, ACK_PREFIX "self", NULL, text, (int)strlen(text)) == NATS_OK)
		on_msg(NULL, NULL, msg, k);
	free(text);
}

static void *courier(void *arg)
{
	struct cluster *k = arg;

	uv_mutex_lock(&k->mu);
	while (!k->courier_stop) {
		struct outgoing *o = k->out_head;
		if (o == NULL) {
			uv_cond_wait(&k->out_cond, &k->mu);
			continue;
		}
		uv_mutex_unlock(&k->mu);
		bool sent = publish_op(k, o);
		if (!sent && cluster_now_ms() < o->until_ms) {
			nats_Sleep(250); /* the same op again, before any later one */
			uv_mutex_lock(&k->mu);
			continue;
		}
		if (!sent && o->done)
			center_log("cluster: DC-09 frame %s not handed to the leader in %d s: not "
				   "answered (the panel sends it again)", o->id, CLUSTER_OUTAGE_MS / 1000);
		else if (!sent)
			give_up(k, o);
		uv_mutex_lock(&k->mu);
		k->out_head = o->next;
		if (k->out_head == NULL)
			k->out_tail = NULL;
		if (o->done) { /* to the loop: the panel answered, or not */
			o->ok = sent;
			o->next = k->done_head;
			k->done_head = o;
			uv_async_send(k->ops_async);
		} else {
			free(o);
		}
	}
	uv_mutex_unlock(&k->mu);
	return NULL;
}

/* For the courier: text under message id `id` (0, or -1 out of memory). */
static int queue_out(struct cluster *k, cJSON *env, const char *id, const char *console,
		     const char *op_id, void (*done)(void *, bool), void *ctx)
{
	char *text = cJSON_PrintUnformatted(env);
	struct outgoing *o;

	cJSON_Delete(env);
	if (text == NULL || (o = calloc(1, sizeof *o + strlen(text) + 1)) == NULL) {
		free(text);
		return -1;
	}
	strcpy(o->text, text);
	free(text);
	snprintf(o->id, sizeof o->id, "%s", id);
	snprintf(o->console, sizeof o->console, "%s", console);
	snprintf(o->op_id, sizeof o->op_id, "%s", op_id);
	o->until_ms = cluster_now_ms() + CLUSTER_OUTAGE_MS;
	o->done = done;
	o->ctx = ctx;
	uv_mutex_lock(&k->mu);
	if (k->out_tail)
		k->out_tail->next = o;
	else
		k->out_head = o;
	k->out_tail = o;
	uv_cond_signal(&k->out_cond);
	uv_mutex_unlock(&k->mu);
	return 0;
}

/* An envelope for the leader: this node's name and `frame` (len bytes, no
 * NUL of its own) under `name` (NULL: none); NULL when out of memory. */
static cJSON *envelope(struct cluster *k, const char *name, const char *frame, size_t len)
{
	cJSON *env = cJSON_CreateObject();
	char *copy = name ? malloc(len + 1) : NULL;

	if (env == NULL || (name && copy == NULL)) {
		cJSON_Delete(env);
		free(copy);
		return NULL;
	}
	cJSON_AddStringToObject(env, "node", k->node);
	if (name) {
		memcpy(copy, frame, len);
		copy[len] = '\0';
		cJSON_AddStringToObject(env, name, copy);
		free(copy);
	}
	return env;
}

/* The center's hook on a follower: a session's op for the leader, queued
 * for the courier (0), its answer coming back on ad.opack.<node>. */
static int forward(struct center *c, const char *console, const char *op_name,
		   enum proto_role role, const char *op_id, const char *frame, size_t len)
{
	cJSON *env = envelope(c->cluster, "op", frame, len);
	char id[200];

	if (env == NULL)
		return -1;
	cJSON_AddStringToObject(env, "console", console);
	cJSON_AddStringToObject(env, "operator", op_name);
	cJSON_AddNumberToObject(env, "role", role);
	snprintf(id, sizeof id, "%s/%s", console, op_id);
	return queue_out(c->cluster, env, id, console, op_id, NULL, NULL);
}

/* The center's hook on a follower: a DC-09 frame its receiver took, for
 * the leader; done once the stream has it (or the courier gave up). */
static int relay(struct center *c, const char *id, const char *frame, size_t len, int channel,
		 const char *peer, void (*done)(void *, bool), void *ctx)
{
	cJSON *env = envelope(c->cluster, "frame", frame, len);

	if (env == NULL)
		return -1;
	cJSON_AddNumberToObject(env, "channel", channel);
	cJSON_AddStringToObject(env, "peer", peer);
	return queue_out(c->cluster, env, id, "", "", done, ctx);
}

/* The center's hook on a follower: what its GB/T 28181 server took
 * (center.h relay_gb). */
static int relay_gb(struct center *c, const char *id, const char *device, const char *body,
		    size_t len, int64_t at_ms, int64_t expires_ms, void (*done)(void *, bool),
		    void *ctx)
{
	cJSON *env = envelope(c->cluster, body ? "gb" : NULL, body, len);

	if (env == NULL)
		return -1;
	if (body == NULL) { /* heard */
		jr_add_int(env, "at", at_ms);
		jr_add_int(env, "expires", expires_ms);
	}
	cJSON_AddStringToObject(env, "device", device);
	return queue_out(c->cluster, env, id, "", "", done, ctx);
}

/* The center's hook on the leader: a body for a device that speaks to
 * follower `node` (center.h send_gb). */
static int send_gb(struct center *c, const char *node, const char *device, const char *what,
		   const char *body, size_t len)
{
	cJSON *env = envelope(c->cluster, "body", body, len);
	char subject[128], *text;
	natsStatus s;

	if (env == NULL)
		return -1;
	cJSON_AddStringToObject(env, "device", device);
	cJSON_AddStringToObject(env, "what", what);
	text = cJSON_PrintUnformatted(env);
	cJSON_Delete(env);
	if (text == NULL)
		return -1;
	snprintf(subject, sizeof subject, GBSEND_PREFIX "%s", node);
	s = natsConnection_PublishString(c->cluster->nc, subject, text);
	free(text);
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
		if (s != NATS_OK) {
			/* Still bound to the connection of a leader that hangs (the
			 * server drops it only minutes later): this node holds the
			 * lease, so the consumer is made anew. The ops it had not
			 * acknowledged are still in the stream (work queue: gone only
			 * once acknowledged), and come to the new one. */
			center_log("cluster: the ops' consumer: %s: made anew",
				   nats_GetLastError(NULL) ? nats_GetLastError(NULL)
							   : natsStatus_GetText(s));
			js_DeleteConsumer(k->js, OPS_STREAM, "leader", NULL, NULL);
			s = js_Subscribe(&k->ops_sub, k->js, OPS_SUBJECT, on_msg, k, NULL, &so, &jerr);
		}
		k->c->send_gb = send_gb;
	} else {
		char subject[128];
		snprintf(subject, sizeof subject, ACK_PREFIX "%s", k->node);
		s = natsConnection_Subscribe(&k->ops_sub, k->nc, subject, on_msg, k);
		snprintf(subject, sizeof subject, GBSEND_PREFIX "%s", k->node);
		if (s == NATS_OK)
			s = natsConnection_Subscribe(&k->gbsend_sub, k->nc, subject, on_msg, k);
		uv_cond_init(&k->out_cond);
		k->courier_running = s == NATS_OK && pthread_create(&k->courier, NULL, courier, k) == 0;
		if (s == NATS_OK && !k->courier_running) {
			snprintf(err, errlen, "nats: cannot start the ops' courier");
			return -1;
		}
		k->c->forward_op = forward;
		k->c->relay_frame = relay;
		k->c->relay_gb = relay_gb;
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

	if (k->courier_running) { /* ops still queued are sent again by their consoles */
		uv_mutex_lock(&k->mu);
		k->courier_stop = true;
		uv_cond_signal(&k->out_cond);
		uv_mutex_unlock(&k->mu);
		pthread_join(k->courier, NULL);
		k->courier_running = false;
		uv_cond_destroy(&k->out_cond);
		while (k->out_head) {
			struct outgoing *next = k->out_head->next;
			if (k->out_head->done) /* a frame: not answered */
				k->out_head->done(k->out_head->ctx, false);
			free(k->out_head);
			k->out_head = next;
		}
		k->out_tail = NULL;
	}

	if (k->ops_sub) {
		natsSubscription_Unsubscribe(k->ops_sub);
		natsSubscription_Destroy(k->ops_sub);
		k->ops_sub = NULL;
	}
	if (k->gbsend_sub) {
		natsSubscription_Unsubscribe(k->gbsend_sub);
		natsSubscription_Destroy(k->gbsend_sub);
		k->gbsend_sub = NULL;
	}
	k->c->send_gb = NULL;
	k->c->forward_op = NULL;
	k->c->relay_frame = NULL;
	k->c->relay_gb = NULL;
	frames_done(k->done_head); /* answered: not handed over */
	k->done_head = NULL;
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
