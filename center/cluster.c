/* cluster.c — the NATS side of a center node: the connection (libnats and
 * its threads), the stream and the buckets, the role (leader, standby or
 * follower), the node's thread (the lease renewed, or the follower's
 * consumer kept going and a standby's takeover), and the loop's side of
 * what the threads say. The lease: cluster_lease.c; the follower's
 * consumer: cluster_follow.c; the leader's batches: cluster_publish.c; ops
 * and relayed DC-09 frames: cluster_ops.c; the accounts:
 * cluster_accounts.c; the panels' last-heard times: cluster_heard.c. */
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "cluster-int.h"
#include "server.h"

#define NODES "AD_NODES" /* the lease: its entries lapse */
#define META "AD_META"   /* the epoch: kept */
#define JOIN_MS 30000  /* JetStream electing its leaders at start */

/* The stream of record, made when missing (JetStream may still be electing
 * its leaders just after the servers start: tried again until JOIN_MS). */
static int ensure_stream(struct cluster *k, char *err, size_t errlen)
{
	const char *subjects[] = {CLUSTER_SUBJECT};
	uint64_t until = cluster_now_ms() + JOIN_MS;
	natsStatus s;
	jsErrCode jerr = 0;

	for (;;) {
		jsStreamInfo *si = NULL;
		jsStreamConfig sc;
		s = js_GetStreamInfo(&si, k->js, CLUSTER_STREAM, NULL, &jerr);
		if (s == NATS_OK) {
			jsStreamInfo_Destroy(si);
			return 0;
		}
		jsStreamConfig_Init(&sc);
		sc.Name = CLUSTER_STREAM;
		sc.Subjects = subjects;
		sc.SubjectsLen = 1;
		sc.Storage = js_FileStorage;
		sc.Replicas = k->replicas;
		sc.MaxMsgs = (int64_t)k->c->cfg.history;
		s = js_AddStream(&si, k->js, &sc, NULL, &jerr);
		if (s == NATS_OK) {
			jsStreamInfo_Destroy(si);
			return 0;
		}
		if (cluster_now_ms() > until)
			break;
		nats_Sleep(200);
	}
	cluster_say(err, errlen, "stream " CLUSTER_STREAM, s, jerr);
	return -1;
}

/* A bucket, made when missing; ttl_ms: its entries lapse (0: never). */
static int ensure_bucket(struct cluster *k, kvStore **kv, const char *name, int64_t ttl_ms,
			 char *err, size_t errlen)
{
	uint64_t until = cluster_now_ms() + JOIN_MS;
	natsStatus s;

	for (;;) {
		kvConfig kc;
		if ((s = js_KeyValue(kv, k->js, name)) == NATS_OK)
			return 0;
		kvConfig_Init(&kc);
		kc.Bucket = name;
		kc.History = 1;
		kc.TTL = ttl_ms * 1000000; /* nanoseconds */
		kc.Replicas = k->replicas;
		kc.StorageType = js_FileStorage;
		if ((s = js_CreateKeyValue(kv, k->js, &kc)) == NATS_OK)
			return 0;
		if (cluster_now_ms() > until)
			break;
		nats_Sleep(200);
	}
	cluster_say(err, errlen, name, s, 0);
	return -1;
}

/* The cluster's epoch: made by the first node, read by the others. */
static int join_epoch(struct cluster *k, char *epoch, size_t len, char *err, size_t errlen)
{
	unsigned char rnd[8];
	char mine[17];
	kvEntry *e = NULL;
	natsStatus s;

	if (RAND_bytes(rnd, sizeof rnd) != 1) {
		snprintf(err, errlen, "nats: no randomness for the epoch");
		return -1;
	}
	for (size_t i = 0; i < sizeof rnd; i++)
		sprintf(mine + 2 * i, "%02x", rnd[i]);
	if (kvStore_Get(&e, k->meta, "epoch") == NATS_OK) {
		snprintf(epoch, len, "%.*s", kvEntry_ValueLen(e), (const char *)kvEntry_Value(e));
		kvEntry_Destroy(e);
		return 0;
	}
	if ((s = kvStore_CreateString(NULL, k->meta, "epoch", mine)) == NATS_OK ||
	    kvStore_Get(&e, k->meta, "epoch") == NATS_OK) {
		if (e) {
			snprintf(epoch, len, "%.*s", kvEntry_ValueLen(e), (const char *)kvEntry_Value(e));
			kvEntry_Destroy(e);
		} else {
			snprintf(epoch, len, "%s", mine);
		}
		return 0;
	}
	cluster_say(err, errlen, "epoch", s, 0);
	return -1;
}

static void async_cb(uv_async_t *h)
{
	struct cluster *k = h->data;
	struct mirrored *m;
	bool lost, takeover, cut;
	char why[200];

	uv_mutex_lock(&k->mu);
	m = k->head;
	k->head = k->tail = NULL;
	lost = k->lost;
	takeover = k->takeover;
	cut = k->cut;
	snprintf(why, sizeof why, "%s", k->lost_why);
	uv_mutex_unlock(&k->mu);
	if (m) {
		bool opened = center_batch_begin(k->c);
		while (m) {
			struct mirrored *next = m->next;
			if (center_mirror(k->c, m->seq, m->text, m->len))
				center_mirror_state(k->c, m->seq, m->text, m->len);
			free(m);
			m = next;
		}
		if (opened)
			center_batch_end(k->c);
		uv_mutex_lock(&k->mu);
		k->applied = store_head(k->c->store);
		uv_mutex_unlock(&k->mu);
	}
	if (cut != k->c->cut_off) {
		k->c->cut_off = cut;
		if (cut) {
			center_log("cluster: no connection to NATS for %d s: this node serves no "
				   "console until it is back", CLUSTER_CUT_OFF_MS / 1000);
			center_server_cut_off(k->c);
		} else {
			center_log("cluster: connected to NATS again: consoles are served");
		}
	}
	cluster_tell_flush(k);
	if (takeover && k->c->takeover_cb) {
		cluster_drill_restart(k);
		center_log("cluster: node '%s' took the lease at seq %llu: it starts again as the "
			   "leader", k->node, (unsigned long long)store_head(k->c->store));
		k->c->takeover_cb(k->c);
	}
	if (lost) {
		/* Acting on a lease it no longer holds would fork the stream: the
		 * node stops; restarted, it catches up first. */
		center_log("cluster: %s: this node stops leading and exits", why);
		exit(75);
	}
}

/* The node's thread: the leader's lease renewed (lost: said to the loop),
 * a follower's consumer kept going, a standby's lease taken once it is
 * free (or its leader dead) and the node caught up (said to the loop). */
static void *node_thread(void *arg)
{
	struct cluster *k = arg;
	uint64_t renewed = cluster_now_ms();

	uv_mutex_lock(&k->mu);
	while (!k->stop) {
		natsStatus s = NATS_OK;
		uint64_t rev = 0;
		/* The lease renewed every 2 s; a standby looks at it every second. */
		uv_cond_timedwait(&k->cond, &k->mu,
				  (k->leads ? (uint64_t)CLUSTER_LEASE_MS / 10 : 1000) * 1000000);
		if (k->stop)
			break;
		uv_mutex_unlock(&k->mu);
		if (!k->leads) {
			cluster_cut_off_or_not(k);
			cluster_keep_following(k);
			cluster_nodes_tell(k, cluster_now_ms());
			if (k->standby && cluster_now_ms() >= k->hold_off_until &&
			    cluster_caught_up(k)) {
				char other[64];
				uint64_t held = 0;
				int rc = cluster_lease_take(k, other, sizeof other, &held);
				bool seized = rc == 1 && cluster_lease_seize(k, other, held) == 0;
				if (rc == 1)
					snprintf(k->seen_holder, sizeof k->seen_holder, "%s", other);
				if (rc == 0 || seized) {
					cluster_drill_took(k, seized);
					uv_mutex_lock(&k->mu);
					k->takeover = true;
					uv_mutex_unlock(&k->mu);
					uv_async_send(&k->async);
					return NULL;
				}
			}
			uv_mutex_lock(&k->mu);
			continue;
		}
		s = kvStore_Update(&rev, k->kv, "leader", k->node, (int)strlen(k->node), k->lease_rev);
		if (s == NATS_OK) {
			k->lease_rev = rev;
			renewed = cluster_now_ms();
			cluster_drill_check(k, renewed);
			cluster_nodes_check(k, renewed);
		}
		uv_mutex_lock(&k->mu);
		/* A server dying is ridden out while the lease lasts (with a fifth
		 * of it to spare); past that, or with the lease taken, the node no
		 * longer leads. */
		if (s != NATS_OK && (cluster_now_ms() - renewed >= CLUSTER_LEASE_MS / 5 * 4 ||
				     strstr(nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "",
					    "wrong last sequence"))) {
			k->lost = true;
			snprintf(k->lost_why, sizeof k->lost_why, "the lease could not be renewed (%s)",
				 natsStatus_GetText(s));
			uv_mutex_unlock(&k->mu);
			uv_async_send(&k->async);
			return NULL;
		}
	}
	uv_mutex_unlock(&k->mu);
	return NULL;
}

static void reconnected_cb(natsConnection *nc, void *closure)
{
	struct cluster *k = closure;

	uv_mutex_lock(&k->mu);
	k->reconnected = true;
	uv_cond_signal(&k->cond);
	uv_mutex_unlock(&k->mu);
}

/* The frame of this file's head is the stream's at that seq: this file is
 * a prefix of the stream (not the tail of a leader that died before the
 * stream had it while another led on). 0, or -1 with why. */
static int same_head(struct cluster *k, uint64_t head, char *err, size_t errlen)
{
	natsMsg *msg = NULL;
	jsErrCode jerr = 0;
	natsStatus s;
	char *mine;
	bool same;

	if (head == 0)
		return 0;
	if ((s = js_GetMsg(&msg, k->js, CLUSTER_STREAM, head, NULL, &jerr)) != NATS_OK) {
		if (jerr == JSNoMessageFoundErr)
			return 0; /* pruned from the stream: nothing to compare */
		cluster_say(err, errlen, "the stream's frame at this file's head", s, jerr);
		return -1;
	}
	mine = store_frame(k->c->store, head);
	same = mine && strlen(mine) == (size_t)natsMsg_GetDataLength(msg) &&
	       memcmp(mine, natsMsg_GetData(msg), strlen(mine)) == 0;
	free(mine);
	natsMsg_Destroy(msg);
	if (!same)
		snprintf(err, errlen, "nats: seq %llu of this state file is not the stream's: this node "
				      "led, died before the stream had its last frames (nobody was "
				      "told of them) and another node led on; move the file aside and "
				      "start the node again (it rebuilds from the stream)",
			 (unsigned long long)head);
	return same ? 0 : -1;
}

/* Leads, when the lease is free (or its own) and this file is at the
 * stream's head (or ahead by the batch it committed before a crash: sent
 * first); else stands by, following until it can take over; follow_only:
 * follows, never leads. 0, or -1 with why. */
static int choose_role(struct cluster *k, bool follow_only, char *err, size_t errlen)
{
	uint64_t last, head = store_head(k->c->store);
	jsStreamInfo *si = NULL;
	jsErrCode jerr = 0;
	char other[64] = "", why[300];
	natsStatus s;
	uint64_t held = 0;
	bool handed = cluster_drill_handed_over(k); /* then it stands by a while */
	int rc = 1;

	if ((s = js_GetStreamInfo(&si, k->js, CLUSTER_STREAM, NULL, &jerr)) != NATS_OK) {
		cluster_say(err, errlen, "stream " CLUSTER_STREAM, s, jerr);
		return -1;
	}
	last = si->State.LastSeq;
	jsStreamInfo_Destroy(si);
	if (same_head(k, head < last ? head : last, err, errlen))
		return -1;
	if (!follow_only && !handed && last <= head) {
		/* A request may time out while the cluster is busy (a server
		 * just started again, a takeover under way): asked again. */
		uint64_t until = cluster_now_ms() + JOIN_MS;
		while ((rc = cluster_lease_take(k, other, sizeof other, &held)) < 0 &&
		       cluster_now_ms() < until)
			nats_Sleep(200);
		if (rc < 0) {
			cluster_say(err, errlen, "the lease: the cluster did not answer in 30 s",
				    NATS_TIMEOUT, 0);
			return -1;
		}
	}
	if (rc == 0) {
		k->leads = true;
		if (cluster_lease_answer(k, err, errlen))
			return -1;
		if (last == head)
			return 0;
		/* Its last batch before a crash: committed here, not yet there. */
		if (cluster_publish(k, last + 1, head, why, sizeof why)) {
			snprintf(err, errlen, "nats: seq %llu-%llu of this state file could not be sent "
					      "to the stream: %s",
				 (unsigned long long)last + 1, (unsigned long long)head, why);
			return -1;
		}
		center_log("cluster: seq %llu-%llu of this node's file sent to the stream",
			   (unsigned long long)last + 1, (unsigned long long)head);
		return 0;
	}
	if (last < head) {
		snprintf(err, errlen, "nats: seq %llu-%llu of this state file are not in the stream and "
				      "node '%s' leads: this node led and died before the stream had "
				      "them (nobody was told of them); move the file aside and start "
				      "the node again (it rebuilds from the stream)",
			 (unsigned long long)last + 1, (unsigned long long)head, other);
		return -1;
	}
	k->standby = !follow_only;
	snprintf(k->seen_holder, sizeof k->seen_holder, "%s", other);
	if (k->standby)
		center_log("cluster: node '%s' stands by (%s%s, stream at seq %llu, this file at "
			   "%llu): it takes over once caught up and the lease is free or its "
			   "leader dead",
			   k->node,
			   handed     ? "it handed over the lead"
			   : other[0] ? "node "
				      : "behind the stream",
			   other, (unsigned long long)last, (unsigned long long)head);
	/* Not now (a stream leader being elected): the node's thread tries
	 * again each second. */
	if (cluster_follow(k, err, errlen))
		center_log("cluster: %s; trying again", err);
	return 0;
}

/* The center's hook: a leader's batch into the stream of record. */
static int replicate(struct center *c, uint64_t from, uint64_t to, char *why, size_t len)
{
	return cluster_publish(c->cluster, from, to, why, len);
}

struct cluster *cluster_start(struct center *c, const char *urls, const char *node, bool follow_only,
			      char *err, size_t errlen)
{
	struct cluster *k = calloc(1, sizeof *k);
	natsOptions *o = NULL;
	jsOptions jo;
	natsStatus s;
	char epoch[40], list[1024], *save = NULL;
	const char *servers[CLUSTER_MAX_SERVERS];
	int nservers = 0;

	if (k == NULL) {
		snprintf(err, errlen, "nats: out of memory");
		return NULL;
	}
	k->c = c;
	snprintf(k->node, sizeof k->node, "%s", node);
	/* The servers, one by one (libnats 3.4 reads only the first of a
	 * comma-separated URL); as many replicas as servers, at most 3. */
	snprintf(list, sizeof list, "%s", urls);
	for (char *w = strtok_r(list, ", ", &save); w && nservers < CLUSTER_MAX_SERVERS;
	     w = strtok_r(NULL, ", ", &save))
		servers[nservers++] = w;
	k->replicas = nservers > 3 ? 3 : nservers;
	uv_mutex_init(&k->mu);
	uv_cond_init(&k->cond);
	if (nservers == 0) {
		snprintf(err, errlen, "nats: no server in '%s'", urls);
		goto fail;
	}
	if ((s = natsOptions_Create(&o)) != NATS_OK ||
	    (s = natsOptions_SetServers(o, servers, nservers)) != NATS_OK ||
	    (s = natsOptions_SetMaxReconnect(o, -1)) != NATS_OK ||
	    (s = natsOptions_SetReconnectWait(o, 250)) != NATS_OK ||
	    (s = natsOptions_SetTimeout(o, CLUSTER_WAIT_MS)) != NATS_OK ||
	    (s = natsOptions_SetReconnectedCB(o, reconnected_cb, k)) != NATS_OK ||
	    (s = natsConnection_Connect(&k->nc, o)) != NATS_OK) {
		cluster_say(err, errlen, urls, s, 0);
		goto fail;
	}
	jsOptions_Init(&jo);
	jo.Wait = CLUSTER_WAIT_MS;
	jo.PublishAsync.ErrHandler = cluster_publish_error;
	jo.PublishAsync.ErrHandlerClosure = k;
	if ((s = natsConnection_JetStream(&k->js, k->nc, &jo)) != NATS_OK) {
		cluster_say(err, errlen, "JetStream", s, 0);
		goto fail;
	}
	if (ensure_stream(k, err, errlen) ||
	    ensure_bucket(k, &k->kv, NODES, CLUSTER_LEASE_MS, err, errlen) ||
	    ensure_bucket(k, &k->meta, META, 0, err, errlen) ||
	    ensure_bucket(k, &k->acc_kv, CLUSTER_ACCOUNTS, 0, err, errlen) ||
	    ensure_bucket(k, &k->heard_kv, CLUSTER_HEARD, 0, err, errlen) ||
	    join_epoch(k, epoch, sizeof epoch, err, errlen))
		goto fail;
	if (store_join_epoch(c->store, epoch, err, errlen))
		goto fail;
	snprintf(k->epoch, sizeof k->epoch, "%s", epoch);
	uv_async_init(c->loop, &k->async, async_cb);
	k->async.data = k;
	k->async_open = true;
	k->last_seq = k->applied = store_head(c->store);
	if (choose_role(k, follow_only, err, errlen))
		goto fail;
	if (cluster_ops_start(k, err, errlen) || cluster_accounts_start(k, err, errlen))
		goto fail;
	cluster_heard_start(k);
	if (pthread_create(&k->thread, NULL, node_thread, k) != 0) {
		snprintf(err, errlen, "nats: cannot start the node's thread");
		goto fail;
	}
	k->thread_running = true;
	natsOptions_Destroy(o);
	c->cluster = k;
	c->in_cluster = true;
	c->follower = !k->leads;
	c->replicate = k->leads ? replicate : NULL;
	center_log("cluster: node '%s' %s, epoch %s, stream %s at seq %llu (%d replicas)", k->node,
		   k->leads ? "leads" : k->standby ? "follows, standing by" : "follows", epoch, CLUSTER_STREAM,
		   (unsigned long long)store_head(c->store), k->replicas);
	cluster_drill_start(k);
	return k;
fail:
	natsOptions_Destroy(o);
	cluster_stop(k);
	return NULL;
}

bool cluster_leads(const struct cluster *k)
{
	return k && k->leads;
}

static void closed_cb(uv_handle_t *h)
{
	struct cluster *k = h->data;
	struct mirrored *m = k->head;

	while (m) {
		struct mirrored *next = m->next;
		free(m);
		m = next;
	}
	uv_cond_destroy(&k->cond);
	uv_mutex_destroy(&k->mu);
	free(k);
}

void cluster_stop(struct cluster *k)
{
	if (k == NULL)
		return;
	uv_mutex_lock(&k->mu);
	k->stop = true;
	uv_cond_broadcast(&k->cond);
	uv_mutex_unlock(&k->mu);
	if (k->thread_running)
		pthread_join(k->thread, NULL);
	cluster_ops_stop(k);
	cluster_accounts_stop(k);
	cluster_heard_stop(k);
	if (k->sub) {
		natsSubscription_Unsubscribe(k->sub);
		natsSubscription_Destroy(k->sub);
	}
	cluster_nodes_stop(k);
	cluster_lease_stop(k);
	kvStore_Destroy(k->kv);
	kvStore_Destroy(k->meta);
	jsCtx_Destroy(k->js);
	natsConnection_Destroy(k->nc);
	if (k->async_open) {
		uv_close((uv_handle_t *)&k->async, closed_cb);
		return;
	}
	uv_cond_destroy(&k->cond);
	uv_mutex_destroy(&k->mu);
	free(k);
}
