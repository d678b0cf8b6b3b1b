/* journal_rx.c — reads back what a console received (the rx.* rows, each a
 * frame) in journal order, for `alarmdesk replay JOURNAL`. Read-only: the
 * file is opened with SQLITE_OPEN_READONLY. */
#include <sqlite3.h>
#include <stdio.h>

#include "journal.h"

int journal_each_rx(const char *path,
		    int (*fn)(void *ctx, int64_t wall_ms, const char *action, const char *frame),
		    void *ctx, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int rc = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT wall_ms, action, detail FROM journal WHERE action IN"
			       " ('rx.alarm', 'rx.snapshot', 'rx.update', 'rx.device', 'rx.notice',"
			       " 'rx.arm', 'rx.test', 'rx.signal')"
			       " AND pruned = 0 ORDER BY seq",
			       -1, &s, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: not a journal (%s)", path,
			 db ? sqlite3_errmsg(db) : "cannot open");
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
		       (const char *)sqlite3_column_text(s, 2)))
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
		rc = -1;
	} else {
		rc = 0;
	}
out:
	sqlite3_finalize(s);
	sqlite3_close(db);
	return rc;
}
