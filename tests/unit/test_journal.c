/* Tests of the journal with real files: rows written by the writer thread
 * verify; each kind of tampering (edit, delete, reorder, insert, truncate,
 * anchor removal, forged retention) is caught and the row named; retention
 * keeps the chain verifiable; a second writer is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../app/journal.h"
#include "../../app/journal_verify.h"

static char dir[64], path[128];
static uint64_t durable_seen;

static void durable_cb(void *ctx, uint64_t seq)
{
	durable_seen = seq;
}

static void closed_cb(void *ctx)
{
	*(int *)ctx = 1;
}

/* Writes n rows (every third an alarm row, at wall times in the past when
 * old is set) and closes the journal. */
static void write_rows(const char *p, int n, enum journal_alg alg)
{
	uv_loop_t loop;
	struct journal_ident id = {"desk-01", "值机员甲", "operator", "live"};
	struct journal_cb cb = {durable_cb, NULL, NULL};
	char err[256], detail[64], alarm[32];
	struct journal *j;
	int done = 0;

	uv_loop_init(&loop);
	j = journal_open(&loop, p, alg, &id, &cb, err, sizeof err);
	assert_non_null(j);
	for (int i = 0; i < n; i++) {
		snprintf(alarm, sizeof alarm, "A-%d", i / 3);
		snprintf(detail, sizeof detail, "{\"n\":%d,\"客户\":\"江城\"}", i);
		journal_append(j, alarm, i % 3 ? "op.claim" : "rx.alarm", detail, i % 3 ? "pending" : "");
	}
	journal_close(j, closed_cb, &done);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_true(done);
	assert_int_equal(uv_loop_close(&loop), 0);
}

static void verify(const char *p, enum jverify_status want, uint64_t bad_seq, const char *msg)
{
	struct jverify_opts o = {.integrity = true};
	struct jverify_result r;

	jverify_file(p, &o, &r);
	if (r.status != want || (bad_seq && r.bad_seq != bad_seq) ||
	    (msg && strstr(r.what, msg) == NULL))
		fail_msg("%s: got status %d at row %llu ('%s'), want %d at %llu '%s'", p, r.status,
			 (unsigned long long)r.bad_seq, r.what, want, (unsigned long long)bad_seq,
			 msg ? msg : "");
}

/* Copies the journal and runs sql on the copy with the triggers dropped,
 * as someone with file access would. */
static void tamper(const char *sql, char *out, size_t len)
{
	static int n;
	char cmd[512];
	sqlite3 *db;

	snprintf(out, len, "%s/copy%d.db", dir, n++);
	snprintf(cmd, sizeof cmd, "cp %s %s && cp %s.anchor %s.anchor", path, out, path, out);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(sqlite3_open(out, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER journal_no_delete; DROP TRIGGER journal_no_update;",
				      NULL, NULL, NULL), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

static int setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/ad-journal-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/journal.db", dir);
	write_rows(path, 300, JOURNAL_SHA256);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static void clean_journal_verifies(void **state)
{
	verify(path, JV_OK, 0, "ok: 300 rows");
	assert_int_equal(durable_seen, 300);
}

static void reopening_continues_the_chain(void **state)
{
	char p[160];
	snprintf(p, sizeof p, "%s/two.db", dir);
	write_rows(p, 10, JOURNAL_SM3);
	write_rows(p, 10, JOURNAL_SHA256); /* the algorithm of a journal never changes */
	verify(p, JV_OK, 0, "ok: 20 rows");
	verify(p, JV_OK, 0, "sm3");
}

static void triggers_stop_accidents(void **state)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM journal WHERE seq = 5", NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "cannot be deleted"));
	assert_int_not_equal(sqlite3_exec(db, "UPDATE journal SET detail = 'x' WHERE seq = 5", NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "cannot be changed"));
	sqlite3_close(db);
	verify(path, JV_OK, 0, NULL);
}

static void edit_is_caught(void **state)
{
	char p[160];
	tamper("UPDATE journal SET outcome = 'ok' WHERE seq = 42", p, sizeof p);
	verify(p, JV_TAMPERED, 42, "content does not match its hash");
	tamper("UPDATE journal SET wall_ms = wall_ms - 1000 WHERE seq = 7", p, sizeof p);
	verify(p, JV_TAMPERED, 7, "content does not match");
	tamper("UPDATE journal SET operator = '值机员乙' WHERE seq = 100", p, sizeof p);
	verify(p, JV_TAMPERED, 100, NULL);
}

static void delete_is_caught(void **state)
{
	char p[160];
	tamper("DELETE FROM journal WHERE seq = 150", p, sizeof p);
	verify(p, JV_TAMPERED, 151, "expected seq 150");
}

static void reorder_is_caught(void **state)
{
	char p[160];
	/* Swap the contents of rows 20 and 21 (keeping each seq). */
	tamper("CREATE TEMP TABLE t AS SELECT * FROM journal WHERE seq IN (20, 21);"
	       "UPDATE journal SET detail = (SELECT detail FROM t WHERE seq = 21),"
	       " action = (SELECT action FROM t WHERE seq = 21) WHERE seq = 20;"
	       "UPDATE journal SET detail = (SELECT detail FROM t WHERE seq = 20),"
	       " action = (SELECT action FROM t WHERE seq = 20) WHERE seq = 21;",
	       p, sizeof p);
	verify(p, JV_TAMPERED, 20, NULL);
	/* Or move whole rows, hashes and all. */
	tamper("UPDATE journal SET seq = -1 WHERE seq = 30; UPDATE journal SET seq = 30 WHERE seq = 31;"
	       "UPDATE journal SET seq = 31 WHERE seq = -1;",
	       p, sizeof p);
	verify(p, JV_TAMPERED, 30, NULL);
}

static void insert_is_caught(void **state)
{
	char p[160];
	tamper("INSERT INTO journal SELECT 301, wall_ms, mono_ms, console, operator, role, mode,"
	       " alarm_id, action, 'forged', outcome, 0, hash, hash FROM journal WHERE seq = 300",
	       p, sizeof p);
	verify(p, JV_TAMPERED, 301, "content does not match");
	tamper("INSERT INTO journal SELECT 400, wall_ms, mono_ms, console, operator, role, mode,"
	       " alarm_id, action, detail, outcome, 0, prev_hash, hash FROM journal WHERE seq = 300",
	       p, sizeof p);
	verify(p, JV_TAMPERED, 400, "expected seq 301");
}

static void truncate_is_caught(void **state)
{
	char p[160], cmd[200];
	tamper("DELETE FROM journal WHERE seq > 290", p, sizeof p);
	verify(p, JV_TRUNCATED, 0, "rows were removed from the end");
	snprintf(cmd, sizeof cmd, "rm %s.anchor", p);
	assert_int_equal(system(cmd), 0);
	verify(p, JV_TRUNCATED, 0, "no anchor file");
	/* Against an anchor kept elsewhere (the center's copy). */
	{
		struct jverify_opts o = {.anchor = "300:0000000000000000000000000000000000000000000000000000000000000000"};
		struct jverify_result r;
		jverify_file(p, &o, &r);
		assert_int_equal(r.status, JV_TRUNCATED);
	}
}

static void corrupt_file_is_reported(void **state)
{
	char p[160], cmd[300];
	snprintf(p, sizeof p, "%s/corrupt.db", dir);
	snprintf(cmd, sizeof cmd,
		 "cp %s %s && dd if=/dev/urandom of=%s bs=1024 seek=3 count=4 conv=notrunc 2>/dev/null",
		 path, p, p);
	assert_int_equal(system(cmd), 0);
	{
		struct jverify_opts o = {.integrity = true};
		struct jverify_result r;
		jverify_file(p, &o, &r);
		assert_true(r.status == JV_CORRUPT || r.status == JV_UNUSABLE || r.status == JV_TAMPERED);
	}
	verify("/nonexistent/j.db", JV_UNUSABLE, 0, "cannot open");
}

static void retention_keeps_the_chain(void **state)
{
	char p[160], cmd[300];
	uv_loop_t loop;
	struct journal_ident id = {"desk-01", "op", "operator", "live"};
	struct journal_cb cb = {durable_cb, NULL, NULL};
	struct journal *j;
	sqlite3 *db;
	sqlite3_stmt *s;
	char err[256];
	int done = 0;

	snprintf(p, sizeof p, "%s/retention.db", dir);
	snprintf(cmd, sizeof cmd, "cp %s %s && cp %s.anchor %s.anchor", path, p, path, p);
	assert_int_equal(system(cmd), 0);
	/* An incident: its rows must survive. */
	uv_loop_init(&loop);
	j = journal_open(&loop, p, JOURNAL_SHA256, &id, &cb, err, sizeof err);
	assert_non_null(j);
	journal_append(j, "A-5", "flow.incident", "", "incident");
	journal_prune(j, INT64_MAX); /* everything is "old" */
	journal_append(j, "A-99", "rx.alarm", "{}", "");
	journal_close(j, closed_cb, &done);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	verify(p, JV_OK, 0, "(99 blanked by retention)");

	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	sqlite3_prepare_v2(db, "SELECT count(*) FROM journal WHERE pruned = 1 AND action NOT LIKE 'rx.%'",
			   -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 0); /* operator actions are kept */
	sqlite3_finalize(s);
	sqlite3_prepare_v2(db, "SELECT pruned, detail FROM journal WHERE alarm_id = 'A-5' AND action = 'rx.alarm'",
			   -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 0); /* the incident's alarm is kept */
	sqlite3_finalize(s);
	sqlite3_close(db);

	{
		char q[160];
		snprintf(cmd, sizeof cmd, "cp %s %s/src.db && cp %s.anchor %s/src.db.anchor", p, dir, p, dir);
		assert_int_equal(system(cmd), 0);
		snprintf(path, sizeof path, "%s/src.db", dir);
		/* Blanking a row by hand looks like retention but no record covers it. */
		tamper("UPDATE journal SET pruned = 1, detail = '' WHERE seq = 302", q, sizeof q);
		verify(q, JV_TAMPERED, 302, NULL);
		/* Editing what remains of a blanked row breaks the record's digest. */
		tamper("UPDATE journal SET alarm_id = 'A-77' WHERE seq = 4", q, sizeof q);
		verify(q, JV_TAMPERED, 0, "do not match its record");
		snprintf(path, sizeof path, "%s/journal.db", dir);
	}
}

static void second_writer_refused(void **state)
{
	uv_loop_t loop;
	struct journal_ident id = {"desk-01", "op", "operator", "live"};
	struct journal_cb cb = {NULL, NULL, NULL};
	struct journal *a, *b;
	char err[256];
	int done = 0;

	uv_loop_init(&loop);
	a = journal_open(&loop, path, JOURNAL_SHA256, &id, &cb, err, sizeof err);
	assert_non_null(a);
	b = journal_open(&loop, path, JOURNAL_SHA256, &id, &cb, err, sizeof err);
	assert_null(b);
	assert_non_null(strstr(err, "in use by another alarmdesk"));
	journal_close(a, closed_cb, &done);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
	assert_null(journal_open(&loop, "/proc/nope/j.db", JOURNAL_SHA256, &id, &cb, err, sizeof err));
	assert_non_null(strstr(err, "journal: cannot open '/proc/nope/j.db': No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_journal_verifies),
		cmocka_unit_test(reopening_continues_the_chain),
		cmocka_unit_test(triggers_stop_accidents),
		cmocka_unit_test(edit_is_caught),
		cmocka_unit_test(delete_is_caught),
		cmocka_unit_test(reorder_is_caught),
		cmocka_unit_test(insert_is_caught),
		cmocka_unit_test(truncate_is_caught),
		cmocka_unit_test(corrupt_file_is_reported),
		cmocka_unit_test(retention_keeps_the_chain),
		cmocka_unit_test(second_writer_refused),
	};
	return cmocka_run_group_tests_name("journal", tests, setup, teardown);
}
