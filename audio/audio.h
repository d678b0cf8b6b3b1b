/* audio.h — the alert engine: sounds decoded once with libsndfile into
 * memory, mixed on a thread of its own and written either to the default
 * PortAudio output or, with --audio-out, to a WAV file on the time line of
 * the session (so tests can read back what played when). The loop talks to
 * it through a queue; it learns of each sound's first sample through a
 * uv_async. Two channels: alerts (a new alert replaces the one playing) and
 * voice prompts (mixed over the alerts, with clipping protection). */
#ifndef AUDIO_H
#define AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "../app/core/alert.h"

#define AUDIO_RATE 48000

struct audio_opts {
	const char *sounds_dir;                     /* data/sounds */
	const char *override[ALERT_SOUND_COUNT];    /* a site's own file, or NULL */
	float gain[ALERT_SOUND_COUNT];              /* 0..1 */
	const char *file_out;                       /* WAV sink instead of the device */
	bool zh;                                    /* voice prompts in Chinese */
};

struct audio;

/* Called on the loop when a sound's first sample was written: the delay in
 * µs from audio_play to that moment. */
typedef void (*audio_started_cb)(void *ctx, enum alert_sound s, int64_t delay_us);

/* Loads every sound and opens the sink. NULL with a plain reason in why
 * ("no audio output device", "sound file missing: …") when audio cannot work;
 * the caller carries on without it. Call before curses takes the screen:
 * ALSA and JACK are kept from writing to stderr. */
struct audio *audio_open(uv_loop_t *loop, const struct audio_opts *o, audio_started_cb cb,
			 void *ctx, char *why, size_t whylen);
void audio_play(struct audio *a, enum alert_sound s);
/* As audio_play, placing the sound at at_us (uv_hrtime µs) on the file time
 * line; the device plays at once. For tests that drive a virtual clock. */
void audio_play_at(struct audio *a, enum alert_sound s, int64_t at_us);
/* The file time line's zero (uv_hrtime µs). */
int64_t audio_t0_us(const struct audio *a);
/* Stops the thread, finishes the file, closes the device; done_cb after. */
void audio_close(struct audio *a, void (*done_cb)(void *ctx), void *ctx);

/* Sound decoding, shared with the tests: the file as mono float at
 * AUDIO_RATE (resampled linearly when needed). NULL with why on failure. */
float *audio_load(const char *path, size_t *frames, char *why, size_t whylen);

#endif
