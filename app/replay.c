/* replay.c — the replay clock and the frames it passes. Frames are kept as
 * text in memory and handed to the sink as the clock passes them (the app
 * decodes and applies them as a live link's); a seek back tells the sink to
 * rewind and passes them again from the first frame (a 2-hour shift is a
 * few thousand frames). Knows nothing of the app. */
#include "replay.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/jsonl.h"
#include "core/ad.h"
#include "journal.h"

#define TICK_MS 20
#define MAX_FILE (512u << 20)

struct item {
	int64_t at_ms;
	char *frame;
};

struct replay {
	uv_loop_t *loop;
	struct replay_sink sink;
	struct item *v;
	size_t n, cap, next;
	int64_t now_ms;
	double speed;
	bool paused, ended;
	uv_timer_t timer;
	uint64_t last_tick;
};

static const double speeds[] = {1, 2, 5, 10, 30, 60};

static int add(struct replay *r, int64_t at_ms, char *frame)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		struct item *v = realloc(r->v, cap * sizeof *v);
		if (v == NULL)
			return AD_ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	/* The clock never runs backwards, even where the recorder's did. */
	if (r->n && at_ms < r->v[r->n - 1].at_ms)
		at_ms = r->v[r->n - 1].at_ms;
	r->v[r->n++] = (struct item){at_ms, frame};
	return 0;
}

static int recording_line(void *ctx, cJSON *o, char *why, size_t whylen)
{
	struct replay *r = ctx;
	cJSON *at = cJSON_GetObjectItemCaseSensitive(o, "at"),
	      *frame = cJSON_GetObjectItemCaseSensitive(o, "frame");
	char *f;

	if (!cJSON_IsNumber(at) || !cJSON_IsObject(frame)) {
		snprintf(why, whylen, "expected {\"at\": ms, \"frame\": {…}}");
		return AD_EINVAL;
	}
	f = cJSON_PrintUnformatted(frame);
	if (f == NULL || add(r, (int64_t)at->valuedouble, f)) {
		free(f);
		snprintf(why, whylen, "out of memory");
		return AD_ENOMEM;
	}
	return 0;
}

/* A center recording: one {"at": ms, "frame": {…}} per line. Frames are
 * checked when they are applied, as a link's are. */
static int load_recording(struct replay *r, const char *path, char *err, size_t errlen)
{
	static const struct jsonl_opts opts = {.max_file = MAX_FILE};

	return jsonl_read(path, &opts, recording_line, r, err, errlen);
}

static int journal_row_cb(void *ctx, int64_t wall_ms, const char *action, const char *frame)
{
	struct replay *r = ctx;
	char *copy;

	if (frame[0] != '{')
		return 0; /* an older journal's text row: nothing to apply */
	if (strcmp(action, "rx.snapshot") == 0) {
		/* Snapshot alarms carry no seq; as a replayed stream they need one. */
		cJSON *o = cJSON_Parse(frame);
		cJSON_ReplaceItemInObjectCaseSensitive(o, "seq", cJSON_CreateNumber(1));
		copy = o ? cJSON_PrintUnformatted(o) : NULL;
		cJSON_Delete(o);
	} else {
		copy = strdup(frame);
	}
	return copy ? add(r, wall_ms, copy) : AD_ENOMEM;
}

struct replay *replay_open(uv_loop_t *loop, const char *path, double speed,
			   const struct replay_sink *sink, char *err, size_t errlen)
{
	struct replay *r = calloc(1, sizeof *r);
	char magic[16] = "";
	FILE *f = fopen(path, "rb");
	int rc;

	if (r == NULL || f == NULL) {
		snprintf(err, errlen, "%s: cannot open", path);
		if (f)
			fclose(f);
		free(r);
		return NULL;
	}
	if (fread(magic, 1, sizeof magic - 1, f) == 0)
		magic[0] = '\0';
	fclose(f);
	r->loop = loop;
	r->sink = *sink;
	r->speed = speed < 1 ? 1 : speed > 60 ? 60 : speed;
	if (strncmp(magic, "SQLite format 3", 15) == 0)
		rc = journal_each_rx(path, journal_row_cb, r, err, errlen);
	else
		rc = load_recording(r, path, err, errlen);
	if (rc == 0 && r->n == 0) {
		snprintf(err, errlen, "%s: nothing to replay (no received messages)", path);
		rc = AD_EINVAL;
	}
	if (rc) {
		replay_close(r);
		return NULL;
	}
	r->now_ms = r->v[0].at_ms;
	uv_timer_init(loop, &r->timer);
	r->timer.data = r;
	return r;
}

static void apply(struct replay *r, size_t i)
{
	r->sink.frame(r->sink.ctx, i, r->v[i].frame);
}

/* "m:ss" of a duration. */
static void span(char *buf, size_t len, int64_t ms)
{
	snprintf(buf, len, "%lld:%02lld", (long long)(ms / 60000), (long long)(ms / 1000 % 60));
}

void replay_describe(const struct replay *r, char *buf, size_t len)
{
	char pos[16], end[16];

	span(pos, sizeof pos, r->now_ms - r->v[0].at_ms);
	span(end, sizeof end, r->v[r->n - 1].at_ms - r->v[0].at_ms);
	snprintf(buf, len, "%g× %s %s/%s", r->speed, r->ended ? "■" : r->paused ? "⏸" : "▶", pos,
		 end);
}

/* Applies every frame the clock has passed. */
static void catch_up(struct replay *r)
{
	while (r->next < r->n && r->v[r->next].at_ms <= r->now_ms)
		apply(r, r->next++);
	if (r->next == r->n && !r->ended) {
		r->ended = true;
		r->sink.told(r->sink.ctx, "end");
	}
}

static void tick_cb(uv_timer_t *t)
{
	struct replay *r = t->data;
	uint64_t now = uv_now(r->loop);

	if (!r->paused && !r->ended)
		r->now_ms += (int64_t)((double)(now - r->last_tick) * r->speed);
	r->last_tick = now;
	catch_up(r);
}

void replay_start(struct replay *r)
{
	r->last_tick = uv_now(r->loop);
	catch_up(r);
	uv_timer_start(&r->timer, tick_cb, TICK_MS, TICK_MS);
}

void replay_toggle_pause(struct replay *r)
{
	r->paused = !r->paused;
}

void replay_speed_step(struct replay *r, int dir)
{
	int i = 0;

	while (i < 5 && speeds[i] < r->speed)
		i++;
	i += dir > 0 ? 1 : -1;
	r->speed = speeds[i < 0 ? 0 : i > 5 ? 5 : i];
}

void replay_step(struct replay *r)
{
	r->paused = true;
	if (r->next < r->n)
		r->now_ms = r->v[r->next].at_ms;
	catch_up(r);
}

void replay_seek(struct replay *r, int64_t t_ms)
{
	int64_t first = r->v[0].at_ms, last = r->v[r->n - 1].at_ms;

	t_ms = t_ms < first ? first : t_ms > last ? last : t_ms;
	if (t_ms < r->now_ms) {
		/* Back: what was shown at t is rebuilt from the start. */
		r->next = 0;
		r->ended = false;
		r->sink.told(r->sink.ctx, "rewound");
	}
	r->now_ms = t_ms;
	catch_up(r);
}

int64_t replay_now(const struct replay *r)
{
	return r->now_ms;
}

size_t replay_frames(const struct replay *r, size_t *applied)
{
	*applied = r->next;
	return r->n;
}

static void closed_cb(uv_handle_t *h)
{
	free(h->data);
}

void replay_close(struct replay *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].frame);
	free(r->v);
	r->v = NULL;
	if (r->timer.loop) {
		uv_close((uv_handle_t *)&r->timer, closed_cb);
	} else {
		free(r);
	}
}
