/* engine.c — mixer thread and sinks. The device sink writes 10 ms blocks
 * with PortAudio's blocking API (so the thread, not an RT callback, owns
 * the mixing, and nothing here runs at real-time priority); the file sink
 * renders each sound at the time it was asked for, so the file is a record
 * of the session's audio time line. */
#include "audio.h"

#include <alsa/asoundlib.h>
#include <fcntl.h>
#include <jack/jack.h>
#include <portaudio.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>

#define BLOCK 480 /* 10 ms */
#define QUEUE 64
#define CHANNELS 2 /* 0: alerts, 1: voice prompts */

struct voice {
	const float *pcm;
	size_t frames, pos;
	float gain;
	enum alert_sound sound;
	int64_t asked_us; /* when audio_play was called */
	bool started;
};

struct cmd {
	enum alert_sound sound;
	int64_t at_us; /* monotonic, from uv_hrtime */
};

struct started {
	enum alert_sound sound;
	int64_t delay_us;
};

struct audio {
	uv_loop_t *loop;
	float *pcm[ALERT_SOUND_COUNT];
	size_t frames[ALERT_SOUND_COUNT];
	float gain[ALERT_SOUND_COUNT];
	/* sinks */
	PaStream *stream;
	SNDFILE *file;
	int64_t t0_us;       /* the file's time zero */
	uint64_t rendered;   /* frames written to the file */
	/* loop ↔ thread */
	uv_thread_t thread;
	uv_mutex_t mu;
	uv_cond_t cv;
	struct cmd q[QUEUE];
	int nq;
	bool stop;
	struct started done[QUEUE];
	int ndone;
	uv_async_t async;
	audio_started_cb cb;
	void *ctx;
	void (*close_cb)(void *ctx);
	void *close_ctx;
	/* thread only */
	struct voice ch[CHANNELS];
};

static void quiet_alsa(const char *file, int line, const char *fn, int err, const char *fmt, ...)
{
}

static void quiet_jack(const char *msg)
{
}

float *audio_load(const char *path, size_t *frames, char *why, size_t whylen)
{
	SF_INFO info = {0};
	SNDFILE *f = sf_open(path, SFM_READ, &info);
	float *raw, *out;
	size_t n;

	if (f == NULL) {
		snprintf(why, whylen, "sound file missing or unreadable: %s (%s)", path,
			 sf_strerror(NULL));
		return NULL;
	}
	if (info.frames <= 0 || info.frames > 60 * 192000 || info.channels < 1 || info.channels > 8) {
		snprintf(why, whylen, "sound file %s: empty or over a minute long", path);
		sf_close(f);
		return NULL;
	}
	raw = malloc((size_t)info.frames * (size_t)info.channels * sizeof *raw);
	if (raw == NULL) {
		sf_close(f);
		snprintf(why, whylen, "out of memory loading %s", path);
		return NULL;
	}
	n = (size_t)sf_readf_float(f, raw, info.frames);
	sf_close(f);
	/* Mix down to mono, then resample linearly to AUDIO_RATE. */
	for (size_t i = 0; i < n; i++) {
		float s = 0;
		for (int c = 0; c < info.channels; c++)
			s += raw[i * (size_t)info.channels + (size_t)c];
		raw[i] = s / (float)info.channels;
	}
	*frames = (size_t)((double)n * AUDIO_RATE / info.samplerate);
	out = malloc((*frames + 1) * sizeof *out);
	if (out == NULL) {
		free(raw);
		return NULL;
	}
	for (size_t i = 0; i < *frames; i++) {
		double x = (double)i * info.samplerate / AUDIO_RATE;
		size_t k = (size_t)x;
		double fr = x - (double)k;
		float a = raw[k < n ? k : n - 1], b = raw[k + 1 < n ? k + 1 : n - 1];
		out[i] = (float)(a + (b - a) * fr);
	}
	free(raw);
	return out;
}

static void report(struct audio *a, struct voice *v, int64_t now_us)
{
	if (v->started)
		return;
	v->started = true;
	uv_mutex_lock(&a->mu);
	if (a->ndone < QUEUE)
		a->done[a->ndone++] = (struct started){v->sound, now_us - v->asked_us};
	uv_mutex_unlock(&a->mu);
	uv_async_send(&a->async);
}

static void start_voice(struct audio *a, const struct cmd *c)
{
	int ch = c->sound >= ALERT_VOICE_OFFLINE ? 1 : 0;

	a->ch[ch] = (struct voice){a->pcm[c->sound], a->frames[c->sound], 0, a->gain[c->sound],
				   c->sound, c->at_us, false};
	/* The file sink places the sound on its time line now: its first
	 * sample is written, as far as anyone waiting can tell. */
	if (a->file)
		report(a, &a->ch[ch], (int64_t)uv_hrtime() / 1000);
}

/* Mixes n frames of every active voice into out, clipped to [-1, 1]. */
static bool mix(struct audio *a, float *out, size_t n, int64_t now_us)
{
	bool any = false;

	memset(out, 0, n * sizeof *out);
	for (int c = 0; c < CHANNELS; c++) {
		struct voice *v = &a->ch[c];
		size_t k;
		if (v->pcm == NULL)
			continue;
		any = true;
		report(a, v, now_us);
		for (k = 0; k < n && v->pos < v->frames; k++)
			out[k] += v->pcm[v->pos++] * v->gain;
		if (v->pos >= v->frames)
			v->pcm = NULL;
	}
	for (size_t k = 0; k < n; k++)
		out[k] = out[k] > 1.0f ? 1.0f : out[k] < -1.0f ? -1.0f : out[k];
	return any;
}

/* File sink: render the time line up to t_us. */
static void render_until(struct audio *a, int64_t t_us)
{
	float buf[BLOCK];
	uint64_t target = t_us > a->t0_us ? (uint64_t)((t_us - a->t0_us) * AUDIO_RATE / 1000000) : 0;

	while (a->rendered < target) {
		size_t n = target - a->rendered < BLOCK ? (size_t)(target - a->rendered) : BLOCK;
		mix(a, buf, n, (int64_t)uv_hrtime() / 1000);
		sf_writef_float(a->file, buf, (sf_count_t)n);
		a->rendered += n;
	}
}

static bool voices_active(const struct audio *a)
{
	return a->ch[0].pcm != NULL || a->ch[1].pcm != NULL;
}

static void thread_main(void *arg)
{
	struct audio *a = arg;
	float buf[BLOCK];

	for (;;) {
		struct cmd q[QUEUE];
		int nq;
		bool stopping;

		uv_mutex_lock(&a->mu);
		while (a->nq == 0 && !a->stop && (a->file || !voices_active(a)))
			uv_cond_wait(&a->cv, &a->mu);
		nq = a->nq;
		memcpy(q, a->q, (size_t)nq * sizeof q[0]);
		a->nq = 0;
		stopping = a->stop;
		uv_mutex_unlock(&a->mu);
		for (int i = 0; i < nq; i++) {
			if (a->file)
				render_until(a, q[i].at_us);
			start_voice(a, &q[i]);
		}
		if (a->file) {
			if (stopping) {
				while (voices_active(a)) {
					mix(a, buf, BLOCK, (int64_t)uv_hrtime() / 1000);
					sf_writef_float(a->file, buf, BLOCK);
				}
				break;
			}
			continue;
		}
		if (stopping)
			break;
		if (voices_active(a)) {
			mix(a, buf, BLOCK, (int64_t)uv_hrtime() / 1000);
			Pa_WriteStream(a->stream, buf, BLOCK); /* blocks ~10 ms: the pace */
		}
	}
}

static void async_cb(uv_async_t *h)
{
	struct audio *a = h->data;
	struct started d[QUEUE];
	int n;

	uv_mutex_lock(&a->mu);
	n = a->ndone;
	memcpy(d, a->done, (size_t)n * sizeof d[0]);
	a->ndone = 0;
	uv_mutex_unlock(&a->mu);
	for (int i = 0; i < n; i++)
		if (a->cb)
			a->cb(a->ctx, d[i].sound, d[i].delay_us);
}

/* Debian's PortAudio 19.6 aborts the process (an assert in its ALSA device
 * list) on some broken ALSA set-ups. Probing in a child first keeps that
 * from taking the console down: audio is simply off. Runs before any other
 * thread exists. Returns 0 when the child found an output device. */
static int probe_device(char *why, size_t whylen)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0)
		return 0; /* cannot probe: try for real */
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 2);
		snd_lib_error_set_handler(quiet_alsa);
		jack_set_error_function(quiet_jack);
		jack_set_info_function(quiet_jack);
		if (Pa_Initialize() != paNoError)
			_exit(2);
		_exit(Pa_GetDefaultOutputDevice() == paNoDevice ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		snprintf(why, whylen, "PortAudio crashed while listing the audio devices (signal %d)",
			 WTERMSIG(status));
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1) {
		snprintf(why, whylen, "no audio output device");
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
		snprintf(why, whylen, "PortAudio failed to start");
		return -1;
	}
	return 0;
}

/* PortAudio and the libraries under it print dozens of lines on a headless
 * machine; the console's screen must never see them. */
static int open_device(struct audio *a, char *why, size_t whylen)
{
	PaStreamParameters out = {0};
	PaError err;
	int saved = dup(2), devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	const PaDeviceInfo *info;

	snd_lib_error_set_handler(quiet_alsa);
	jack_set_error_function(quiet_jack);
	jack_set_info_function(quiet_jack);
	if (devnull >= 0)
		dup2(devnull, 2);
	err = Pa_Initialize();
	if (err == paNoError) {
		out.device = Pa_GetDefaultOutputDevice();
		if (out.device == paNoDevice) {
			snprintf(why, whylen, "no audio output device");
			Pa_Terminate();
			err = paDeviceUnavailable;
		} else {
			info = Pa_GetDeviceInfo(out.device);
			out.channelCount = 1;
			out.sampleFormat = paFloat32;
			out.suggestedLatency = info ? info->defaultHighOutputLatency : 0.1;
			err = Pa_OpenStream(&a->stream, NULL, &out, AUDIO_RATE, BLOCK, paClipOff, NULL, NULL);
			if (err == paNoError)
				err = Pa_StartStream(a->stream);
			if (err != paNoError) {
				snprintf(why, whylen, "cannot open the audio device: %s", Pa_GetErrorText(err));
				if (a->stream)
					Pa_CloseStream(a->stream);
				a->stream = NULL;
				Pa_Terminate();
			}
		}
	} else {
		snprintf(why, whylen, "PortAudio failed: %s", Pa_GetErrorText(err));
	}
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
	if (devnull >= 0)
		close(devnull);
	return err == paNoError ? 0 : -1;
}

struct audio *audio_open(uv_loop_t *loop, const struct audio_opts *o, audio_started_cb cb,
			 void *ctx, char *why, size_t whylen)
{
	struct audio *a = calloc(1, sizeof *a);
	char path[4200];

	if (a == NULL)
		return NULL;
	for (int s = 0; s < ALERT_SOUND_COUNT; s++) {
		const char *stem = alert_sound_name((enum alert_sound)s);
		if (o->override[s])
			snprintf(path, sizeof path, "%s", o->override[s]);
		else if (s >= ALERT_VOICE_OFFLINE)
			snprintf(path, sizeof path, "%s/%s_%s.wav", o->sounds_dir, stem, o->zh ? "zh" : "en");
		else
			snprintf(path, sizeof path, "%s/%s.wav", o->sounds_dir, stem);
		a->pcm[s] = audio_load(path, &a->frames[s], why, whylen);
		a->gain[s] = o->gain[s] > 0 ? o->gain[s] : 1.0f;
		if (a->pcm[s] == NULL)
			goto fail;
	}
	if (o->file_out) {
		SF_INFO info = {.samplerate = AUDIO_RATE, .channels = 1,
				.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
		a->file = sf_open(o->file_out, SFM_WRITE, &info);
		if (a->file == NULL) {
			snprintf(why, whylen, "cannot write %s: %s", o->file_out, sf_strerror(NULL));
			goto fail;
		}
	} else if (probe_device(why, whylen) || open_device(a, why, whylen)) {
		goto fail;
	}
	a->loop = loop;
	a->cb = cb;
	a->ctx = ctx;
	a->t0_us = (int64_t)uv_hrtime() / 1000;
	uv_mutex_init(&a->mu);
	uv_cond_init(&a->cv);
	uv_async_init(loop, &a->async, async_cb);
	a->async.data = a;
	uv_thread_create(&a->thread, thread_main, a);
	return a;
fail:
	for (int s = 0; s < ALERT_SOUND_COUNT; s++)
		free(a->pcm[s]);
	free(a);
	return NULL;
}

void audio_play_at(struct audio *a, enum alert_sound s, int64_t at_us)
{
	if (a == NULL || (unsigned)s >= ALERT_SOUND_COUNT)
		return;
	uv_mutex_lock(&a->mu);
	if (a->nq < QUEUE)
		a->q[a->nq++] = (struct cmd){s, at_us};
	uv_cond_signal(&a->cv);
	uv_mutex_unlock(&a->mu);
}

void audio_play(struct audio *a, enum alert_sound s)
{
	audio_play_at(a, s, (int64_t)uv_hrtime() / 1000);
}

int64_t audio_t0_us(const struct audio *a)
{
	return a->t0_us;
}

static void closed_cb(uv_handle_t *h)
{
	struct audio *a = h->data;
	void (*done)(void *) = a->close_cb;
	void *ctx = a->close_ctx;

	for (int s = 0; s < ALERT_SOUND_COUNT; s++)
		free(a->pcm[s]);
	uv_mutex_destroy(&a->mu);
	uv_cond_destroy(&a->cv);
	free(a);
	if (done)
		done(ctx);
}

void audio_close(struct audio *a, void (*done_cb)(void *ctx), void *ctx)
{
	uv_mutex_lock(&a->mu);
	a->stop = true;
	uv_cond_signal(&a->cv);
	uv_mutex_unlock(&a->mu);
	uv_thread_join(&a->thread);
	if (a->file)
		sf_close(a->file);
	if (a->stream) {
		Pa_StopStream(a->stream);
		Pa_CloseStream(a->stream);
		Pa_Terminate();
	}
	async_cb(&a->async);
	a->close_cb = done_cb;
	a->close_ctx = ctx;
	uv_close((uv_handle_t *)&a->async, closed_cb);
}
