/* cluster_heard.c — the panels' supervision in a cluster. The leader tells
 * the bucket AD_HEARD when it heard each panel (key: the DC-09 account,
 * value: the time in ms), at most every CENTER_HEARD_SHARE_MS a panel, by
 * a core NATS publish that never waits. A node starting as the leader takes
 * those times before its supervision starts, so that a panel silent since
 * before a takeover is said to fail to report when it is due, not a test
 * interval later. Best effort: a time lost with a dying server is the one
 * before it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "cluster-int.h"

static void heard(struct center *c, const char *account, int64_t at_ms)
{
	char subject[80], value[24];
	int n = snprintf(value, sizeof value, "%lld", (long long)at_ms);

	snprintf(subject, sizeof subject, "$KV." CLUSTER_HEARD ".%s", account);
	natsConnection_Publish(c->cluster->nc, subject, value, n);
}

/* One entry: the panel's last-heard time, when it is later than the one
 * this node has. True when taken. */
static bool take(struct center *c, kvEntry *e)
{
	struct panel *p = panels_find(&c->panels, kvEntry_Key(e));
	char value[24];
	long long at;

	if (p == NULL || kvEntry_ValueLen(e) <= 0 || (size_t)kvEntry_ValueLen(e) >= sizeof value)
		return false;
	memcpy(value, kvEntry_Value(e), (size_t)kvEntry_ValueLen(e));
	value[kvEntry_ValueLen(e)] = '\0';
	at = strtoll(value, NULL, 10);
	if (at <= p->last_heard_ms)
		return false;
	p->last_heard_ms = at; /* stored with the next save (saved_heard_ms differs) */
	return true;
}

void cluster_heard_start(struct cluster *k)
{
	kvWatcher *w = NULL;
	kvWatchOptions o;
	natsStatus s;
	size_t taken = 0;

	if (!k->leads)
		return;
	kvWatchOptions_Init(&o);
	o.IgnoreDeletes = true;
	s = kvStore_Watch(&w, k->heard_kv, ">", &o);
	/* Every entry there is, then a NULL one: all read. */
	while (s == NATS_OK) {
		kvEntry *e = NULL;
		if ((s = kvWatcher_Next(&e, w, CLUSTER_WAIT_MS)) != NATS_OK || e == NULL)
			break;
		taken += take(k->c, e);
		kvEntry_Destroy(e);
	}
	kvWatcher_Destroy(w);
	if (s != NATS_OK)
		center_log("dc09 supervision: the cluster's last-heard times could not all be read "
			   "(%s): this node supervises from its own", natsStatus_GetText(s));
	if (taken)
		center_log("dc09 supervision: the cluster's last frame of %zu panels taken", taken);
	k->c->heard_cb = heard;
}

void cluster_heard_stop(struct cluster *k)
{
	k->c->heard_cb = NULL;
	kvStore_Destroy(k->heard_kv);
	k->heard_kv = NULL;
}
