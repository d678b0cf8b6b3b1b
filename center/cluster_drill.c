/* cluster_drill.c — switch-overs between the nodes of a cluster, recorded
 * and told, and the drill GA 1383 asks for: redundant receiving whose
 * failover is tested at least every 30 days (cluster-int.h).
 *
 * A node that takes the lease over records it in AD_META (`failover`: when,
 * from which node, to which, how) and, started again as the leader, tells
 * every console in a notice. A leader sent SIGUSR1 hands over on purpose:
 * it marks the bucket (`handover`), releases the lease and starts again as
 * a standby that leaves the lease to the others for HOLD_OFF_MS; if nobody
 * takes it, it leads again and says the drill did not switch. The leader
 * looks at the record when it starts and every DRILL_CHECK_MS, and reminds
 * every console when the last switch-over is DRILL_DAYS old. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "cluster-int.h"

#define DRILL_DAYS 30
#define DRILL_CHECK_MS (12 * 3600 * 1000LL) /* twice a day: each shift sees it */
#define HOLD_OFF_MS 10000		    /* a node that handed over, before it may lead again */
#define TOOK_ENV "AD_TOOK_OVER"		    /* from the node's thread to its started-again self */
#define HANDED_ENV "AD_HANDED_OVER"
#define FROM "集群 cluster" /* the notices' sender */

void cluster_drill_took(struct cluster *k, bool seized)
{
	const char *how = seized ? "dead" : "free";
	char from[64];
	kvEntry *e = NULL;
	cJSON *o;
	char *text;

	snprintf(from, sizeof from, "%s", k->seen_holder);
	if (!seized && kvStore_Get(&e, k->meta, "handover") == NATS_OK) {
		int n = kvEntry_ValueLen(e);
		const char *v = kvEntry_Value(e);
		if (n > 0 && (size_t)n < sizeof from) {
			snprintf(from, sizeof from, "%.*s", n, v);
			how = strcmp(from, k->node) == 0 ? "self" : "handover";
		}
		kvEntry_Destroy(e);
		kvStore_Delete(k->meta, "handover");
	}
	if (strcmp(how, "free") == 0 && strcmp(from, k->node) == 0)
		return; /* its own lease, from before it started again: no switch-over */
	if (strcmp(how, "self") != 0 && (o = cJSON_CreateObject()) != NULL) {
		cJSON_AddNumberToObject(o, "at", (double)center_now_ms());
		cJSON_AddStringToObject(o, "from", from);
		cJSON_AddStringToObject(o, "to", k->node);
		cJSON_AddStringToObject(o, "how", how);
		if ((text = cJSON_PrintUnformatted(o)) != NULL &&
		    kvStore_PutString(NULL, k->meta, "failover", text) != NATS_OK)
			center_log("cluster: the switch-over could not be recorded in AD_META: %s",
				   nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "no answer");
		free(text);
		cJSON_Delete(o);
	}
	uv_mutex_lock(&k->mu);
	snprintf(k->took, sizeof k->took, "%s\t%s", how, from);
	uv_mutex_unlock(&k->mu);
}

void cluster_drill_restart(struct cluster *k)
{
	uv_mutex_lock(&k->mu);
	if (k->took[0])
		setenv(TOOK_ENV, k->took, 1);
	uv_mutex_unlock(&k->mu);
}

bool cluster_drill_handed_over(struct cluster *k)
{
	const char *v = getenv(HANDED_ENV);
	bool handed = v && strcmp(v, k->node) == 0;

	unsetenv(HANDED_ENV);
	if (handed)
		k->hold_off_until = cluster_now_ms() + HOLD_OFF_MS;
	return handed;
}

static void notice(struct cluster *k, const char *text)
{
	bool own = center_batch_begin(k->c);

	center_emit_notice(k->c, FROM, text);
	if (own)
		center_batch_end(k->c);
}

void cluster_drill_start(struct cluster *k)
{
	const char *took = getenv(TOOK_ENV);
	const char *tab = took ? strchr(took, '\t') : NULL;
	char text[300];

	if (took == NULL || tab == NULL || !k->leads) {
		unsetenv(TOOK_ENV);
		return;
	}
	if (strncmp(took, "handover\t", 9) == 0)
		snprintf(text, sizeof text, "主备切换演练：节点 %s 交出主节点，节点 %s 接替", tab + 1,
			 k->node);
	else if (strncmp(took, "self\t", 5) == 0)
		snprintf(text, sizeof text,
			 "主备切换演练未切换：%d 秒内没有备用节点接替，节点 %s 继续为主节点",
			 HOLD_OFF_MS / 1000, k->node);
	else if (strncmp(took, "dead\t", 5) == 0)
		snprintf(text, sizeof text, "主备切换：主节点 %s 无响应，节点 %s 接替", tab + 1,
			 k->node);
	else
		snprintf(text, sizeof text, "主备切换：主节点 %s 已停止或租约过期，节点 %s 接替",
			 tab[1] ? tab + 1 : "?", k->node);
	unsetenv(TOOK_ENV);
	center_log("cluster: %s", text);
	notice(k, text);
}

int cluster_hand_over(struct cluster *k, char *msg, size_t len)
{
	if (k == NULL || !k->leads) {
		snprintf(msg, len, "%s: nothing to hand over",
			 k ? "this node does not lead" : "this center is not a node of a cluster");
		return -1;
	}
	if (kvStore_PutString(NULL, k->meta, "handover", k->node) != NATS_OK ||
	    kvStore_Delete(k->kv, "leader") != NATS_OK) {
		snprintf(msg, len, "the cluster did not answer (%s): this node goes on leading",
			 nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "no answer");
		kvStore_Delete(k->meta, "handover"); /* a later takeover is no drill */
		return -1;
	}
	setenv(HANDED_ENV, k->node, 1);
	snprintf(msg, len,
		 "node '%s' hands over the lead: it starts again as a standby and leads again "
		 "if no other node takes the lease within %d s",
		 k->node, HOLD_OFF_MS / 1000);
	return 0;
}

/* The node's thread, a leader: the record looked at (made when missing: the
 * days count from the cluster's first leader). */
void cluster_drill_check(struct cluster *k, uint64_t now)
{
	kvEntry *e = NULL;
	cJSON *o = NULL, *at;
	int64_t wall = center_now_ms();
	natsStatus s;
	char text[300];

	if (now < k->drill_next)
		return;
	k->drill_next = now + DRILL_CHECK_MS;
	if ((s = kvStore_Get(&e, k->meta, "failover")) == NATS_NOT_FOUND) {
		snprintf(text, sizeof text, "{\"at\":%lld,\"from\":\"\",\"to\":\"%s\",\"how\":\"first\"}",
			 (long long)wall, k->node);
		kvStore_PutString(NULL, k->meta, "failover", text);
		return;
	}
	if (s != NATS_OK) {
		k->drill_next = now + 60000; /* asked again in a minute */
		return;
	}
	o = cJSON_ParseWithLength(kvEntry_Value(e), (size_t)kvEntry_ValueLen(e));
	kvEntry_Destroy(e);
	at = cJSON_GetObjectItemCaseSensitive(o, "at");
	if (!cJSON_IsNumber(at)) {
		center_log("cluster: AD_META failover is not a switch-over record: the drill's "
			   "days are counted from now");
		cJSON_Delete(o);
		k->drill_next = 0;
		kvStore_Delete(k->meta, "failover");
		return;
	}
	if (wall - (int64_t)at->valuedouble >= DRILL_DAYS * 86400000LL) {
		long long days = (wall - (int64_t)at->valuedouble) / 86400000LL;
		snprintf(text, sizeof text,
			 "主备切换已 %lld 天未演练（GA 1383：至少每 %d 天一次）：请向主节点 %s 发送 "
			 "SIGUSR1 做一次切换演练",
			 days, DRILL_DAYS, k->node);
		cluster_tell(k, text);
	}
	cJSON_Delete(o);
}

void cluster_tell(struct cluster *k, const char *text)
{
	uv_mutex_lock(&k->mu);
	if (k->ntell < CLUSTER_TELLS)
		snprintf(k->tell[k->ntell++], sizeof k->tell[0], "%s", text);
	uv_mutex_unlock(&k->mu);
	uv_async_send(&k->async);
}

void cluster_tell_flush(struct cluster *k)
{
	char text[CLUSTER_TELLS][sizeof k->tell[0]];
	int n;

	uv_mutex_lock(&k->mu);
	n = k->ntell;
	memcpy(text, k->tell, sizeof text);
	k->ntell = 0;
	uv_mutex_unlock(&k->mu);
	for (int i = 0; i < n; i++) {
		center_log("cluster: %s", text[i]);
		notice(k, text[i]);
	}
}
