/* cluster_nodes.c — which nodes stand by, known to the leader, so that
 * every console is told when the center loses its hot standby (GA 1383:
 * redundant receiving) and when it has one again (cluster-int.h).
 *
 * Every node that does not lead writes `node.<name>` in AD_NODES every
 * 2 s (`standby`, or `follower` for --nats-follow: it never leads), and
 * deletes it when it stops. The leader watches them and looks after each
 * renewal of its lease: a node whose entry is older than NODE_SILENT_MS (by
 * the servers' own timestamps, against the lease's just renewed, so no
 * clock of ours is compared with theirs) or deleted is down. A change is a
 * notice; a leader that finds no standby says so once NO_STANDBY_GRACE_MS
 * after it started (a node that handed over, or was restarted, needs a
 * moment). */
#include <string.h>

#include "center.h"
#include "cluster-int.h"

#define PREFIX "node."
#define TELL_MS 2000
#define NODE_SILENT_MS 12000 /* more than a stream election (4 to 9 s) */
#define NO_STANDBY_GRACE_MS 15000

void cluster_nodes_tell(struct cluster *k, uint64_t now)
{
	char key[80];

	if (now - k->told_ms < TELL_MS)
		return;
	k->told_ms = now;
	snprintf(key, sizeof key, PREFIX "%s", k->node);
	kvStore_PutString(NULL, k->kv, key, k->standby ? "standby" : "follower");
}

static int standbys(const struct cluster *k)
{
	int n = 0;

	for (int i = 0; i < k->nnodes; i++)
		n += k->nodes[i].up && k->nodes[i].standby;
	return n;
}

static struct cluster_peer *peer(struct cluster *k, const char *name)
{
	for (int i = 0; i < k->nnodes; i++)
		if (strcmp(k->nodes[i].name, name) == 0)
			return &k->nodes[i];
	if (k->nnodes == CLUSTER_PEERS)
		return NULL;
	memset(&k->nodes[k->nnodes], 0, sizeof k->nodes[0]);
	snprintf(k->nodes[k->nnodes].name, sizeof k->nodes[0].name, "%s", name);
	return &k->nodes[k->nnodes++];
}

/* One node's state now (up, standby), told when it changed. */
static void seen(struct cluster *k, struct cluster_peer *p, bool up, bool standby, int64_t age_ms)
{
	char text[400];
	bool changed = p->known && (p->up != up || (up && p->standby != standby));

	p->up = up;
	p->standby = standby;
	if (!p->known) {
		p->known = true;
		if (!k->nodes_read || !up)
			return; /* as found at start: nothing changed */
		changed = true;
	}
	if (!changed)
		return;
	if (up)
		snprintf(text, sizeof text, "%s节点 %s 上线，现有热备节点 %d 个",
			 standby ? "备用" : "跟随", p->name, standbys(k));
	else
		snprintf(text, sizeof text, "%s节点 %s 离线（%s），现有热备节点 %d 个%s",
			 p->standby ? "备用" : "跟随", p->name,
			 age_ms < 0 ? "已停止" : "无音讯", standbys(k),
			 standbys(k) == 0 ? "：主节点故障时无人接替" : "");
	cluster_tell(k, text);
}

/* What the watch has: each node's last entry (its servers' time), or gone. */
static void drain(struct cluster *k)
{
	kvEntry *e = NULL;

	while (kvWatcher_Next(&e, k->nodes_watch, 1) == NATS_OK) {
		const char *key = e ? kvEntry_Key(e) : NULL;
		struct cluster_peer *p;
		if (key && strcmp(key + strlen(PREFIX), k->node) != 0 &&
		    (p = peer(k, key + strlen(PREFIX))) != NULL) {
			bool put = kvEntry_Operation(e) == kvOp_Put;
			p->created = put ? kvEntry_Created(e) : 0;
			if (put)
				p->standby_v = kvEntry_ValueLen(e) == 7 &&
					       memcmp(kvEntry_Value(e), "standby", 7) == 0;
		}
		if (e == NULL)
			k->nodes_listed = true; /* the entries there were, all read */
		kvEntry_Destroy(e);
		e = NULL;
	}
}

void cluster_nodes_check(struct cluster *k, uint64_t now)
{
	kvEntry *lease = NULL;
	int64_t ref;
	char text[300];

	if (k->lead_since == 0)
		k->lead_since = now;
	if (k->nodes_watch == NULL && kvStore_Watch(&k->nodes_watch, k->kv, PREFIX ">", NULL) != NATS_OK)
		return;
	drain(k);
	if (kvStore_Get(&lease, k->kv, "leader") != NATS_OK)
		return;
	ref = kvEntry_Created(lease); /* the servers' time, just renewed (ns) */
	kvEntry_Destroy(lease);
	for (int i = 0; i < k->nnodes; i++) {
		struct cluster_peer *p = &k->nodes[i];
		int64_t age = p->created ? (ref - p->created) / 1000000 : -1;
		seen(k, p, age >= 0 && age < NODE_SILENT_MS, p->standby_v, age);
	}
	if (!k->nodes_read && k->nodes_listed) {
		char list[600] = "";
		size_t n = 0;
		for (int i = 0; i < k->nnodes && n < sizeof list; i++)
			if (k->nodes[i].up)
				n += (size_t)snprintf(list + n, sizeof list - n, "%s%s (%s)", n ? ", " : "",
						      k->nodes[i].name,
						      k->nodes[i].standby ? "standby" : "follower");
		center_log("cluster: the other nodes: %s", n ? list : "none");
		k->nodes_read = true;
	}
	if (standbys(k) == 0 && !k->no_standby_told && now - k->lead_since >= NO_STANDBY_GRACE_MS) {
		snprintf(text, sizeof text, "集群没有热备节点：主节点 %s 故障时无人接替", k->node);
		cluster_tell(k, text);
		k->no_standby_told = true;
	} else if (standbys(k) > 0) {
		k->no_standby_told = true; /* a loss from now on is told as it happens */
	}
}

void cluster_nodes_stop(struct cluster *k)
{
	char key[80];

	kvWatcher_Destroy(k->nodes_watch);
	k->nodes_watch = NULL;
	if (k->kv == NULL || k->leads)
		return;
	snprintf(key, sizeof key, PREFIX "%s", k->node);
	kvStore_Delete(k->kv, key); /* the leader knows at once */
}
