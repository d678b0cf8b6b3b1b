/* journal.c — the writer thread, group commit, the anchor sidecar and the
 * start-up recovery check. The loop thread only assigns seqs and queues
 * copies; the writer hashes, inserts and commits, then rings a uv_async
 * with the new durable seq (a high-water mark, so coalescing is harmless). */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/file.h"
#include "core/ad.h"
#include "journal-int.h"
#include "journal_verify.h"

#define BATCH_MAX 1024
#define ANCHOR_EVERY_MS 250

struct qrow {
	struct qrow *next;
	struct jrow r;
	size_t bytes;
	char mem[]; /* the row's strings */
};

struct journal {
	uv_loop_t *loop;
	char path[1024];
	enum journal_alg alg;
	struct journal_ident id;
	struct journal_cb cb;
	sqlite3 *db;
	sqlite3_stmt *ins;
	int lock_fd;
	uv_thread_t thread;
	uv_mutex_t mu;
	uv_cond_t cv;
	uv_async_t async;
	struct qrow *head, *tail;
	size_t queued_bytes;
	size_t queue_max;        /* past it rows are refused (full) */
	bool full;               /* under mu: rows were refused since it filled */
	uint64_t lost;           /* loop thread: rows refused while full */
	bool stop;
	uint64_t next_seq;       /* loop thread: next seq to hand out */
	uint64_t durable;        /* under mu */
	uint64_t anchor_seq;     /* under mu */
	char anchor_hex[2 * JROW_HASH_MAX + 1];
	char status[300];        /* under mu */
	bool status_changed;     /* under mu */
	uint64_t reported;       /* loop thread: last durable seq reported */
	/* writer thread only */
	struct journal_hasher *hasher;
	uint8_t last_hash[JROW_HASH_MAX];
	size_t last_len;
	uint64_t last_anchor_ms;
	void (*done_cb)(void *ctx);
	void *done_ctx;
};

/* Writer thread: writes "<path>.anchor" atomically. */
static void write_anchor(struct journal *j, uint64_t seq)
{
	char ap[1100], tmp[1110], hex[2 * JROW_HASH_MAX + 1];
	FILE *f;
	int fd;

	if (j->last_len == 0)
		memset(hex, '0', 64), hex[64] = '\0'; /* the empty journal */
	else
		jrow_hex(j->last_hash, j->last_len, hex);
	journal_anchor_path(j->path, ap, sizeof ap);
	snprintf(tmp, sizeof tmp, "%s.tmp", ap);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	fprintf(f, "alarmdesk-journal-anchor 1 seq %llu hash %s\n", (unsigned long long)seq, hex);
	if (fflush(f) == 0 && fsync(fd) == 0 && fclose(f) == 0 && rename(tmp, ap) == 0) {
		uv_mutex_lock(&j->mu);
		j->anchor_seq = seq;
		memcpy(j->anchor_hex, hex, sizeof hex);
		uv_mutex_unlock(&j->mu);
	}
}

/* A failed write is said, unless the queue is full: "JOURNAL FULL" (actions
 * refused) says more, and stays until the writer catches up. */
static void set_failed(struct journal *j, const char *why)
{
	uv_mutex_lock(&j->mu);
	if (!j->full) {
		snprintf(j->status, sizeof j->status,
			 "JOURNAL FAILED: %s (rows kept in memory, retrying)", why);
		j->status_changed = true;
	}
	uv_mutex_unlock(&j->mu);
}

/* Writes one batch in one transaction; 0 or -1 (rolled back, state kept). */
static int write_batch(struct journal *j, struct qrow *batch)
{
	uint8_t prev[JROW_HASH_MAX], enc_stack[4096], *enc;
	size_t prev_len = j->last_len;
	int rc = 0;

	memcpy(prev, j->last_hash, prev_len);
	if (sqlite3_exec(j->db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
		return -1;
	for (struct qrow *q = batch; q && rc == 0; q = q->next) {
		struct jrow *r = &q->r;
		uint8_t h[JROW_HASH_MAX];
		char prune_detail[200], prune_outcome[64];
		long long cutoff;
		size_t n;

		if (strcmp(r->action, "journal.prune") == 0 &&
		    sscanf(r->detail, "cutoff=%lld", &cutoff) == 1) {
			/* Retention runs here, in order, inside this transaction. */
			long k = journal__prune(j->db, j->alg, r->seq, cutoff, prune_detail,
						sizeof prune_detail);
			if (k < 0) {
				rc = -1;
				break;
			}
			snprintf(prune_outcome, sizeof prune_outcome, "blanked %ld rows", k);
			r->detail = prune_detail;
			r->outcome = prune_outcome;
		}
		memcpy(r->prev_hash, prev, prev_len);
		r->prev_len = prev_len;
		n = jrow_encoded_len(r);
		enc = n <= sizeof enc_stack ? enc_stack : malloc(n);
		if (enc == NULL || jrow_encode(r, enc, n) != n || journal_hasher_run(j->hasher, enc, n, h)) {
			rc = -1;
		} else {
			sqlite3_stmt *s = j->ins;
			const char *t[8] = {r->console, r->operator_, r->role, r->mode,
					    r->alarm_id, r->action, r->detail, r->outcome};
			sqlite3_bind_int64(s, 1, (sqlite3_int64)r->seq);
			sqlite3_bind_int64(s, 2, r->wall_ms);
			sqlite3_bind_int64(s, 3, r->mono_ms);
			for (int i = 0; i < 8; i++)
				sqlite3_bind_text(s, 4 + i, t[i], -1, SQLITE_STATIC);
			sqlite3_bind_blob(s, 12, prev, (int)prev_len, SQLITE_STATIC);
			sqlite3_bind_blob(s, 13, h, 32, SQLITE_STATIC);
			rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
			sqlite3_reset(s);
			memcpy(prev, h, 32);
			prev_len = 32;
		}
		if (enc != enc_stack)
			free(enc);
	}
	if (rc == 0 && sqlite3_exec(j->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
		memcpy(j->last_hash, prev, prev_len);
		j->last_len = prev_len;
		return 0;
	}
	set_failed(j, rc ? "cannot encode or hash a row" : sqlite3_errmsg(j->db));
	sqlite3_exec(j->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static void writer(void *arg)
{
	struct journal *j = arg;

	for (;;) {
		struct qrow *batch, *last = NULL, *q;
		size_t n = 0, bytes = 0;
		bool stopping, drained;

		uv_mutex_lock(&j->mu);
		while (j->head == NULL && !j->stop)
			uv_cond_wait(&j->cv, &j->mu);
		stopping = j->stop;
		batch = j->head;
		for (q = batch; q && n < BATCH_MAX; q = q->next) {
			last = q;
			n++;
			bytes += q->bytes;
		}
		if (last) {
			j->head = last->next;
			if (j->head == NULL)
				j->tail = NULL;
			last->next = NULL;
		}
		uv_mutex_unlock(&j->mu);
		if (batch == NULL && stopping)
			break;
		if (write_batch(j, batch)) {
			/* Put the batch back in front and retry in a second: a full
			 * disk may get space; nothing is dropped. */
			uv_mutex_lock(&j->mu);
			last->next = j->head;
			j->head = batch;
			if (j->tail == NULL)
				j->tail = last;
			uv_mutex_unlock(&j->mu);
			uv_async_send(&j->async);
			if (stopping) {
				/* Give up only at shutdown, and say so. */
				break;
			}
			uv_sleep(1000);
			continue;
		}
		uv_mutex_lock(&j->mu);
		j->durable = last->r.seq;
		j->queued_bytes -= bytes;
		if (!j->full && strncmp(j->status, "JOURNAL FAILED", 14) == 0) {
			j->status[0] = '\0';
			j->status_changed = true;
		}
		if (j->full && j->queued_bytes <= j->queue_max / 2) {
			j->full = false;
			j->status[0] = '\0';
			j->status_changed = true;
		}
		drained = j->head == NULL;
		uv_mutex_unlock(&j->mu);
		/* Anchor when the queue drains (so an idle journal is anchored at
		 * its head) and at least every ANCHOR_EVERY_MS under load. */
		if (uv_hrtime() / 1000000 - j->last_anchor_ms >= ANCHOR_EVERY_MS || stopping ||
		    drained) {
			write_anchor(j, last->r.seq);
			j->last_anchor_ms = uv_hrtime() / 1000000;
		}
		uv_async_send(&j->async);
		while (batch) {
			q = batch->next;
			free(batch);
			batch = q;
		}
	}
}

static void async_cb(uv_async_t *h)
{
	struct journal *j = h->data;
	uint64_t d;
	char status[300];
	bool changed;

	uv_mutex_lock(&j->mu);
	d = j->durable;
	changed = j->status_changed;
	j->status_changed = false;
	snprintf(status, sizeof status, "%s", j->status);
	uv_mutex_unlock(&j->mu);
	if (changed && status[0] == '\0' && j->lost) {
		/* Back from full: the gap itself is journaled. */
		char detail[120];
		snprintf(detail, sizeof detail, "%llu rows refused while the journal was full",
			 (unsigned long long)j->lost);
		j->lost = 0;
		journal_append(j, "", "journal.lost", detail, "");
	}
	if (changed && j->cb.problem)
		j->cb.problem(j->cb.ctx, status); /* "" when the problem cleared */
	if (d > j->reported) {
		j->reported = d;
		if (j->cb.durable)
			j->cb.durable(j->cb.ctx, d);
	}
}

static int open_db(struct journal *j, enum journal_alg alg, char *err, size_t errlen)
{
	char lock[1100];

	file_make_parents(j->path);
	/* One writer per journal: a second would fork the hash chain. */
	snprintf(lock, sizeof lock, "%s.lock", j->path);
	j->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (j->lock_fd < 0) {
		ad_err(err, errlen, "journal: cannot open '%s': %s", j->path, strerror(errno));
		return -1;
	}
	if (flock(j->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		ad_err(err, errlen,
		       "journal: '%s' is in use by another alarmdesk (each console needs its own "
		       "journal: --journal FILE)",
		       j->path);
		return -1;
	}
	return journal__db_open(j->path, alg, &j->db, &j->alg, &j->ins, err, errlen);
}

/* The chain continues from the last row actually in the file, whatever the
 * check found. */
static int load_head(struct journal *j, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(j->db, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1",
				    -1, &s, NULL);

	if (rc != SQLITE_OK) {
		ad_err(err, errlen, "journal: '%s': %s", j->path, sqlite3_errmsg(j->db));
		return -1;
	}
	j->next_seq = 1;
	j->last_len = 0;
	if (sqlite3_step(s) == SQLITE_ROW) {
		j->next_seq = (uint64_t)sqlite3_column_int64(s, 0) + 1;
		j->last_len = (size_t)sqlite3_column_bytes(s, 1);
		if (j->last_len > JROW_HASH_MAX)
			j->last_len = JROW_HASH_MAX;
		if (j->last_len)
			memcpy(j->last_hash, sqlite3_column_blob(s, 1), j->last_len);
	}
	sqlite3_finalize(s);
	j->durable = j->reported = j->next_seq - 1;
	return 0;
}

struct journal *journal_open(uv_loop_t *loop, const char *path, enum journal_alg alg,
			     const struct journal_ident *id, const struct journal_cb *cb,
			     char *err, size_t errlen)
{
	struct journal *j = calloc(1, sizeof *j);
	struct jverify_opts vo = {.from_anchor = true};
	struct jverify_result vr;

	if (j == NULL)
		return NULL;
	snprintf(j->path, sizeof j->path, "%s", path);
	j->loop = loop;
	j->id = *id;
	j->cb = *cb;
	j->lock_fd = -1;
	j->queue_max = JOURNAL_QUEUE_MAX_BYTES;
	if (open_db(j, alg, err, errlen)) {
		sqlite3_finalize(j->ins);
		sqlite3_close(j->db);
		if (j->lock_fd >= 0)
			close(j->lock_fd);
		free(j);
		return NULL;
	}
	/* Recovery: SQLite has replayed its WAL on open; check our chain from
	 * the last anchor and continue it from the last row. */
	jverify_file(path, &vo, &vr);
	if ((j->hasher = journal_hasher_new(j->alg)) == NULL)
		snprintf(err, errlen, "%s: cannot hash with %s (OpenSSL)", path,
			 journal_alg_name(j->alg));
	if (j->hasher == NULL || load_head(j, err, errlen)) {
		journal_hasher_free(j->hasher);
		sqlite3_finalize(j->ins);
		sqlite3_close(j->db);
		close(j->lock_fd);
		free(j);
		return NULL;
	}
	if (vr.status != JV_OK && !(vr.status == JV_TRUNCATED && vr.head_seq == 0 && vr.rows == 0))
		snprintf(j->status, sizeof j->status, "JOURNAL CHECK: %s", vr.what);
	j->status_changed = j->status[0] != '\0';
	uv_mutex_init(&j->mu);
	uv_cond_init(&j->cv);
	if (j->next_seq == 1) {
		/* A new journal is anchored at seq 0 at once, so that a missing
		 * anchor file always means someone removed it. */
		char ap[1100];
		journal_anchor_path(path, ap, sizeof ap);
		if (access(ap, F_OK) != 0)
			write_anchor(j, 0);
	}
	uv_async_init(loop, &j->async, async_cb);
	j->async.data = j;
	uv_thread_create(&j->thread, writer, j);
	if (j->status_changed)
		uv_async_send(&j->async);
	return j;
}

void journal_set_identity(struct journal *j, const struct journal_ident *id)
{
	j->id = *id;
}

static char *copy_str(char **p, const char *s, size_t n)
{
	char *out = *p;
	memcpy(out, s, n);
	out[n] = '\0';
	*p += n + 1;
	return out;
}

uint64_t journal_append(struct journal *j, const char *alarm_id, const char *action,
			const char *detail, const char *outcome)
{
	return journal_append_n(j, alarm_id, action, detail ? detail : "",
				detail ? strlen(detail) : 0, outcome);
}

uint64_t journal_append_n(struct journal *j, const char *alarm_id, const char *action,
			  const char *detail, size_t detail_len, const char *outcome)
{
	const char *parts[] = {j->id.console, j->id.operator_, j->id.role, j->id.mode,
			       alarm_id, action, detail, outcome};
	size_t len[8], total = 0;
	struct qrow *q;
	uint64_t seq;
	char *p;

	for (size_t i = 0; i < 8; i++) {
		if (parts[i] == NULL)
			parts[i] = "";
		len[i] = i == 6 ? detail_len : strlen(parts[i]);
		total += len[i] + 1;
	}
	q = malloc(sizeof *q + total);
	if (q == NULL)
		abort(); /* recovery is restart + journal + resume */
	memset(&q->r, 0, sizeof q->r);
	q->next = NULL;
	q->bytes = sizeof *q + total;
	p = q->mem;
	q->r.console = copy_str(&p, parts[0], len[0]);
	q->r.operator_ = copy_str(&p, parts[1], len[1]);
	q->r.role = copy_str(&p, parts[2], len[2]);
	q->r.mode = copy_str(&p, parts[3], len[3]);
	q->r.alarm_id = copy_str(&p, parts[4], len[4]);
	q->r.action = copy_str(&p, parts[5], len[5]);
	q->r.detail = copy_str(&p, parts[6], len[6]);
	q->r.outcome = copy_str(&p, parts[7], len[7]);
	{
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		q->r.wall_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		q->r.mono_ms = (int64_t)(uv_hrtime() / 1000000);
	}
	uv_mutex_lock(&j->mu);
	if (j->queued_bytes + q->bytes > j->queue_max && !j->stop) {
		/* The disk does not take rows and the memory for them is used
		 * up: the loop never waits, the row is refused and counted, and
		 * the console refuses actions until the writer catches up. */
		if (!j->full) {
			j->full = true;
			snprintf(j->status, sizeof j->status,
				 "JOURNAL FULL: %zu MiB of rows wait for the disk; actions refused "
				 "until it takes them",
				 (j->queued_bytes + (1u << 20) - 1) >> 20);
			j->status_changed = true;
			uv_async_send(&j->async);
		}
		uv_mutex_unlock(&j->mu);
		j->lost++;
		free(q);
		return 0;
	}
	seq = q->r.seq = j->next_seq++;
	if (j->tail)
		j->tail->next = q;
	else
		j->head = q;
	j->tail = q;
	j->queued_bytes += q->bytes;
	uv_cond_signal(&j->cv);
	uv_mutex_unlock(&j->mu);
	/* q is the writer's from here: it may be written and freed already. */
	return seq;
}

uint64_t journal_prune(struct journal *j, int64_t cutoff_ms)
{
	char detail[64];

	snprintf(detail, sizeof detail, "cutoff=%lld", (long long)cutoff_ms);
	return journal_append(j, "", "journal.prune", detail, "");
}

void journal_set_queue_max(struct journal *j, size_t bytes)
{
	uv_mutex_lock(&j->mu);
	j->queue_max = bytes;
	uv_mutex_unlock(&j->mu);
}

bool journal_full(struct journal *j)
{
	bool full;

	uv_mutex_lock(&j->mu);
	full = j->full;
	uv_mutex_unlock(&j->mu);
	return full;
}

uint64_t journal_durable(const struct journal *j)
{
	return j->reported;
}

uint64_t journal_anchor(const struct journal *j, char *hex, size_t len)
{
	uint64_t s;
	uv_mutex_lock((uv_mutex_t *)&j->mu);
	s = j->anchor_seq;
	snprintf(hex, len, "%s", j->anchor_hex);
	uv_mutex_unlock((uv_mutex_t *)&j->mu);
	return s;
}

const char *journal_status(const struct journal *j)
{
	return j->status;
}

const char *journal_path(const struct journal *j)
{
	return j->path;
}

static void closed_cb(uv_handle_t *h)
{
	struct journal *j = h->data;
	void (*done)(void *) = j->done_cb;
	void *ctx = j->done_ctx;
	struct qrow *q = j->head;

	while (q) {
		struct qrow *n = q->next;
		free(q);
		q = n;
	}
	uv_mutex_destroy(&j->mu);
	uv_cond_destroy(&j->cv);
	journal_hasher_free(j->hasher);
	free(j);
	if (done)
		done(ctx);
}

void journal_close(struct journal *j, void (*done_cb)(void *ctx), void *ctx)
{
	uv_mutex_lock(&j->mu);
	j->stop = true;
	uv_cond_broadcast(&j->cv);
	uv_mutex_unlock(&j->mu);
	uv_thread_join(&j->thread);
	async_cb(&j->async); /* report the last durable seq */
	sqlite3_finalize(j->ins);
	sqlite3_close(j->db);
	close(j->lock_fd); /* releases the writer lock */
	j->done_cb = done_cb;
	j->done_ctx = ctx;
	uv_close((uv_handle_t *)&j->async, closed_cb);
}
