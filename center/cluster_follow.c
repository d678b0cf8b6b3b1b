/* cluster_follow.c — a follower: the ordered consumer that hands the
 * leader's frames to the loop (through a queue and the node's uv_async),
 * made again when it stalls; the connection's loss (cut off: no console
 * served); a standby's check that it applied the whole stream. On the
 * node's thread and libnats' threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "cluster-int.h"

#define FOLLOW_STALL_MS 3000 /* a follower behind with nothing arriving: its consumer is made again */

/* A follower's frame, on libnats' thread: queued for the loop. */
static void on_frame(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
	struct cluster *k = closure;
	jsMsgMetaData *meta = NULL;
	int len = natsMsg_GetDataLength(msg);
	struct mirrored *m;

	if (natsMsg_GetMetaData(&meta, msg) != NATS_OK) {
		natsMsg_Destroy(msg);
		return;
	}
	if ((m = malloc(sizeof *m + (size_t)len + 1)) != NULL) {
		m->next = NULL;
		m->seq = meta->Sequence.Stream;
		m->len = (size_t)len;
		memcpy(m->text, natsMsg_GetData(msg), (size_t)len);
		m->text[len] = '\0';
		uv_mutex_lock(&k->mu);
		if (m->seq <= k->last_seq) { /* sent again after a restart of the consumer */
			uv_mutex_unlock(&k->mu);
			free(m);
			jsMsgMetaData_Destroy(meta);
			natsMsg_Destroy(msg);
			return;
		}
		k->last_seq = m->seq;
		k->last_ms = cluster_now_ms();
		if (k->tail)
			k->tail->next = m;
		else
			k->head = m;
		k->tail = m;
		uv_mutex_unlock(&k->mu);
		uv_async_send(&k->async);
	}
	jsMsgMetaData_Destroy(meta);
	natsMsg_Destroy(msg);
}

/* The ordered consumer from the frame after the last one received. */
int cluster_follow(struct cluster *k, char *err, size_t errlen)
{
	jsSubOptions so;
	jsErrCode jerr = 0;
	natsStatus s;

	jsSubOptions_Init(&so);
	so.Ordered = true;
	so.Config.DeliverPolicy = js_DeliverByStartSequence;
	uv_mutex_lock(&k->mu);
	so.Config.OptStartSeq = k->last_seq + 1;
	k->last_ms = cluster_now_ms();
	uv_mutex_unlock(&k->mu);
	if ((s = js_Subscribe(&k->sub, k->js, CLUSTER_SUBJECT, on_frame, k, NULL, &so, &jerr)) != NATS_OK) {
		cluster_say(err, errlen, "follow the stream", s, jerr);
		return -1;
	}
	return 0;
}

/* A follower's consumer behind the stream with nothing arriving (its
 * server died, the connection moved): made again from where it was. */
void cluster_keep_following(struct cluster *k)
{
	jsStreamInfo *si = NULL;
	jsErrCode jerr = 0;
	char err[200];
	bool stalled;

	if (k->sub == NULL) { /* not made yet: JetStream was electing */
		if (cluster_follow(k, err, sizeof err) == 0)
			center_log("cluster: following the stream from seq %llu",
				   (unsigned long long)k->last_seq + 1);
		return;
	}
	uv_mutex_lock(&k->mu);
	stalled = k->reconnected || cluster_now_ms() - k->last_ms > FOLLOW_STALL_MS;
	k->reconnected = false;
	uv_mutex_unlock(&k->mu);
	if (!stalled || js_GetStreamInfo(&si, k->js, CLUSTER_STREAM, NULL, &jerr) != NATS_OK)
		return;
	uv_mutex_lock(&k->mu);
	stalled = si->State.LastSeq > k->last_seq;
	if (!stalled)
		k->last_ms = cluster_now_ms();
	uv_mutex_unlock(&k->mu);
	jsStreamInfo_Destroy(si);
	if (!stalled)
		return;
	natsSubscription_Destroy(k->sub); /* its consumer on the server goes with it */
	k->sub = NULL;
	if (cluster_follow(k, err, sizeof err) == 0)
		center_log("cluster: following the stream again from seq %llu",
			   (unsigned long long)k->last_seq + 1);
}

/* A follower's connection to NATS gone for CLUSTER_CUT_OFF_MS, or back:
 * said to the loop (it closes its sessions, or takes them again). */
void cluster_cut_off_or_not(struct cluster *k)
{
	uint64_t now = cluster_now_ms();
	bool cut;

	if (natsConnection_Status(k->nc) == NATS_CONN_STATUS_CONNECTED)
		k->down_since = 0;
	else if (k->down_since == 0)
		k->down_since = now;
	cut = k->down_since && now - k->down_since >= CLUSTER_CUT_OFF_MS;
	uv_mutex_lock(&k->mu);
	if (cut == k->cut) {
		uv_mutex_unlock(&k->mu);
		return;
	}
	k->cut = cut;
	uv_mutex_unlock(&k->mu);
	uv_async_send(&k->async);
}

/* A standby's: the loop has applied every frame the stream holds. */
bool cluster_caught_up(struct cluster *k)
{
	jsStreamInfo *si = NULL;
	jsErrCode jerr = 0;
	bool yes;

	if (js_GetStreamInfo(&si, k->js, CLUSTER_STREAM, NULL, &jerr) != NATS_OK)
		return false;
	uv_mutex_lock(&k->mu);
	yes = si->State.LastSeq == k->applied;
	uv_mutex_unlock(&k->mu);
	jsStreamInfo_Destroy(si);
	return yes;
}

