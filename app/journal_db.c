/* journal_db.c — the journal's SQLite file: its schema and the triggers
 * that refuse accidental changes, creating it whole or not at all, and
 * opening it for the writer. */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ad.h"
#include "journal-int.h"

static const char pragmas[] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS journal("
	" seq INTEGER PRIMARY KEY, wall_ms INTEGER NOT NULL, mono_ms INTEGER NOT NULL,"
	" console TEXT NOT NULL, operator TEXT NOT NULL, role TEXT NOT NULL, mode TEXT NOT NULL,"
	" alarm_id TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL,"
	" outcome TEXT NOT NULL, pruned INTEGER NOT NULL DEFAULT 0,"
	" prev_hash BLOB NOT NULL, hash BLOB NOT NULL);"
	"CREATE INDEX IF NOT EXISTS journal_alarm ON journal(alarm_id);"
	"CREATE INDEX IF NOT EXISTS journal_wall ON journal(wall_ms);"
	/* The operator's ops (a few of every thousand rows): the outbox finds
	 * those never acknowledged at start without reading the received
	 * frames (journal_outbox.c). */
	"CREATE INDEX IF NOT EXISTS journal_ops ON journal(seq) WHERE action GLOB 'op.*';"
	/* Accidents only: anyone with the file can drop these. Tamper evidence
	 * comes from the chain and the anchors. The one update allowed is the
	 * retention blanking of a row's bulky text (docs/journal.md). */
	"CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal"
	" BEGIN SELECT RAISE(ABORT, 'journal rows cannot be deleted'); END;"
	"CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal"
	" WHEN NOT (OLD.pruned = 0 AND NEW.pruned = 1 AND NEW.seq = OLD.seq"
	"  AND NEW.hash = OLD.hash AND NEW.prev_hash = OLD.prev_hash"
	"  AND NEW.action = OLD.action AND NEW.wall_ms = OLD.wall_ms"
	"  AND NEW.alarm_id = OLD.alarm_id)"
	" BEGIN SELECT RAISE(ABORT, 'journal rows cannot be changed'); END;";

/* A new journal appears whole or not at all: schema and first rows are
 * written to "<path>.new" (mode 0600 from its first byte) in one
 * transaction, then renamed into place. A path that exists is left alone,
 * unless it is empty (a crash of an older version between create and
 * schema), which counts as new. */
static int create_db(const char *path, enum journal_alg alg, char *err, size_t errlen)
{
	char tmp[1100], sql[2048];
	struct stat st;
	sqlite3 *db = NULL;
	int fd, rc;

	if (stat(path, &st) == 0) {
		if (st.st_size > 0)
			return 0;
	} else if (errno != ENOENT) {
		ad_err(err, errlen, "journal: cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof tmp, "%s.new", path);
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		ad_err(err, errlen, "journal: cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	snprintf(sql, sizeof sql,
		 "BEGIN;%sINSERT INTO meta(k, v) VALUES('alg', '%s'), ('version', '1');COMMIT;",
		 schema, journal_alg_name(alg));
	rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL) ||
	     sqlite3_exec(db, pragmas, NULL, NULL, NULL) || sqlite3_exec(db, sql, NULL, NULL, NULL);
	if (rc)
		ad_err(err, errlen, "journal: cannot create '%s': %s", path, sqlite3_errmsg(db));
	/* The last connection's close checkpoints and removes the WAL. */
	if (sqlite3_close(db) != SQLITE_OK && rc == 0) {
		ad_err(err, errlen, "journal: cannot create '%s': close failed", path);
		rc = 1;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		ad_err(err, errlen, "journal: cannot create '%s': %s", path, strerror(errno));
		rc = 1;
	}
	if (rc) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

int journal__db_open(const char *path, enum journal_alg alg, sqlite3 **db,
		     enum journal_alg *alg_out, sqlite3_stmt **ins, char *err, size_t errlen)
{
	sqlite3_stmt *s;

	if (create_db(path, alg, err, errlen))
		return -1;
	/* One thread at a time uses the connection (opened here, then the
	 * writer's, closed after it is joined): no mutex a call. */
	if (sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ||
	    sqlite3_exec(*db, pragmas, NULL, NULL, NULL) ||
	    sqlite3_exec(*db, schema, NULL, NULL, NULL)) {
		ad_err(err, errlen, "journal: '%s': %s", path, sqlite3_errmsg(*db));
		return -1;
	}
	sqlite3_busy_timeout(*db, 5000);
	/* The algorithm is fixed when the journal is created. */
	if (sqlite3_prepare_v2(*db, "SELECT v FROM meta WHERE k = 'alg'", -1, &s, NULL))
		goto sqlerr;
	if (sqlite3_step(s) == SQLITE_ROW) {
		if (journal_alg_parse((const char *)sqlite3_column_text(s, 0), alg_out)) {
			sqlite3_finalize(s);
			ad_err(err, errlen, "journal: '%s': unknown hash algorithm", path);
			return -1;
		}
	} else {
		char sql[200];
		*alg_out = alg;
		snprintf(sql, sizeof sql,
			 "INSERT INTO meta(k, v) VALUES('alg', '%s'), ('version', '1')",
			 journal_alg_name(alg));
		if (sqlite3_exec(*db, sql, NULL, NULL, NULL)) {
			sqlite3_finalize(s);
			goto sqlerr;
		}
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v3(*db,
			       "INSERT INTO journal(seq, wall_ms, mono_ms, console, operator, role,"
			       " mode, alarm_id, action, detail, outcome, prev_hash, hash)"
			       " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)",
			       -1, SQLITE_PREPARE_PERSISTENT, ins, NULL))
		goto sqlerr;
	return 0;
sqlerr:
	ad_err(err, errlen, "journal: '%s': %s", path, sqlite3_errmsg(*db));
	return -1;
}

