/* cluster_accounts.c — the operator accounts of a cluster: the accounts
 * file's text under the key "all" of the bucket AD_ACCOUNTS, so that any
 * node serves any operator. The bucket is the cluster's: a node starting
 * takes it over its own file (the first node gives its file); a node puts
 * its accounts when they change there (read again on SIGHUP, a hash
 * strengthened at a login), on the revision it has (compare-and-set: of two
 * changes at once one is kept, the other said in the log); a thread watches
 * the bucket and each revision another node puts replaces the node's
 * accounts and file, closing the sessions of removed accounts. */
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "center.h"
#include "cluster-int.h"

#define BUCKET CLUSTER_ACCOUNTS
#define KEY "all"
#define WATCH_MS 1000 /* how often the thread looks for a change to put */
#define DROPPED "accounts: changed on another node meanwhile (the cluster is past revision " \
		"%llu): this node's change is dropped, the cluster's is taken; make it again"

static void forget(char **text, size_t len)
{
	if (*text)
		OPENSSL_cleanse(*text, len);
	free(*text);
	*text = NULL;
}

/* True when the file holds what the center has (not edited since it was
 * read or written). */
static bool file_is(struct center *c, const char *mine, size_t mine_len)
{
	char err[600];
	struct accounts *f = accounts_load(c->cfg.accounts, 1, err, sizeof err);
	size_t len = 0;
	char *text = f ? accounts_format(f, &len) : NULL;
	bool same = text && len == mine_len && memcmp(text, mine, len) == 0;

	forget(&text, len);
	accounts_free(f);
	return same;
}

/* Before the cluster's accounts replace the file: what only the file has
 * is kept beside it, as PATH.SUFFIX — at start, a file with accounts of
 * its own (edited while the node was down, or older); later, edits not yet
 * read again (SIGHUP). */
static void keep_aside(struct center *c, bool at_start, const char *mine, size_t mine_len)
{
	char aside[4096];

	if (at_start ? accounts_count(c->accounts) == 0 : file_is(c, mine, mine_len))
		return;
	snprintf(aside, sizeof aside, "%s.%s", c->cfg.accounts, at_start ? "replaced" : "unapplied");
	if (rename(c->cfg.accounts, aside) == 0)
		center_log("accounts: %s %s: kept as %s, the cluster's replace it (make the change "
			   "again on a running node)", c->cfg.accounts,
			   at_start ? "differs from the cluster's" : "was edited and not read again",
			   aside);
}

/* The loop: text (of revision rev) replaces the center's accounts, unless it
 * is what the center has. */
static void adopt(struct cluster *k, const char *text, size_t len, uint64_t rev, bool at_start)
{
	struct center *c = k->c;
	char origin[80], err[600];
	size_t mine_len = 0;
	char *mine = accounts_format(c->accounts, &mine_len);
	bool same = mine && mine_len == len && memcmp(mine, text, len) == 0;
	struct accounts *na;
	int closed;

	if (same || mine == NULL) {
		forget(&mine, mine_len);
		if (!same)
			center_log("accounts: out of memory: the cluster's revision %llu is not taken",
				   (unsigned long long)rev);
		return;
	}
	snprintf(origin, sizeof origin, "bucket " BUCKET " revision %llu", (unsigned long long)rev);
	if ((na = accounts_parse(text, len, origin, err, sizeof err)) == NULL) {
		forget(&mine, mine_len);
		center_log("accounts: the cluster's are refused, this node keeps its %zu: %s",
			   accounts_count(c->accounts), err);
		return;
	}
	keep_aside(c, at_start, mine, mine_len);
	forget(&mine, mine_len);
	if ((closed = center_accounts_adopt(c, na, err, sizeof err)) < 0) {
		center_log("accounts: the cluster's revision %llu is not taken, this node keeps its "
			   "%zu: %s", (unsigned long long)rev, accounts_count(c->accounts), err);
		return;
	}
	center_log("accounts: %s, revision %llu of the cluster: %zu accounts, %s rewritten, %d "
		   "sessions of removed accounts closed",
		   at_start ? "taken over this node's file at start" : "changed on another node",
		   (unsigned long long)rev, accounts_count(c->accounts), c->cfg.accounts, closed);
}

static void acc_cb(uv_async_t *h)
{
	struct cluster *k = h->data;
	char *text;
	size_t len;
	uint64_t rev;
	bool dropped;

	uv_mutex_lock(&k->mu);
	text = k->acc_in;
	len = k->acc_in_len;
	rev = k->acc_in_rev;
	k->acc_in = NULL;
	/* A change made here before this node saw another's: on stale accounts. */
	dropped = text && k->acc_out;
	if (dropped)
		forget(&k->acc_out, k->acc_out_len);
	uv_mutex_unlock(&k->mu);
	if (dropped)
		center_log(DROPPED, (unsigned long long)rev - 1);
	if (text) {
		adopt(k, text, len, rev, false);
		forget(&text, len);
	}
}

/* The center's hook: its accounts changed here; the thread puts them. */
static void changed(struct center *c)
{
	struct cluster *k = c->cluster;
	size_t len = 0;
	char *text = accounts_format(c->accounts, &len);

	if (text == NULL) {
		center_log("accounts: out of memory: the change is not put in the cluster");
		return;
	}
	uv_mutex_lock(&k->mu);
	forget(&k->acc_out, k->acc_out_len);
	k->acc_out = text;
	k->acc_out_len = len;
	uv_mutex_unlock(&k->mu);
}

/* The thread: what changed here put on the revision this node has (not
 * while the loop has yet to take one from the bucket); the bucket's new
 * revisions handed to the loop. */
static void put_out(struct cluster *k)
{
	char *text;
	size_t len;
	uint64_t base, rev = 0;
	natsStatus s;

	uv_mutex_lock(&k->mu);
	text = k->acc_in ? NULL : k->acc_out;
	len = k->acc_out_len;
	base = k->acc_rev;
	if (text)
		k->acc_out = NULL;
	uv_mutex_unlock(&k->mu);
	if (text == NULL)
		return;
	s = kvStore_Update(&rev, k->acc_kv, KEY, text, (int)len, base);
	if (s == NATS_OK) {
		uv_mutex_lock(&k->mu);
		if (rev > k->acc_rev)
			k->acc_rev = rev;
		uv_mutex_unlock(&k->mu);
		center_log("accounts: this node's change is the cluster's (revision %llu)",
			   (unsigned long long)rev);
		forget(&text, len);
		return;
	}
	if (strstr(nats_GetLastError(NULL) ? nats_GetLastError(NULL) : "", "wrong last sequence")) {
		center_log(DROPPED, (unsigned long long)base);
		forget(&text, len);
		return;
	}
	/* No answer (a server dying): tried again, unless changed again. */
	uv_mutex_lock(&k->mu);
	if (k->acc_out == NULL) {
		k->acc_out = text;
		text = NULL;
	}
	uv_mutex_unlock(&k->mu);
	forget(&text, len);
}

static void *acc_thread(void *arg)
{
	struct cluster *k = arg;

	for (;;) {
		kvEntry *e = NULL;
		natsStatus s;
		uv_mutex_lock(&k->mu);
		bool stop = k->stop;
		uv_mutex_unlock(&k->mu);
		if (stop)
			break;
		put_out(k);
		s = kvWatcher_Next(&e, k->acc_watch, WATCH_MS);
		if (s == NATS_ILLEGAL_STATE)
			break; /* stopped */
		if (s != NATS_OK || e == NULL)
			continue;
		uv_mutex_lock(&k->mu);
		if (kvEntry_Operation(e) == kvOp_Put && kvEntry_Revision(e) > k->acc_rev) {
			char *text = malloc((size_t)kvEntry_ValueLen(e) + 1);
			if (text) {
				memcpy(text, kvEntry_Value(e), (size_t)kvEntry_ValueLen(e));
				forget(&k->acc_in, k->acc_in_len);
				k->acc_in = text;
				k->acc_in_len = (size_t)kvEntry_ValueLen(e);
				k->acc_in_rev = k->acc_rev = kvEntry_Revision(e);
			}
		}
		uv_mutex_unlock(&k->mu);
		kvEntry_Destroy(e);
		uv_async_send(k->acc_async);
	}
	return NULL;
}

/* At start, on the loop: the bucket's accounts taken, or this node's given
 * when it has none. */
static int join(struct cluster *k, char *err, size_t errlen)
{
	kvEntry *e = NULL;
	size_t len = 0;
	char *mine;
	natsStatus s = kvStore_Get(&e, k->acc_kv, KEY);

	if (s == NATS_NOT_FOUND) {
		if ((mine = accounts_format(k->c->accounts, &len)) == NULL) {
			snprintf(err, errlen, "accounts: out of memory");
			return -1;
		}
		s = kvStore_Create(&k->acc_rev, k->acc_kv, KEY, mine, (int)len);
		forget(&mine, len);
		if (s == NATS_OK) {
			center_log("accounts: this node's %zu are the cluster's (bucket " BUCKET
				   ", revision %llu)",
				   accounts_count(k->c->accounts), (unsigned long long)k->acc_rev);
			return 0;
		}
		s = kvStore_Get(&e, k->acc_kv, KEY); /* another node gave its own first */
	}
	if (s != NATS_OK) {
		cluster_say(err, errlen, "accounts (bucket " BUCKET ")", s, 0);
		return -1;
	}
	k->acc_rev = kvEntry_Revision(e);
	adopt(k, (const char *)kvEntry_Value(e), (size_t)kvEntry_ValueLen(e), k->acc_rev, true);
	kvEntry_Destroy(e);
	return 0;
}

int cluster_accounts_start(struct cluster *k, char *err, size_t errlen)
{
	natsStatus s;

	if (join(k, err, errlen))
		return -1;
	if ((s = kvStore_Watch(&k->acc_watch, k->acc_kv, KEY, NULL)) != NATS_OK) {
		cluster_say(err, errlen, "accounts: watching bucket " BUCKET, s, 0);
		return -1;
	}
	if ((k->acc_async = malloc(sizeof *k->acc_async)) == NULL) {
		snprintf(err, errlen, "accounts: out of memory");
		return -1;
	}
	uv_async_init(k->c->loop, k->acc_async, acc_cb);
	k->acc_async->data = k;
	if (pthread_create(&k->acc_thread, NULL, acc_thread, k) != 0) {
		snprintf(err, errlen, "accounts: cannot start the thread that watches " BUCKET);
		return -1;
	}
	k->acc_running = true;
	k->c->accounts_changed = changed;
	return 0;
}

void cluster_accounts_stop(struct cluster *k)
{
	k->c->accounts_changed = NULL;
	uv_mutex_lock(&k->mu);
	k->stop = true;
	uv_mutex_unlock(&k->mu);
	if (k->acc_watch)
		kvWatcher_Stop(k->acc_watch);
	if (k->acc_running)
		pthread_join(k->acc_thread, NULL);
	k->acc_running = false;
	kvWatcher_Destroy(k->acc_watch);
	k->acc_watch = NULL;
	kvStore_Destroy(k->acc_kv);
	k->acc_kv = NULL;
	forget(&k->acc_in, k->acc_in_len);
	forget(&k->acc_out, k->acc_out_len);
	if (k->acc_async) /* its own memory: closed after the node may be freed */
		uv_close((uv_handle_t *)k->acc_async, (uv_close_cb)free);
	k->acc_async = NULL;
}
