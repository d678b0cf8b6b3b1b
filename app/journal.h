/* journal.h — the console's tamper-evident journal of operator actions and
 * received messages: one SQLite file (WAL, synchronous=FULL, mode 0600)
 * written by one writer thread with group commit, rows chained by SHA-256 or
 * SM3 over a fixed binary encoding (app/core/jrow.h), the head anchored in a
 * sidecar file. The loop never waits on the disk: journal_append queues and
 * returns the row's seq; durable_cb later reports "durable up to seq N".
 * Only this module and journal_verify.c include sqlite3.h. */
#ifndef JOURNAL_H
#define JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "core/jrow.h"

enum journal_alg { JOURNAL_SHA256, JOURNAL_SM3 };

/* Who writes: stamped on every row appended after journal_set_identity. */
struct journal_ident {
	char console[64], operator_[64], role[16], mode[16];
};

struct journal_cb {
	void (*durable)(void *ctx, uint64_t seq);     /* rows ≤ seq are on disk */
	void (*problem)(void *ctx, const char *what); /* disk full, tampering found …; "" = cleared */
	void *ctx;
};

#define JOURNAL_QUEUE_MAX_BYTES (64u << 20) /* default: then rows are refused */

struct journal;

/* Opens (creating with `alg` when new) the journal at path on the app's
 * loop, checks the chain from the last anchor to the end, and starts the
 * writer. NULL with the reason in err when the file cannot be used at all;
 * a chain problem is reported through cb->problem, not as a failure. */
struct journal *journal_open(uv_loop_t *loop, const char *path, enum journal_alg alg,
			     const struct journal_ident *id, const struct journal_cb *cb,
			     char *err, size_t errlen);

void journal_set_identity(struct journal *j, const struct journal_ident *id);

/* Queues a row; returns its seq. Strings are copied (NULL reads as "").
 * Never blocks: when the rows waiting for the disk would pass the queue cap
 * (the disk stalled or is full), the row is refused and 0 returned; the
 * journal is then full (journal_full, a "JOURNAL FULL" status) until the
 * writer has caught up to half the cap, when a "journal.lost" row records
 * how many rows were refused. */
uint64_t journal_append(struct journal *j, const char *alarm_id, const char *action,
			const char *detail, const char *outcome);
/* The same with a detail of detail_len bytes, not NUL-terminated (a frame
 * as received). */
uint64_t journal_append_n(struct journal *j, const char *alarm_id, const char *action,
			  const char *detail, size_t detail_len, const char *outcome);

/* Queues a retention run: received-message rows older than cutoff_ms that
 * are not about an incident lose their text (docs/journal.md). Returns the
 * seq of the prune record. */
uint64_t journal_prune(struct journal *j, int64_t cutoff_ms);

/* The cap of journal_append's queue in bytes (JOURNAL_QUEUE_MAX_BYTES by
 * default). */
void journal_set_queue_max(struct journal *j, size_t bytes);
/* True while rows are refused (see journal_append): no action may be taken
 * that the journal could not record. Loop thread. */
bool journal_full(struct journal *j);

uint64_t journal_durable(const struct journal *j);
/* The last anchored head (seq, hex hash), for sending to the center. */
uint64_t journal_anchor(const struct journal *j, char *hex, size_t len);
/* "" when healthy, else what is wrong (shown in the status bar). */
const char *journal_status(const struct journal *j);
const char *journal_path(const struct journal *j);

/* Flushes every queued row, stops the writer, closes the file. done_cb runs
 * on the loop afterwards. */
void journal_close(struct journal *j, void (*done_cb)(void *ctx), void *ctx);

/* Calls fn for each op row (action op.*) among the recent rows of the
 * journal at path that has no op.ack row: the ops to send again after a
 * restart. detail is "op_id=… center=… code=… [text=…]". Returns how many. */
int journal_unacked(const char *path,
		    void (*fn)(void *ctx, const char *alarm_id, const char *action,
			       const char *detail),
		    void *ctx);

/* Calls fn for every received-message row (rx.alarm, rx.snapshot,
 * rx.update, rx.device, rx.notice; detail = the frame) of the journal at
 * path, in order, until fn returns non-zero. 0, or -1 with err filled. */
int journal_each_rx(const char *path,
		    int (*fn)(void *ctx, int64_t wall_ms, const char *action, const char *frame),
		    void *ctx, char *err, size_t errlen);

/* The chain's hash of encoded rows (32 bytes into out), one digest context
 * kept for all of them: EVP_Digest would make and fetch one a row. NULL /
 * -1 when OpenSSL cannot. One thread at a time. */
struct journal_hasher;
struct journal_hasher *journal_hasher_new(enum journal_alg alg);
int journal_hasher_run(struct journal_hasher *h, const uint8_t *data, size_t len, uint8_t *out);
void journal_hasher_free(struct journal_hasher *h);
const char *journal_alg_name(enum journal_alg alg);
int journal_alg_parse(const char *s, enum journal_alg *out);

/* The sidecar anchor file of a journal: "<path>.anchor". */
void journal_anchor_path(const char *path, char *buf, size_t len);
/* Reads the sidecar: 0 and (seq, hash) or -1 when absent/malformed. */
int journal_read_anchor(const char *path, uint64_t *seq, uint8_t *hash, size_t *hash_len);

#endif
