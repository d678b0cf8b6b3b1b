/* drill_run.c — the console side of a drill: matching the private
 * center's alarms to the scenario's lines (customer, event code and zone,
 * in order), keeping what the trainee did with each, and writing the score
 * report that app/core/drill computes. */
#include "drill_run.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../common/jsonl.h"
#include "core/drill.h"
#include "core/flow.h"

struct scripted {
	char cust[48], code[4], id[64];
	int zone;
	double t;
	struct drill_expect e;
	struct drill_seen seen;
};

struct drill_run {
	char path[512];
	struct scripted *v;
	size_t n;
};

static int read_expect(cJSON *x, struct drill_expect *e, char *why, size_t len)
{
	cJSON *real = cJSON_GetObjectItemCaseSensitive(x, "real"),
	      *method = cJSON_GetObjectItemCaseSensitive(x, "method"),
	      *fwd = cJSON_GetObjectItemCaseSensitive(x, "forward"),
	      *disp = cJSON_GetObjectItemCaseSensitive(x, "dispatch");

	if (!cJSON_IsBool(real)) {
		snprintf(why, len, "expect.real: expected true or false");
		return -1;
	}
	e->real = cJSON_IsTrue(real);
	e->method = FLOW_METHOD_NONE;
	if (method && (!cJSON_IsString(method) || flow_method_parse(method->valuestring, &e->method))) {
		snprintf(why, len, "expect.method: expected video, audio, image, phone or field");
		return -1;
	}
	if ((fwd && !cJSON_IsBool(fwd)) || (disp && !cJSON_IsBool(disp))) {
		snprintf(why, len, "expect.forward, expect.dispatch: expected true or false");
		return -1;
	}
	e->forward = fwd ? cJSON_IsTrue(fwd) : e->real;
	e->dispatch = disp && cJSON_IsTrue(disp);
	return 0;
}

/* A scenario line: those with an "expect" object are scored. */
static int load_line(void *ctx, cJSON *o, char *why, size_t whylen)
{
	struct drill_run *d = ctx;
	cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "expect"),
	      *c = cJSON_GetObjectItemCaseSensitive(o, "customer"),
	      *ev = cJSON_GetObjectItemCaseSensitive(o, "event"),
	      *zone = cJSON_GetObjectItemCaseSensitive(o, "zone"),
	      *t = cJSON_GetObjectItemCaseSensitive(o, "t");
	struct scripted *s;

	if (x == NULL)
		return 0;
	if (!cJSON_IsString(c) || !cJSON_IsString(ev) || strlen(ev->valuestring) != 3 ||
	    !cJSON_IsNumber(zone) || !cJSON_IsNumber(t) || !cJSON_IsObject(x)) {
		snprintf(why, whylen, "an alarm line with customer, event, zone, t and an "
				      "expect object");
		return -1;
	}
	s = realloc(d->v, (d->n + 1) * sizeof *d->v);
	if (s == NULL) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	d->v = s;
	s = &d->v[d->n];
	memset(s, 0, sizeof *s);
	if (read_expect(x, &s->e, why, whylen))
		return -1;
	snprintf(s->cust, sizeof s->cust, "%s", c->valuestring);
	memcpy(s->code, ev->valuestring, 4);
	s->zone = (int)zone->valuedouble;
	s->t = t->valuedouble;
	d->n++;
	return 0;
}

struct drill_run *drill_run_load(const char *path, char *err, size_t errlen)
{
	static const struct jsonl_opts opts = {.max_file = 16u << 20, .max_depth = 2};
	struct drill_run *d = calloc(1, sizeof *d);

	if (d == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	snprintf(d->path, sizeof d->path, "%s", path);
	if (jsonl_read(path, &opts, load_line, d, err, errlen)) {
		drill_run_free(d);
		return NULL;
	}
	if (d->n == 0) {
		snprintf(err, errlen, "%s: no line has an \"expect\": nothing to score", path);
		drill_run_free(d);
		return NULL;
	}
	return d;
}

void drill_run_free(struct drill_run *d)
{
	if (d)
		free(d->v);
	free(d);
}

void drill_run_observe(struct drill_run *d, const struct alarm *a)
{
	struct scripted *free_slot = NULL;

	for (size_t i = 0; i < d->n; i++) {
		struct scripted *s = &d->v[i];
		if (strcmp(s->id, a->id) == 0) {
			drill_see(&s->seen, a);
			return;
		}
		if (!free_slot && !s->id[0] && strcmp(s->cust, a->cust_id) == 0 &&
		    strcmp(s->code, a->event_code) == 0 && s->zone == a->zone_no)
			free_slot = s;
	}
	if (free_slot && a->state == ALARM_ST_NEW) {
		snprintf(free_slot->id, sizeof free_slot->id, "%s", a->id);
		drill_see(&free_slot->seen, a);
	}
}

bool drill_run_done(const struct drill_run *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].seen.state != ALARM_ST_CLOSED)
			return false;
	return true;
}

static void clocks(FILE *f, const struct drill_seen *s, int64_t now_ms)
{
	for (int c = 0; c < FLOW_CLK_COUNT; c++) {
		const struct flow_timer *t = &s->flow.clk[c];
		int64_t took;
		if (t->start_ms == 0)
			continue;
		took = (t->stop_ms ? t->stop_ms : now_ms) - t->start_ms;
		fprintf(f, "    %-8s %6.1f s of %3d s  %s\n", flow_clock_names[c], took / 1000.0,
			t->limit_ms / 1000,
			t->stop_ms ? (took <= t->limit_ms ? "met" : "MISSED")
				   : (took <= t->limit_ms ? "running" : "OVER, still running"));
	}
}

int drill_run_report(struct drill_run *d, int64_t now_ms, const char *who, const char *path,
		     char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	time_t now = (time_t)(now_ms / 1000);
	char when[32];
	int total = 0;

	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot write the report", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime(&now));
	fprintf(f, "alarmdesk drill report\nscenario: %s\ntrainee: %s\nscored at: %s\n\n", d->path,
		who, when);
	for (size_t i = 0; i < d->n; i++) {
		const struct scripted *s = &d->v[i];
		struct drill_result r;
		drill_score(&s->e, &s->seen, now_ms, &r);
		total += r.points;
		fprintf(f, "alarm %zu  t=%.0fs  %s event %s zone %d  expected %s%s%s%s%s\n", i + 1,
			s->t, s->cust, s->code, s->zone, s->e.real ? "real" : "false",
			s->e.method ? ", review by " : "",
			s->e.method ? flow_method_names[s->e.method] : "",
			s->e.forward ? ", forward" : "", s->e.dispatch ? ", dispatch" : "");
		fprintf(f, "  %s  state %s\n", s->id[0] ? s->id : "(never arrived)",
			alarm_state_name(s->seen.state));
		clocks(f, &s->seen, now_ms);
		fprintf(f, "  points %d of 100\n", r.points);
		for (int k = 0; k < r.nfindings; k++)
			fprintf(f, "    %s\n", r.findings[k]);
		fputc('\n', f);
	}
	fprintf(f, "total %d of %zu (%d %%)\n", total, d->n * 100, (int)(total / (int)d->n));
	if (fclose(f)) {
		snprintf(err, errlen, "%s: cannot write the report (disk full?)", path);
		return -1;
	}
	return total / (int)d->n;
}
