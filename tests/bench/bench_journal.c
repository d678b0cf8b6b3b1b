/* bench_journal.c — the journal against SQLite itself, in the same run:
 * (1) SQLite WAL synchronous=FULL, batches of 100 rows of the same shape;
 * (2) journal_append flat out until all rows are durable (group commit,
 *     hashing included), (1) and (2) three times interleaved, medians; (3) paced actions, one per ms, and the time from
 *     journal_append to the durable callback (p50, p99).
 * `bench_journal --fill PATH ROWS` only writes a journal of ROWS rows (for
 * the start-up bench). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "../../app/journal.h"
#include "bench.h"

#define N 100000
#define PACED 3000
#define RUNS 3 /* interleaved; medians */

static const char detail[] =
	"{\"type\":\"alarm\",\"seq\":1,\"alarm\":{\"id\":\"e1-1\",\"priority\":1,\"class\":\"panic\","
	"\"customer\":{\"name\":\"江城农商银行临江支行\",\"address\":{\"text\":\"江城市临江区临江大道66号\"}}}}";

static double now_s(void)
{
	return uv_hrtime() / 1e9;
}

static double sqlite_rate(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	double t0;

	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE t(seq INTEGER PRIMARY KEY, wall INTEGER, mono INTEGER, a TEXT,"
			 " b TEXT, c TEXT, d TEXT, e TEXT, f TEXT, g TEXT, h TEXT, ph BLOB, hh BLOB)",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?,1,2,'desk-01','op1','operator','live',"
			       "'e1-1','rx.alarm',?,'',zeroblob(32),zeroblob(32))", -1, &s, NULL);
	t0 = now_s();
	for (int i = 0; i < N; i += 100) {
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		for (int k = 0; k < 100; k++) {
			sqlite3_bind_int(s, 1, i + k + 1);
			sqlite3_bind_text(s, 2, detail, -1, SQLITE_STATIC);
			sqlite3_step(s);
			sqlite3_reset(s);
		}
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	t0 = now_s() - t0;
	sqlite3_finalize(s);
	sqlite3_close(db);
	return N / t0;
}

static uint64_t target, durable;
static double t_done;
static double sent_at[PACED + 2];
static double lat[PACED + 2];
static int nlat;
static struct journal *J;
static uv_timer_t pace;
static int paced;

static void durable_cb(void *ctx, uint64_t seq)
{
	double t = now_s();

	if (ctx != NULL) {
		for (uint64_t s = durable + 1; s <= seq; s++)
			if (s >= 1 && s <= PACED && sent_at[s] > 0)
				lat[nlat++] = t - sent_at[s];
	}
	durable = seq;
	if (seq >= target && t_done == 0)
		t_done = t;
}

static void pace_cb(uv_timer_t *t)
{
	uint64_t s = journal_append(J, "e1-1", "op.claim", "op_id=x-1", "pending");
	sent_at[s] = now_s();
	if (++paced == PACED)
		uv_timer_stop(t);
}

static void closed(void *ctx)
{
}

static int cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/ad-bench-XXXXXX", p1[64], p2[64], p3[64], err[256];
	struct journal_ident id = {"desk-01", "op1", "operator", "live"};
	struct journal_cb cb = {durable_cb, NULL, NULL};
	uv_loop_t loop;
	double raw, t0, flat, raws[RUNS], flats[RUNS];

	if (argc == 4 && strcmp(argv[1], "--fill") == 0) {
		uv_loop_init(&loop);
		J = journal_open(&loop, argv[2], JOURNAL_SHA256, &id, &cb, err, sizeof err);
		if (J == NULL) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		/* In chunks the writer's queue takes. */
		for (uint64_t all = strtoull(argv[3], NULL, 10), i = 0; i < all;) {
			target = i + 20000 < all ? i + 20000 : all;
			for (; i < target; i++)
				journal_append(J, "e1-1", "rx.alarm", detail, "");
			while (durable < target)
				uv_run(&loop, UV_RUN_ONCE);
		}
		journal_close(J, closed, NULL);
		uv_run(&loop, UV_RUN_DEFAULT);
		return 0;
	}
	mkdtemp(dir);
	snprintf(p3, sizeof p3, "%s/paced.db", dir);
	/* Interleaved, each on a fresh file: the disk's mood changes by the
	 * second. */
	for (int r = 0; r < RUNS; r++) {
		snprintf(p1, sizeof p1, "%s/raw%d.db", dir, r);
		snprintf(p2, sizeof p2, "%s/flat%d.db", dir, r);
		raws[r] = sqlite_rate(p1);
		uv_loop_init(&loop);
		J = journal_open(&loop, p2, JOURNAL_SHA256, &id, &cb, err, sizeof err);
		if (J == NULL) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		target = N;
		durable = 0;
		t_done = 0;
		t0 = now_s();
		for (int i = 0; i < N; i++)
			journal_append(J, "e1-1", "rx.alarm", detail, "");
		while (t_done == 0)
			uv_run(&loop, UV_RUN_ONCE);
		flats[r] = N / (t_done - t0);
		journal_close(J, closed, NULL);
		uv_run(&loop, UV_RUN_DEFAULT);
	}
	qsort(raws, RUNS, sizeof *raws, cmpd);
	qsort(flats, RUNS, sizeof *flats, cmpd);
	raw = raws[RUNS / 2];
	flat = flats[RUNS / 2];

	cb.ctx = &cb;
	durable = 0;
	t_done = 0;
	target = PACED;
	J = journal_open(&loop, p3, JOURNAL_SHA256, &id, &cb, err, sizeof err);
	uv_timer_init(&loop, &pace);
	uv_timer_start(&pace, pace_cb, 1, 1);
	while (t_done == 0)
		uv_run(&loop, UV_RUN_ONCE);
	uv_close((uv_handle_t *)&pace, NULL);
	journal_close(J, closed, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	qsort(lat, (size_t)nlat, sizeof *lat, cmpd);

	printf("SQLite WAL FULL, batches of 100:   %8.0f rows/s (median of %d)\n", raw, RUNS);
	printf("journal (hash chain, group commit): %8.0f rows/s  (%.0f%% of SQLite; median of %d)\n",
	       flat, 100 * flat / raw, RUNS);
	printf("action → durable, 1 action/ms:      p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d actions)\n",
	       lat[nlat / 2] * 1e3, lat[nlat * 99 / 100] * 1e3, lat[nlat - 1] * 1e3, nlat);
	bench_line("journal_rows", flat, "rows/s", raw, 0.7, true);
	{
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd))
			return 1;
	}
	return 0;
}
