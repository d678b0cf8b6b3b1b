/* cluster_publish.c — the leader's batches into the stream of record: each
 * frame with its message id and the sequence it must follow, sent again
 * after a server's death from where the stream got, what it has checked
 * to be this node's byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "cluster-int.h"

void cluster_publish_error(jsCtx *js, jsPubAckErr *pae, void *closure)
{
	struct cluster *k = closure;

	uv_mutex_lock(&k->mu);
	if (!k->refused) {
		k->refused = true;
		snprintf(k->refused_why, sizeof k->refused_why, "the stream refused a frame: %s (%d)",
			 pae->ErrText ? pae->ErrText : natsStatus_GetText(pae->Err), (int)pae->ErrCode);
	}
	uv_mutex_unlock(&k->mu);
}

/* One try at frames from..to: each with its message id (the epoch and its
 * seq: a frame sent again is taken once) and the seq it must follow. */
static natsStatus publish_once(struct cluster *k, uint64_t from, uint64_t to)
{
	jsPubOptions po;
	natsStatus s = NATS_OK;
	char id[64];

	uv_mutex_lock(&k->mu);
	k->refused = false;
	uv_mutex_unlock(&k->mu);
	for (uint64_t seq = from; seq <= to && s == NATS_OK; seq++) {
		size_t flen;
		char *owned = NULL;
		const char *f = center_frame(k->c, seq, &flen, &owned);
		natsMsg *m = NULL;
		jsPubOptions_Init(&po);
		snprintf(id, sizeof id, "%s-%llu", k->epoch, (unsigned long long)seq);
		po.MsgId = id;
		po.ExpectLastSeq = seq - 1; /* the fence: nobody else wrote in between */
		po.ExpectStream = CLUSTER_STREAM;
		if (f == NULL)
			s = NATS_ERR;
		else if ((s = natsMsg_Create(&m, CLUSTER_SUBJECT, NULL, f, (int)flen)) == NATS_OK)
			s = js_PublishMsgAsync(k->js, &m, &po);
		natsMsg_Destroy(m);
		free(owned);
	}
	jsPubOptions_Init(&po);
	po.MaxWait = CLUSTER_WAIT_MS;
	if (js_PublishAsyncComplete(k->js, &po) != NATS_OK) {
		/* Answers a dead server took with it would be waited for by
		 * every batch after: forgotten (the stream is asked instead). */
		natsMsgList lost;
		if (js_PublishAsyncGetPendingList(&lost, k->js) == NATS_OK)
			natsMsgList_Destroy(&lost);
		if (s == NATS_OK)
			s = NATS_TIMEOUT;
	}
	uv_mutex_lock(&k->mu);
	if (k->refused && s == NATS_OK)
		s = NATS_ERR;
	uv_mutex_unlock(&k->mu);
	return s;
}

/* The stream's last seq into *last; false when it cannot be asked now
 * (no stream leader while one is elected). */
static bool stream_last(struct cluster *k, uint64_t *last)
{
	jsStreamInfo *si = NULL;
	jsErrCode jerr = 0;

	if (js_GetStreamInfo(&si, k->js, CLUSTER_STREAM, NULL, &jerr) != NATS_OK)
		return false;
	*last = si->State.LastSeq;
	jsStreamInfo_Destroy(si);
	return true;
}

/* Whether the stream's frames from..to are this node's, byte for byte:
 * after a stream leader's election the message ids sent before it may be
 * forgotten, and a frame sent again is then refused for its expected
 * sequence although it is in; only a frame that differs is another
 * writer's. 1 ours, 0 not, -1 not known now. */
static int ours(struct cluster *k, uint64_t from, uint64_t to)
{
	for (uint64_t seq = from; seq <= to; seq++) {
		natsMsg *m = NULL;
		jsErrCode jerr = 0;
		size_t flen;
		char *owned = NULL;
		const char *f = center_frame(k->c, seq, &flen, &owned);
		bool same;
		if (js_GetMsg(&m, k->js, CLUSTER_STREAM, seq, NULL, &jerr) != NATS_OK) {
			free(owned);
			return -1;
		}
		same = f && (size_t)natsMsg_GetDataLength(m) == flen &&
		       memcmp(natsMsg_GetData(m), f, flen) == 0;
		natsMsg_Destroy(m);
		free(owned);
		if (!same)
			return 0;
	}
	return 1;
}

int cluster_publish(struct cluster *k, uint64_t from, uint64_t to, char *why, size_t len)
{
	uint64_t until = cluster_now_ms() + CLUSTER_OUTAGE_MS, said = 0;
	natsStatus s = publish_once(k, from, to);

	/* A server that dies takes the batch's answers with it (the stream
	 * elects another leader, the connection moves): the stream is asked
	 * how far it got, what it has of the batch is checked to be this
	 * node's, and the rest is sent again, as long as the cluster may come
	 * back in time. A frame of another writer ends it at once. */
	while (s != NATS_OK) {
		uint64_t last;
		int mine;
		uv_mutex_lock(&k->mu);
		snprintf(why, len, "%s", k->refused ? k->refused_why : natsStatus_GetText(s));
		uv_mutex_unlock(&k->mu);
		if (cluster_now_ms() > until)
			return -1;
		if (cluster_now_ms() >= said + 1000) {
			center_log("cluster: seq %llu-%llu not taken yet (%s): trying again",
				   (unsigned long long)from, (unsigned long long)to, why);
			said = cluster_now_ms();
		}
		nats_Sleep(100);
		if (!stream_last(k, &last))
			continue; /* no stream leader yet */
		if (last + 1 < from) {
			snprintf(why, len, "the stream is at seq %llu, behind this batch's first %llu",
				 (unsigned long long)last, (unsigned long long)from);
			return -1;
		}
		if (last >= from && (mine = ours(k, from, last < to ? last : to)) != 1) {
			if (mine < 0)
				continue;
			snprintf(why, len, "the stream holds another writer's frames in seq %llu-%llu",
				 (unsigned long long)from, (unsigned long long)(last < to ? last : to));
			return -1;
		}
		if (last >= to)
			return 0; /* all in: only the answers were lost */
		from = last + 1;
		s = publish_once(k, from, to);
	}
	return 0;
}

