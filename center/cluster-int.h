/* cluster-int.h — what cluster.c (joining, the lease, following) and
 * cluster_publish.c (the leader's fenced batches) share. */
#ifndef CENTER_CLUSTER_INT_H
#define CENTER_CLUSTER_INT_H

#include <nats/nats.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <uv.h>

#include "cluster.h"

#define CLUSTER_STREAM "AD_STREAM"
#define CLUSTER_SUBJECT "ad.stream"
#define CLUSTER_ACCOUNTS "AD_ACCOUNTS" /* the operator accounts: kept */
#define CLUSTER_HEARD "AD_HEARD"       /* when each panel was last heard */
#define CLUSTER_WAIT_MS 2000 /* a JetStream request or a batch's acks */
#define CLUSTER_TELLS 8	     /* notices waiting for the loop, at most */

#define CLUSTER_PEERS 16 /* the other nodes a leader keeps track of */

/* Another node, as the leader knows it (cluster_nodes.c). */
struct cluster_peer {
	char name[64];
	int64_t created; /* its last entry, the servers' time (ns); 0: gone */
	bool standby_v;  /* that entry says standby (else follower) */
	bool known, up, standby; /* as last told */
};

/* A follower's frame from the consumer, on its way to the loop. */
struct mirrored {
	struct mirrored *next;
	uint64_t seq;
	size_t len;
	char text[];
};

struct cluster {
	struct center *c;
	natsConnection *nc;
	jsCtx *js;
	kvStore *kv, *meta;         /* AD_NODES (the lease), AD_META (the epoch) */
	natsSubscription *sub;      /* a follower's ordered consumer (the node's thread) */
	char node[64];
	int replicas;
	bool leads;
	bool standby;         /* follows, and takes over when it can */
	uint64_t lease_rev;
	natsSubscription *alive_sub; /* a leader's answer that it lives */
	uint64_t seen_rev, seen_ms;  /* a standby's: the lease's revision, since when */
	int unanswered;		     /* the leader's silence, in asks */
	bool said_alive;	     /* that it answers, logged */
	char seen_holder[64];	     /* a standby's: the node that held the lease */
	uint64_t hold_off_until;     /* a node that handed over: not leading before */
	/* the switch-overs (cluster_drill.c): how this node took the lease
	 * (for its started-again self); notices from the node's thread for
	 * the loop to emit (under mu) */
	char took[160];
	char tell[CLUSTER_TELLS][400];
	int ntell;
	uint64_t drill_next; /* a leader's next look at the record */
	/* the nodes (cluster_nodes.c): a non-leader's last entry; the
	 * leader's watch of them and what it knows (the node's thread) */
	uint64_t told_ms;
	kvWatcher *nodes_watch;
	struct cluster_peer nodes[CLUSTER_PEERS];
	int nnodes;
	bool nodes_listed, nodes_read, no_standby_told;
	uint64_t lead_since;
	/* the node's thread (lease, or keeping the consumer going) */
	pthread_t thread;
	bool thread_running;
	uv_mutex_t mu;
	uv_cond_t cond;
	bool stop, lost; /* under mu */
	char lost_why[200];
	/* frames from the consumer, for the loop (under mu) */
	struct mirrored *head, *tail;
	uint64_t last_seq;    /* the last one received */
	uint64_t applied;     /* the last one the loop applied */
	bool takeover;        /* a standby took the lease: the loop starts again as leader */
	bool cut;             /* a follower without NATS for CLUSTER_CUT_OFF_MS */
	uint64_t down_since;  /* when its connection went (the node's thread) */
	uint64_t last_ms;     /* when */
	bool reconnected;     /* the connection moved to another server */
	uv_async_t async;
	bool async_open;
	/* ops through the cluster (cluster_ops.c): the leader's ops to apply,
	 * a follower's op_acks, from libnats' threads (under mu) */
	struct queued_msg *ops_head, *ops_tail;
	uv_async_t *ops_async;
	natsSubscription *ops_sub;
	natsSubscription *gbsend_sub; /* a follower's: the leader's bodies for its devices */
	/* a follower's ops on their way to the leader: the courier's queue
	 * (under mu) and thread (cluster_ops.c) */
	struct outgoing *out_head, *out_tail;
	struct outgoing *done_head; /* frames handed over (or not), for the loop */
	uv_cond_t out_cond;
	pthread_t courier;
	bool courier_running, courier_stop;
	/* the leader's publish errors (libnats' thread, under mu) */
	bool refused;         /* a frame of the batch not taken */
	char refused_why[200];
	char epoch[40];
	/* the accounts (cluster_accounts.c): the bucket, its watcher and
	 * thread; the revision this node has, the text to put and the text
	 * taken from the bucket (under mu) */
	kvStore *acc_kv;
	kvWatcher *acc_watch;
	pthread_t acc_thread;
	bool acc_running;
	uint64_t acc_rev;
	char *acc_out, *acc_in;
	size_t acc_out_len, acc_in_len;
	uint64_t acc_in_rev;
	uv_async_t *acc_async;
	kvStore *heard_kv; /* AD_HEARD (cluster_heard.c) */
};

static inline uint64_t cluster_now_ms(void)
{
	return uv_hrtime() / 1000000;
}

/* "nats: what: the status: libnats' last error (code)" into err. */
static inline void cluster_say(char *err, size_t len, const char *what, natsStatus s, jsErrCode jerr)
{
	const char *last = nats_GetLastError(NULL);

	snprintf(err, len, "nats: %s: %s%s%s (%d)", what, natsStatus_GetText(s),
		 last && last[0] ? ": " : "", last ? last : "", (int)jerr);
}
/* cluster_follow.c: the ordered consumer from the frame after the last one
 * received (0, or -1 with why); made again when it stalls; the follower cut
 * off or back (said to the loop); a standby's loop applied every frame the
 * stream holds. */
int cluster_follow(struct cluster *k, char *err, size_t errlen);
void cluster_keep_following(struct cluster *k);
void cluster_cut_off_or_not(struct cluster *k);
bool cluster_caught_up(struct cluster *k);

/* cluster_lease.c: the lease taken when free or this node's own (0; 1
 * with the holder and its revision; -1 when the cluster did not answer);
 * a leader answering that it lives; a standby taking over the lease of
 * revision rev from `other` when it has not been renewed for
 * CLUSTER_SILENT_MS and nobody answers for it (0 taken, 1 not, -1 when
 * the cluster did not answer); stopped (a leader's lease released). */
int cluster_lease_take(struct cluster *k, char *other, size_t len, uint64_t *rev);
int cluster_lease_answer(struct cluster *k, char *err, size_t errlen);
int cluster_lease_seize(struct cluster *k, const char *other, uint64_t rev);
void cluster_lease_stop(struct cluster *k);

/* cluster_drill.c: the switch-overs. The node's thread: a standby took the
 * lease (seized from a dead leader, or free): recorded in AD_META, and how
 * kept for its started-again self (cluster_drill_restart, on the loop,
 * before it starts again); a leader's look at the record, a reminder when
 * the drill is due. A notice to every console from the node's thread
 * (cluster_tell), emitted on the loop (cluster_tell_flush). At start:
 * whether this node just handed over (it then stands by for a while), and,
 * leading, the notice of how it took over. */
void cluster_drill_took(struct cluster *k, bool seized);
void cluster_drill_restart(struct cluster *k);
bool cluster_drill_handed_over(struct cluster *k);
void cluster_drill_start(struct cluster *k);
void cluster_drill_check(struct cluster *k, uint64_t now);
void cluster_tell(struct cluster *k, const char *text);
void cluster_tell_flush(struct cluster *k);

/* cluster_nodes.c: which nodes stand by. The node's thread: a node that
 * does not lead says it is there (every 2 s); the leader looks, and tells
 * every console when a node goes or comes, or when it has no standby. At
 * stop: the watch closed, the node's entry deleted. */
void cluster_nodes_tell(struct cluster *k, uint64_t now);
void cluster_nodes_check(struct cluster *k, uint64_t now);
void cluster_nodes_stop(struct cluster *k);

/* cluster_accounts.c: the cluster's accounts (the bucket acc_kv, made by
 * cluster.c) taken (or, the first node, given), watched and put when they
 * change here; 0, or -1 with why. */
int cluster_accounts_start(struct cluster *k, char *err, size_t errlen);
void cluster_accounts_stop(struct cluster *k);
/* cluster_heard.c: a leader takes the panels' last-heard times of the
 * bucket heard_kv (made by cluster.c) and tells it those it hears. */
void cluster_heard_start(struct cluster *k);
void cluster_heard_stop(struct cluster *k);

/* A message from libnats' thread for the loop. */
struct queued_msg {
	struct queued_msg *next;
	natsMsg *msg;
};

/* libnats' thread: a frame of the batch the stream did not take. */
void cluster_publish_error(jsCtx *js, jsPubAckErr *pae, void *closure);
/* cluster_ops.c: the ops stream and, by role, the leader's consumer or the
 * follower's op_acks and hook; stopped with the node. */
int cluster_ops_start(struct cluster *k, char *err, size_t errlen);
void cluster_ops_stop(struct cluster *k);

#endif
