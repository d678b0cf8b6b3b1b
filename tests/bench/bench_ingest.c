/* bench_ingest.c — the console's ingest path without the network: decode
 * (strict proto_decode) and book insertion of realistic alarm frames,
 * against cJSON parsing alone measured in the same run; and the memory of
 * 100 000 open alarms. Prints medians of 5 runs. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/core/book.h"
#include "../../common/sites.h"
#include "../../net/proto.h"
#include "bench.h"

#define N 100000
#define RUNS 5

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(void)
{
	static char *frames[N];
	static size_t lens[N];
	double t_parse[RUNS], t_ingest[RUNS];
	struct sites s;
	char err[256];
	size_t total = 0;
	long rss0, rss1;

	if (sites_load(&s, "data/demo", err, sizeof err)) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	for (int i = 0; i < N; i++) {
		const struct site *st = &s.v[i % s.n];
		struct alarm a;
		char id[32];
		site_make_alarm(&s, st, st->zones[i % st->nzones].no, i % 3 ? "130" : "120",
				ALARM_CHANNEL_IP, &a);
		snprintf(id, sizeof id, "e1-%d", i + 1);
		a.id = id;
		a.received_ms = a.occurred_ms = 1763690000000 + i;
		frames[i] = proto_encode_alarm(&a, (uint64_t)i + 1);
		lens[i] = strlen(frames[i]);
		total += lens[i];
	}
	{
		/* Memory first, on a fresh heap: RSS growth of N open alarms. */
		struct book *b = book_new(N);
		rss0 = rss_kb();
		for (int i = 0; i < N; i++) {
			struct proto_msg m;
			if (proto_decode(frames[i], lens[i], &m, err, sizeof err) == 0) {
				book_add(b, &m.alarm);
				proto_msg_release(&m);
			}
		}
		rss1 = rss_kb();
		book_free(b);
	}
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_s();
		for (int i = 0; i < N; i++)
			cJSON_Delete(cJSON_ParseWithLength(frames[i], lens[i]));
		t_parse[r] = now_s() - t0;

		struct book *b = book_new(N);
		t0 = now_s();
		for (int i = 0; i < N; i++) {
			struct proto_msg m;
			if (proto_decode(frames[i], lens[i], &m, err, sizeof err)) {
				fprintf(stderr, "bench: %s\n", err);
				return 1;
			}
			book_add(b, &m.alarm);
			proto_msg_release(&m);
		}
		t_ingest[r] = now_s() - t0;
		book_free(b);
	}
	qsort(t_parse, RUNS, sizeof(double), cmp);
	qsort(t_ingest, RUNS, sizeof(double), cmp);
	printf("frames: %d alarm frames, mean %zu bytes\n", N, total / N);
	printf("cJSON parse only:        %8.0f frames/s (median of %d)\n", N / t_parse[RUNS / 2], RUNS);
	printf("strict decode + book:    %8.0f alarms/s (median of %d)\n", N / t_ingest[RUNS / 2], RUNS);
	printf("ratio ingest/parse:      %8.2f\n", t_parse[RUNS / 2] / t_ingest[RUNS / 2]);
	printf("book of %d open alarms: %ld KiB RSS growth (%.0f bytes/alarm)\n", N, rss1 - rss0,
	       (rss1 - rss0) * 1024.0 / N);
	bench_line("decode_book", N / t_ingest[RUNS / 2], "alarms/s", N / t_parse[RUNS / 2], 0.6, true);
	bench_line("rss_100k_open", (rss1 - rss0) / 1024.0, "MiB", 0, 64, false);
	for (int i = 0; i < N; i++)
		free(frames[i]);
	sites_release(&s);
	return 0;
}
