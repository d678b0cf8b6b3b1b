/* store.h — the center's SQLite state: its epoch, the stream history (every
 * seq'd message, for resume), the open alarms with their state (for restart
 * and snapshots), the standing device and notice state (for snapshots) and
 * the results of applied ops (for idempotent op_ids) and the receivers'
 * frames taken (for their retries).
 * Single-threaded: called from the center's loop only. */
#ifndef CENTER_STORE_H
#define CENTER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* Opens or creates the database at path (WAL, synchronous=FULL). A new
 * database gets a fresh random epoch. NULL with a message in err. */
struct store *store_open(const char *path, char *err, size_t errlen);
void store_close(struct store *st);

const char *store_epoch(const struct store *st);
/* A cluster node's file takes the cluster's epoch: a new (empty) file is
 * given it, a file of another epoch with frames is refused (0 or -1 with
 * why in err). */
int store_join_epoch(struct store *st, const char *epoch, char *err, size_t errlen);
uint64_t store_head(const struct store *st);   /* last seq written, 0 if none */
uint64_t store_oldest(const struct store *st); /* first seq still kept */

/* Writes are grouped: store_begin … store_commit. Each returns 0 or AD_EIO
 * (the message is kept for store_error). */
int store_begin(struct store *st);
int store_commit(struct store *st);
const char *store_error(const struct store *st);

/* Appends a stream frame; its seq must be store_head()+1. */
int store_append(struct store *st, uint64_t seq, const char *frame, int64_t at_ms);
/* The frame of seq (malloc'd, free it), or NULL when pruned or absent. */
char *store_frame(struct store *st, uint64_t seq);

/* Open alarms: the alarm frame as last encoded (with state). */
int store_alarm_put(struct store *st, const char *id, const char *frame);
int store_alarm_delete(struct store *st, const char *id);
/* Calls fn for every stored open alarm frame. */
int store_alarm_each(struct store *st, void (*fn)(void *ctx, const char *frame), void *ctx);

/* Standing state a console that joins late needs besides the open alarms:
 * kind "device" (devices not online, keyed by customer and device), "arm"
 * (each site partition's last arm state) and "notice" (notices still in
 * force), each as its stream frame. put keeps
 * the newest `keep` of the kind (0: all); each calls fn oldest first for
 * those of the kind at or after since_ms (fn non-zero stops the walk). */
int store_standing_put(struct store *st, const char *key, const char *kind, int64_t at_ms,
		       const char *frame, unsigned keep);
int store_standing_delete(struct store *st, const char *key);
int store_standing_each(struct store *st, const char *kind, int64_t since_ms,
			int (*fn)(void *ctx, const char *frame), void *ctx);

/* Closed alarms in their final state (the alarm frame), kept for the
 * figures; each returns 0 or AD_EIO. fn returning non-zero stops the walk. */
int store_record_put(struct store *st, const char *id, int64_t received_ms, const char *frame);
int store_record_each(struct store *st, int64_t from_ms, int64_t to_ms,
		      int (*fn)(void *ctx, const char *frame), void *ctx);
/* The newest max records of closed alarms of one customer, newest first
 * (found by an index on the record's customer id). */
/* How many stream frames of a type ("arm") were appended in [from, to),
 * among those the history still keeps; -1 on error. */
int64_t store_stream_count(struct store *st, const char *type, int64_t from_ms, int64_t to_ms);
/* Work orders, each as its last order frame (every change replaces it),
 * and those opened in [from, to), oldest first. */
int store_order_put(struct store *st, const char *id, int64_t opened_ms, const char *frame);
int store_order_each(struct store *st, int64_t from_ms, int64_t to_ms,
		     int (*fn)(void *ctx, const char *frame), void *ctx);
int store_site_records(struct store *st, const char *cust_id, int max,
		       int (*fn)(void *ctx, const char *frame), void *ctx);

/* The images kept with an alarm (images.c): image n (1…) as it came, and
 * each of an alarm's in order (fn non-zero stops the walk). */
int store_image_put(struct store *st, const char *alarm, int n, int64_t at_ms,
		    const unsigned char *data, size_t len);
int store_image_each(struct store *st, const char *alarm,
		     int (*fn)(void *ctx, int n, int64_t at_ms, const void *data, size_t len),
		     void *ctx);

/* Calls fn for every kept stream frame from seq on, in order (recording). */
int store_stream_each(struct store *st, uint64_t from_seq,
		      int (*fn)(void *ctx, uint64_t seq, int64_t at_ms, const char *frame),
		      void *ctx);

/* Applied ops, keyed by (console, op_id). store_op_get returns 1 and fills
 * code/msg (msg malloc'd) when the op was applied before, else 0. */
int store_op_put(struct store *st, const char *console, const char *op_id, int code,
		 const char *msg);
int store_op_get(struct store *st, const char *console, const char *op_id, int *code,
		 char **msg);

/* Records a console's journal anchor (the head of its hash chain). */
int store_anchor_put(struct store *st, const char *console, const char *anchor, int64_t at_ms);
/* Calls fn(console, anchor, at_ms) for the newest anchor of each console
 * (or of `console` only when non-NULL). */
int store_anchor_each(struct store *st, const char *console,
		      void (*fn)(void *ctx, const char *console, const char *anchor, int64_t at_ms),
		      void *ctx);

/* Keeps only the newest `keep` stream frames. */
int store_prune(struct store *st, uint64_t keep);

/* When each DC-09 account was last heard (panel supervision across a
 * restart): put inside a batch, each calls fn for every account. */
int store_heard_put(struct store *st, const char *account, int64_t at_ms);
int store_heard_each(struct store *st, void (*fn)(void *ctx, const char *account, int64_t at_ms),
		     void *ctx);

/* The receivers' frames taken (their ids, "dc09/ACCOUNT/SEQ/CRC"), so a
 * retry whose ACK was lost is answered, not taken again, across a restart
 * and, through the stream's alarms, on the node that leads next. Put
 * inside a batch; kept STORE_FRAMES_KEEP_MS. */
#define STORE_FRAMES_KEEP_MS (10 * 60 * 1000)
int store_frame_put(struct store *st, const char *id, int64_t at_ms);
bool store_frame_taken(struct store *st, const char *id, int64_t since_ms);

#endif
