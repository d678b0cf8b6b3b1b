/* bench_audio.c — alarm frame → first audio sample written: decode the
 * frame, add it to the book, let the alert policy decide, hand the sound to
 * the engine, and time until the engine thread writes its first sample to
 * the sink. Run with HOME pointing at an .asoundrc whose default PCM is the
 * ALSA null device when the machine has no sound card (tests/bench/run.sh
 * does), else on the real device. Prints p50/p99 over 200 alarms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "../../app/core/alert.h"
#include "../../app/core/book.h"
#include "../../audio/audio.h"
#include "../../common/sites.h"
#include "../../net/proto.h"

#define N 200

static int64_t started_us;
static int64_t delay_us;

static void started_cb(void *ctx, enum alert_sound s, int64_t d)
{
	started_us = (int64_t)uv_hrtime() / 1000;
	delay_us = d;
}

static void closed(void *ctx)
{
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct audio_opts o = {.sounds_dir = "data/sounds", .file_out = argc > 1 ? argv[1] : NULL};
	static int64_t total[N];
	struct sites s;
	char err[300];
	uv_loop_t loop;
	struct audio *au;
	struct book *b = book_new(N + 1);

	if (sites_load(&s, "data/demo", err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (int i = 0; i < ALERT_SOUND_COUNT; i++)
		o.gain[i] = 1.0f;
	uv_loop_init(&loop);
	au = audio_open(&loop, &o, started_cb, NULL, err, sizeof err);
	if (au == NULL) {
		printf("audio: off (%s): nothing to measure\n", err);
		return 0;
	}
	for (int i = 0; i < N; i++) {
		struct alarm a;
		struct proto_msg m;
		struct alert_policy pol;
		struct alert_view v = {0};
		struct alert_action act;
		char id[32], *frame;
		int64_t t0;

		site_make_alarm(&s, &s.v[i % s.n], s.v[i % s.n].zones[0].no, "120", ALARM_CHANNEL_IP, &a);
		snprintf(id, sizeof id, "b-%d", i);
		a.id = id;
		a.received_ms = a.occurred_ms = 1;
		frame = proto_encode_alarm(&a, (uint64_t)i + 1);
		started_us = 0;
		t0 = (int64_t)uv_hrtime() / 1000;
		/* the console's path for one alarm frame */
		if (proto_decode(frame, strlen(frame), &m, err, sizeof err))
			return 1;
		book_add(b, &m.alarm);
		alert_init(&pol);
		v.top_priority = m.alarm.priority;
		v.top_class = m.alarm.cls;
		alert_step(&pol, &v, 0, &act);
		audio_play(au, act.sound);
		proto_msg_release(&m);
		free(frame);
		while (started_us == 0)
			uv_run(&loop, UV_RUN_ONCE);
		total[i] = started_us - t0; /* includes the loop learning of it */
		(void)delay_us;
		uv_sleep(15);
	}
	audio_close(au, closed, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	qsort(total, N, sizeof total[0], cmp);
	printf("alarm frame → first sample written (%s): p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d alarms)\n",
	       o.file_out ? "file sink" : "device sink", total[N / 2] / 1000.0,
	       total[N * 99 / 100] / 1000.0, total[N - 1] / 1000.0, N);
	book_free(b);
	sites_release(&s);
	return 0;
}
