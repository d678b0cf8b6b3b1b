/* site_test.c — sites on test (center/site_test.h). */
#include "site_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../app/core/ad.h"
#include "../app/core/alarm.h"
#include "center.h"

static size_t index_of(const struct center *c, const struct site *st)
{
	return (size_t)(st - c->sites.v);
}

/* Sets site si's test state and tells the consoles. */
static int set_state(struct center *c, size_t si, enum proto_test_state state, int64_t until_ms,
		     const char *by, const char *reason)
{
	struct site_test *t = &c->tests[si];
	const char *cust = c->sites.v[si].tmpl.cust_id;
	int64_t now = center_now_ms();

	if (state == PROTO_TEST_ON && t->state == PROTO_TEST_OFF) {
		t->since_ms = now;
		t->signals = 0;
	}
	t->state = state;
	t->until_ms = state == PROTO_TEST_OFF ? 0 : until_ms;
	if (by != t->by) /* the warning keeps who and why */
		snprintf(t->by, sizeof t->by, "%s", by);
	if (reason != t->reason)
		snprintf(t->reason, sizeof t->reason, "%s", reason);
	if (state == PROTO_TEST_OFF) {
		center_log("site %s off test (%u test signals) by %s%s%s", cust, t->signals, by,
			   reason[0] ? ": " : "", reason);
	} else {
		char when[32];
		time_t s = (time_t)(until_ms / 1000);
		struct tm tm;
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime_r(&s, &tm));
		center_log("site %s %s until %s by %s%s%s", cust,
			   state == PROTO_TEST_ON ? "on test" : "test ending", when, by,
			   reason[0] ? ": " : "", reason);
	}
	return center_emit_test(c, &(struct proto_test){cust, state, t->until_ms, by, reason, now});
}

/* One stored test message: the site's state again after a restart. */
static int restore_cb(void *ctx, const char *frame)
{
	struct center *c = ctx;
	struct proto_msg m;
	char err[200];
	const struct site *st;

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err)) {
		center_log("stored test state skipped: %s", err);
		return 0;
	}
	if (m.type == PROTO_TEST && (st = sites_find(&c->sites, m.u.test.cust_id)) != NULL) {
		struct site_test *t = &c->tests[index_of(c, st)];
		t->state = m.u.test.state;
		t->until_ms = m.u.test.until_ms;
		t->since_ms = m.u.test.at_ms;
		snprintf(t->by, sizeof t->by, "%s", m.u.test.by);
		snprintf(t->reason, sizeof t->reason, "%s", m.u.test.reason);
	}
	proto_msg_release(&m);
	return 0;
}

int site_tests_open(struct center *c)
{
	c->tests = calloc(c->sites.n ? c->sites.n : 1, sizeof *c->tests);
	if (c->tests == NULL)
		return AD_ENOMEM;
	if (store_standing_each(c->store, "test", 0, restore_cb, c))
		return AD_EIO;
	return site_tests_from_data(c);
}

int site_tests_from_data(struct center *c)
{
	int64_t now = center_now_ms();

	/* A site the data says is on test, and is not (or not until then) yet. */
	for (size_t i = 0; i < c->panels.n; i++) {
		const struct panel *p = &c->panels.v[i];
		size_t si = index_of(c, p->site);
		if (p->on_test_until_ms > now && c->tests[si].until_ms != p->on_test_until_ms) {
			center_batch_begin(c);
			if (set_state(c, si, PROTO_TEST_ON, p->on_test_until_ms, "data",
				      p->on_test_reason))
				return AD_ENOMEM;
		}
	}
	center_batch_end(c);
	return 0;
}

int site_test_op(struct center *c, const struct proto_op *op, const char *who, const char **msg,
		 char **msg_owned)
{
	const struct site *st = sites_find(&c->sites, op->site);
	struct site_test *t;
	char until[32];

	if (st == NULL) {
		*msg = "no site with that id in the data set";
		return PROTO_E_SITE;
	}
	t = &c->tests[index_of(c, st)];
	if (op->code < 0 || op->code > SITE_TEST_MAX_S) {
		*msg = "a test lasts 1 second to 7 days (code: seconds; 0 ends it)";
		return PROTO_E_FIELD;
	}
	if (op->code == 0) {
		if (t->state == PROTO_TEST_OFF) {
			*msg = "the site is not on test";
			return PROTO_E_FLOW;
		}
		set_state(c, index_of(c, st), PROTO_TEST_OFF, 0, who, op->text);
		*msg = "test ended";
		return PROTO_OK;
	}
	set_state(c, index_of(c, st), PROTO_TEST_ON, center_now_ms() + (int64_t)op->code * 1000,
		  who, op->text);
	*msg_owned = malloc(64);
	if (*msg_owned == NULL)
		return PROTO_OK;
	snprintf(until, sizeof until, "%llds", (long long)op->code);
	snprintf(*msg_owned, 64, "on test for %s", until);
	*msg = *msg_owned;
	return PROTO_OK;
}

void site_tests_check(struct center *c, int64_t now)
{
	for (size_t i = 0; i < c->sites.n; i++) {
		struct site_test *t = &c->tests[i];
		int64_t warn = (t->until_ms - t->since_ms) / 2;
		if (warn > SITE_TEST_WARN_MS)
			warn = SITE_TEST_WARN_MS;
		bool end = now >= t->until_ms;
		if (t->state == PROTO_TEST_OFF ||
		    !(end || (t->state == PROTO_TEST_ON && now >= t->until_ms - warn)))
			continue;
		/* A transaction only when a test changes. */
		center_batch_begin(c);
		if (end)
			set_state(c, i, PROTO_TEST_OFF, 0, "center", "expired");
		else
			set_state(c, i, PROTO_TEST_ENDING, t->until_ms, t->by, t->reason);
	}
	center_batch_end(c);
}

void site_tests_tick(void *c)
{
	site_tests_check(c, center_now_ms());
}
