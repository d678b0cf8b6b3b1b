/* cluster_lease.c — the lease `leader` in the bucket AD_NODES: taken when
 * free or when it is the node's own, and taken over from a leader that
 * died before it lapses (cluster-int.h).
 *
 * The bucket's entries lapse CLUSTER_LEASE_MS after their last write, which
 * is long enough to ride out a NATS server's death (the bucket's stream
 * elects a new leader in 4 to 9 s, and no lease is renewed meanwhile). A
 * leader that died should not cost that long, so a leader also answers on
 * core NATS, `ad.alive.<node>`, from libnats' own thread: a standby that
 * sees the lease's revision unchanged for CLUSTER_SILENT_MS (the leader
 * renews it every 2 s) asks, and when nobody answers twice in a row (a dead
 * process's connection is closed at once: "no responders"; a hung one's
 * asks time out), takes the lease on that revision. Compare-and-set: a leader that renewed meanwhile keeps
 * it. A leader deposed while alive (its thread starved for seconds) learns
 * it at its next renewal and exits; its writes were fenced by the stream's
 * expected sequence all along. */
#include <string.h>

#include "center.h"
#include "cluster-int.h"

#define ALIVE_PREFIX "ad.alive." /* + node: a leader answers while it lives */
#define ASK_MS 2000		 /* how long a standby waits for that answer */
#define ASKS 2			 /* unanswered this many times in a row: dead */

int cluster_lease_take(struct cluster *k, char *other, size_t len, uint64_t *rev)
{
	kvEntry *e = NULL;
	bool mine;

	if (kvStore_CreateString(&k->lease_rev, k->kv, "leader", k->node) == NATS_OK)
		return 0;
	if (kvStore_Get(&e, k->kv, "leader") != NATS_OK)
		return -1;
	mine = (size_t)kvEntry_ValueLen(e) == strlen(k->node) &&
	       memcmp(kvEntry_Value(e), k->node, strlen(k->node)) == 0;
	*rev = kvEntry_Revision(e);
	snprintf(other, len, "%.*s", kvEntry_ValueLen(e), (const char *)kvEntry_Value(e));
	kvEntry_Destroy(e);
	if (mine && kvStore_UpdateString(&k->lease_rev, k->kv, "leader", k->node, *rev) == NATS_OK)
		return 0;
	return mine ? -1 : 1;
}

static void alive_cb(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
	struct cluster *k = closure;

	if (natsMsg_GetReply(msg) != NULL)
		natsConnection_PublishString(nc, natsMsg_GetReply(msg), k->node);
	natsMsg_Destroy(msg);
}

int cluster_lease_answer(struct cluster *k, char *err, size_t errlen)
{
	char subject[128];
	natsStatus s;

	snprintf(subject, sizeof subject, ALIVE_PREFIX "%s", k->node);
	if ((s = natsConnection_Subscribe(&k->alive_sub, k->nc, subject, alive_cb, k)) != NATS_OK) {
		cluster_say(err, errlen, subject, s, 0);
		return -1;
	}
	return 0;
}

int cluster_lease_seize(struct cluster *k, const char *other, uint64_t rev)
{
	uint64_t now = cluster_now_ms();
	char subject[128];
	natsMsg *answer = NULL;
	natsStatus s;

	if (rev != k->seen_rev) { /* renewed since the last look */
		k->seen_rev = rev;
		k->seen_ms = now;
		k->unanswered = 0;
		k->said_alive = false;
		return 1;
	}
	if (now - k->seen_ms < CLUSTER_SILENT_MS)
		return 1;
	snprintf(subject, sizeof subject, ALIVE_PREFIX "%s", other);
	s = natsConnection_RequestString(&answer, k->nc, subject, "", ASK_MS);
	natsMsg_Destroy(answer);
	if (s == NATS_OK) {
		/* Alive, but its renewals do not get through: a stream election. */
		if (!k->said_alive)
			center_log("cluster: node '%s' has not renewed its lease for %llu s but "
				   "answers: it keeps it", other,
				   (unsigned long long)(now - k->seen_ms) / 1000);
		k->said_alive = true; /* once while this revision lasts */
		k->unanswered = 0;
		return 1;
	}
	if (s != NATS_NO_RESPONDERS && s != NATS_TIMEOUT)
		return -1; /* this node's own connection: not a verdict on the leader */
	if (++k->unanswered < ASKS)
		return 1;
	if (kvStore_UpdateString(&k->lease_rev, k->kv, "leader", k->node, rev) != NATS_OK)
		return -1; /* renewed, or the bucket did not answer: looked at again */
	center_log("cluster: node '%s' did not renew its lease for %llu s and does not answer "
		   "(%s): node '%s' takes the lease over",
		   other, (unsigned long long)(now - k->seen_ms) / 1000, natsStatus_GetText(s),
		   k->node);
	return 0;
}

void cluster_lease_stop(struct cluster *k)
{
	if (k->alive_sub) {
		natsSubscription_Unsubscribe(k->alive_sub);
		natsSubscription_Destroy(k->alive_sub);
		k->alive_sub = NULL;
	}
	if (k->leads && k->kv)
		kvStore_Delete(k->kv, "leader"); /* another node may lead at once */
}
