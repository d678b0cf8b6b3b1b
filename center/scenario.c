/* scenario.c — JSON Lines scenario files: parse everything up front (so a
 * broken line is reported before anything plays), then play on a uv timer. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/ad.h"
#include "../common/jsonl.h"
#include "../net/jsonrd.h"
#include "source.h"

enum step_kind { STEP_ALARM, STEP_DEVICE, STEP_NOTICE };

struct step {
	uint32_t at_ms;
	enum step_kind kind;
	char cust[48]; /* looked up when played: the data set may be reloaded */
	int zone, priority;
	char code[4];
	enum alarm_channel channel;
	enum proto_device_state dev_state;
	char *a, *b; /* device name / notice from, notice text */
};

struct scenario {
	struct step *v;
	size_t n, cap, next;
	struct center *c;
	uv_timer_t timer;
	uint64_t started;
	uint32_t loop_ms;
};

static const char *const kinds[] = {"alarm", "device", "notice"};
static const char *const dev_states[] = {"online", "offline", "fault"};

static int parse_step(cJSON *o, const struct sites *sites, struct step *st, char *err,
		      size_t errlen)
{
	struct jr r = {err, errlen, "", NULL, NULL};
	const char *s1, *s2, *cust;
	const struct site *site;
	double t;
	int k;

	JR_TRY(jr_num(&r, o, "t", true, 0, 86400 * 7, &t));
	st->at_ms = (uint32_t)(t * 1000);
	JR_TRY(jr_enum(&r, o, "type", kinds, 3, &k));
	st->kind = (enum step_kind)k;
	if (st->kind == STEP_NOTICE) {
		JR_TRY(jr_str(&r, o, "from", true, &s1));
		JR_TRY(jr_str(&r, o, "text", true, &s2));
		st->a = strdup(s1);
		st->b = strdup(s2);
		return 0;
	}
	JR_TRY(jr_str(&r, o, "customer", true, &cust));
	site = sites_find(sites, cust);
	if (site == NULL || strlen(cust) >= sizeof st->cust)
		return jr_fail(&r, "customer", "not in the data set");
	snprintf(st->cust, sizeof st->cust, "%s", cust);
	if (st->kind == STEP_DEVICE) {
		JR_TRY(jr_str(&r, o, "device", true, &s1));
		JR_TRY(jr_enum(&r, o, "state", dev_states, 3, &k));
		st->dev_state = (enum proto_device_state)k;
		st->a = strdup(s1);
		return 0;
	}
	{
		int64_t zone, prio;
		const char *ch;
		JR_TRY(jr_str(&r, o, "event", true, &s1));
		if (strlen(s1) != 3 || strspn(s1, "0123456789") != 3)
			return jr_fail(&r, "event", "expected a 3-digit Contact ID code");
		memcpy(st->code, s1, 4);
		JR_TRY(jr_int(&r, o, "zone", true, 0, 9999, &zone));
		if (zone != 0 && site_zone(site, (int)zone) == NULL)
			return jr_fail(&r, "zone", "not a zone of that customer");
		st->zone = (int)zone;
		JR_TRY(jr_str(&r, o, "channel", false, &ch));
		st->channel = ALARM_CHANNEL_IP;
		if (ch[0] && alarm_channel_parse(ch, &st->channel))
			return jr_fail(&r, "channel", "unknown channel");
		JR_TRY(jr_int(&r, o, "priority", false, 0, ALARM_PRIORITY_MAX, &prio));
		st->priority = (int)prio;
	}
	return 0;
}

static void free_steps(struct scenario *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].a);
		free(s->v[i].b);
	}
	free(s->v);
}

struct load {
	struct scenario *s;
	const struct sites *sites;
};

static int load_line(void *ctx, cJSON *o, char *why, size_t whylen)
{
	struct load *l = ctx;
	struct scenario *s = l->s;
	int rc;

	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 64;
		struct step *v = realloc(s->v, nc * sizeof *v);
		if (v == NULL) {
			ad_err(why, whylen, "out of memory");
			return AD_ENOMEM;
		}
		s->v = v;
		s->cap = nc;
	}
	memset(&s->v[s->n], 0, sizeof s->v[0]);
	rc = parse_step(o, l->sites, &s->v[s->n], why, whylen);
	s->n++;
	if (rc == 0 && s->n > 1 && s->v[s->n - 1].at_ms < s->v[s->n - 2].at_ms) {
		ad_err(why, whylen, "t: goes back in time");
		rc = AD_EINVAL;
	}
	return rc;
}

struct scenario *scenario_load(const char *path, const struct sites *sites, char *err,
			       size_t errlen)
{
	static const struct jsonl_opts opts = {.max_file = 64u << 20, .max_depth = 2};
	struct scenario *s = calloc(1, sizeof *s);
	struct load l = {s, sites};

	if (s == NULL)
		return NULL;
	if (jsonl_read(path, &opts, load_line, &l, err, errlen)) {
		free_steps(s);
		free(s);
		return NULL;
	}
	if (s->n == 0) {
		ad_err(err, errlen, "%s: no steps", path);
		free_steps(s);
		free(s);
		return NULL;
	}
	return s;
}

size_t scenario_steps(const struct scenario *s)
{
	return s->n;
}

static void play(struct scenario *s, const struct step *st)
{
	const struct site *site = st->kind == STEP_NOTICE ? NULL : sites_find(&s->c->sites, st->cust);
	struct alarm a;

	if (st->kind != STEP_NOTICE && site == NULL) {
		center_log("scenario: customer %s is no longer in the data set: step skipped", st->cust);
		return;
	}
	switch (st->kind) {
	case STEP_ALARM:
		site_make_alarm(&s->c->sites, site, site_zone(site, st->zone) ? st->zone : 0, st->code,
				st->channel, &a);
		if (st->priority && st->priority != a.priority) {
			a.priority = st->priority;
			sites_apply_plan(&s->c->sites, site, &a); /* the plan of that grade */
		}
		a.sources = "scenario";
		center_emit_alarm(s->c, &a, site);
		break;
	case STEP_DEVICE:
		center_emit_device(s->c, st->cust, st->a, st->dev_state);
		break;
	case STEP_NOTICE:
		center_emit_notice(s->c, st->a, st->b);
		break;
	}
}

static void tick_cb(uv_timer_t *t)
{
	struct scenario *s = t->data;
	uint64_t elapsed = uv_now(t->loop) - s->started;

	center_batch_begin(s->c);
	while (s->next < s->n && s->v[s->next].at_ms <= elapsed)
		play(s, &s->v[s->next++]);
	center_batch_end(s->c);
	if (s->next < s->n) {
		uv_timer_start(t, tick_cb, s->v[s->next].at_ms - elapsed, 0);
	} else if (s->loop_ms) {
		s->next = 0;
		s->started = uv_now(t->loop) + s->loop_ms;
		uv_timer_start(t, tick_cb, s->loop_ms + s->v[0].at_ms, 0);
	}
}

void scenario_start(struct scenario *s, struct center *c, uint32_t loop_ms)
{
	s->c = c;
	s->loop_ms = loop_ms;
	s->next = 0;
	uv_timer_init(c->loop, &s->timer);
	s->timer.data = s;
	s->started = uv_now(c->loop);
	uv_timer_start(&s->timer, tick_cb, s->v[0].at_ms, 0);
}

void scenario_stop(struct scenario *s)
{
	if (s->c != NULL && !uv_is_closing((uv_handle_t *)&s->timer))
		uv_close((uv_handle_t *)&s->timer, NULL);
}

void scenario_free(struct scenario *s)
{
	if (s == NULL)
		return;
	free_steps(s);
	free(s);
}
