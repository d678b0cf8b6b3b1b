/* Tests of the alert engine through its file sink, read back with
 * libsndfile: the policy (app/core/alert) runs on a virtual clock and the
 * engine renders each sound at its time on the file's time line. From the
 * decoded audio the test finds which sounds played (each alert has its own
 * frequency), in which order and when: repeat stops on claim, silence
 * expires, a more urgent alarm breaks a silence, voice prompts mix in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../audio/audio.h"

struct onset {
	double t;    /* seconds */
	double freq; /* Hz, from zero crossings in its first 80 ms */
};

/* Splits the recording at gaps of 400 ms of silence. */
static int onsets(const float *x, size_t n, struct onset *out, int max)
{
	int k = 0;
	size_t quiet = AUDIO_RATE;

	for (size_t i = 0; i < n && k < max; i++) {
		if (fabsf(x[i]) < 0.02f) {
			quiet++;
			continue;
		}
		if (quiet >= (size_t)(AUDIO_RATE * 0.4)) {
			size_t end = i + AUDIO_RATE * 8 / 100 < n ? i + AUDIO_RATE * 8 / 100 : n;
			int crossings = 0;
			for (size_t j = i + 1; j < end; j++)
				crossings += (x[j - 1] < 0) != (x[j] < 0);
			out[k].t = (double)i / AUDIO_RATE;
			out[k].freq = crossings / 2.0 / ((double)(end - i) / AUDIO_RATE);
			k++;
		}
		quiet = 0;
	}
	return k;
}

static void closed(void *ctx)
{
	*(int *)ctx = 1;
}

static struct audio *open_file_sink(uv_loop_t *loop, const char *path)
{
	struct audio_opts o = {.sounds_dir = "data/sounds", .file_out = path};
	char why[300];
	struct audio *a;

	for (int i = 0; i < ALERT_SOUND_COUNT; i++)
		o.gain[i] = 1.0f;
	a = audio_open(loop, &o, NULL, NULL, why, sizeof why);
	if (a == NULL)
		fail_msg("audio_open: %s", why);
	return a;
}

static float *decode(const char *path, size_t *n)
{
	char why[300];
	float *x = audio_load(path, n, why, sizeof why);
	if (x == NULL)
		fail_msg("%s", why);
	return x;
}

static void expect(const struct onset *o, double t, double f)
{
	if (fabs(o->t - t) > 0.005 || fabs(o->freq - f) > f * 0.06)
		fail_msg("onset at %.3f s, %.0f Hz: expected %.3f s, %.0f Hz", o->t, o->freq, t, f);
}

/* The policy on a virtual clock, the engine rendering at those times. */
static void policy_timeline(void **state)
{
	char path[] = "/tmp/ad-audio-XXXXXX.wav";
	int fd = mkstemps(path, 4), done = 0;
	uv_loop_t loop;
	struct audio *a;
	struct alert_policy p;
	struct alert_view v = {0};
	struct alert_action act;
	struct onset o[32];
	size_t n;
	float *x;
	int k;
	int64_t t0;

	close(fd);
	uv_loop_init(&loop);
	a = open_file_sink(&loop, path);
	t0 = audio_t0_us(a);
	alert_init(&p);
	p.silence_ms = 5000;
	for (int64_t ms = 0; ms <= 30000; ms += 250) {
		/* the story of this half minute */
		if (ms == 0)
			v = (struct alert_view){.top_priority = 2, .top_class = ALARM_CLASS_INTRUSION,
						.top_received_ms = 0, .newest_priority = 2};
		if (ms == 7000)
			v.top_priority = 0; /* claimed */
		if (ms == 9000)
			v = (struct alert_view){.top_priority = 2, .top_class = ALARM_CLASS_INTRUSION,
						.top_received_ms = 9000, .newest_priority = 2};
		if (ms == 10000)
			alert_silence(&p, &v, ms);
		if (ms == 12000) /* a newer panic alarm breaks the silence */
			v = (struct alert_view){.top_priority = 1, .top_class = ALARM_CLASS_PANIC,
						.top_received_ms = 12000, .newest_priority = 1};
		if (ms == 17000)
			v = (struct alert_view){.top_priority = 2, .top_class = ALARM_CLASS_MEDICAL,
						.top_received_ms = 9000, .newest_priority = 2};
		if (ms == 18000)
			alert_silence(&p, &v, ms); /* expires at 23 s */
		alert_step(&p, &v, ms, &act);
		if (act.sound != ALERT_NONE)
			audio_play_at(a, act.sound, t0 + ms * 1000);
	}
	audio_close(a, closed, &done);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_true(done);
	assert_int_equal(uv_loop_close(&loop), 0);

	x = decode(path, &n);
	k = onsets(x, n, o, 32);
	/* intrusion 0 and 5 s; claimed at 7 s: silence until the 9 s alarm;
	 * silenced at 10 s; panic breaks it at 12 s, repeats at 15 s; medical
	 * leads at 17 s; silenced at 18 s; expires at 23 s, repeats at 28 s. */
	if (k != 8) {
		for (int i = 0; i < k; i++)
			fprintf(stderr, "onset %.3f s %.0f Hz\n", o[i].t, o[i].freq);
		fail_msg("%d onsets, expected 8", k);
	}
	expect(&o[0], 0.0, 880);
	expect(&o[1], 5.0, 880);
	expect(&o[2], 9.0, 880);
	expect(&o[3], 12.0, 1200);
	expect(&o[4], 15.0, 1200);
	expect(&o[5], 17.0, 660);
	expect(&o[6], 23.0, 660);
	expect(&o[7], 28.0, 660);
	free(x);
	unlink(path);
}

/* A new alert cuts the one playing; a voice prompt mixes over an alert and
 * the sum is clipped, never wrapped. */
static void channels_and_clipping(void **state)
{
	char path[] = "/tmp/ad-audio-XXXXXX.wav";
	int fd = mkstemps(path, 4), done = 0;
	uv_loop_t loop;
	struct audio *a;
	size_t n, panic_frames;
	float *x, *panic, peak = 0;
	char why[200];
	int64_t t0;

	close(fd);
	uv_loop_init(&loop);
	a = open_file_sink(&loop, path);
	t0 = audio_t0_us(a);
	audio_play_at(a, ALERT_FIRE, t0);
	audio_play_at(a, ALERT_PANIC, t0 + 200000); /* cuts the fire alert at 0.2 s */
	audio_play_at(a, ALERT_VOICE_OFFLINE, t0 + 300000);
	audio_close(a, closed, &done);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);

	x = decode(path, &n);
	panic = audio_load("data/sounds/panic.wav", &panic_frames, why, sizeof why);
	assert_non_null(panic);
	/* The file ends when the longer of panic and the voice ends. */
	assert_true(n >= (size_t)(0.2 * AUDIO_RATE) + panic_frames);
	/* 0.1 s in: fire (1000 Hz). 0.25 s in: panic (1200 Hz), alone. */
	{
		int c1 = 0, c2 = 0;
		for (size_t i = AUDIO_RATE / 20 + 1; i < AUDIO_RATE / 20 + AUDIO_RATE / 20; i++)
			c1 += (x[i - 1] < 0) != (x[i] < 0);
		for (size_t i = AUDIO_RATE / 4 + 1; i < AUDIO_RATE / 4 + AUDIO_RATE / 20; i++)
			c2 += (x[i - 1] < 0) != (x[i] < 0);
		assert_in_range(c1 * 10, 950, 1050);
		assert_in_range(c2 * 10, 1140, 1260);
	}
	for (size_t i = 0; i < n; i++)
		peak = fabsf(x[i]) > peak ? fabsf(x[i]) : peak;
	assert_true(peak <= 1.0f);
	free(x);
	free(panic);
	unlink(path);
}

static void missing_sound_file_is_reported(void **state)
{
	uv_loop_t loop;
	struct audio_opts o = {.sounds_dir = "/nonexistent", .file_out = "/tmp/x.wav"};
	char why[300];

	uv_loop_init(&loop);
	assert_null(audio_open(&loop, &o, NULL, NULL, why, sizeof why));
	assert_non_null(strstr(why, "sound file missing or unreadable: /nonexistent/panic.wav"));
	o.sounds_dir = "data/sounds";
	o.override[ALERT_FIRE] = "/nonexistent/fire.wav";
	assert_null(audio_open(&loop, &o, NULL, NULL, why, sizeof why));
	assert_non_null(strstr(why, "/nonexistent/fire.wav"));
	assert_int_equal(uv_loop_close(&loop), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(policy_timeline),
		cmocka_unit_test(channels_and_clipping),
		cmocka_unit_test(missing_sound_file_is_reported),
	};
	return cmocka_run_group_tests_name("audio", tests, NULL, NULL);
}
