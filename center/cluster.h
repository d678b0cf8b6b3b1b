/* cluster.h — a center node on NATS JetStream (docs/cluster.md). The
 * stream of record is the JetStream stream AD_STREAM: its sequence is the
 * protocol's seq, so a console resumes on any node. One node leads: it
 * holds the lease `leader` in the KV bucket AD_NODES (renewed every 2 s,
 * gone CLUSTER_LEASE_MS after its node stops) and alone emits, publishing
 * each batch's frames with the expected last sequence after its own
 * commit, so that a write of a deposed leader is refused by the stream
 * itself. The other nodes follow: they mirror the stream into their own
 * state file through an ordered consumer, with the state it adds up to
 * (mirror.c), and serve consoles from it, snapshots too. A standby (a node
 * started without --nats-follow) takes the lease once it is free (or its
 * leader is dead) and the node has applied the whole stream, and starts
 * again as the leader. The
 * epoch is the cluster's (the bucket AD_META, key `epoch`).
 *
 * A follower hands its consoles' ops to the leader (cluster_ops.c). */
#ifndef CENTER_CLUSTER_H
#define CENTER_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLUSTER_LEASE_MS 20000  /* a leader silent this long has lost its lease */
/* A lease not renewed this long (renewed every 2 s) whose leader does not
 * answer either: taken over before it lapses (cluster_lease.c). */
#define CLUSTER_SILENT_MS 5000
#define CLUSTER_MAX_SERVERS 16  /* NATS servers listed by --nats */
/* JetStream elects a new leader for a stream whose server died in 4 to 9 s
 * (nats-server 2.9's election timeouts), longer on a loaded machine: a leader
 * rides that out. */
/* A follower without a connection to NATS this long serves no console:
 * what it has may be stale (a NATS server's death moves the connection in
 * well under a second). */
#define CLUSTER_CUT_OFF_MS 5000
#define CLUSTER_OUTAGE_MS 15000 /* a batch the cluster does not take for this long: the leader stops */

struct center;
struct cluster;

/* Joins the cluster at urls ("nats://h:p,nats://h:p"): the stream and the
 * buckets (made on first use, replicated to as many servers as urls lists,
 * at most 3), the shared epoch into the state file, and the lease when it
 * is free and the file at the stream's head (else the node stands by;
 * follow: it never leads). Blocks until done (at most 30 s while JetStream
 * elects its leaders). NULL with why in err: the file is not a prefix of
 * the stream, or the cluster did not answer. */
struct cluster *cluster_start(struct center *c, const char *urls, const char *node, bool follow,
			      char *err, size_t errlen);
bool cluster_leads(const struct cluster *k);
/* The leader's frames seq from..to (the center's ring): published to the
 * stream, each expecting the one before it, and acknowledged; sent again
 * while a server's death moves the connection. 0, or -1 with why: another
 * node wrote to the stream, or the cluster took nothing for
 * CLUSTER_OUTAGE_MS. */
int cluster_publish(struct cluster *k, uint64_t from, uint64_t to, char *why, size_t len);
/* SIGUSR1, the switch-over drill: a leader releases its lease to a standby
 * and must start again (as a standby that leads again if nobody takes the
 * lease within 10 s); 0 with what it does in msg, or -1 with why not. */
int cluster_hand_over(struct cluster *k, char *msg, size_t len);
/* Stops the consumer and the lease (released: another node may lead at once). */
void cluster_stop(struct cluster *k);

#endif
