/* images.c — taking an alarm's images: jobs queued on the loop, taken by
 * two worker threads with FFmpeg's demuxers (every blocking call bounded by
 * an interrupt callback: 2 s without progress, or the center stopping), and
 * handed back through a mutex and a uv_async to be stored and shown. */
#include "images.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "../app/core/text.h"
#include "center.h"

#define WORKERS 2
#define STALL_MS 2000  /* no progress this long: the camera does not answer */
#define RECENT 256     /* alarms taken lately (a second path adds nothing) */
#define LOST_MAX 3     /* failed requests a camera that gave images is forgiven */

static const struct video_rules no_rules;

struct shot {
	int64_t at_ms;
	unsigned char *data;
	size_t len;
};

struct job {
	struct job *next;
	char alarm[48];
	char url[512], shown[512];
	int n;
	struct shot shot[IMAGES_MAX];
	char why[200];
	uint64_t deadline_ms; /* the current FFmpeg call gives up after it */
	struct images *im;
};

struct images {
	struct center *c;
	struct images_config cfg;
	uv_async_t async;
	uv_mutex_t mu;
	uv_cond_t cond;
	pthread_t th[WORKERS];
	int nthreads;
	bool stop;                 /* under mu */
	struct job *todo, *done;   /* under mu */
	int ntodo;
	char recent[RECENT][48];   /* the loop's own */
	unsigned nrecent;
	unsigned long long refused; /* alarms with no room in the queue */
};

static uint64_t now_ms(void)
{
	return uv_hrtime() / 1000000;
}

static bool stopping(struct images *im)
{
	bool v;

	uv_mutex_lock(&im->mu);
	v = im->stop;
	uv_mutex_unlock(&im->mu);
	return v;
}

static int interrupt_cb(void *opaque)
{
	struct job *j = opaque;

	return stopping(j->im) || now_ms() > j->deadline_ms;
}

static void job_free(struct job *j)
{
	for (int i = 0; i < j->n; i++)
		free(j->shot[i].data);
	free(j);
}

static void failed(struct job *j, int err, const char *what)
{
	char e[AV_ERROR_MAX_STRING_SIZE] = "";

	if (j->why[0])
		return; /* the first reason is the one */
	if (err == AVERROR_EXIT) {
		snprintf(j->why, sizeof j->why, "the camera does not answer");
		return;
	}
	av_strerror(err, e, sizeof e);
	snprintf(j->why, sizeof j->why, "%s: %s", what, e);
}

/* One JPEG as the camera sent it; false when it is not one or too big. */
static bool keep(struct job *j, const AVPacket *p)
{
	struct shot *s = &j->shot[j->n];

	if (p->size < 4 || p->data[0] != 0xff || p->data[1] != 0xd8) {
		snprintf(j->why, sizeof j->why, "the camera's pictures are not JPEG images");
		return false;
	}
	if ((size_t)p->size > j->im->cfg.max_bytes) {
		snprintf(j->why, sizeof j->why, "an image is over the %zu KiB kept",
			 j->im->cfg.max_bytes / 1024);
		return false;
	}
	if ((s->data = malloc((size_t)p->size)) == NULL) {
		snprintf(j->why, sizeof j->why, "out of memory");
		return false;
	}
	memcpy(s->data, p->data, (size_t)p->size);
	s->len = (size_t)p->size;
	s->at_ms = center_now_ms();
	j->n++;
	return true;
}

/* One opening of the address: its JPEG frames a quarter second apart until
 * enough are kept. Returns 1 when it was a lone image (open again), 0 at
 * the end of a stream, -1 on a failure that ends the job (why says it). */
static int take_once(struct job *j, uint64_t *last)
{
	AVFormatContext *fmt = avformat_alloc_context();
	AVDictionary *opt = NULL;
	AVPacket *p = av_packet_alloc();
	int rc, stream, result = -1;
	bool still;

	if (fmt == NULL || p == NULL) {
		snprintf(j->why, sizeof j->why, "out of memory");
		goto out;
	}
	fmt->interrupt_callback = (AVIOInterruptCB){interrupt_cb, j};
	av_dict_set(&opt, "probesize", "262144", 0);
	av_dict_set(&opt, "analyzeduration", "500000", 0);
	av_dict_set(&opt, "rtsp_transport", "tcp", 0);
	j->deadline_ms = now_ms() + STALL_MS;
	rc = avformat_open_input(&fmt, j->url, NULL, &opt);
	av_dict_free(&opt);
	if (rc < 0) {
		failed(j, rc, "cannot open the camera");
		goto out;
	}
	j->deadline_ms = now_ms() + STALL_MS;
	if ((rc = avformat_find_stream_info(fmt, NULL)) < 0) {
		failed(j, rc, "no picture from the camera");
		goto out;
	}
	stream = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
	if (stream < 0 || fmt->streams[stream]->codecpar->codec_id != AV_CODEC_ID_MJPEG) {
		snprintf(j->why, sizeof j->why, "the camera gives %s, not JPEG images",
			 stream < 0 ? "no video"
				    : avcodec_get_name(fmt->streams[stream]->codecpar->codec_id));
		goto out;
	}
	still = strstr(fmt->iformat->name, "_pipe") != NULL || strcmp(fmt->iformat->name, "image2") == 0;
	for (;;) {
		j->deadline_ms = now_ms() + STALL_MS;
		if ((rc = av_read_frame(fmt, p)) < 0) {
			if (rc != AVERROR_EOF) {
				failed(j, rc, "the camera stopped");
				goto out;
			}
			result = still ? 1 : 0;
			break;
		}
		if (p->stream_index == stream && (*last == 0 || now_ms() >= *last + IMAGES_GAP_MS)) {
			if (!keep(j, p)) {
				av_packet_unref(p);
				goto out;
			}
			*last = now_ms();
		}
		av_packet_unref(p);
		if (j->n == j->im->cfg.count) {
			result = 0;
			break;
		}
	}
out:
	av_packet_free(&p);
	avformat_close_input(&fmt);
	return result;
}

/* A snapshot address is opened again at the pace of the images; a stream
 * that ends early, once more; the whole job ends within a bound. */
static void take(struct job *j)
{
	uint64_t last = 0, end = now_ms() + (uint64_t)j->im->cfg.count * IMAGES_GAP_MS + 3 * STALL_MS;
	int ends = 0, lost = 0;

	while (j->n < j->im->cfg.count && now_ms() < end && !stopping(j->im)) {
		int rc = take_once(j, &last);
		/* A camera that gave images already and fails one request (a busy
		 * one closes a connection) is asked again, a few times. */
		if (rc < 0 && j->n > 0 && ++lost <= LOST_MAX) {
			j->why[0] = '\0';
			rc = 1;
		}
		if (rc < 0 || (rc == 0 && ++ends > 1))
			break;
		if (rc == 1 && j->n < j->im->cfg.count) {
			uint64_t t = now_ms(), due = last + IMAGES_GAP_MS;
			if (due > t) {
				uv_mutex_lock(&j->im->mu);
				if (!j->im->stop)
					uv_cond_timedwait(&j->im->cond, &j->im->mu, (due - t) * 1000000);
				uv_mutex_unlock(&j->im->mu);
			}
		}
	}
	if (j->n < j->im->cfg.count && !j->why[0])
		snprintf(j->why, sizeof j->why, "only %d/%d images came in time", j->n,
			 j->im->cfg.count);
}

static void *worker(void *arg)
{
	struct images *im = arg;

	for (;;) {
		struct job *j;
		uv_mutex_lock(&im->mu);
		while (!im->stop && im->todo == NULL)
			uv_cond_wait(&im->cond, &im->mu);
		if (im->stop) {
			uv_mutex_unlock(&im->mu);
			return NULL;
		}
		j = im->todo;
		im->todo = j->next;
		im->ntodo--;
		uv_mutex_unlock(&im->mu);
		take(j);
		uv_mutex_lock(&im->mu);
		j->next = im->done;
		im->done = j;
		uv_mutex_unlock(&im->mu);
		uv_async_send(&im->async);
	}
}

/* On the loop: the images stored with the alarm, the step on its timeline. */
static void finish(struct images *im, struct job *j)
{
	struct center *c = im->c;
	bool opened = center_batch_begin(c);
	size_t bytes = 0;
	char text[300];

	for (int i = 0; i < j->n; i++) {
		if (store_image_put(c->store, j->alarm, i + 1, j->shot[i].at_ms, j->shot[i].data,
				    j->shot[i].len))
			center_fatal_store(c);
		bytes += j->shot[i].len;
	}
	if (j->n > 0) {
		snprintf(text, sizeof text, "%s", j->shown);
		center_step(c, j->alarm,
			    &(struct center_change){.action = "images", .by = "center", .text = text,
						    .arg = j->n},
			    -1, -1);
		center_log("images of %s: %d kept (%zu KiB) from %s%s%s", j->alarm, j->n, bytes / 1024,
			   j->shown, j->why[0] ? "; " : "", j->why);
	} else {
		center_step(c, j->alarm,
			    &(struct center_change){.action = "images_failed", .by = "center",
						    .text = j->why},
			    -1, -1);
		center_log("images of %s: none from %s: %s", j->alarm, j->shown, j->why);
	}
	if (opened)
		center_batch_end(c);
}

static void async_cb(uv_async_t *h)
{
	struct images *im = h->data;
	struct job *j;

	uv_mutex_lock(&im->mu);
	j = im->done;
	im->done = NULL;
	uv_mutex_unlock(&im->mu);
	while (j) {
		struct job *next = j->next;
		finish(im, j);
		job_free(j);
		j = next;
	}
}

int images_option(struct images_config *cfg, bool kb, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (end == arg || *end || (kb ? v < 16 || v > PROTO_MAX_IMAGE / 1024
				      : v != 0 && (v < IMAGES_MIN || v > IMAGES_MAX)))
		return -1;
	if (kb)
		cfg->max_bytes = (size_t)v * 1024;
	else
		cfg->count = (int)v;
	return 0;
}

void images_test_camera(struct images_config *cfg, const char *hostport)
{
	char rule[160], err[80];

	for (const char *const *p = (const char *const[]){"rtsp://", "http://", NULL}; *p; p++) {
		snprintf(rule, sizeof rule, "%s http://%s/", *p, hostport);
		video_rules_add_rewrite(&cfg->rules, rule, err, sizeof err);
	}
}

static void quiet_log(void *avcl, int level, const char *fmt, va_list vl)
{
}

struct images *images_start(struct center *c, const struct images_config *cfg, char *err,
			    size_t errlen)
{
	struct images *im = calloc(1, sizeof *im);

	if (im == NULL) {
		snprintf(err, errlen, "images: out of memory");
		return NULL;
	}
	im->c = c;
	im->cfg = *cfg;
	av_log_set_callback(quiet_log); /* FFmpeg's words come back as errors, not as logs */
	uv_mutex_init(&im->mu);
	uv_cond_init(&im->cond);
	uv_async_init(c->loop, &im->async, async_cb);
	im->async.data = im;
	for (int i = 0; i < WORKERS; i++) {
		if (pthread_create(&im->th[i], NULL, worker, im) != 0) {
			snprintf(err, errlen, "images: cannot start a worker thread");
			images_stop(im);
			return NULL;
		}
		im->nthreads++;
	}
	return im;
}

static bool seen(struct images *im, const char *id)
{
	for (unsigned i = 0; i < im->nrecent && i < RECENT; i++)
		if (strcmp(im->recent[i], id) == 0)
			return true;
	snprintf(im->recent[im->nrecent++ % RECENT], sizeof im->recent[0], "%s", id);
	return false;
}

/* The source's own address replaces the camera's for a job not started. */
static void prefer(struct images *im, const char *alarm_id, const char *attached)
{
	char url[512], shown[512];

	if (video_address(&no_rules, attached, url, sizeof url, shown, sizeof shown))
		return;
	uv_mutex_lock(&im->mu);
	for (struct job *j = im->todo; j; j = j->next)
		if (strcmp(j->alarm, alarm_id) == 0) {
			memcpy(j->url, url, sizeof url);
			memcpy(j->shown, shown, sizeof shown);
		}
	uv_mutex_unlock(&im->mu);
}

void images_take(struct images *im, const char *alarm_id, const char *attached)
{
	const struct alarm *a = im ? book_find(im->c->book, alarm_id) : NULL;
	const char *from = attached;
	struct job *j;

	if (a == NULL)
		return;
	if (from == NULL && im->cfg.from_cameras && a->ncameras > 0)
		from = a->cameras[0].channel;
	if (from == NULL || from[0] == '\0')
		return;
	if (seen(im, alarm_id)) {
		if (attached)
			prefer(im, alarm_id, attached);
		return;
	}
	if ((j = calloc(1, sizeof *j)) == NULL)
		return;
	j->im = im;
	snprintf(j->alarm, sizeof j->alarm, "%s", alarm_id);
	/* The rules are for the data set's camera addresses; a source's own
	 * address is used as it came. */
	if (video_address(from == attached ? &no_rules : &im->cfg.rules, from, j->url, sizeof j->url,
			  j->shown, sizeof j->shown)) {
		char safe[200];
		snprintf(safe, sizeof safe, "%s", from);
		text_sanitize(safe, strlen(safe));
		center_log("images of %s: address '%s' refused: %s", alarm_id, safe, j->shown);
		free(j);
		return;
	}
	uv_mutex_lock(&im->mu);
	if (im->ntodo >= IMAGES_QUEUE) {
		uv_mutex_unlock(&im->mu);
		if (im->refused++ % 100 == 0) /* a storm is said, not logged alarm by alarm */
			center_log("images of %s: %d alarms wait for images already; none taken "
				   "(%llu refused so far)", alarm_id, IMAGES_QUEUE,
				   (unsigned long long)im->refused);
		free(j);
		return;
	}
	j->next = NULL;
	{
		struct job **t = &im->todo;
		while (*t)
			t = &(*t)->next;
		*t = j;
	}
	im->ntodo++;
	uv_cond_signal(&im->cond);
	uv_mutex_unlock(&im->mu);
}

static void closed_cb(uv_handle_t *h)
{
	struct images *im = h->data;
	struct job *j = im->todo;

	while (j) {
		struct job *next = j->next;
		job_free(j);
		j = next;
	}
	for (j = im->done; j;) {
		struct job *next = j->next;
		job_free(j);
		j = next;
	}
	uv_cond_destroy(&im->cond);
	uv_mutex_destroy(&im->mu);
	free(im);
}

void images_stop(struct images *im)
{
	if (im == NULL)
		return;
	uv_mutex_lock(&im->mu);
	im->stop = true;
	uv_cond_broadcast(&im->cond);
	uv_mutex_unlock(&im->mu);
	for (int i = 0; i < im->nthreads; i++)
		pthread_join(im->th[i], NULL);
	uv_close((uv_handle_t *)&im->async, closed_cb);
}
