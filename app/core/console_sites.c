/* console_sites.c — what the console core knows of sites beyond their
 * alarms: the devices not restored, each partition's arm state, the sites on
 * test and their test signals, as the stream and the snapshots' standing
 * state report them. Pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console-int.h"

/* Room for one more in the array *v of n elements of size sz (doubled
 * when full, up to max): false when there is none. */
static bool room(void **v, size_t *cap, size_t n, size_t sz, size_t max)
{
	size_t want = *cap ? *cap * 2 : 16;
	void *nv;

	if (n < *cap)
		return true;
	if (want > max || (nv = realloc(*v, want * sz)) == NULL)
		return false;
	*v = nv;
	*cap = want;
	return true;
}

/* Keeps the list of devices not online. */
void console__device(struct console *c, int center, const struct console_msg *m)
{
	struct console_device *v = c->unrestored;
	int i;

	for (i = 0; i < c->nunrestored; i++)
		if (v[i].center == center && strcmp(v[i].cust_id, m->cust_id) == 0 &&
		    strcmp(v[i].device, m->device) == 0)
			break;
	if (m->code == 0) {
		if (i < c->nunrestored) {
			memmove(&v[i], &v[i + 1], (size_t)(c->nunrestored - i - 1) * sizeof *v);
			c->nunrestored--;
		}
		return;
	}
	if (i == c->nunrestored) {
		if (i == CONSOLE_MAX_UNRESTORED)
			return; /* beyond the cap a device is not listed (nor counted) */
		c->nunrestored++;
		snprintf(v[i].cust_id, sizeof v[i].cust_id, "%s", m->cust_id);
		snprintf(v[i].device, sizeof v[i].device, "%s", m->device);
		v[i].since_ms = m->at_ms;
		v[i].center = center;
	}
	v[i].state = m->code;
}

#define CONSOLE_MAX_ARMS 200000

/* Keeps each (site, partition)'s last arm state. */
void console__arm(struct console *c, int center, const struct console_msg *m)
{
	size_t i;
	struct console_arm *a;

	for (i = 0; i < c->narms; i++)
		if (c->arms[i].center == center && c->arms[i].partition == m->partition &&
		    strcmp(c->arms[i].cust_id, m->cust_id) == 0)
			break;
	if (i == c->narms) {
		if (!room((void **)&c->arms, &c->arms_cap, c->narms, sizeof *c->arms, CONSOLE_MAX_ARMS))
			return; /* beyond the cap a site's arm state is not kept */
		c->narms++;
	}
	a = &c->arms[i];
	snprintf(a->cust_id, sizeof a->cust_id, "%s", m->cust_id);
	snprintf(a->user, sizeof a->user, "%s", m->device ? m->device : "");
	a->partition = m->partition;
	a->center = center;
	a->armed = m->code == 1;
	a->at_ms = m->at_ms;
}

size_t console_arms_of(const struct console *c, int center, const char *cust_id,
		       const struct console_arm **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < c->narms && n < max; i++)
		if (c->arms[i].center == center && strcmp(c->arms[i].cust_id, cust_id) == 0)
			out[n++] = &c->arms[i];
	return n;
}

#define CONSOLE_MAX_TESTS 100000

static struct console_test *find_test(const struct console *c, int center, const char *cust_id)
{
	for (size_t i = 0; i < c->ntests; i++)
		if (c->tests[i].center == center && strcmp(c->tests[i].cust_id, cust_id) == 0)
			return &c->tests[i];
	return NULL;
}

/* Keeps the sites on test; a test that ends leaves the list. */
void console__test(struct console *c, int center, const struct console_msg *m)
{
	struct console_test *t = find_test(c, center, m->cust_id);

	if (m->code == 0) {
		if (t) {
			*t = c->tests[--c->ntests];
		}
		return;
	}
	if (t == NULL) {
		if (!room((void **)&c->tests, &c->tests_cap, c->ntests, sizeof *c->tests,
			  CONSOLE_MAX_TESTS))
			return; /* beyond the cap a test is not kept (its signals still come) */
		t = &c->tests[c->ntests++];
		memset(t, 0, sizeof *t);
		snprintf(t->cust_id, sizeof t->cust_id, "%s", m->cust_id);
		t->center = center;
		t->since_ms = m->at_ms;
	}
	t->state = m->code;
	t->until_ms = m->until_ms;
	snprintf(t->by, sizeof t->by, "%s", m->device ? m->device : "");
	snprintf(t->reason, sizeof t->reason, "%s", m->reason ? m->reason : "");
}

void console__signal(struct console *c, int center, const struct console_msg *m)
{
	struct console_signal *g = &c->signals[c->nsignals++ % CONSOLE_SIGNALS];
	struct console_test *t = find_test(c, center, m->cust_id);

	snprintf(g->cust_id, sizeof g->cust_id, "%s", m->cust_id);
	snprintf(g->event, sizeof g->event, "%s", m->reason ? m->reason : "");
	g->zone = m->partition;
	g->center = center;
	g->at_ms = m->at_ms;
	if (t)
		t->signals++;
}

const struct console_test *console_test_of(const struct console *c, int center,
					   const char *cust_id)
{
	return find_test(c, center, cust_id);
}

const struct console_signal *console_signal_at(const struct console *c, size_t i)
{
	if (i >= c->nsignals || i >= CONSOLE_SIGNALS)
		return NULL;
	return &c->signals[(c->nsignals - 1 - i) % CONSOLE_SIGNALS];
}

/* A center's sites state is dropped (its epoch changed, or a snapshot's
 * standing state replaces it). */
void console__sites_forget(struct console *c, int center)
{
	size_t k = 0;
	int d = 0;

	for (int i = 0; i < c->nunrestored; i++)
		if (c->unrestored[i].center != center)
			c->unrestored[d++] = c->unrestored[i];
	c->nunrestored = d;
	for (size_t i = 0; i < c->narms; i++)
		if (c->arms[i].center != center)
			c->arms[k++] = c->arms[i];
	c->narms = k;
	k = 0;
	for (size_t i = 0; i < c->ntests; i++)
		if (c->tests[i].center != center)
			c->tests[k++] = c->tests[i];
	c->ntests = k;
	k = 0;
	for (size_t i = 0; i < c->norders; i++)
		if (c->orders[i].center != center)
			c->orders[k++] = c->orders[i];
	c->norders = k;
	c->centers[center].flood = false; /* a snapshot says it again */
}

#define CONSOLE_MAX_ORDERS 10000

void console__order(struct console *c, int center, const struct console_msg *m)
{
	const struct work_order *o = m->order;
	size_t i;

	for (i = 0; i < c->norders; i++)
		if (c->orders[i].center == center && strcmp(c->orders[i].o.id, o->id) == 0)
			break;
	if (o->state == ORDER_CLOSED) {
		if (i < c->norders) {
			memmove(&c->orders[i], &c->orders[i + 1], (c->norders - i - 1) * sizeof *c->orders);
			c->norders--;
		}
		return;
	}
	if (i == c->norders) {
		if (!room((void **)&c->orders, &c->orders_cap, c->norders, sizeof *c->orders,
			  CONSOLE_MAX_ORDERS))
			return;
		c->norders++;
	}
	c->orders[i].center = center;
	c->orders[i].o = *o;
}

void console__flood(struct console *c, int center, const struct console_msg *m)
{
	struct console_center *cc = &c->centers[center];

	cc->flood = m->code != 0;
	cc->flood_rate = m->rate;
	cc->flood_since_ms = m->at_ms;
	cc->flood_at_ms = m->until_ms;
	cc->flood_alarms = (uint64_t)m->partition;
}

bool console_flood(const struct console *c, int center, double *rate)
{
	if (center < 0 || center >= c->ncenters)
		return false;
	if (rate)
		*rate = c->centers[center].flood_rate;
	return c->centers[center].flood;
}

const struct console_center *console_center_of(const struct console *c, int center)
{
	return center >= 0 && center < c->ncenters ? &c->centers[center] : NULL;
}

size_t console_order_count(const struct console *c)
{
	return c->norders;
}

const struct console_order *console_order_at(const struct console *c, size_t i)
{
	return i < c->norders ? &c->orders[i] : NULL;
}

const struct console_order *console_order_find(const struct console *c, const char *id)
{
	for (size_t i = 0; i < c->norders; i++)
		if (strcmp(c->orders[i].o.id, id) == 0)
			return &c->orders[i];
	return NULL;
}
