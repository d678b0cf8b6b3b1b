/* journal_outbox.c — the ops a console journaled but never saw
 * acknowledged: after a restart they are sent again with their own op_id
 * (the center applies each op_id once). Read-only; runs at start. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

#define WINDOW 200000 /* rows looked at: the recent end of the journal */

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int journal_unacked(const char *path,
		    void (*fn)(void *ctx, const char *alarm_id, const char *action,
			       const char *detail),
		    void *ctx)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	char **acks = NULL;
	size_t n = 0, cap = 0;
	int found = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		goto out;
	/* action GLOB 'op.*': the index journal_ops (only op rows are read). */
	if (sqlite3_prepare_v2(db, "SELECT substr(detail, 7) FROM journal WHERE action GLOB 'op.*'"
				   " AND action = 'op.ack'"
				   " AND seq > (SELECT coalesce(max(seq), 0) FROM journal) - ?",
			       -1, &s, NULL))
		goto out;
	sqlite3_bind_int(s, 1, WINDOW);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			acks = realloc(acks, cap * sizeof *acks);
		}
		acks[n++] = strdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	if (n)
		qsort(acks, n, sizeof *acks, cmp);
	if (sqlite3_prepare_v2(db, "SELECT alarm_id, action, detail FROM journal"
				   " WHERE action GLOB 'op.*' AND action != 'op.ack' AND pruned = 0"
				   " AND seq > (SELECT coalesce(max(seq), 0) FROM journal) - ? ORDER BY seq",
			       -1, &s, NULL))
		goto out;
	sqlite3_bind_int(s, 1, WINDOW);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(s, 2);
		char id[80], *key = id;
		if (sscanf(detail, "op_id=%79s", id) != 1)
			continue;
		if (acks && bsearch(&key, acks, n, sizeof *acks, cmp))
			continue;
		fn(ctx, (const char *)sqlite3_column_text(s, 0),
		   (const char *)sqlite3_column_text(s, 1), detail);
		found++;
	}
out:
	sqlite3_finalize(s);
	sqlite3_close(db);
	for (size_t i = 0; i < n; i++)
		free(acks[i]);
	free(acks);
	return found;
}
