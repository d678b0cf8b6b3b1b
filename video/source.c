/* source.c — the camera worker: FFmpeg's demuxers and decoders on a thread
 * of their own, every blocking call bounded by an interrupt callback (2 s
 * without progress, or the source closed), pictures rendered to cells here
 * and handed to the loop by a mutex and a uv_async. */
#include "source.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STILL_PERIOD_MS 200 /* a snapshot fetched again: 5 images a second (000 asks ≥ 4) */
#define BACKOFF_MAX_MS 10000

struct vsource {
	uv_async_t async;
	uv_mutex_t mu;
	uv_cond_t cond;
	void (*changed)(void *ctx);
	void *ctx;
	char *url;
	int refs;    /* the thread and the handle */
	bool stop;   /* under mu */
	/* asked by the loop (under mu) */
	int want_cols, want_rows, want_fps;
	enum picture_mode want_mode;
	/* handed to the loop (under mu) */
	struct vsource_info info;
	struct picture shared;
	/* the thread's own */
	uint64_t deadline_ms; /* the current FFmpeg call gives up after it */
	/* an alarm's images instead of an address (vsource_open_images) */
	struct vsource_image *images;
	int nimages;
	int index;    /* under mu: the image to show */
	bool playing; /* under mu: the images step on by themselves */
};

static uint64_t now_ms(void)
{
	return uv_hrtime() / 1000000;
}

static bool stopped(struct vsource *s)
{
	bool v;

	uv_mutex_lock(&s->mu);
	v = s->stop;
	uv_mutex_unlock(&s->mu);
	return v;
}

/* FFmpeg asks this during every blocking call: non-zero gives up. */
static int interrupt_cb(void *opaque)
{
	struct vsource *s = opaque;

	return stopped(s) || now_ms() > s->deadline_ms;
}

static void unref(struct vsource *s)
{
	bool last;

	uv_mutex_lock(&s->mu);
	last = --s->refs == 0;
	uv_mutex_unlock(&s->mu);
	if (!last)
		return;
	picture_release(&s->shared);
	for (int i = 0; i < s->nimages; i++)
		free(s->images[i].data);
	free(s->images);
	uv_cond_destroy(&s->cond);
	uv_mutex_destroy(&s->mu);
	free(s->url);
	free(s);
}

static void publish_state(struct vsource *s, enum vsource_state st, const char *why)
{
	uv_mutex_lock(&s->mu);
	s->info.state = st;
	snprintf(s->info.why, sizeof s->info.why, "%s", why ? why : "");
	uv_mutex_unlock(&s->mu);
	uv_async_send(&s->async);
}

/* Waits ms, or less when the source is closed; false when closed. */
static bool pause_ms(struct vsource *s, uint64_t ms)
{
	bool go;

	uv_mutex_lock(&s->mu);
	if (!s->stop && ms)
		uv_cond_timedwait(&s->cond, &s->mu, ms * 1000000);
	go = !s->stop;
	uv_mutex_unlock(&s->mu);
	return go;
}

/* Why an FFmpeg call failed: what (a fixed phrase, translated by the
 * console) and FFmpeg's words after a tab. */
static void failure(struct vsource *s, int err, const char *what, char *why, size_t len)
{
	char e[AV_ERROR_MAX_STRING_SIZE] = "";

	if (err == AVERROR_EXIT && !stopped(s)) {
		snprintf(why, len, "%s", "the camera does not answer");
		return;
	}
	av_strerror(err, e, sizeof e);
	snprintf(why, len, "%s\t%s", what, e);
}

struct decoder {
	AVFormatContext *fmt;
	AVCodecContext *dec;
	struct SwsContext *sws;
	AVPacket *pkt;
	AVFrame *frame;
	int stream;
	bool still; /* a single image (a JPEG snapshot address), not a stream */
	uint8_t *rgba;
	int rgba_w, rgba_h;
	struct picture work; /* rendered here, then copied to shared */
};

static void decoder_close(struct decoder *d)
{
	av_frame_free(&d->frame);
	av_packet_free(&d->pkt);
	avcodec_free_context(&d->dec);
	avformat_close_input(&d->fmt);
	sws_freeContext(d->sws);
	d->sws = NULL;
}

static int decoder_open(struct vsource *s, struct decoder *d, char *why, size_t len)
{
	AVDictionary *opt = NULL;
	const AVCodec *codec;
	int rc;

	if ((d->fmt = avformat_alloc_context()) == NULL)
		return snprintf(why, len, "out of memory"), -1;
	d->fmt->interrupt_callback = (AVIOInterruptCB){interrupt_cb, s};
	/* Start fast: a camera's picture is wanted now, not its statistics. */
	av_dict_set(&opt, "probesize", "262144", 0);
	av_dict_set(&opt, "analyzeduration", "1000000", 0);
	av_dict_set(&opt, "rtsp_transport", "tcp", 0);
	s->deadline_ms = now_ms() + VSOURCE_TIMEOUT_MS;
	rc = avformat_open_input(&d->fmt, s->url, NULL, &opt);
	av_dict_free(&opt);
	if (rc < 0) {
		failure(s, rc, "cannot open the camera", why, len);
		return -1;
	}
	s->deadline_ms = now_ms() + VSOURCE_TIMEOUT_MS;
	if ((rc = avformat_find_stream_info(d->fmt, NULL)) < 0) {
		failure(s, rc, "no picture from the camera", why, len);
		return -1;
	}
	/* FFmpeg reads a lone image with its image demuxers (jpeg_pipe, …). */
	d->still = strstr(d->fmt->iformat->name, "_pipe") != NULL ||
		   strcmp(d->fmt->iformat->name, "image2") == 0;
	d->stream = av_find_best_stream(d->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
	if (d->stream < 0 || codec == NULL) {
		snprintf(why, len, "the address gives no video this console can decode");
		return -1;
	}
	if ((d->dec = avcodec_alloc_context3(codec)) == NULL ||
	    avcodec_parameters_to_context(d->dec, d->fmt->streams[d->stream]->codecpar) < 0)
		return snprintf(why, len, "out of memory"), -1;
	d->dec->thread_count = 1; /* the console's two cores are the loop's and this */
	if ((rc = avcodec_open2(d->dec, codec, NULL)) < 0) {
		failure(s, rc, "cannot decode the camera's video", why, len);
		return -1;
	}
	d->pkt = av_packet_alloc();
	d->frame = av_frame_alloc();
	if (d->pkt == NULL || d->frame == NULL)
		return snprintf(why, len, "out of memory"), -1;
	return 0;
}

/* Scales the frame to about 4 × 8 pixels a cell (what the symbols can
 * show) and renders it; false when there was nothing to render for. */
static bool render(struct vsource *s, struct decoder *d)
{
	AVFrame *f = d->frame;
	int mcols, mrows, cols, rows, w, h;
	enum picture_mode mode;
	uint8_t *dst[4];
	int dst_stride[4];

	uv_mutex_lock(&s->mu);
	mcols = s->want_cols;
	mrows = s->want_rows;
	mode = s->want_mode;
	s->info.px_w = f->width;
	s->info.px_h = f->height;
	uv_mutex_unlock(&s->mu);
	picture_fit(f->width, f->height, mcols, mrows, &cols, &rows);
	if (cols <= 0 || rows <= 0)
		return false;
	w = cols * 4;
	h = rows * 8;
	if (w > f->width)
		w = f->width;
	if (h > f->height)
		h = f->height;
	if (w != d->rgba_w || h != d->rgba_h) {
		free(d->rgba);
		if ((d->rgba = malloc((size_t)w * (size_t)h * 4)) == NULL)
			return false;
		d->rgba_w = w;
		d->rgba_h = h;
	}
	d->sws = sws_getCachedContext(d->sws, f->width, f->height, f->format, w, h,
				      AV_PIX_FMT_RGBA, SWS_BILINEAR, NULL, NULL, NULL);
	if (d->sws == NULL)
		return false;
	dst[0] = d->rgba;
	dst[1] = dst[2] = dst[3] = NULL;
	dst_stride[0] = w * 4;
	dst_stride[1] = dst_stride[2] = dst_stride[3] = 0;
	sws_scale(d->sws, (const uint8_t *const *)f->data, f->linesize, 0, f->height, dst,
		  dst_stride);
	if (picture_render(&d->work, d->rgba, w, h, w * 4, cols, rows, mode) != 0)
		return false;
	uv_mutex_lock(&s->mu);
	if (picture_copy(&s->shared, &d->work) == 0)
		s->info.seq++;
	s->info.state = VSOURCE_PLAYING;
	s->info.why[0] = '\0';
	uv_mutex_unlock(&s->mu);
	uv_async_send(&s->async);
	return true;
}

/* Reads and decodes until the end, an error or the source closing; the
 * frames decoded. Pictures are rendered at want_fps a second at most: a
 * frame is rendered when its time is due (a quarter period early is on
 * time: frames jitter), and the next is due one period later, but never
 * more than half a period in the past (no burst after a stall). */
static long play(struct vsource *s, struct decoder *d, char *why, size_t len)
{
	uint64_t due = 0;
	long frames = 0;
	int rc;

	for (;;) {
		s->deadline_ms = now_ms() + VSOURCE_TIMEOUT_MS;
		if ((rc = av_read_frame(d->fmt, d->pkt)) < 0)
			break;
		if (d->pkt->stream_index != d->stream) {
			av_packet_unref(d->pkt);
			continue;
		}
		rc = avcodec_send_packet(d->dec, d->pkt);
		av_packet_unref(d->pkt);
		while (rc >= 0 && avcodec_receive_frame(d->dec, d->frame) == 0) {
			uint64_t t = now_ms(), gap;
			int fps;
			frames++;
			uv_mutex_lock(&s->mu);
			s->info.frames++;
			fps = s->want_fps > 0 ? s->want_fps : 15;
			uv_mutex_unlock(&s->mu);
			gap = 1000 / (uint64_t)fps;
			if (t + gap / 4 >= due && render(s, d)) {
				due += gap;
				if (due + gap / 2 < t)
					due = t - gap / 2;
			}
			av_frame_unref(d->frame);
		}
	}
	if (rc != AVERROR_EOF)
		failure(s, rc, "the camera stopped", why, len);
	else
		why[0] = '\0';
	return frames;
}

/* Decodes image k (a JPEG) into d->frame; false when it is not one. */
static bool decode_image(struct vsource *s, struct decoder *d, int k)
{
	const struct vsource_image *im = &s->images[k];
	uint8_t *buf = av_malloc(im->len + AV_INPUT_BUFFER_PADDING_SIZE);
	bool ok = false;

	if (buf == NULL)
		return false;
	memcpy(buf, im->data, im->len);
	memset(buf + im->len, 0, AV_INPUT_BUFFER_PADDING_SIZE);
	if (av_packet_from_data(d->pkt, buf, (int)im->len) < 0) {
		av_free(buf);
		return false;
	}
	avcodec_flush_buffers(d->dec);
	if (avcodec_send_packet(d->dec, d->pkt) >= 0 && avcodec_send_packet(d->dec, NULL) >= 0)
		ok = avcodec_receive_frame(d->dec, d->frame) == 0;
	av_packet_unref(d->pkt);
	return ok;
}

/* An alarm's images: the one asked shown (again when the pane changes),
 * and while playing, the next every period, round and round. */
static void show_images(struct vsource *s, struct decoder *d)
{
	const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
	int shown = -1, cols = 0, rows = 0;
	enum picture_mode mode = PICTURE_MONO;
	uint64_t next = now_ms() + VSOURCE_STEP_MS;

	if (codec == NULL || (d->dec = avcodec_alloc_context3(codec)) == NULL ||
	    avcodec_open2(d->dec, codec, NULL) < 0 || (d->pkt = av_packet_alloc()) == NULL ||
	    (d->frame = av_frame_alloc()) == NULL) {
		publish_state(s, VSOURCE_FAILED, "cannot decode the images");
		return;
	}
	uv_mutex_lock(&s->mu);
	while (!s->stop) {
		int k = s->index;
		bool fresh = k != shown || cols != s->want_cols || rows != s->want_rows ||
			     mode != s->want_mode;
		uint64_t t;
		if (fresh) {
			cols = s->want_cols;
			rows = s->want_rows;
			mode = s->want_mode;
			uv_mutex_unlock(&s->mu);
			if (!decode_image(s, d, k)) {
				publish_state(s, VSOURCE_FAILED, "an image is not a JPEG picture");
			} else {
				uv_mutex_lock(&s->mu);
				s->info.index = k;
				s->info.at_ms = s->images[k].at_ms;
				uv_mutex_unlock(&s->mu);
				render(s, d);
				av_frame_unref(d->frame);
			}
			uv_mutex_lock(&s->mu);
			shown = k;
			continue;
		}
		t = now_ms();
		if (!s->playing) {
			uv_cond_wait(&s->cond, &s->mu);
			next = now_ms() + VSOURCE_STEP_MS;
		} else if (t < next) {
			uv_cond_timedwait(&s->cond, &s->mu, (next - t) * 1000000);
		} else {
			s->index = (s->index + 1) % s->nimages;
			next = next + VSOURCE_STEP_MS > t ? next + VSOURCE_STEP_MS : t + VSOURCE_STEP_MS;
		}
	}
	uv_mutex_unlock(&s->mu);
}

static void *worker(void *arg)
{
	struct vsource *s = arg;
	struct decoder d = {0};
	uint64_t backoff = 1000;
	char why[160];

	if (s->nimages > 0) {
		show_images(s, &d);
		decoder_close(&d);
	}
	while (s->nimages == 0 && !stopped(s)) {
		uint64_t opened = now_ms();
		long frames = 0;
		bool still;
		if (decoder_open(s, &d, why, sizeof why) == 0)
			frames = play(s, &d, why, sizeof why);
		still = d.still && frames > 0;
		decoder_close(&d);
		if (stopped(s))
			break;
		if (still) {
			/* A snapshot: fetched again, five a second. */
			uint64_t spent = now_ms() - opened;
			uv_mutex_lock(&s->mu);
			s->info.still = 1;
			uv_mutex_unlock(&s->mu);
			backoff = 1000;
			pause_ms(s, spent < STILL_PERIOD_MS ? STILL_PERIOD_MS - spent : 0);
			continue;
		}
		if (frames > 0)
			backoff = 1000; /* it played: try again soon */
		publish_state(s, VSOURCE_FAILED, why[0] ? why : "the camera's stream ended");
		pause_ms(s, backoff);
		backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
		if (!stopped(s))
			publish_state(s, VSOURCE_CONNECTING, why);
	}
	free(d.rgba);
	picture_release(&d.work);
	unref(s);
	return NULL;
}

static void async_cb(uv_async_t *h)
{
	struct vsource *s = h->data;

	if (s->changed)
		s->changed(s->ctx);
}

/* FFmpeg logs to stderr, under the curses screen: never. What went wrong
 * is told through the source's state instead. */
static void quiet_log(void *avcl, int level, const char *fmt, va_list vl)
{
	(void)avcl, (void)level, (void)fmt, (void)vl;
}

static struct vsource *start(struct vsource *s, uv_loop_t *loop, void (*changed)(void *ctx),
			     void *ctx)
{
	pthread_attr_t attr;
	pthread_t thread;
	int rc;

	av_log_set_callback(quiet_log);
	avformat_network_init();
	s->changed = changed;
	s->ctx = ctx;
	s->want_cols = 80;
	s->want_rows = 20;
	s->want_fps = 15;
	s->want_mode = PICTURE_256;
	s->info.state = VSOURCE_CONNECTING;
	s->refs = 2;
	uv_mutex_init(&s->mu);
	uv_cond_init(&s->cond);
	uv_async_init(loop, &s->async, async_cb);
	s->async.data = s;
	/* Detached: a worker stuck in a call ends by itself once its interrupt
	 * callback sees the source closed; nobody waits for it. */
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&thread, &attr, worker, s);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		s->refs = 1;
		vsource_close(s);
		return NULL;
	}
	return s;
}

struct vsource *vsource_open(uv_loop_t *loop, const char *url, void (*changed)(void *ctx),
			     void *ctx)
{
	struct vsource *s = calloc(1, sizeof *s);

	if (s == NULL || (s->url = strdup(url)) == NULL) {
		free(s);
		return NULL;
	}
	return start(s, loop, changed, ctx);
}

struct vsource *vsource_open_images(uv_loop_t *loop, const struct vsource_image *images, int n,
				    void (*changed)(void *ctx), void *ctx)
{
	struct vsource *s = n > 0 ? calloc(1, sizeof *s) : NULL;

	if (s == NULL || (s->url = strdup("")) == NULL ||
	    (s->images = calloc((size_t)n, sizeof *s->images)) == NULL)
		goto fail;
	for (int i = 0; i < n; i++) {
		if ((s->images[i].data = malloc(images[i].len)) == NULL)
			goto fail;
		memcpy(s->images[i].data, images[i].data, images[i].len);
		s->images[i].len = images[i].len;
		s->images[i].at_ms = images[i].at_ms;
		s->nimages = i + 1;
	}
	s->info.count = n;
	s->info.still = 1;
	return start(s, loop, changed, ctx);
fail:
	if (s) {
		for (int i = 0; i < s->nimages; i++)
			free(s->images[i].data);
		free(s->images);
		free(s->url);
	}
	free(s);
	return NULL;
}

void vsource_step(struct vsource *s, int delta, int play)
{
	uv_mutex_lock(&s->mu);
	if (s->nimages > 0) {
		s->index = ((s->index + delta) % s->nimages + s->nimages) % s->nimages;
		s->playing = play < 0 ? s->playing && delta == 0 : play > 0;
		s->info.playing = s->playing;
		uv_cond_signal(&s->cond);
	}
	uv_mutex_unlock(&s->mu);
}

void vsource_want(struct vsource *s, int cols, int rows, enum picture_mode mode, int fps)
{
	uv_mutex_lock(&s->mu);
	s->want_cols = cols;
	s->want_rows = rows;
	s->want_mode = mode;
	s->want_fps = fps;
	if (s->nimages > 0) /* a stream's worker looks by itself; images wait for it */
		uv_cond_signal(&s->cond);
	uv_mutex_unlock(&s->mu);
}

struct vsource_info vsource_take(struct vsource *s, struct picture *out, uint64_t *out_seq)
{
	struct vsource_info info;

	uv_mutex_lock(&s->mu);
	info = s->info;
	if (info.seq != *out_seq && picture_copy(out, &s->shared) == 0)
		*out_seq = info.seq;
	uv_mutex_unlock(&s->mu);
	return info;
}

struct vsource_info vsource_peek(struct vsource *s)
{
	struct vsource_info info;

	uv_mutex_lock(&s->mu);
	info = s->info;
	uv_mutex_unlock(&s->mu);
	return info;
}

static void closed_cb(uv_handle_t *h)
{
	unref(h->data);
}

void vsource_close(struct vsource *s)
{
	if (s == NULL)
		return;
	uv_mutex_lock(&s->mu);
	s->stop = true;
	s->changed = NULL;
	uv_cond_signal(&s->cond);
	uv_mutex_unlock(&s->mu);
	uv_close((uv_handle_t *)&s->async, closed_cb);
}
