/* store.c — SQLite persistence of the reference center. Prepared statements
 * are made once; every write happens inside store_begin/store_commit so a
 * burst of alarms costs one fsync. */
#include "store.h"

#include <openssl/rand.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"

enum {
	Q_APPEND, Q_FRAME, Q_APUT, Q_ADEL, Q_AEACH, Q_OPPUT, Q_OPGET, Q_PRUNE, Q_OLDEST, Q_ANCHOR,
	Q_ANCHORS, Q_RPUT, Q_REACH, Q_RSITE, Q_SEACH, Q_STPUT, Q_STDEL, Q_STTRIM, Q_STEACH, Q_HPUT, Q_HEACH,
	Q_OPUT, Q_OEACH, Q_SKIND, Q_IPUT, Q_IEACH, Q_FPUT, Q_FGET, Q_FPRUNE, Q_COUNT
};

static const char *const sql[Q_COUNT] = {
	[Q_APPEND] = "INSERT INTO stream(seq, at, frame) VALUES(?, ?, ?)",
	[Q_FRAME] = "SELECT frame FROM stream WHERE seq = ?",
	[Q_APUT] = "INSERT OR REPLACE INTO alarms(id, frame) VALUES(?, ?)",
	[Q_ADEL] = "DELETE FROM alarms WHERE id = ?",
	[Q_AEACH] = "SELECT frame FROM alarms ORDER BY rowid",
	[Q_OPPUT] = "INSERT OR REPLACE INTO ops(console, op_id, code, msg) VALUES(?, ?, ?, ?)",
	[Q_OPGET] = "SELECT code, msg FROM ops WHERE console = ? AND op_id = ?",
	[Q_PRUNE] = "DELETE FROM stream WHERE seq <= ?",
	[Q_OLDEST] = "SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM stream",
	[Q_ANCHOR] = "INSERT INTO anchors(console, anchor, at) VALUES(?, ?, ?)",
	[Q_ANCHORS] = "SELECT console, anchor, max(at) FROM anchors WHERE ?1 IS NULL OR console = ?1"
		      " GROUP BY console ORDER BY console",
	[Q_RPUT] = "INSERT OR REPLACE INTO records(id, received, frame) VALUES(?, ?, ?)",
	[Q_REACH] = "SELECT frame FROM records WHERE received >= ? AND received < ? ORDER BY received",
	[Q_RSITE] = "SELECT frame FROM records WHERE json_extract(frame, '$.alarm.customer.id') = ?"
		    " ORDER BY received DESC LIMIT ?",
	[Q_SEACH] = "SELECT seq, at, frame FROM stream WHERE seq >= ? ORDER BY seq",
	[Q_STPUT] = "INSERT OR REPLACE INTO standing(key, kind, at, frame) VALUES(?, ?, ?, ?)",
	[Q_STDEL] = "DELETE FROM standing WHERE key = ?",
	[Q_STTRIM] = "DELETE FROM standing WHERE kind = ?1 AND key NOT IN"
		     " (SELECT key FROM standing WHERE kind = ?1 ORDER BY at DESC, rowid DESC LIMIT ?2)",
	[Q_STEACH] = "SELECT frame FROM standing WHERE kind = ? AND at >= ? ORDER BY at, rowid",
	[Q_HPUT] = "INSERT OR REPLACE INTO heard(account, at) VALUES(?, ?)",
	[Q_HEACH] = "SELECT account, at FROM heard ORDER BY account",
	[Q_OPUT] = "INSERT OR REPLACE INTO orders(id, opened, frame) VALUES(?, ?, ?)",
	[Q_OEACH] = "SELECT frame FROM orders WHERE opened >= ? AND opened < ? ORDER BY opened",
	[Q_SKIND] = "SELECT count(*) FROM stream WHERE at >= ? AND at < ? AND frame LIKE ?",
	[Q_IPUT] = "INSERT OR REPLACE INTO images(alarm, n, at, jpeg) VALUES(?, ?, ?, ?)",
	[Q_IEACH] = "SELECT n, at, jpeg FROM images WHERE alarm = ? ORDER BY n",
	[Q_FPUT] = "INSERT OR REPLACE INTO frames(id, at) VALUES(?, ?)",
	[Q_FGET] = "SELECT 1 FROM frames WHERE id = ? AND at >= ?",
	[Q_FPRUNE] = "DELETE FROM frames WHERE at < ?",
};

static const char schema[] =
	"PRAGMA journal_mode=WAL;"
	"PRAGMA synchronous=FULL;"
	"CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS stream(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL,"
	" frame TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS alarms(id TEXT PRIMARY KEY, frame TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS ops(console TEXT NOT NULL, op_id TEXT NOT NULL,"
	" code INTEGER NOT NULL, msg TEXT NOT NULL, PRIMARY KEY(console, op_id));"
	"CREATE TABLE IF NOT EXISTS anchors(console TEXT NOT NULL, anchor TEXT NOT NULL,"
	" at INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS records(id TEXT PRIMARY KEY, received INTEGER NOT NULL,"
	" frame TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS records_received ON records(received);"
	"CREATE INDEX IF NOT EXISTS records_site ON records(json_extract(frame, '$.alarm.customer.id'),"
	" received);"
	"CREATE TABLE IF NOT EXISTS standing(key TEXT PRIMARY KEY, kind TEXT NOT NULL,"
	" at INTEGER NOT NULL, frame TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS heard(account TEXT PRIMARY KEY, at INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS frames(id TEXT PRIMARY KEY, at INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS orders(id TEXT PRIMARY KEY, opened INTEGER NOT NULL,"
	" frame TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS orders_opened ON orders(opened);"
	"CREATE TABLE IF NOT EXISTS images(alarm TEXT NOT NULL, n INTEGER NOT NULL,"
	" at INTEGER NOT NULL, jpeg BLOB NOT NULL, PRIMARY KEY(alarm, n));";

struct store {
	sqlite3 *db;
	sqlite3_stmt *q[Q_COUNT];
	char epoch[33];
	uint64_t head, oldest;
	unsigned frames_put;
	char err[256];
};

static int db_fail(struct store *st, const char *what)
{
	snprintf(st->err, sizeof st->err, "store: %s: %s", what, sqlite3_errmsg(st->db));
	return AD_EIO;
}

static int load_epoch(struct store *st)
{
	sqlite3_stmt *s;
	unsigned char rnd[8];
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT v FROM meta WHERE k = 'epoch'", -1, &s, NULL))
		return db_fail(st, "read epoch");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(st->epoch, sizeof st->epoch, "%s", (const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		return 0;
	}
	sqlite3_finalize(s);
	if (RAND_bytes(rnd, sizeof rnd) != 1) {
		snprintf(st->err, sizeof st->err, "store: no randomness for the epoch");
		return AD_EIO;
	}
	for (size_t i = 0; i < sizeof rnd; i++)
		sprintf(st->epoch + 2 * i, "%02x", rnd[i]);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO meta(k, v) VALUES('epoch', ?)", -1, &s, NULL))
		return db_fail(st, "write epoch");
	sqlite3_bind_text(s, 1, st->epoch, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "write epoch");
}

static int load_bounds(struct store *st)
{
	sqlite3_stmt *s = st->q[Q_OLDEST];

	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return db_fail(st, "read history bounds");
	}
	st->oldest = (uint64_t)sqlite3_column_int64(s, 0);
	st->head = (uint64_t)sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	return 0;
}

struct store *store_open(const char *path, char *err, size_t errlen)
{
	struct store *st = calloc(1, sizeof *st);

	if (st == NULL) {
		ad_err(err, errlen, "store: out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
		ad_err(err, errlen, "store: cannot open '%s': %s", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	sqlite3_busy_timeout(st->db, 2000);
	if (sqlite3_exec(st->db, schema, NULL, NULL, NULL)) {
		ad_err(err, errlen, "store: '%s': %s", path, sqlite3_errmsg(st->db));
		goto fail;
	}
	for (int i = 0; i < Q_COUNT; i++) {
		if (sqlite3_prepare_v3(st->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->q[i], NULL)) {
			ad_err(err, errlen, "store: '%s': %s", path, sqlite3_errmsg(st->db));
			goto fail;
		}
	}
	if (load_epoch(st) || load_bounds(st)) {
		ad_err(err, errlen, "%s", st->err);
		goto fail;
	}
	return st;
fail:
	store_close(st);
	return NULL;
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st->q[i]);
	sqlite3_close(st->db);
	free(st);
}

const char *store_epoch(const struct store *st)
{
	return st->epoch;
}

int store_join_epoch(struct store *st, const char *epoch, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int rc;

	if (strcmp(st->epoch, epoch) == 0)
		return 0;
	if (st->head != 0) {
		snprintf(err, errlen, "store: this state file is of epoch %s with %llu frames, the "
				      "cluster's epoch is %s: a node joins with its own file or a new one",
			 st->epoch, (unsigned long long)st->head, epoch);
		return -1;
	}
	if (sqlite3_prepare_v2(st->db, "UPDATE meta SET v = ? WHERE k = 'epoch'", -1, &s, NULL)) {
		snprintf(err, errlen, "store: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	sqlite3_bind_text(s, 1, epoch, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "store: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	snprintf(st->epoch, sizeof st->epoch, "%s", epoch);
	return 0;
}

uint64_t store_head(const struct store *st)
{
	return st->head;
}

uint64_t store_oldest(const struct store *st)
{
	return st->oldest;
}

const char *store_error(const struct store *st)
{
	return st->err;
}

int store_begin(struct store *st)
{
	return sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ? db_fail(st, "begin")
									  : 0;
}

int store_commit(struct store *st)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL)) {
		int rc = db_fail(st, "commit");
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		load_bounds(st);
		return rc;
	}
	return 0;
}

/* Runs a write statement whose parameters are already bound. */
static int run(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, what);
}

int store_append(struct store *st, uint64_t seq, const char *frame, int64_t at_ms)
{
	sqlite3_stmt *s = st->q[Q_APPEND];

	if (seq != st->head + 1) {
		snprintf(st->err, sizeof st->err, "store: seq %llu after head %llu",
			 (unsigned long long)seq, (unsigned long long)st->head);
		return AD_EINVAL;
	}
	sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
	sqlite3_bind_int64(s, 2, at_ms);
	sqlite3_bind_text(s, 3, frame, -1, SQLITE_STATIC);
	if (run(st, s, "append"))
		return AD_EIO;
	st->head = seq;
	if (st->oldest == 0)
		st->oldest = seq;
	return 0;
}

char *store_frame(struct store *st, uint64_t seq)
{
	sqlite3_stmt *s = st->q[Q_FRAME];
	char *out = NULL;

	sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
	if (sqlite3_step(s) == SQLITE_ROW)
		out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return out;
}

int store_alarm_put(struct store *st, const char *id, const char *frame)
{
	sqlite3_stmt *s = st->q[Q_APUT];
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, frame, -1, SQLITE_STATIC);
	return run(st, s, "save alarm");
}

int store_alarm_delete(struct store *st, const char *id)
{
	sqlite3_stmt *s = st->q[Q_ADEL];
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	return run(st, s, "delete alarm");
}

int store_alarm_each(struct store *st, void (*fn)(void *ctx, const char *frame), void *ctx)
{
	sqlite3_stmt *s = st->q[Q_AEACH];
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "load alarms");
}

int store_standing_put(struct store *st, const char *key, const char *kind, int64_t at_ms,
		       const char *frame, unsigned keep)
{
	sqlite3_stmt *s = st->q[Q_STPUT];
	int rc;

	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, at_ms);
	sqlite3_bind_text(s, 4, frame, -1, SQLITE_STATIC);
	rc = run(st, s, "save standing state");
	if (rc || keep == 0)
		return rc;
	s = st->q[Q_STTRIM];
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, keep);
	return run(st, s, "trim standing state");
}

int store_standing_delete(struct store *st, const char *key)
{
	sqlite3_stmt *s = st->q[Q_STDEL];
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return run(st, s, "delete standing state");
}

/* Steps s (bound already), fn on each row's frame (column 0) until it
 * returns non-zero; resets s. 0, or the store's error naming what. */
static int each_frame(struct store *st, sqlite3_stmt *s, int (*fn)(void *ctx, const char *frame),
		      void *ctx, const char *what)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, (const char *)sqlite3_column_text(s, 0)))
			break;
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(st, what);
}

int store_standing_each(struct store *st, const char *kind, int64_t since_ms,
			int (*fn)(void *ctx, const char *frame), void *ctx)
{
	sqlite3_stmt *s = st->q[Q_STEACH];

	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since_ms);
	return each_frame(st, s, fn, ctx, "load standing state");
}

int store_record_put(struct store *st, const char *id, int64_t received_ms, const char *frame)
{
	sqlite3_stmt *s = st->q[Q_RPUT];
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, received_ms);
	sqlite3_bind_text(s, 3, frame, -1, SQLITE_STATIC);
	return run(st, s, "save record");
}

/* Query q's frames of the period [from, to). */
static int period_each(struct store *st, int q, int64_t from_ms, int64_t to_ms,
		       int (*fn)(void *ctx, const char *frame), void *ctx, const char *what)
{
	sqlite3_bind_int64(st->q[q], 1, from_ms);
	sqlite3_bind_int64(st->q[q], 2, to_ms);
	return each_frame(st, st->q[q], fn, ctx, what);
}

int store_record_each(struct store *st, int64_t from_ms, int64_t to_ms,
		      int (*fn)(void *ctx, const char *frame), void *ctx)
{
	return period_each(st, Q_REACH, from_ms, to_ms, fn, ctx, "read records");
}

int64_t store_stream_count(struct store *st, const char *type, int64_t from_ms, int64_t to_ms)
{
	sqlite3_stmt *s = st->q[Q_SKIND];
	char like[48];
	int64_t n = -1;

	snprintf(like, sizeof like, "{\"type\":\"%s\"%%", type);
	sqlite3_bind_int64(s, 1, from_ms);
	sqlite3_bind_int64(s, 2, to_ms);
	sqlite3_bind_text(s, 3, like, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return n;
}

int store_order_put(struct store *st, const char *id, int64_t opened_ms, const char *frame)
{
	sqlite3_stmt *s = st->q[Q_OPUT];
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, opened_ms);
	sqlite3_bind_text(s, 3, frame, -1, SQLITE_STATIC);
	return run(st, s, "save work order");
}

int store_order_each(struct store *st, int64_t from_ms, int64_t to_ms,
		     int (*fn)(void *ctx, const char *frame), void *ctx)
{
	return period_each(st, Q_OEACH, from_ms, to_ms, fn, ctx, "read work orders");
}

int store_image_put(struct store *st, const char *alarm, int n, int64_t at_ms,
		    const unsigned char *data, size_t len)
{
	sqlite3_stmt *s = st->q[Q_IPUT];
	sqlite3_bind_text(s, 1, alarm, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, n);
	sqlite3_bind_int64(s, 3, at_ms);
	sqlite3_bind_blob(s, 4, data, (int)len, SQLITE_STATIC);
	return run(st, s, "save an alarm's image");
}

int store_image_each(struct store *st, const char *alarm,
		     int (*fn)(void *ctx, int n, int64_t at_ms, const void *data, size_t len),
		     void *ctx)
{
	sqlite3_stmt *s = st->q[Q_IEACH];
	int rc;

	sqlite3_bind_text(s, 1, alarm, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, sqlite3_column_int(s, 0), sqlite3_column_int64(s, 1),
		       sqlite3_column_blob(s, 2), (size_t)sqlite3_column_bytes(s, 2)))
			break;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, "read an alarm's images");
}

int store_site_records(struct store *st, const char *cust_id, int max,
		       int (*fn)(void *ctx, const char *frame), void *ctx)
{
	sqlite3_stmt *s = st->q[Q_RSITE];

	sqlite3_bind_text(s, 1, cust_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, max);
	return each_frame(st, s, fn, ctx, "read a site's records");
}

int store_stream_each(struct store *st, uint64_t from_seq,
		      int (*fn)(void *ctx, uint64_t seq, int64_t at_ms, const char *frame),
		      void *ctx)
{
	sqlite3_stmt *s = st->q[Q_SEACH];
	int rc;

	sqlite3_bind_int64(s, 1, (sqlite3_int64)from_seq);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, (uint64_t)sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
		       (const char *)sqlite3_column_text(s, 2)))
			break;
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(st, "read the stream");
}

int store_op_put(struct store *st, const char *console, const char *op_id, int code,
		 const char *msg)
{
	sqlite3_stmt *s = st->q[Q_OPPUT];
	sqlite3_bind_text(s, 1, console, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, op_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, code);
	sqlite3_bind_text(s, 4, msg, -1, SQLITE_STATIC);
	return run(st, s, "save op");
}

int store_op_get(struct store *st, const char *console, const char *op_id, int *code,
		 char **msg)
{
	sqlite3_stmt *s = st->q[Q_OPGET];
	int found = 0;

	sqlite3_bind_text(s, 1, console, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, op_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*code = sqlite3_column_int(s, 0);
		*msg = strdup((const char *)sqlite3_column_text(s, 1));
		found = 1;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return found;
}

int store_prune(struct store *st, uint64_t keep)
{
	sqlite3_stmt *s = st->q[Q_PRUNE];

	if (st->head <= keep || st->oldest > st->head - keep)
		return 0;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)(st->head - keep));
	if (run(st, s, "prune"))
		return AD_EIO;
	st->oldest = st->head - keep + 1;
	return 0;
}

int store_anchor_put(struct store *st, const char *console, const char *anchor, int64_t at_ms)
{
	sqlite3_stmt *s = st->q[Q_ANCHOR];
	sqlite3_bind_text(s, 1, console, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, anchor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, at_ms);
	return run(st, s, "save anchor");
}

int store_anchor_each(struct store *st, const char *console,
		      void (*fn)(void *ctx, const char *console, const char *anchor, int64_t at_ms),
		      void *ctx)
{
	sqlite3_stmt *s = st->q[Q_ANCHORS];
	int rc;

	if (console)
		sqlite3_bind_text(s, 1, console, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(s, 0),
		   (const char *)sqlite3_column_text(s, 1), sqlite3_column_int64(s, 2));
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "read anchors");
}

int store_heard_put(struct store *st, const char *account, int64_t at_ms)
{
	sqlite3_stmt *s = st->q[Q_HPUT];
	sqlite3_bind_text(s, 1, account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, at_ms);
	return run(st, s, "save a panel's last frame");
}

int store_frame_put(struct store *st, const char *id, int64_t at_ms)
{
	sqlite3_stmt *s = st->q[Q_FPUT];

	/* Now and then, those past any retry's window go. */
	if (++st->frames_put % 256 == 0) {
		sqlite3_bind_int64(st->q[Q_FPRUNE], 1, at_ms - STORE_FRAMES_KEEP_MS);
		if (run(st, st->q[Q_FPRUNE], "forget old frames"))
			return -1;
	}
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, at_ms);
	return run(st, s, "save a frame taken");
}

bool store_frame_taken(struct store *st, const char *id, int64_t since_ms)
{
	sqlite3_stmt *s = st->q[Q_FGET];
	bool found;

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since_ms);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return found;
}

int store_heard_each(struct store *st, void (*fn)(void *ctx, const char *account, int64_t at_ms),
		     void *ctx)
{
	sqlite3_stmt *s = st->q[Q_HEACH];
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "read the panels' last frames");
}
